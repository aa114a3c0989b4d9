"""What the state machine may send, as small menus of labels, and the concrete request values
each label means for a participant as the model knows them.

Hypothesis draws labels (``"own"`` course, ``"before-window"`` date, ``"fitting"`` evidence);
the functions here turn a label into the value to send, from the oracle's world and the model
clock. Drawing labels instead of raw values keeps the search on the inputs the rules tell apart
(a milestone's first minute, a reason of the other kind), and shrinks a failure towards the
first label of each menu, which is always the ordinary, valid one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from rect_conformance.oracle import (
    DECLARATION_TYPES,
    DEFERRAL_REASONS,
    EVIDENCE_VALUES,
    LONDON,
    SCHEDULE_IDENTIFIERS,
    WITHDRAWAL_REASONS,
    OracleLimit,
    Role,
    World,
    declarable_types,
    evidence_rule,
    latest_period,
    milestone,
)

COURSES: dict[Role, str] = {"ect": "ecf-induction", "mentor": "ecf-mentor"}
# Repeated labels weigh the menu: most requests use the participant's own course.
COURSE_CHOICES = ("own", "own", "own", "other", "unknown")
# Reasons of the other kind, the underscore spelling, a made-up one and none at all are refused
# (rules §14.2).
WITHDRAW_REASONS = (*WITHDRAWAL_REASONS, "career-break", "moved_school", "on-sabbatical", None)
DEFER_REASONS = (*DEFERRAL_REASONS, "moved-school", "on-sabbatical", None)
# The twelve identifiers, the guidance's shorthand without "ecf-", a start that does not exist
# and none at all.
SCHEDULES = (*SCHEDULE_IDENTIFIERS, "standard-september", "ecf-standard-june", None)
# No cohort (the current one), the pool's other cohort, a payments-frozen one, one that is none.
COHORT_CHOICES = ("same", "same", "other", "frozen", "unknown")
SCHOOL_CHOICES = ("shared", "lone")  # partnered in both pool cohorts, or in one only
LEAVING_CHOICES = ("soon", "yesterday")  # the last day a school reports
TYPE_CHOICES = ("next", "next", "next", *DECLARATION_TYPES)
DATE_CHOICES = (
    "recent",
    "recent",
    "window-opens",
    "before-window",
    "window-closes",
    "after-window",
    "future",
)
EVIDENCE_CHOICES = ("fitting", "fitting", "none", "unfitting")
# Registration: the schedule by position (each role's own families) and when training starts.
REGISTER_SCHEDULES: dict[Role, tuple[str, ...]] = {
    "ect": ("ecf-standard-september", "ecf-extended-september", "ecf-reduced-september"),
    "mentor": ("ecf-standard-september", "ecf-extended-september", "ecf-replacement-september"),
}
START_CHOICES = ("cohort", "joining")
JOINING_AFTER = timedelta(days=10)


@dataclass(frozen=True)
class Member:
    """A participant of the state machine's pool: the id test support gave, and the role and
    cohort it was registered in."""

    id: str
    role: Role
    cohort: int

    def __repr__(self) -> str:
        return f"{self.role} {self.cohort} {self.id}"


@dataclass(frozen=True)
class Declared:
    """A declaration the machine asked for; ``id`` is ``None`` when it was refused (the
    bundle grows with every request, whatever the answer, so that what hypothesis draws never
    depends on the target)."""

    id: str | None
    member: Member
    declaration_type: str

    def __repr__(self) -> str:
        return f"{self.declaration_type} of {self.member.id}: {self.id or 'refused'}"


def course(role: Role, choice: str) -> str:
    """The ``course_identifier`` a course label means for a participant in ``role``."""
    if choice == "own":
        return COURSES[role]
    if choice == "other":
        return COURSES["mentor" if role == "ect" else "ect"]
    return "ecf-induction-and-mentoring"


def cohort_move(year: int, choice: str) -> int | str | None:
    """The ``cohort`` a cohort label sends for a participant now in ``year``: none, the pool's
    other cohort, payments-frozen 2022, or a year that is no cohort (silently ignored)."""
    moves: dict[str, int | str | None] = {
        "same": None,
        "other": 2025 if year == 2024 else 2024,
        "frozen": 2022,
        "unknown": "2019",
    }
    return moves[choice]


def last_day(choice: str, today: date) -> date:
    """The last day at the school a leaving label means: in a fortnight, or yesterday."""
    return today + timedelta(days=14) if choice == "soon" else today - timedelta(days=1)


def start_date(cohort: int, choice: str, today: date) -> date:
    """When a new participant starts: the cohort's September, or (2025 only) soon, so that
    they are joining until the clock passes that day."""
    if choice == "joining" and cohort >= 2025:
        return today + JOINING_AFTER
    return date(cohort, 9, 1)


def _schedule(world: World, member: Member) -> tuple[int, str] | None:
    person = world.participant(member.id)
    period = latest_period(person, member.role) if person else None
    return (period.cohort, period.schedule) if period else None


def declaration_type(world: World, member: Member, choice: str) -> str:
    """The type a type label means: ``next`` is the first type the participant's schedule
    lets them be declared for that the provider has no live declaration of yet."""
    if choice != "next":
        return choice
    current = _schedule(world, member)
    if current is None:
        return "started"
    try:
        types = declarable_types(member.role, *current)
    except OracleLimit:
        return "started"
    person = world.participant(member.id)
    taken = {
        d.declaration_type
        for d in (person.declarations if person else ())
        if d.ours and d.role == member.role and d.state != "voided"
    }
    return next((t for t in types if t not in taken), "started")


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=LONDON).astimezone(UTC)


def declaration_date(
    world: World, member: Member, declaration_type: str, choice: str, now: datetime
) -> datetime:
    """The ``declaration_date`` a date label means, against the milestone window of this type
    on the participant's schedule (midnight London opens a window, rules §15.3).
    Without a window (a type the schedule lacks), every label but ``future`` is an hour ago."""
    recent = now - timedelta(hours=1)
    if choice == "future":
        return now + timedelta(days=1)
    current = _schedule(world, member)
    try:
        window = milestone(current[0], current[1], declaration_type) if current else None
    except OracleLimit:
        window = None
    if window is None or choice == "recent":
        return recent
    if choice == "window-opens":
        # A second per type: 2025 schedules open every milestone on one day, and two
        # declarations dated alike would meet the equal-dates claim (rules §16.7, §23), which
        # the documentation judge also applies to answers refused for another reason.
        return _start_of(window.start) + timedelta(
            seconds=DECLARATION_TYPES.index(declaration_type)
        )
    if choice == "before-window":
        return _start_of(window.start) - timedelta(minutes=1)
    if window.end is None:
        return recent
    closes = _start_of(window.end + timedelta(days=1))
    return closes - timedelta(minutes=1) if choice == "window-closes" else closes


def evidence(world: World, member: Member, declaration_type: str, choice: str) -> str | None:
    """The ``evidence_held`` an evidence label means for this declaration: one the rules
    accept (none where none is asked for), none at all, or one they refuse (rules §16.6)."""
    if choice == "none":
        return None
    current = _schedule(world, member)
    try:
        wanted = evidence_rule(member.role, current[0], declaration_type) if current else None
    except OracleLimit:
        wanted = None
    if wanted is None:
        return "training-event-attended" if choice == "fitting" else "no-such-evidence"
    if choice == "fitting":
        if not wanted.required:
            return None
        preferred = ("training-event-attended", *sorted(wanted.allowed))
        return next((value for value in preferred if value in wanted.allowed), None)
    return next((value for value in EVIDENCE_VALUES if value not in wanted.allowed), "other")
