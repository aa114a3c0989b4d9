"""Situations the oracle and the embedded sandbox read the rules differently for, found by the
state machine, that it steers clear of until they are settled.

Each is a place where ``rect-api-rules.md`` leaves room for two readings and the two
independent implementations took one each; the state machine would otherwise report the same
disagreement on every run, whatever else it explored. Every entry of :data:`UNSETTLED` is shown
still disagreeing by ``tests/statemachine/test_unsettled.py``: once one side changes, that test
fails and the entry (and the guard that uses it) must go.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rect_conformance.oracle import (
    SCHEDULE_IDENTIFIERS,
    World,
    latest_period,
    london_date,
    schedule_types,
)


@dataclass(frozen=True)
class Unsettled:
    """One disagreement: the rules section, what the oracle and the sandbox each do, and how
    the state machine avoids it."""

    id: str
    section: str
    oracle: str
    sandbox: str
    avoided_by: str


UNSETTLED = (
    Unsettled(
        "change-schedule-foreign-course",
        "rules §14.1, §14.4 #3",
        "with a course the provider does not train the person in, schedule check #3 still "
        "runs (no cohort, so no schedule) next to the course error",
        "answers the course error alone",
        "changes of schedule always name the participant's own course",
    ),
    Unsettled(
        "void-stopped-mentor-completion",
        "rules §16.10, §16.11",
        "voiding a mentor's live completed declaration while their training is withdrawn or "
        "deferred opens a new mentor period (they are no longer in training)",
        "keeps the withdrawal or deferral as it was",
        "no void of a stopped mentor's live completed declaration",
    ),
    Unsettled(
        "void-mentor-completion-on-start-day",
        "rules §16.10, §16.11",
        "a mentor completed declaration dated on the day their period started (after its "
        "midnight UTC) ends the period that day, so voiding it the next day opens a new "
        "period starting that day (active)",
        "ends the period the day after it started, so the new period starts the day after "
        "the void (joining)",
        "no void of a mentor's live completed declaration dated on its period's first day",
    ),
    Unsettled(
        "change-schedule-voided-on-future-period",
        "rules §14.4 #7",
        "a declaration voided or being clawed back on a period starting today or later counts "
        "among those the new schedule must keep valid",
        "counts live declarations only (submitted, eligible, payable, paid)",
        "no change of schedule while such a period holds a declaration that is not live",
    ),
    Unsettled(
        "change-schedule-drops-declared-type",
        "rules §14.4 #7",
        "a declaration whose type the new schedule has no milestone for stays valid",
        "counts it as invalidated, and refuses the change",
        "no change of schedule, on a period starting today or later, to a schedule without a "
        "milestone for a type declared on it",
    ),
)
BY_ID = {entry.id: entry for entry in UNSETTLED}
LIVE = frozenset({"submitted", "eligible", "payable", "paid"})


def void_of_mentor_completion(world: World, declaration_id: str) -> bool:
    """``void-stopped-mentor-completion`` and ``void-mentor-completion-on-start-day``: the
    declaration is a mentor's live completed one, and their period is stopped or started on
    the day it is dated."""
    found = world.declaration(declaration_id)
    if found is None:
        return False
    person, declaration = found
    completion = declaration.role == "mentor" and declaration.declaration_type == "completed"
    period = person.period(declaration.period_id)
    if not completion or declaration.state == "voided" or period is None:
        return False
    stopped = (period.withdrawn_at or period.deferred_at) is not None
    return stopped or london_date(declaration.declaration_date) == period.start


def change_on_future_period(
    world: World, participant_id: str, role: str, schedule: str | None, today: date
) -> bool:
    """``change-schedule-voided-on-future-period`` and ``change-schedule-drops-declared-type``:
    the participant's latest period in ``role`` starts today or later and holds a declaration
    that is not live, or one of a type ``schedule`` has no milestone for (in its cohort)."""
    person = world.participant(participant_id)
    latest = latest_period(person, role) if person else None  # type: ignore[arg-type]
    if person is None or latest is None or latest.start < today:
        return False
    on_it = [d for d in person.declarations if d.period_id == latest.id]
    if schedule not in SCHEDULE_IDENTIFIERS:
        return False  # refused before declarations count
    kept = set(schedule_types(latest.cohort, schedule))
    return any(d.state not in LIVE or d.declaration_type not in kept for d in on_it)
