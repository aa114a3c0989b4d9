"""Side effects shared by declare and void: statement choice and mentor completion.

A mentor's training counts as complete while the person has a live ``completed`` mentor
declaration under any provider; the server recomputes this whenever a mentor ``completed``
declaration is created or voided (rules §16.10, §16.11). It then sets or clears the mentor's
funding end date and ends, or reopens, the provider's mentor training period.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from rect_conformance.oracle._model import (
    Declaration,
    Outcome,
    Participant,
    Statement,
    TrainingPeriod,
    World,
    accepted,
    new_period_id,
    with_period,
)
from rect_conformance.oracle._reference import LIVE_STATES
from rect_conformance.oracle._status import latest_period
from rect_conformance.oracle._time import london_date


def first_statement(
    world: World, cohort: int, today: date, statuses: frozenset[str] | None = None
) -> Statement | None:
    """The provider's output statement for ``cohort`` with the earliest deadline on or after
    ``today``, among ``statuses`` (any status when ``None``)."""
    fitting = [
        s
        for s in world.statements
        if s.cohort == cohort and s.deadline >= today and (statuses is None or s.status in statuses)
    ]
    return min(fitting, key=lambda s: s.deadline, default=None)


OPEN = frozenset({"open"})


def _reopen(person: Participant, period: TrainingPeriod) -> Participant:
    """A new mentor period from the day after ``period`` ended, to the end of the school stay."""
    assert period.end is not None
    reopened = TrainingPeriod(
        id=new_period_id(person, "mentor"),
        role="mentor",
        cohort=period.cohort,
        schedule=period.schedule,
        start=period.end + timedelta(days=1),
        end=period.school_period_end,
        school=period.school,
        school_period=period.school_period,
        school_period_end=period.school_period_end,
    )
    return replace(person, periods=(*person.periods, reopened))


def mentor_completion(person: Participant, trigger: Declaration, now: datetime) -> Participant:
    """``person`` after the server re-derives mentor completion for ``trigger``.

    Unchanged unless ``trigger`` is a mentor ``completed`` declaration.
    """
    if trigger.role != "mentor" or trigger.declaration_type != "completed":
        return person
    today = london_date(now)
    live = [
        d
        for d in person.declarations
        if d.role == "mentor" and d.declaration_type == "completed" and d.state in LIVE_STATES
    ]
    period = latest_period(person, "mentor")
    ongoing = period is not None and (period.end is None or period.end > today)
    if live:
        latest = max(live, key=lambda d: d.declaration_date)
        person = replace(person, mentor_funding_end_date=london_date(latest.declaration_date))
        if period is not None and ongoing:
            # The server compares the trigger's instant with the period's start date read as
            # midnight UTC, then stores the London date of the instant.
            start = datetime.combine(period.start, time.min, tzinfo=UTC)
            moment = trigger.declaration_date
            end = london_date(moment) if moment > start else period.start + timedelta(days=1)
            person = with_period(person, period, replace(period, end=end))
        return person
    person = replace(person, mentor_funding_end_date=None)
    if period is not None and not ongoing:
        person = _reopen(person, period)
    return person


def settle(
    world: World,
    after: Participant,
    trigger: Declaration,
    now: datetime,
    rules: list[str],
    rule: str,
) -> Outcome:
    """The accepted outcome of creating or voiding ``trigger`` (``after`` holds the change):
    mentor completion re-derived, and which ``updated_at`` moves (rules §19)."""
    completed = mentor_completion(after, trigger, now)
    touched = {f"declaration:{trigger.id}"}
    rules.append("updated-at.declaration-change")
    if completed != after:
        rules += [rule, "updated-at.participant-mentor-completion"]
        touched.add(f"participant:{after.id}")
    else:
        rules.append("updated-at.participant-not-on-declaration")
    return accepted(world.put(completed), rules, touched, trigger.id)
