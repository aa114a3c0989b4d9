"""The small records the business rules work on, and the status derivations they share.

Routers load rows from SQLite, turn them into these dataclasses and hand them to the rule
functions; rules never see a database or a request. An error is a ``(title, detail)`` pair with
the exact public strings the API sends.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from rect_sandbox._faults import NO_FAULTS, Faults
from rect_sandbox._reference import COHORTS, Milestone

Error = tuple[str, str]
LONDON = ZoneInfo("Europe/London")

# A payment/clawback status of "none" is how the API's internal "no payment" looks here.
LIVE_PAYMENT_STATUSES = frozenset({"no_payment", "eligible", "payable", "paid"})


@dataclass(frozen=True)
class Clock:
    """The request's instant (UTC, aware) and the London calendar date it falls on."""

    now: datetime
    today: date


@dataclass
class SchoolPeriod:
    """A stretch of one person at one school in one role, as the school reported it."""

    id: str
    teacher_id: str
    role: str
    school_id: str
    start: date
    end: date | None = None


@dataclass
class TrainingPeriod:
    """One stretch of training (TP); ``lead_provider_id`` is None for school-led training."""

    id: str
    teacher_id: str
    role: str
    school_period_id: str
    lead_provider_id: str | None
    partnership_id: str | None
    cohort: int | None
    schedule_identifier: str | None
    start: date
    end: date | None = None
    withdrawn_at: datetime | None = None
    withdrawal_reason: str | None = None
    deferred_at: datetime | None = None
    deferral_reason: str | None = None


@dataclass
class Partnership:
    """A school partnership: school x lead provider x delivery partner x cohort."""

    id: str
    lead_provider_id: str
    school_id: str
    delivery_partner_id: str
    cohort: int
    created_at: datetime | None = None


@dataclass
class Statement:
    """A payment statement of one lead provider for one cohort (output fee type only here)."""

    id: str
    lead_provider_id: str
    cohort: int
    deadline: date
    payment_date: date
    status: str = "open"
    output: bool = True


@dataclass
class Declaration:
    """A declaration as the rules need it: who, which TP, type, date and money state."""

    id: str
    teacher_id: str
    role: str
    training_period_id: str
    lead_provider_id: str
    declaration_type: str
    declaration_date: datetime
    payment_status: str = "no_payment"
    clawback_status: str = "no_clawback"
    statement_id: str | None = None
    clawback_statement_id: str | None = None
    created_at: datetime | None = None
    extra: dict[str, object] = field(default_factory=dict)


def training_status(
    tp: TrainingPeriod, *, today: date | None = None, faults: Faults = NO_FAULTS
) -> str:
    """``active``, ``withdrawn`` or ``deferred``: the later of the two stamps wins (rules 13.1).

    ``faults`` and ``today`` only matter for what the read side shows: the rules decide on the
    status as it is.
    """
    if tp.withdrawn_at is None and tp.deferred_at is None:
        ended = tp.end is not None and today is not None and tp.end <= today
        if ended and faults.on("finished-period-shows-withdrawn"):
            return "withdrawn"
        return "active"
    if tp.deferred_at is None:
        return "withdrawn"
    if tp.withdrawn_at is None:
        return "deferred"
    withdrawn_later = tp.withdrawn_at >= tp.deferred_at
    if faults.on("training-status-first-stamp-wins"):
        withdrawn_later = not withdrawn_later
    return "withdrawn" if withdrawn_later else "deferred"


def participant_status(
    tp: TrainingPeriod,
    today: date,
    *,
    completed_by: date | None = None,
    faults: Faults = NO_FAULTS,
) -> str:
    """The school-reported status of a TP on ``today`` (rules 13.2).

    ``completed_by`` is the induction end date for an ECT or the funding end date for a mentor;
    when it falls within the TP the person counts as active whatever the end date says.
    ``faults`` are the read side's (the rules ask with none).
    """
    if training_status(tp) != "active":
        if faults.on("stopped-shown-as-withdrawn"):
            return "withdrawn"
        return "leaving" if tp.end is not None and tp.end > today else "left"
    completed = completed_by is not None and (tp.end is None or completed_by <= tp.end)
    if completed and not faults.on("completed-shown-as-left"):
        return "active"
    if tp.end is not None:
        last_leaving_day = tp.end - timedelta(days=1)
        if faults.on("leaving-shown-as-left-a-day-early"):
            last_leaving_day -= timedelta(days=1)
        return "leaving" if last_leaving_day >= today else "left"
    joining = tp.start >= today if faults.on("start-day-shown-as-joining") else tp.start > today
    if joining and not faults.on("joining-shown-as-active"):
        return "joining"
    return "active"


def declaration_state(decl: Declaration) -> str:
    """The public ``state`` of a declaration: clawback status first, then payment status."""
    if decl.clawback_status != "no_clawback":
        return decl.clawback_status.replace("_", "-")
    if decl.payment_status == "no_payment":
        return "submitted"
    return decl.payment_status.replace("_", "-")


def payments_frozen(cohort: int | None, today: date, faults: Faults = NO_FAULTS) -> bool:
    """Whether ``cohort``'s payments are frozen on ``today`` (rules 15.2): from its freeze date
    on; the ``payments-frozen-before-freeze-date`` fault freezes it whatever the date."""
    settings = COHORTS.get(cohort) if cohort is not None else None
    if settings is None:
        return False
    if settings.payments_frozen_since is not None and faults.on(
        "payments-frozen-before-freeze-date"
    ):
        return True
    return settings.payments_frozen_on(today)


def is_live(decl: Declaration) -> bool:
    """Billable or changeable: submitted/eligible/payable/paid and not clawed back at all."""
    return decl.payment_status in LIVE_PAYMENT_STATUSES and decl.clawback_status == "no_clawback"


def latest(tps: list[TrainingPeriod]) -> TrainingPeriod | None:
    """The TP with the greatest start date (ties: the last one given)."""
    best: TrainingPeriod | None = None
    for tp in tps:
        if best is None or tp.start >= best.start:
            best = tp
    return best


def window_errors(moment: datetime, milestone: Milestone, *, zone: tzinfo = LONDON) -> list[str]:
    """Which edges of a milestone window ``moment`` falls outside (rules 16.5).

    The window opens at 00:00 London on the start date and closes at the end of the end date
    (London); open-ended milestones only have the lower edge. ``zone`` is London but for the
    ``milestone-window-in-utc`` fault.
    """
    problems = []
    opens = datetime.combine(milestone.start, time(0, 0), tzinfo=zone)
    if moment < opens:
        problems.append("before")
    if milestone.end is not None:
        closes = datetime.combine(milestone.end + timedelta(days=1), time(0, 0), tzinfo=zone)
        if moment >= closes:
            problems.append("after")
    return problems
