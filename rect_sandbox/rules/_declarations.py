"""Declaration create: the V1-V19 pipeline with its gates (rules 16.2-16.10).

``create_declaration`` returns the errors in the API's order, or a ``NewDeclaration`` with every
value to store (state, statement, delivery partner frozen at creation, mentor, uplifts,
evidence) plus the mentor-completion side effect. Later checks are gated on earlier failures,
exactly as listed in the rules table, which is why each step asks which titles failed so far.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone

from rect_sandbox._reference import (
    COHORTS,
    COURSE_IDENTIFIERS,
    DECLARATION_TYPES,
    allowed_evidence,
    milestones,
)
from rect_sandbox.rules._actions import grouped
from rect_sandbox.rules._model import (
    LONDON,
    Clock,
    Declaration,
    Error,
    Statement,
    TrainingPeriod,
    is_live,
    latest,
    training_status,
    window_errors,
)
from rect_sandbox.rules._statements import open_statement_for

NOT_RECOGNISED = (
    "Your update cannot be made as the '#/participant_id' is not recognised. "
    "Check participant details and try again."
)
M = {
    "V1": "Enter a '#/participant_id'.",
    "V3": "Enter a '#/course_identifier'.",
    "V4": "Enter a '#/declaration_date'.",
    "V5": "The entered '#/course_identifier' is not recognised for the given participant. Check details and try again.",  # noqa: E501 - the API's literal text
    "V6": "Enter a '#/declaration_type'.",
    "V7": "Enter a valid declaration type.",
    "V8": "A declaration has already been submitted that will be, or has been, paid for this event.",  # noqa: E501 - the API's literal text
    "V9": "The '#/declaration_date' value cannot be a future date. Check the date and try again.",
    "V10a": "Declaration date must be on or after the milestone start date for the same declaration type.",  # noqa: E501 - the API's literal text
    "V10b": "Declaration date must be on or before the milestone date for the same declaration type.",  # noqa: E501 - the API's literal text
    "V11": "Enter a valid RCF3339 '#/declaration_date'.",
    "V12": "You cannot send retained or extended declarations for participants who began their mentor training after June 2025. Resubmit this declaration with either a started or completed declaration.",  # noqa: E501 - the API's literal text
    "V13a": "Enter a '#/evidence_held' value for this participant.",
    "V13b": "Enter an available '#/evidence_held' type for this participant.",
    "V14": "This participant withdrew from this course on {when}. Enter a '#/declaration_date' that's on or before the withdrawal date.",  # noqa: E501 - the API's literal text
    "V15": "You cannot submit declarations for the {year} cohort. The funding contract for this cohort has ended. Get in touch if you need to discuss this with us.",  # noqa: E501 - the API's literal text
    "V16": "You cannot submit or void declarations for the {year} cohort. The funding contract for this cohort has ended. Get in touch if you need to discuss this with us.",  # noqa: E501 - the API's literal text
    "V17": "The property '#/declaration_type' does not exist for this schedule.",
    "V18": "This '#/declaration_date' is invalid. Check that it is in sequence with existing declaration dates for this participant.",  # noqa: E501 - the API's literal text
}

_RFC3339ISH = re.compile(
    r"(\d{4}-\d{2}-\d{2})[Tt](\d{2}:\d{2}:\d{2})(?:[.,](\d+))?(Z|[+-]\d{2}(?::?\d{2})?)?"
)


class UnparseableDate(ValueError):
    """The declaration date is not a date at all; the API answers 400, not 422."""


def parse_declaration_date(value: object) -> tuple[datetime, bool]:
    """Parse a declaration date into an aware instant, and say whether its format is accepted.

    Date-only values parse (as London midnight) but are not well formed; anything else that is
    not a date-time raises ``UnparseableDate``.
    """
    if not isinstance(value, str):
        raise UnparseableDate(f"declaration_date {value!r} is not a date-time string")
    match = _RFC3339ISH.fullmatch(value.strip())
    try:
        if match is None:
            day = date.fromisoformat(value.strip())
            return datetime(day.year, day.month, day.day, tzinfo=LONDON), False
        day_part, time_part, fraction, offset = match.groups()
        moment = datetime.fromisoformat(f"{day_part}T{time_part}")
        if fraction:
            moment = moment.replace(microsecond=int(fraction[:6].ljust(6, "0")))
    except ValueError as exc:
        raise UnparseableDate(f"declaration_date {value!r} is not a valid date-time") from exc
    if offset is None:
        return moment.replace(tzinfo=LONDON), True
    if offset == "Z":
        return moment.replace(tzinfo=UTC), True
    digits = offset[1:].replace(":", "")
    delta = timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0))
    sign = 1 if offset[0] == "+" else -1
    return moment.replace(tzinfo=timezone(sign * delta)), True


@dataclass
class Mentorship:
    """An ECT's mentorship: who mentors them and when."""

    mentor_id: str
    start: date
    end: date | None = None


