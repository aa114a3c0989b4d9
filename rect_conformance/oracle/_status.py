"""``training_status`` and ``participant_status``, and an enrolment as the API shows it.

Both statuses are read off the provider's latest training period in the role (greatest start
date, future ones included), never stored: ``training_status`` from its withdrawal and deferral
stamps (rules §13.1), ``participant_status`` from its dates at ``now`` (rules §13.2), which is
why the latter changes with the date while ``updated_at`` stays put (rules §19).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rect_conformance.oracle._model import Participant, TrainingPeriod, World
from rect_conformance.oracle._reference import Role
from rect_conformance.oracle._time import format_timestamp, london_date


def latest_period(person: Participant, role: Role | None) -> TrainingPeriod | None:
    """The provider's latest training period for ``role`` (future-dated ones count).

    ``None`` for a role the provider never trained the person in (or no role at all).
    """
    mine = [p for p in person.periods if p.ours and p.role == role]
    return max(mine, key=lambda p: p.start, default=None)


def training_status_rule(period: TrainingPeriod) -> tuple[str, str]:
    """(``training_status``, the rule that decided it) for one training period."""
    if period.withdrawn_at is None and period.deferred_at is None:
        return "active", "status.training-active"
    if period.deferred_at is None:
        return "withdrawn", "status.training-latest-stamp"
    if period.withdrawn_at is None:
        return "deferred", "status.training-latest-stamp"
    # A tie goes to withdrawn, as the server's comparison lists withdrawn first.
    later = "withdrawn" if period.withdrawn_at >= period.deferred_at else "deferred"
    return later, "status.training-latest-stamp"


def training_status(period: TrainingPeriod) -> str:
    """``active``, ``deferred`` or ``withdrawn`` (rules §13.1)."""
    return training_status_rule(period)[0]


def _completed(person: Participant, period: TrainingPeriod) -> bool:
    finished = person.induction_end_date if period.role == "ect" else person.mentor_funding_end_date
    return finished is not None and (period.end is None or finished <= period.end)


def participant_status_rule(
    person: Participant, period: TrainingPeriod, now: datetime
) -> tuple[str, str]:
    """(``participant_status``, the rule that decided it) for ``period`` at ``now``."""
    today = london_date(now)
    if period.withdrawn_at is not None or period.deferred_at is not None:
        left = period.end is None or period.end <= today
        return ("left" if left else "leaving"), "status.participant-stopped"
    if _completed(person, period):
        return "active", "status.participant-completed"
    if period.end is not None:
        return ("leaving" if period.end > today else "left"), "status.participant-end-date"
    if period.start > today:
        return "joining", "status.participant-joining"
    return "active", "status.participant-active"


def participant_status(person: Participant, period: TrainingPeriod, now: datetime) -> str:
    """``active``, ``joining``, ``leaving`` or ``left`` (rules §13.2); never ``withdrawn``."""
    return participant_status_rule(person, period, now)[0]


@dataclass(frozen=True)
class EnrolmentView:
    """The lifecycle attributes of one ``ecf_enrolments`` entry as the API should show them."""

    participant_type: str
    cohort: str
    schedule_identifier: str
    training_status: str
    participant_status: str
    withdrawal: dict[str, str] | None
    deferral: dict[str, str] | None
    mentor_funding_end_date: str | None
    cohort_changed_after_payments_frozen: bool
    rules: tuple[str, ...]

    def attributes(self) -> dict[str, Any]:
        """The attributes to compare with the API's enrolment, keyed as the API keys them."""
        return {k: v for k, v in self.__dict__.items() if k != "rules"}


def enrolment(world: World, participant_id: str, role: Role, now: datetime) -> EnrolmentView | None:
    """What the provider should see for one participant's enrolment in ``role`` at ``now``.

    ``None`` when the provider has no training period in that role for the person.
    """
    person = world.participant(participant_id)
    period = latest_period(person, role) if person else None
    if person is None or period is None:
        return None
    status, status_rule = training_status_rule(period)
    shown, shown_rule = participant_status_rule(person, period, now)
    withdrawal = deferral = None
    if status == "withdrawn" and period.withdrawn_at is not None:
        withdrawal = {
            "reason": period.withdrawal_reason or "",
            "date": format_timestamp(period.withdrawn_at),
        }
    if status == "deferred" and period.deferred_at is not None:
        deferral = {
            "reason": period.deferral_reason or "",
            "date": format_timestamp(period.deferred_at),
        }
    funding_end = person.mentor_funding_end_date if role == "mentor" else None
    return EnrolmentView(
        participant_type=role,
        cohort=str(period.cohort),
        schedule_identifier=period.schedule,
        training_status=status,
        participant_status=shown,
        withdrawal=withdrawal,
        deferral=deferral,
        mentor_funding_end_date=funding_end.isoformat() if funding_end else None,
        cohort_changed_after_payments_frozen=person.frozen_year(role) is not None,
        rules=(status_rule, shown_rule),
    )
