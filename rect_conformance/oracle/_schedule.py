"""Prediction for change-schedule (rules §14.4).

Three groups of checks run side by side, so errors of different titles can come back together:
the schedule checks (#1-#7, first failure only) always; the cohort checks (#8-#9) when the
provider trains the person in that role; the participant checks (#10-#13, first failure only)
likewise. A cohort the server does not know silently means the current one.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from rect_conformance.oracle._actions import prelude
from rect_conformance.oracle._milestones import milestone, window_errors
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
    COHORTS,
    SCHEDULE_IDENTIFIERS,
    UNMODELLED_COHORTS,
    OracleLimit,
    cohort,
    family,
)
from rect_conformance.oracle._rules import Refusals, refuse
from rect_conformance.oracle._status import participant_status, training_status
from rect_conformance.oracle._time import london_date, require_aware


def _target_cohort(requested: str | int | None, current: int | None) -> tuple[int | None, bool]:
    """(the cohort the change aims at, whether the request's cohort was ignored)."""
    text = str(requested).strip() if requested is not None else ""
    year = int(text) if text.isdigit() else None
    if year in UNMODELLED_COHORTS:
        raise OracleLimit(f"change-schedule to cohort {year}: no milestones held (rules §15.2)")
    if year in COHORTS:
        return year, False
    return current, True


def _completed(person: Participant, period: TrainingPeriod) -> bool:
    """#10: a finished induction period with an outcome, or a mentor funding end date."""
    if period.role == "ect":
        return (
            person.induction_end_date is not None and not person.induction_end_from_record_service
        )
    return person.mentor_funding_end_date is not None


def _invalidates(person: Participant, period: TrainingPeriod, year: int, schedule: str) -> bool:
    """#7: would any declaration on the period fall outside the new schedule's windows?"""
    for declaration in person.declarations:
        if declaration.period_id != period.id:
            continue
        window = milestone(year, schedule, declaration.declaration_type)
        if window is not None and any(window_errors(window, declaration.declaration_date)):
            return True
    return False


def _schedule_checks(
    refusals: Refusals,
    person: Participant,
    period: TrainingPeriod | None,
    identifier: str | None,
    target: int | None,
    now: datetime,
) -> None:
    if not identifier:
        refusals.add("change-schedule.identifier-missing")
    elif identifier not in SCHEDULE_IDENTIFIERS:
        refusals.add("change-schedule.identifier-unknown")
    elif target is None:
        refusals.add("change-schedule.not-in-cohort")
    elif period is None:
        return
    elif (identifier, target) == (period.schedule, period.cohort):
        refusals.add("change-schedule.already-on-profile")
    elif period.role == "ect" and family(identifier) == "replacement":
        refusals.add("change-schedule.replacement-for-ect")
    elif period.role == "mentor" and family(identifier) == "reduced":
        refusals.add("change-schedule.reduced-for-mentor")
    elif period.start >= london_date(now) and _invalidates(person, period, target, identifier):
        refusals.add("change-schedule.would-invalidate-declarations")


def change_schedule(
    world: World,
    participant_id: str,
    course_identifier: str | None,
    schedule_identifier: str | None,
    cohort_value: str | int | None,
    now: datetime,
) -> Outcome:
    """Predict ``PUT /participants/{id}/change-schedule`` (rules §14.4).

    ``cohort_value`` is the optional ``cohort`` attribute as sent (string or number).
    """
    require_aware(now)
    today = london_date(now)
    refusals = Refusals()
    person, period = prelude(world, participant_id, course_identifier, refusals)
    if person is None:
        return refuse(world, "action.participant-not-found")
    target, fell_back = _target_cohort(cohort_value, period.cohort if period else None)
    _schedule_checks(refusals, person, period, schedule_identifier, target, now)
    to_reduced = False
    if period is not None and target is not None:
        if target != period.cohort and (period.school, target) not in world.partnerships:
            refusals.add("change-schedule.no-partnership-in-cohort")
        elif cohort(target).payments_frozen(now) and person.frozen_year(period.role) != target:
            refusals.add("change-schedule.payments-frozen-cohort")
        valid = schedule_identifier in SCHEDULE_IDENTIFIERS
        to_reduced = (
            period.role == "ect" and valid and family(schedule_identifier or "") == "reduced"
        )
        if _completed(person, period) and not to_reduced:
            refusals.add("change-schedule.completed")
        elif participant_status(person, period, now) == "left":
            refusals.add("change-schedule.left")
        elif training_status(period) == "withdrawn":
            refusals.add("change-schedule.withdrawn")
        elif any(p.role == period.role and p.start > period.start for p in person.periods):
            refusals.add("change-schedule.future-provider")
    fallback = ("change-schedule.cohort-fallback",) if fell_back and period else ()
    if refusals or period is None or target is None or schedule_identifier is None:
        return refusals.outcome(world, fallback)
    rules = [*fallback]
    updated = _frozen_bookkeeping(person, period, target, now, rules)
    if to_reduced and _completed(person, period):
        rules.append("change-schedule.completed-ect-to-reduced")
        in_place = True
    else:
        in_place = period.start >= today
    if in_place:
        rules.append("change-schedule.in-place")
        moved = replace(period, schedule=schedule_identifier, cohort=target)
        updated = with_period(updated, period, moved)
    else:
        rules.append("change-schedule.new-period")
        updated = _split(updated, period, schedule_identifier, target, today)
    if any(
        d.period_id == period.id and d.created_at and london_date(d.created_at) == today
        for d in person.declarations
    ):
        rules.append("change-schedule.allowed-after-declaration-today")
    if target != period.cohort:
        rules.append("change-schedule.cohort-changed")
    rules += ["updated-at.participant-action", "updated-at.declaration-not-on-participant-action"]
    return accepted(world.put(updated), rules, {f"participant:{person.id}"})


def _frozen_bookkeeping(
    person: Participant, period: TrainingPeriod, target: int, now: datetime, rules: list[str]
) -> Participant:
    if target == period.cohort:
        return person
    kept = frozenset((r, y) for r, y in person.frozen_years if r != period.role)
    if cohort(period.cohort).payments_frozen(now):
        rules.append("change-schedule.frozen-bookkeeping")
        return replace(person, frozen_years=kept | {(period.role, period.cohort)})
    if cohort(target).payments_frozen(now):
        rules.append("change-schedule.frozen-bookkeeping")
        return replace(person, frozen_years=kept)
    return person


def _split(
    person: Participant, period: TrainingPeriod, schedule: str, target: int, today: date
) -> Participant:
    """Close ``period`` yesterday and open a new one today on the new schedule and cohort."""
    yesterday = today - timedelta(days=1)
    closed = replace(period, end=min(period.end, yesterday) if period.end else yesterday)
    ends = [d for d in (period.end, period.school_period_end) if d is not None and d >= today]
    opened = TrainingPeriod(
        id=new_period_id(person, period.role),
        role=period.role,
        cohort=target,
        schedule=schedule,
        start=today,
        end=min(ends, default=None),
        school=period.school,
        school_period=period.school_period,
        school_period_end=period.school_period_end,
    )
    person = with_period(person, period, closed)
    return replace(person, periods=(*person.periods, opened))