@dataclass
class DeclarationFacts:
    """What the pipeline needs about the person, the provider and its statements."""

    lead_provider_id: str
    teacher_id: str | None
    training_periods: list[TrainingPeriod] = field(default_factory=list)
    declarations: list[Declaration] = field(default_factory=list)
    funding_eligible: dict[str, bool] = field(default_factory=dict)
    statements: list[Statement] = field(default_factory=list)
    delivery_partner_of: dict[str, str] = field(default_factory=dict)
    mentorships: list[Mentorship] = field(default_factory=list)
    uplifts: tuple[bool, bool] = (False, False)


@dataclass
class NewDeclaration:
    """Everything to store for an accepted declaration, and the side effects."""

    training_period: TrainingPeriod
    role: str
    declaration_type: str
    declaration_date: datetime
    evidence_held: str | None
    payment_status: str
    statement_id: str | None
    delivery_partner_id: str | None
    mentor_id: str | None
    pupil_premium_uplift: bool
    sparsity_uplift: bool
    mentor_completion: dict[str, object] | None = None
    close_tp_on: date | None = None


@dataclass
class Skips:
    """Rules a fault switches off: V8 (duplicates) and V14 (after withdrawal)."""

    duplicates: bool = False
    after_withdrawal: bool = False


def _type_index(kind: str) -> int:
    return DECLARATION_TYPES.index(kind)


def _out_of_sequence(live: list[Declaration], kind: str, moment: datetime) -> bool:
    position = _type_index(kind)
    for other in live:
        if other.declaration_type not in DECLARATION_TYPES:
            continue
        other_position = _type_index(other.declaration_type)
        if other_position < position and moment < other.declaration_date:
            return True
        if other_position > position and moment > other.declaration_date:
            return True
    return False


def _covering_today(tps: list[TrainingPeriod], today: date) -> TrainingPeriod | None:
    covering = [tp for tp in tps if tp.start <= today and (tp.end is None or tp.end >= today)]
    return latest(covering)


def pick_mentor(mentorships: list[Mentorship], on: date) -> str | None:
    """The mentor whose mentorship is closest to ``on``; one covering the day wins."""

    def distance(m: Mentorship) -> int:
        """Days between ``on`` and the mentorship (0 when it covers the day)."""
        if m.start <= on and (m.end is None or m.end >= on):
            return 0
        if on < m.start:
            return (m.start - on).days
        return (on - m.end).days if m.end is not None else 0

    if not mentorships:
        return None
    return min(mentorships, key=distance).mentor_id


@dataclass
class _Run:
    """One pass of the pipeline: the request, what was derived from it, errors so far."""

    facts: DeclarationFacts
    clock: Clock
    skips: Skips
    attributes: dict
    errors: list[Error] = field(default_factory=list)
    role: str | None = None
    kind: object = None
    moment: datetime | None = None
    well_formed: bool = False
    ours: list[TrainingPeriod] = field(default_factory=list)
    tp: TrainingPeriod | None = None
    live: list[Declaration] = field(default_factory=list)
    schedule: dict = field(default_factory=dict)
    milestone: object = None
    allowed: frozenset[str] | None = None
    eligible: bool = False
    statement: Statement | None = None

    def failed(self, *titles: str) -> bool:
        """Whether any of ``titles`` has an error already (the gates of the rules table)."""
        return any(title in titles for title, _ in self.errors)

    def add(self, title: str, key: str, **values: object) -> None:
        """Record one error with its literal detail."""
        self.errors.append((title, M[key].format(**values) if values else M[key]))

    @property
    def settings(self):
        """The cohort settings of the TP the declaration attaches to."""
        return COHORTS.get(self.tp.cohort) if self.tp is not None and self.tp.cohort else None


