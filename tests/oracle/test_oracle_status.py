"""training_status from the stamps and participant_status from the dates (rules §13)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest
from oracle_builders import NOW, PID, at, period
from oracle_builders import person as someone
from oracle_builders import world as small_world

from rect_conformance.oracle import (
    UPDATED_AT,
    TrainingPeriod,
    enrolment,
    latest_period,
    participant_status,
    training_status,
    updated_at_moves,
)
from rect_conformance.oracle._status import participant_status_rule, training_status_rule

STAMP, LATER = at(2025, 10, 1), at(2025, 10, 2)

# name, period, participant changes, now, expected status, the rule that decides it
PARTICIPANT_STATUS = [
    ("active", period(), {}, NOW, "active", "status.participant-active"),
    ("joining", period(start=date(2025, 12, 1)), {}, NOW, "joining", "status.participant-joining"),
    (
        "joining until London midnight (BST)",
        period(start=date(2025, 9, 1)),
        {},
        datetime.fromisoformat("2025-08-31T22:59:59+00:00"),
        "joining",
        "status.participant-joining",
    ),
    (
        "active from London midnight (BST)",
        period(start=date(2025, 9, 1)),
        {},
        datetime.fromisoformat("2025-08-31T23:00:00+00:00"),
        "active",
        "status.participant-active",
    ),
    ("leaving", period(end=date(2025, 12, 20)), {}, NOW, "leaving", "status.participant-end-date"),
    (
        "left on the end date itself",
        period(end=date(2025, 11, 10)),
        {},
        NOW,
        "left",
        "status.participant-end-date",
    ),
    (
        "left after the end date",
        period(end=date(2025, 10, 1)),
        {},
        NOW,
        "left",
        "status.participant-end-date",
    ),
    (
        "withdrawn is left, never withdrawn",
        period(withdrawn_at=STAMP, end=date(2025, 10, 1)),
        {},
        NOW,
        "left",
        "status.participant-stopped",
    ),
    (
        "deferred with a future end is leaving",
        period(deferred_at=STAMP, end=date(2026, 1, 1)),
        {},
        NOW,
        "leaving",
        "status.participant-stopped",
    ),
    (
        "withdrawn wins over completed induction",
        period(withdrawn_at=STAMP, end=date(2025, 10, 1)),
        {"induction_end_date": date(2025, 9, 30)},
        NOW,
        "left",
        "status.participant-stopped",
    ),
    (
        "induction completed before the period ended",
        period(end=date(2025, 10, 1)),
        {"induction_end_date": date(2025, 9, 30)},
        NOW,
        "active",
        "status.participant-completed",
    ),
    (
        "induction completed after the period ended",
        period(end=date(2025, 10, 1)),
        {"induction_end_date": date(2025, 10, 2)},
        NOW,
        "left",
        "status.participant-end-date",
    ),
    (
        "mentor training complete",
        period(role="mentor", end=date(2025, 11, 1)),
        {"mentor_funding_end_date": date(2025, 11, 1)},
        NOW,
        "active",
        "status.participant-completed",
    ),
]

TRAINING_STATUS = [
    ("active", period(), "active", "status.training-active"),
    ("withdrawn", period(withdrawn_at=STAMP), "withdrawn", "status.training-latest-stamp"),
    ("deferred", period(deferred_at=STAMP), "deferred", "status.training-latest-stamp"),
    (
        "deferred then withdrawn",
        period(deferred_at=STAMP, withdrawn_at=LATER),
        "withdrawn",
        "status.training-latest-stamp",
    ),
    (
        "withdrawn then deferred",
        period(withdrawn_at=STAMP, deferred_at=LATER),
        "deferred",
        "status.training-latest-stamp",
    ),
    (
        "a tie shows withdrawn",
        period(withdrawn_at=STAMP, deferred_at=STAMP),
        "withdrawn",
        "status.training-latest-stamp",
    ),
]

EXERCISED = (
    {row[-1] for row in PARTICIPANT_STATUS}
    | {row[-1] for row in TRAINING_STATUS}
    | {"updated-at.participant-not-on-time"}
)


@pytest.mark.parametrize(
    ("name", "tp", "changes", "now", "expected", "rule"),
    PARTICIPANT_STATUS,
    ids=[row[0] for row in PARTICIPANT_STATUS],
)
def test_participant_status_from_dates(
    name: str, tp: TrainingPeriod, changes: dict, now: datetime, expected: str, rule: str
) -> None:
    person = someone(tp, **changes)
    assert participant_status_rule(person, tp, now) == (expected, rule)
    assert participant_status(person, tp, now) != "withdrawn"


@pytest.mark.parametrize(
    ("name", "tp", "expected", "rule"), TRAINING_STATUS, ids=[row[0] for row in TRAINING_STATUS]
)
def test_training_status_from_stamps(name: str, tp: TrainingPeriod, expected: str, rule: str):
    assert training_status_rule(tp) == (expected, rule)
    assert training_status(tp) == expected


def test_the_latest_period_of_ours_decides_and_future_ones_count() -> None:
    old = period(id="old", start=date(2024, 9, 1), end=date(2025, 8, 31), withdrawn_at=STAMP)
    new = period(id="new", start=date(2026, 1, 5))
    theirs = period(id="theirs", start=date(2026, 3, 1), ours=False)
    person = someone(old, new, theirs)
    assert latest_period(person, "ect") == new
    assert latest_period(person, "mentor") is None
    shown = enrolment(small_world(person), PID, "ect", NOW)
    assert shown is not None and (shown.training_status, shown.participant_status) == (
        "active",
        "joining",
    )


def test_status_moves_with_the_date_but_updated_at_does_not() -> None:
    world = small_world(someone(period(start=date(2025, 12, 1))))
    before = enrolment(world, PID, "ect", NOW)
    after = enrolment(world, PID, "ect", at(2025, 12, 1))
    assert before is not None and after is not None
    assert (before.participant_status, after.participant_status) == ("joining", "active")
    assert not updated_at_moves("participant", "time-passes")


def test_updated_at_table_answers_every_row_and_refuses_the_unknown() -> None:
    for row in UPDATED_AT:
        assert updated_at_moves(row.resource, row.event) is row.moves
    with pytest.raises(KeyError):
        updated_at_moves("statement", "declare")


def test_enrolment_is_none_without_a_period_in_that_role() -> None:
    assert enrolment(small_world(), PID, "mentor", NOW) is None
    assert enrolment(small_world(), "nobody", "ect", NOW) is None


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        enrolment(small_world(), PID, "ect", datetime(2025, 11, 10))


def test_a_world_keeps_its_participants_in_order_and_renames_only_what_exists() -> None:
    first, second = someone(period()), someone(period(), id="p-2")
    world = small_world(first, second)
    after = world.put(replace(second, eligible_roles=frozenset({"ect"})))
    assert [p.id for p in after.participants] == [PID, "p-2"]
    assert [p.id for p in after.put(someone(id="p-3")).participants] == [PID, "p-2", "p-3"]
    with pytest.raises(KeyError):
        world.rename_declaration("nope", "other")
