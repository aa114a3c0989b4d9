"""Reference data of the RECT API as plain tables: cohorts, schedules, milestones, declaration
types, evidence, withdrawal and deferral reasons.

The seed (part A) and the business rules (``rect_sandbox.rules``) both read these tables, so
behaviour is keyed off cohort *settings* (payments frozen, mentor funding, detailed evidence,
uplift fees, open for partnerships) rather than off the year itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

__all__ = [
    "COHORTS",
    "COHORT_YEARS",
    "COURSE_IDENTIFIERS",
    "DECLARATION_TYPES",
    "DEFERRAL_REASONS",
    "EVIDENCE_TYPES",
    "MENTOR_ONLY_WITHDRAWAL_REASON",
    "SCHEDULE_FAMILIES",
    "SCHEDULE_IDENTIFIERS",
    "SCHEDULE_STARTS",
    "WITHDRAWAL_REASONS",
    "CohortSettings",
    "Milestone",
    "allowed_evidence",
    "default_schedule_identifier",
    "family_allows_role",
    "milestones",
    "schedule_family",
]


@dataclass(frozen=True)
class CohortSettings:
    """One cohort (contract period) and the switches that change the rules for it."""

    year: int
    start: date
    end: date
    open_for_new_partnerships: bool
    payments_frozen_since: date | None
    mentor_funding: bool
    detailed_evidence: bool
    uplift_fees: bool

    def payments_frozen_on(self, today: date) -> bool:
        """Whether the cohort's payments are frozen on ``today`` (a London date): the freeze
        starts at midnight London on its date, so a travelled clock before it sees none."""
        return self.payments_frozen_since is not None and self.payments_frozen_since <= today


def _cohort(
    year: int, *, closed: bool, frozen_since: date | None, new_rules: bool
) -> CohortSettings:
    # Every cohort runs from 1 June to 31 May of the following year.
    return CohortSettings(
        year=year,
        start=date(year, 6, 1),
        end=date(year + 1, 5, 31),
        open_for_new_partnerships=not closed,
        payments_frozen_since=frozen_since,
        mentor_funding=new_rules,
        detailed_evidence=new_rules,
        uplift_fees=not new_rules,
    )


COHORTS: dict[int, CohortSettings] = {
    2021: _cohort(2021, closed=True, frozen_since=date(2024, 6, 18), new_rules=False),
    2022: _cohort(2022, closed=True, frozen_since=date(2025, 6, 16), new_rules=False),
    2023: _cohort(2023, closed=False, frozen_since=None, new_rules=False),
    2024: _cohort(2024, closed=False, frozen_since=None, new_rules=False),
    2025: _cohort(2025, closed=False, frozen_since=None, new_rules=True),
    2026: _cohort(2026, closed=False, frozen_since=None, new_rules=True),
}
COHORT_YEARS: tuple[int, ...] = tuple(sorted(COHORTS))

# course_identifier -> role; any other value counts as "no role given".
COURSE_IDENTIFIERS: dict[str, str] = {"ecf-induction": "ect", "ecf-mentor": "mentor"}

# Order matters: the 2025+ date-sequence rule compares positions in this tuple.
DECLARATION_TYPES: tuple[str, ...] = (
    "started",
    "retained-1",
    "retained-2",
    "retained-3",
    "retained-4",
    "completed",
    "extended-1",
    "extended-2",
    "extended-3",
)
_CORE_TYPES = DECLARATION_TYPES[:6]

SCHEDULE_STARTS: tuple[str, ...] = ("september", "january", "april")
SCHEDULE_FAMILIES: dict[str, frozenset[str]] = {
    "standard": frozenset({"ect", "mentor"}),
    "extended": frozenset({"ect", "mentor"}),
    "reduced": frozenset({"ect"}),
    "replacement": frozenset({"mentor"}),
}
SCHEDULE_IDENTIFIERS: tuple[str, ...] = tuple(
    f"ecf-{family}-{start}" for family in SCHEDULE_FAMILIES for start in SCHEDULE_STARTS
)

WITHDRAWAL_REASONS: tuple[str, ...] = (
    "left-teaching-profession",
    "moved-school",
    "mentor-no-longer-being-mentor",
    "switched-to-school-led",
    "changed-lead-provider",
    "other",
)
MENTOR_ONLY_WITHDRAWAL_REASON = "mentor-no-longer-being-mentor"
DEFERRAL_REASONS: tuple[str, ...] = (
    "bereavement",
    "long-term-sickness",
    "parental-leave",
    "career-break",
    "other",
)

EVIDENCE_TYPES: tuple[str, ...] = (
    "training-event-attended",
    "self-study-material-completed",
    "materials-engaged-with-offline",
    "75-percent-engagement-met",
    "75-percent-engagement-met-reduced-induction",
    "one-term-induction",
    "other",
)
_BASIC_EVIDENCE = frozenset({"training-event-attended", "self-study-material-completed", "other"})
_ACTIVITY_EVIDENCE = _BASIC_EVIDENCE | {"materials-engaged-with-offline"}
_ENGAGEMENT_EVIDENCE = frozenset(
    {"75-percent-engagement-met", "75-percent-engagement-met-reduced-induction"}
)


def allowed_evidence(
    settings: CohortSettings, role: str, declaration_type: str
) -> frozenset[str] | None:
    """Evidence values accepted for this declaration, or None when evidence is not asked for.

    None means the value is not validated at all (pre-detailed-evidence ``started``, which the
    API discards). An empty set never occurs: every other case lists what is allowed.
    """
    if not settings.detailed_evidence:
        return None if declaration_type == "started" else _BASIC_EVIDENCE
    if declaration_type == "retained-2":
        return _ENGAGEMENT_EVIDENCE
    if declaration_type == "completed":
        if role == "mentor":
            return _ENGAGEMENT_EVIDENCE
        return _ENGAGEMENT_EVIDENCE | {"one-term-induction"}
    return _ACTIVITY_EVIDENCE


def schedule_family(identifier: str) -> str | None:
    """The family (standard, extended, reduced, replacement) of a schedule identifier."""
    if identifier not in SCHEDULE_IDENTIFIERS:
        return None
    return identifier.split("-")[1]


def family_allows_role(identifier: str, role: str) -> bool:
    """Whether a participant in ``role`` may be placed on this schedule."""
    family = schedule_family(identifier)
    return family is not None and role in SCHEDULE_FAMILIES[family]


def default_schedule_identifier(
    start: date, role: str = "ect", *, replacement: bool = False
) -> str:
    """The schedule the service picks from a start date: Jun-Oct september, Nov-Feb january,
    Mar-May april; replacement mentors get the replacement family."""
    if start.month in (6, 7, 8, 9, 10):
        when = "september"
    elif start.month in (11, 12, 1, 2):
        when = "january"
    else:
        when = "april"
    family = "replacement" if (replacement and role == "mentor") else "standard"
    return f"ecf-{family}-{when}"


@dataclass(frozen=True)
class Milestone:
    """The window in which a declaration type may be dated for one schedule (end inclusive)."""

    declaration_type: str
    start: date
    end: date | None


def _d(text: str) -> date:
    return date.fromisoformat("20" + text)


# Standard schedules of cohorts 2021-2024: closed windows (start, end) for the six core types.
_STANDARD_WINDOWS: dict[tuple[int, str], tuple[tuple[str, str], ...]] = {
    (2021, "september"): (
        ("21-09-01", "21-11-30"),
        ("21-09-01", "22-01-31"),
        ("22-02-01", "22-04-30"),
        ("22-05-01", "22-09-30"),
        ("22-10-01", "23-01-31"),
        ("23-02-01", "23-04-30"),
    ),
    (2021, "january"): (
        ("21-12-01", "22-01-31"),
        ("22-02-01", "22-04-30"),
        ("22-05-01", "22-09-30"),
        ("22-10-01", "23-01-31"),
        ("23-02-01", "23-04-30"),
        ("23-05-01", "23-09-30"),
    ),
    (2021, "april"): (
        ("22-02-01", "22-05-31"),
        ("22-05-01", "22-09-30"),
        ("22-10-01", "23-01-31"),
        ("23-02-01", "23-04-30"),
        ("23-05-01", "23-09-30"),
        ("23-10-01", "24-01-31"),
    ),
    (2022, "september"): (
        ("22-06-01", "22-12-31"),
        ("23-01-01", "23-03-31"),
        ("23-04-01", "23-07-31"),
        ("23-08-01", "23-12-31"),
        ("24-01-01", "24-03-31"),
        ("24-04-01", "24-07-31"),
    ),
    (2022, "january"): (
        ("23-01-01", "23-03-31"),
        ("23-04-01", "23-07-31"),
        ("23-08-01", "23-12-31"),
        ("24-01-01", "24-03-31"),
        ("24-04-01", "24-07-31"),
        ("24-08-01", "24-12-31"),
    ),
    (2022, "april"): (
        ("23-04-01", "23-07-31"),
        ("23-08-01", "23-12-31"),
        ("24-01-01", "24-03-31"),
        ("24-04-01", "24-07-31"),
        ("24-08-01", "24-12-31"),
        ("25-01-01", "25-03-31"),
    ),
    (2023, "september"): (
        ("23-06-01", "23-12-31"),
        ("24-01-01", "24-03-31"),
        ("24-04-01", "24-07-31"),
        ("24-08-01", "24-12-31"),
        ("25-01-01", "25-03-31"),
        ("25-04-01", "25-07-31"),
    ),
    (2023, "january"): (
        ("24-01-01", "24-03-31"),
        ("24-04-01", "24-07-31"),
        ("24-08-01", "24-12-31"),
        ("25-01-01", "25-03-31"),
        ("25-04-01", "25-07-31"),
        ("25-08-01", "25-12-31"),
    ),
    (2023, "april"): (
        ("24-04-01", "24-07-31"),
        ("24-08-01", "24-12-31"),
        ("25-01-01", "25-03-31"),
        ("25-04-01", "25-07-31"),
        ("25-08-01", "25-12-31"),
        ("26-01-01", "26-03-31"),
    ),
    (2024, "september"): (
        ("24-06-01", "24-12-31"),
        ("25-01-01", "25-03-31"),
        ("25-04-01", "25-07-31"),
        ("25-08-01", "25-12-31"),
        ("26-01-01", "26-03-31"),
        ("26-04-01", "26-07-31"),
    ),
    (2024, "january"): (
        ("25-01-01", "25-03-31"),
        ("25-04-01", "25-07-31"),
        ("25-08-01", "25-12-31"),
        ("26-01-01", "26-03-31"),
        ("26-04-01", "26-07-31"),
        ("26-08-01", "26-12-31"),
    ),
    (2024, "april"): (
        ("25-04-01", "25-07-31"),
        ("25-08-01", "25-12-31"),
        ("26-01-01", "26-03-31"),
        ("26-04-01", "26-07-31"),
        ("26-08-01", "26-12-31"),
        ("27-01-01", "27-03-31"),
    ),
}


def _open_ended_start(year: int, family: str, when: str) -> date:
    """Shared start date of every milestone of an open-ended schedule.

    Cohorts 2021-2024 use this for the non-standard families; the detailed-evidence cohorts use
    it for all families. The only irregular value is 2025 standard-september, which opens on the
    cohort start (1 June) rather than 1 September. Cohort 2026 is not in the published seed; it
    is taken to be 2025 shifted by one year.
    """
    if when == "september":
        if family == "standard" and COHORTS[year].detailed_evidence:
            return date(year, 6, 1)
        return date(year, 9, 1)
    if when == "january":
        return date(year + 1, 1, 1)
    return date(year + 1, 4, 1)


def milestones(cohort: int, identifier: str) -> dict[str, Milestone]:
    """Milestones of one schedule in one cohort, keyed by declaration type.

    Types missing from the result do not exist for the schedule (extended-* outside the
    extended family). Unknown cohorts or identifiers give an empty dict.
    """
    family = schedule_family(identifier)
    if cohort not in COHORTS or family is None:
        return {}
    when = identifier.rsplit("-", 1)[1]
    types = DECLARATION_TYPES if family == "extended" else _CORE_TYPES
    if family == "standard" and (cohort, when) in _STANDARD_WINDOWS:
        windows = _STANDARD_WINDOWS[(cohort, when)]
        return {
            kind: Milestone(kind, _d(start), _d(end))
            for kind, (start, end) in zip(_CORE_TYPES, windows, strict=True)
        }
    start = _open_ended_start(cohort, family, when)
    return {kind: Milestone(kind, start, None) for kind in types}