def _v1_v4(run: _Run) -> None:
    facts, attrs = run.facts, run.attributes
    if attrs.get("participant_id") in (None, ""):
        run.add("participant_id", "V1")
    elif facts.teacher_id is None:
        run.errors.append(("participant_id", NOT_RECOGNISED))
    course = attrs.get("course_identifier")
    run.role = COURSE_IDENTIFIERS.get(course) if isinstance(course, str) else None
    if not run.errors and run.role is None:
        run.add("course_identifier", "V3")
    raw_date = attrs.get("declaration_date")
    if not run.errors and raw_date in (None, ""):
        run.add("declaration_date", "V4")
    if raw_date not in (None, ""):
        run.moment, run.well_formed = parse_declaration_date(raw_date)
    run.ours = [
        tp
        for tp in facts.training_periods
        if tp.lead_provider_id == facts.lead_provider_id and tp.partnership_id is not None
    ]
    if run.role is not None:
        run.tp = latest([tp for tp in run.ours if tp.role == run.role])
    run.live = [d for d in facts.declarations if d.role == run.role and is_live(d)]


def _v5_v8(run: _Run) -> None:
    gate = ("participant_id", "course_identifier", "declaration_type", "declaration_date")
    if run.ours and run.tp is None and not run.failed(*gate):
        run.add("course_identifier", "V5")
    run.kind = run.attributes.get("declaration_type")
    if not run.errors and run.kind in (None, ""):
        run.add("declaration_type", "V6")
    if not run.errors and run.kind not in DECLARATION_TYPES:
        run.add("declaration_type", "V7")
    duplicate = any(d.declaration_type == run.kind for d in run.live)
    gated = run.failed("declaration_type", "declaration_date") or run.skips.duplicates
    if run.tp is not None and duplicate and not gated:
        run.add("declaration_type", "V8")


def _v9_v12(run: _Run) -> None:
    tp, moment = run.tp, run.moment
    gate = ("declaration_date", "declaration_type", "participant_id", "course_identifier")
    if moment is not None and moment > run.clock.now and not run.failed(*gate):
        run.add("declaration_date", "V9")
    if tp is not None and tp.cohort and tp.schedule_identifier:
        run.schedule = milestones(tp.cohort, tp.schedule_identifier)
    run.milestone = run.schedule.get(run.kind) if isinstance(run.kind, str) else None
    if run.milestone is not None and moment is not None:
        edges = (
            []
            if run.failed("declaration_date", "declaration_type", "cohort")
            else window_errors(moment, run.milestone)
        )
        if "before" in edges:
            run.add("declaration_date", "V10a")
        if "after" in edges:
            run.add("declaration_date", "V10b")
    if moment is not None and not run.well_formed and not run.failed("declaration_date"):
        run.add("declaration_date", "V11")
    settings = run.settings
    mentor_only_two = run.role == "mentor" and settings is not None and settings.mentor_funding
    if (
        mentor_only_two
        and run.kind not in ("started", "completed")
        and not run.failed("declaration_type", "cohort")
    ):
        run.add("declaration_type", "V12")


def _v13_v14(run: _Run) -> None:
    settings, tp = run.settings, run.tp
    if settings is not None and run.role is not None and isinstance(run.kind, str):
        run.allowed = allowed_evidence(settings, run.role, run.kind)
    evidence = run.attributes.get("evidence_held")
    if not run.errors and tp is not None and run.allowed is not None:
        if evidence in (None, ""):
            run.add("evidence_held", "V13a")
        elif not isinstance(evidence, str) or evidence not in run.allowed:
            run.add("evidence_held", "V13b")
    if (
        tp is None
        or run.moment is None
        or run.failed("participant_id")
        or run.skips.after_withdrawal
    ):
        return
    withdrawn_at = tp.withdrawn_at
    if (
        training_status(tp) == "withdrawn"
        and withdrawn_at is not None
        and withdrawn_at <= run.moment
    ):
        when = withdrawn_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        run.add("participant_id", "V14", when=when)


