"""Small worlds for the oracle's tests, and the case record every table-driven test uses.

Each test module lists its cases in tables; ``test_rules.py`` collects the rule ids those
tables expect, so a rule no case exercises is caught there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from rect_conformance.oracle import (
    Declaration,
    Outcome,
    Participant,
    Statement,
    TrainingPeriod,
    World,
)

NOW = datetime(2025, 11, 10, 12, 0, tzinfo=UTC)  # a Monday in GMT: London date == UTC date
TODAY = date(2025, 11, 10)
PID = "p-1"
ECT, MENTOR = "ecf-induction", "ecf-mentor"


def at(
    year: int, month: int, day: int, hour: int = 12, minute: int = 0, second: int = 0
) -> datetime:
    """An aware UTC instant."""
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def period(
    role: str = "ect",
    cohort: int = 2025,
    schedule: str = "ecf-standard-september",
    start: date = date(2025, 9, 1),
    **changes: object,
) -> TrainingPeriod:
    """A training period of ours, by default an ECT's 2025 standard-september one."""
    base = TrainingPeriod(f"{PID}/{role}/1", role, cohort, schedule, start)  # type: ignore[arg-type]
    return replace(base, **changes)  # type: ignore[arg-type]


def person(*periods: TrainingPeriod, **changes: object) -> Participant:
    """The participant ``PID`` with these periods (one default ECT period when none)."""
    base = Participant(PID, periods or (period(),))
    return replace(base, **changes)  # type: ignore[arg-type]


OCT_1 = at(2025, 10, 1)


def declaration(
    kind: str = "started",
    when: datetime = OCT_1,
    state: str = "eligible",
    role: str = "ect",
    cohort: int = 2025,
    **changes: object,
) -> Declaration:
    """A declaration of ours on the default period, on statement ``s-2025`` unless submitted."""
    statement = None if state in ("submitted",) else "s-2025"
    base = Declaration(
        id=f"d-{kind}-{state}",
        role=role,  # type: ignore[arg-type]
        declaration_type=kind,
        declaration_date=when,
        state=state,
        cohort=cohort,
        period_id=f"{PID}/{role}/1",
        statement_id=statement,
        evidence_held="training-event-attended",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


STATEMENTS = (
    Statement("s-2025", 2025, date(2025, 11, 30)),
    Statement("s-2025-later", 2025, date(2026, 1, 31)),
    Statement("s-2024", 2024, date(2025, 11, 30)),
    Statement("s-2023", 2023, date(2025, 11, 30)),
)
PARTNERSHIPS = frozenset({("school", 2023), ("school", 2024), ("school", 2025)})


def world(*people: Participant, statements: tuple[Statement, ...] = STATEMENTS) -> World:
    """A world of these participants (the default one when none), statements and partnerships."""
    return World(people or (person(),), statements, PARTNERSHIPS)


@dataclass(frozen=True)
class Case:
    """One table row: a prediction to run and what it must say.

    ``rules`` must all appear in the outcome's rules; ``errors`` (when given) must equal the
    outcome's errors exactly, as (title, detail) pairs in order.
    """

    name: str
    run: Callable[[], Outcome]
    status: int
    rules: tuple[str, ...]
    errors: tuple[tuple[str, str], ...] | None = None


def check(case: Case) -> Outcome:
    """Run ``case`` and assert what it promises; returns the outcome for further checks."""
    outcome = case.run()
    assert outcome.status == case.status, (case.name, outcome.status, outcome.errors)
    missing = [r for r in case.rules if r not in outcome.rules]
    assert not missing, (case.name, missing, outcome.rules)
    if case.errors is not None:
        got = tuple((e.title, e.detail) for e in outcome.errors)
        assert got == case.errors, (case.name, got)
    if outcome.accepted:
        assert outcome.errors == ()
    else:
        assert outcome.touched == frozenset()
    return outcome


def exercised(cases: list[Case]) -> set[str]:
    """The rule ids a table of cases promises to exercise."""
    return {rule for case in cases for rule in case.rules}
