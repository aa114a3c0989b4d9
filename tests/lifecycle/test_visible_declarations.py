"""Which of a person's declarations a provider lists (rules §2.2): its own, and another
provider's that are billable and dated no later than the end of its own latest training."""

from __future__ import annotations

from datetime import UTC, date, datetime

from rect_conformance.lifecycle._declaring import visible_declarations
from rect_conformance.oracle import Declaration, Participant, TrainingPeriod


def _declared(name: str, state: str, day: date, ours: bool = False) -> Declaration:
    when = datetime(day.year, day.month, day.day, 10, tzinfo=UTC)
    return Declaration(name, "ect", "started", when, state, 2025, ours=ours)


def _person(end: date | None, *declarations: Declaration) -> Participant:
    theirs = TrainingPeriod(
        "t", "ect", 2025, "ecf-standard-september", date(2025, 9, 1), ours=False
    )
    mine = TrainingPeriod("m", "ect", 2025, "ecf-standard-september", date(2025, 11, 1), end=end)
    return Participant("p", (theirs, mine), declarations)


def test_own_declarations_are_listed_in_any_state():
    person = _person(None, _declared("own", "voided", date(2025, 10, 1), ours=True))
    assert visible_declarations(person) == ["own"]


def test_another_providers_billable_declarations_are_listed_while_the_training_is_open():
    person = _person(
        None,
        _declared("billable", "submitted", date(2025, 10, 1)),
        _declared("voided", "voided", date(2025, 10, 2)),
        _declared("clawing", "awaiting-clawback", date(2025, 10, 3)),
    )
    assert visible_declarations(person) == ["billable"]


def test_another_providers_declarations_after_the_training_ended_are_not_listed():
    person = _person(
        date(2025, 12, 31),
        _declared("before", "paid", date(2025, 12, 31)),
        _declared("after", "eligible", date(2026, 1, 1)),
    )
    assert visible_declarations(person) == ["before"]