def _v15_v19(run: _Run) -> None:
    facts, tp, today = run.facts, run.tp, run.clock.today
    current = _covering_today([t for t in facts.training_periods if t.role == run.role], today)
    frozen = (
        current is not None
        and current.cohort in COHORTS
        and COHORTS[current.cohort].payments_frozen
    )
    if frozen and not run.failed("cohort"):
        run.add("cohort", "V15", year=current.cohort)
    run.eligible = bool(run.role and facts.funding_eligible.get(run.role))
    if tp is not None and tp.cohort is not None:
        run.statement = open_statement_for(
            facts.statements, facts.lead_provider_id, tp.cohort, today
        )
    if (
        tp is not None
        and run.eligible
        and run.statement is None
        and not run.failed("declaration_type", "cohort")
    ):
        run.add("cohort", "V16", year=tp.cohort)
    gate = ("declaration_date", "declaration_type", "participant_id", "course_identifier", "cohort")
    missing = bool(run.schedule) and run.milestone is None and run.kind in DECLARATION_TYPES
    if tp is not None and missing and not run.failed(*gate):
        run.add("declaration_type", "V17")
    settings = run.settings
    sequenced = settings is not None and settings.detailed_evidence and run.moment is not None
    if (
        sequenced
        and not run.failed("declaration_date", "declaration_type")
        and _out_of_sequence(run.live, run.kind, run.moment)
    ):
        run.add("declaration_date", "V18")
    if facts.teacher_id is not None and not run.ours and not run.failed("participant_id"):
        run.errors.append(("participant_id", NOT_RECOGNISED))


# The pipeline in the API's order; each step applies the gates of its rows of the rules table.
PIPELINE = (_v1_v4, _v5_v8, _v9_v12, _v13_v14, _v15_v19)


def create_declaration(
    facts: DeclarationFacts, attributes: dict, clock: Clock, skips: Skips | None = None
) -> list[Error] | NewDeclaration:
    """Run V1-V19 over a create request; errors in API order, or what to store.

    Raises ``UnparseableDate`` when the date is not a date at all (the API answers 400).
    """
    run = _Run(facts=facts, clock=clock, skips=skips or Skips(), attributes=attributes)
    for step in PIPELINE:
        step(run)
    if run.errors or run.tp is None or run.moment is None or run.role is None:
        return grouped(run.errors)
    evidence = attributes.get("evidence_held") if run.allowed is not None else None
    statement = run.statement if run.eligible else None
    return _accepted(facts, run.tp, run.role, str(run.kind), run.moment, evidence, statement)


def _accepted(
    facts: DeclarationFacts,
    tp: TrainingPeriod,
    role: str,
    kind: str,
    moment: datetime,
    evidence: object,
    statement: Statement | None,
) -> NewDeclaration:
    settings = COHORTS.get(tp.cohort) if tp.cohort is not None else None
    uplift = kind == "started" and settings is not None and settings.uplift_fees
    pupil_premium, sparsity = facts.uplifts if uplift else (False, False)
    declared_on = moment.astimezone(LONDON).date()
    new = NewDeclaration(
        training_period=tp,
        role=role,
        declaration_type=kind,
        declaration_date=moment.astimezone(UTC),
        evidence_held=evidence if isinstance(evidence, str) else None,
        payment_status="eligible" if statement is not None else "no_payment",
        statement_id=statement.id if statement is not None else None,
        delivery_partner_id=facts.delivery_partner_of.get(tp.partnership_id or ""),
        mentor_id=pick_mentor(facts.mentorships, declared_on) if role == "ect" else None,
        pupil_premium_uplift=pupil_premium,
        sparsity_uplift=sparsity,
    )
    if role == "mentor" and kind == "completed":
        new.mentor_completion = {
            "mentor_funding_end_date": declared_on,
            "mentor_ineligible_for_funding_reason": "completed_declaration_received",
        }
        if tp.end is None:
            new.close_tp_on = max(declared_on, tp.start + timedelta(days=1))
    return new
