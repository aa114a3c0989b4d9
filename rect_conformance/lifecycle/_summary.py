"""The lifecycle part of ``summary.json`` and ``summary.md``: the state x action matrix, each
scenario with its result and requests, and what was (or could not be) undone.

Shape of ``summary_section`` (the report renders it)::

    {"matrix": [{"subject", "state", "action", "result", "reason", "rules", "steps"}],
     "scenarios": [{"name", "check", "result", "reason", "requests", "participants"}],
     "undone": [str], "not_undone": [{"what", "why"}]}
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rect_conformance.lifecycle._ledger import (
    FAILED,
    NOT_RUN,
    PASSED,
    Ledger,
    ScenarioRecord,
    StepRecord,
)
from rect_conformance.lifecycle._step import (
    DECLARATION_ACTIONS,
    DECLARATION_STATES,
    PARTICIPANT_ACTIONS,
    PARTICIPANT_STATES,
)

if TYPE_CHECKING:
    from rect_conformance._run import Run

NO_STEP = "no scenario step of this run reached this cell"


def _grid() -> list[tuple[str, str, str]]:
    cells = [("participant", s, a) for s in PARTICIPANT_STATES for a in PARTICIPANT_ACTIONS]
    cells += [("declaration", s, a) for s in DECLARATION_STATES for a in DECLARATION_ACTIONS]
    return cells


def _cell(subject: str, state: str, action: str, steps: list[StepRecord]) -> dict[str, Any]:
    results = {step.result for step in steps}
    rules = sorted({rule for step in steps if step.result == FAILED for rule in step.rules})
    reason = None
    if not steps:
        result, reason = NOT_RUN, NO_STEP
    elif FAILED in results:
        result = FAILED
    elif PASSED in results:
        result = PASSED
    else:
        result = NOT_RUN
        reason = "; ".join(dict.fromkeys(step.reason or "" for step in steps)) or None
    return {
        "subject": subject,
        "state": state,
        "action": action,
        "result": result,
        "reason": reason,
        "rules": rules,
        "steps": len(steps),
    }


def matrix(steps: Iterable[StepRecord]) -> list[dict[str, Any]]:
    """Every cell of the grid, with the steps that reached it; cells outside the grid that a
    step reached (an ``unknown`` state) come last."""
    by_cell: dict[tuple[str, str, str], list[StepRecord]] = {}
    for step in steps:
        by_cell.setdefault((step.subject, step.state, step.action), []).append(step)
    grid = _grid()
    extra = [cell for cell in by_cell if cell not in grid]
    return [_cell(*cell, by_cell.get(cell, [])) for cell in [*grid, *extra]]


def _scenario_result(run: Run, record: ScenarioRecord) -> tuple[str, str | None]:
    if not record.nodeid:
        return record.result, record.reason
    outcome = run.outcomes.get(record.nodeid)
    if outcome is None:
        return NOT_RUN, "the test did not run"
    if outcome["outcome"] == "passed":
        return PASSED, None
    if outcome["outcome"] == "skipped":
        reason = str(outcome.get("reason") or "")
        return NOT_RUN, reason.removeprefix("Skipped: ").removeprefix("not run: ") or None
    return FAILED, None


def summary_section(run: Run) -> dict[str, Any] | None:
    """The ``lifecycle`` entry of ``summary.json``; ``None`` when no scenario ran."""
    ledger = run.lifecycle
    if not isinstance(ledger, Ledger):
        return None
    scenarios = []
    for record in ledger.scenarios:
        result, reason = _scenario_result(run, record)
        scenarios.append(
            {
                "name": record.name,
                "check": record.check,
                "result": result,
                "reason": reason,
                "requests": record.requests,
                "participants": list(dict.fromkeys(record.participants)),
            }
        )
    return {
        "matrix": matrix(ledger.steps),
        "scenarios": scenarios,
        "undone": list(ledger.undone),
        "not_undone": list(ledger.not_undone),
    }
