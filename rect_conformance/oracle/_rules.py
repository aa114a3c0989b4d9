"""The lifecycle rules as one table, and the refusals built from it.

The rows live in ``_rules_participants`` and ``_rules_declarations`` (split only for length);
here they become one table keyed by id. Predictions name rules only by id (``Refusals.add``,
``Outcome.rules``); every message comes from the table. ``tests/oracle/test_rules.py`` audits
it both ways: every id a prediction uses is in it, and every row is exercised by a test case.
"""

from __future__ import annotations

from typing import Any

from rect_conformance.oracle._model import ApiError, Outcome, World
from rect_conformance.oracle._rule import Rule
from rect_conformance.oracle._rules_declarations import ROWS as DECLARATION_ROWS
from rect_conformance.oracle._rules_participants import ROWS as PARTICIPANT_ROWS


def _table() -> dict[str, Rule]:
    table: dict[str, Rule] = {}
    for rule in (*PARTICIPANT_ROWS, *DECLARATION_ROWS):
        if rule.id in table:
            raise ValueError(f"rule id {rule.id} appears twice")
        table[rule.id] = rule
    return table


RULES: dict[str, Rule] = _table()


class Refusals:
    """The failed rules of one request, rendered the way the server renders them.

    The server groups errors by title in the order each title first failed, keeps messages in
    the order they were added, and drops a repeated message under one title (rules §4.1, §4.2).
    """

    def __init__(self) -> None:
        self._failed: list[tuple[str, ApiError]] = []

    def add(self, rule_id: str, **values: Any) -> None:
        """Record that rule ``rule_id`` failed."""
        self._failed.append((rule_id, RULES[rule_id].error(**values)))

    def any(self, *titles: str) -> bool:
        """Whether an error with one of ``titles`` exists (any error when none are given)."""
        return any(not titles or e.title in titles for _, e in self._failed)

    def __bool__(self) -> bool:
        return bool(self._failed)

    def outcome(self, world: World, extra_rules: tuple[str, ...] = ()) -> Outcome:
        """The refusal: status of the first failed rule, errors grouped as the server does."""
        grouped: dict[str, list[ApiError]] = {}
        for _, error in self._failed:
            kept = grouped.setdefault(error.title, [])
            if error not in kept:
                kept.append(error)
        errors = tuple(e for group in grouped.values() for e in group)
        status = RULES[self._failed[0][0]].status or 422
        rules = tuple(dict.fromkeys((*(r for r, _ in self._failed), *extra_rules)))
        return Outcome(status, errors, rules, world)


def refuse(world: World, rule_id: str, **values: Any) -> Outcome:
    """A refusal by one rule."""
    refusals = Refusals()
    refusals.add(rule_id, **values)
    return refusals.outcome(world)
