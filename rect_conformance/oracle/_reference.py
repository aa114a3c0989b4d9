"""Reference data: cohorts, schedules, reasons, declaration types and the evidence matrix.

Every table names the rules section it comes from. Behaviour is keyed off a cohort's settings
(mentor funding, detailed evidence, payments frozen), never off the year itself, as the rules
ask (§15.2) — except the date sequence rule, which the server keys off the year (§16.7).

Cohort 2026 is left out on purpose: the rules give its settings but no milestones, and say the
sandbox seed stops at 2025 while a release note says 2026 data reached the sandbox (§15.2). A
prediction that needs 2026 raises :class:`OracleLimit` instead of guessing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Literal

from rect_conformance.oracle._time import LONDON, require_aware

Role = Literal["ect", "mentor"]
ROLES: tuple[Role, Role] = ("ect", "mentor")

# course_identifier -> role (rules §7: any other value counts as "no role given")
COURSE_IDENTIFIERS: dict[str, Role] = {"ecf-induction": "ect", "ecf-mentor": "mentor"}
COURSE_OF_ROLE: dict[Role, str] = {role: course for course, role in COURSE_IDENTIFIERS.items()}


class OracleLimit(ValueError):
    """The oracle holds no rule for this input; it refuses to guess rather than predict wrong."""


@dataclass(frozen=True)
class Cohort:
    """One cohort (contract period) and its settings (rules §15.2)."""

    year: int
    open_for_partnerships: bool
    payments_frozen_from: datetime | None
    mentor_funding: bool
    detailed_evidence: bool
    uplift_fees: bool

    def payments_frozen(self, now: datetime) -> bool:
        """Whether payments are frozen at ``now`` (the freeze has a start instant)."""
        frozen_from = self.payments_frozen_from
        return frozen_from is not None and frozen_from <= require_aware(now)

    @property
    def sequence_rule(self) -> bool:
        """Whether V18 (declaration dates in sequence) applies: the server checks year >= 2025."""
        return self.year >= 2025


def _london(year: int, month: int, day: int) -> datetime:
    return datetime.combine(date(year, month, day), time.min, tzinfo=LONDON)


COHORTS: dict[int, Cohort] = {
    c.year: c
    for c in (
        Cohort(2021, False, _london(2024, 6, 18), False, False, True),
        Cohort(2022, False, _london(2025, 6, 16), False, False, True),
        Cohort(2023, True, None, False, False, True),
        Cohort(2024, True, None, False, False, True),
        Cohort(2025, True, None, True, True, False),
    )
}
# Cohorts the server may know but the oracle holds no milestones for (see module doc).
UNMODELLED_COHORTS = frozenset({2026})


def cohort(year: int) -> Cohort:
    """The settings of cohort ``year``; :class:`OracleLimit` for one the oracle cannot model."""
    if year in UNMODELLED_COHORTS:
        raise OracleLimit(f"cohort {year}: the rules give no milestones for it (rules §15.2)")
    try:
        return COHORTS[year]
    except KeyError:
        raise OracleLimit(f"cohort {year} is not a cohort of the API (rules §15.2)") from None


# --- schedules (rules §15.1) -------------------------------------------------------------------
FAMILIES = ("standard", "extended", "reduced", "replacement")
STARTS = ("september", "january", "april")
SCHEDULE_IDENTIFIERS: tuple[str, ...] = tuple(f"ecf-{f}-{s}" for f in FAMILIES for s in STARTS)
FAMILY_ROLES: dict[str, frozenset[Role]] = {
    "standard": frozenset(ROLES),
    "extended": frozenset(ROLES),
    "reduced": frozenset({"ect"}),
    "replacement": frozenset({"mentor"}),
}


def family(schedule_identifier: str) -> str:
    """``standard``, ``extended``, ``reduced`` or ``replacement`` for one of the 12 identifiers."""
    if schedule_identifier not in SCHEDULE_IDENTIFIERS:
        raise OracleLimit(f"{schedule_identifier!r} is not one of the 12 schedule identifiers")
    return schedule_identifier.split("-")[1]


def schedule_allowed(role: Role, schedule_identifier: str) -> bool:
    """Whether change-schedule lets ``role`` onto this schedule's family (rules §15.1)."""
    return role in FAMILY_ROLES[family(schedule_identifier)]


# --- reasons (rules §14.2; request and response use the dashed spelling) ----------------------
WITHDRAWAL_REASONS = (
    "left-teaching-profession",
    "moved-school",
    "mentor-no-longer-being-mentor",
    "switched-to-school-led",
    "changed-lead-provider",
    "other",
)
MENTOR_ONLY_WITHDRAWAL_REASONS = frozenset({"mentor-no-longer-being-mentor"})
DEFERRAL_REASONS = ("bereavement", "long-term-sickness", "parental-leave", "career-break", "other")


def withdrawal_reasons(role: Role) -> tuple[str, ...]:
    """The withdrawal reasons the server accepts for ``role`` (the mentor-only one for mentors)."""
    if role == "mentor":
        return WITHDRAWAL_REASONS
    return tuple(r for r in WITHDRAWAL_REASONS if r not in MENTOR_ONLY_WITHDRAWAL_REASONS)


# --- declarations (rules §16.1, §16.6, §16.11) -------------------------------------------------
# The order matters: V18 compares positions in this list, and it puts completed before extended.
DECLARATION_TYPES = (
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
MENTOR_FUNDING_TYPES = frozenset({"started", "completed"})
STATES = (
    "submitted",
    "eligible",
    "payable",
    "paid",
    "awaiting-clawback",
    "clawed-back",
    "voided",
)
LIVE_STATES = frozenset({"submitted", "eligible", "payable", "paid"})  # billable or changeable
PAID_STATES = frozenset({"paid", "awaiting-clawback", "clawed-back"})  # payment status "paid"
CLAWBACK_STATES = frozenset({"awaiting-clawback", "clawed-back"})

EVIDENCE_VALUES = (
    "training-event-attended",
    "self-study-material-completed",
    "materials-engaged-with-offline",
    "75-percent-engagement-met",
    "75-percent-engagement-met-reduced-induction",
    "one-term-induction",
    "other",
)
_SIMPLE = frozenset({"training-event-attended", "self-study-material-completed", "other"})
_ACTIVITY = _SIMPLE | {"materials-engaged-with-offline"}
_ENGAGED = frozenset({"75-percent-engagement-met", "75-percent-engagement-met-reduced-induction"})
_DETAILED: dict[tuple[Role, str], frozenset[str]] = {
    **{("ect", t): _ACTIVITY for t in DECLARATION_TYPES if t not in ("retained-2", "completed")},
    ("ect", "retained-2"): _ENGAGED,
    ("ect", "completed"): _ENGAGED | {"one-term-induction"},
    ("mentor", "started"): _ACTIVITY,
    ("mentor", "completed"): _ENGAGED,
}


@dataclass(frozen=True)
class EvidenceRule:
    """What V13 asks of ``evidence_held`` for one role, cohort and type (rules §16.6).

    ``discarded`` means the value is dropped unread and shown as ``null``.
    """

    required: bool
    allowed: frozenset[str]
    discarded: bool


def evidence_rule(role: Role, year: int, declaration_type: str) -> EvidenceRule:
    """The evidence matrix cell for ``role`` in cohort ``year`` declaring ``declaration_type``."""
    if cohort(year).detailed_evidence:
        return EvidenceRule(True, _DETAILED.get((role, declaration_type), frozenset()), False)
    if declaration_type == "started":
        return EvidenceRule(False, frozenset(), True)
    return EvidenceRule(True, _SIMPLE, False)
