"""Predictions for withdraw, defer and resume (rules §13.3, §14.1-§14.3).

Each takes the raw request values (``None`` for a missing one) and ``now``. Errors come back in
the server's order: course_identifier first, then reason, then participant_id. Only one
participant_id error is ever reported (each of those checks stands down once one has failed),
while a reason error can come alongside it; the mentor-only reason check runs only when nothing
else failed (rules §14.2 #7).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from rect_conformance.oracle._model import (
    Outcome,
    Participant,
    TrainingPeriod,
    World,
    accepted,
    new_period_id,
    with_period,
)
from rect_conformance.oracle._reference import (
    COURSE_IDENTIFIERS,
    DEFERRAL_REASONS,
    MENTOR_ONLY_WITHDRAWAL_REASONS,
    WITHDRAWAL_REASONS,
)
from rect_conformance.oracle._rules import Refusals, refuse
from rect_conformance.oracle._status import latest_period, training_status
from rect_conformance.oracle._time import london_date, require_aware

_TOUCH = ("updated-at.participant-action", "updated-at.declaration-not-on-participant-action")


def visible(person: Participant | None) -> bool:
    """Whether the provider can see the person at all: it has, or had, a period with them."""
    return person is not None and any(p.ours for p in person.periods)


def prelude(
    world: World, participant_id: str, course_identifier: str | None, refusals: Refusals
) -> tuple[Participant | None, TrainingPeriod | None]:
    """The checks every participant action shares (rules §14.1), recorded in ``refusals``.

    Returns the person (``None`` when invisible: the caller answers 404) and the provider's
    latest period in the role the course_identifier names.
    """
    person = world.participant(participant_id)
    if person is None or not visible(person):
        return None, None
    role = COURSE_IDENTIFIERS.get(course_identifier or "")
    if role is None:
        refusals.add("action.course-identifier-missing")
        return person, None
    period = latest_period(person, role)
    if period is None:
        refusals.add("action.course-identifier-not-recognised")
    return person, period


def _reason_checks(
    reason: str | None, allowed: tuple[str, ...], action: str, refusals: Refusals
) -> None:
    if not reason:
        refusals.add(f"{action}.reason-missing")
    elif reason not in allowed:
        refusals.add(f"{action}.reason-not-recognised")


def _started_checks(period: TrainingPeriod, now: datetime, action: str, refusals: Refusals) -> None:
    today = london_date(now)
    if period.start > today:
        refusals.add(f"{action}.not-started")
    elif period.start == today:
        refusals.add(f"{action}.changed-today")


def _stop(
    world: World,
    participant_id: str,
    course_identifier: str | None,
    reason: str | None,
    now: datetime,
    action: str,
) -> Outcome:
    require_aware(now)
    refusals = Refusals()
    person, period = prelude(world, participant_id, course_identifier, refusals)
    if person is None:
        return refuse(world, "action.participant-not-found")
    allowed = WITHDRAWAL_REASONS if action == "withdraw" else DEFERRAL_REASONS
    _reason_checks(reason, allowed, action, refusals)
    if period is not None:
        status = training_status(period)
        if action == "defer" and status == "deferred":
            refusals.add("defer.already-deferred")
        elif status == "withdrawn":
            refusals.add(f"{action}.already-withdrawn")
        else:
            _started_checks(period, now, action, refusals)
        if (
            action == "withdraw"
            and not refusals
            and period.role == "ect"
            and reason in MENTOR_ONLY_WITHDRAWAL_REASONS
        ):
            refusals.add("withdraw.mentor-only-reason")
    if refusals or period is None:
        return refusals.outcome(world)
    end = min(period.end, london_date(now)) if period.end else london_date(now)
    if action == "withdraw":
        stopped = replace(period, withdrawn_at=now, withdrawal_reason=reason, end=end)
    else:
        stopped = replace(period, deferred_at=now, deferral_reason=reason, end=end)
    after = world.put(with_period(person, period, stopped))
    return accepted(after, (f"{action}.accepted", *_TOUCH), {f"participant:{person.id}"})


def withdraw(
    world: World,
    participant_id: str,
    course_identifier: str | None,
    reason: str | None,
    now: datetime,
) -> Outcome:
    """Predict ``PUT /participants/{id}/withdraw`` (rules §14.2)."""
    return _stop(world, participant_id, course_identifier, reason, now, "withdraw")


def defer(
    world: World,
    participant_id: str,
    course_identifier: str | None,
    reason: str | None,
    now: datetime,
) -> Outcome:
    """Predict ``PUT /participants/{id}/defer`` (rules §14.2)."""
    return _stop(world, participant_id, course_identifier, reason, now, "defer")


def resume(
    world: World, participant_id: str, course_identifier: str | None, now: datetime
) -> Outcome:
    """Predict ``PUT /participants/{id}/resume`` (rules §14.3).

    Resume never reopens the old period: it opens a new one from today at the same school
    stay, with the same partnership and schedule, ending when the school stay ends.
    """
    require_aware(now)
    today = london_date(now)
    refusals = Refusals()
    person, period = prelude(world, participant_id, course_identifier, refusals)
    if person is None:
        return refuse(world, "action.participant-not-found")
    if period is None:
        return refusals.outcome(world)
    others = [
        p
        for p in person.periods
        if p.id != period.id and p.school_period == period.school_period and p.covers(today)
    ]
    if training_status(period) == "active":
        refusals.add("resume.already-active")
    elif others:
        refusals.add("resume.active-with-another-provider")
    elif period.end == today:
        refusals.add("resume.same-day")
    elif period.school_period_end is not None and period.school_period_end <= today:
        refusals.add("resume.left-school")
    if refusals:
        return refusals.outcome(world)
    reopened = TrainingPeriod(
        id=new_period_id(person, period.role),
        role=period.role,
        cohort=period.cohort,
        schedule=period.schedule,
        start=today,
        end=period.school_period_end,
        school=period.school,
        school_period=period.school_period,
        school_period_end=period.school_period_end,
    )
    after = world.put(replace(person, periods=(*person.periods, reopened)))
    return accepted(after, ("resume.accepted", *_TOUCH), {f"participant:{person.id}"})
