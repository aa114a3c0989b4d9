"""The lifecycle scenario checks, by name: what ``--checks`` selects and ``--help`` lists.

One small table that the engine's selection (``_selection.check_names``) and the scenario tests
(``scenarios/``) both read, so a name is written once.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ScenarioCheck:
    """One lifecycle check: its name and what its scenarios show."""

    name: str
    summary: str


CHECKS: tuple[ScenarioCheck, ...] = (
    ScenarioCheck(
        "lifecycle-register",
        "a registered ECT and mentor are visible to their provider (also in updated_since polls) "
        "and invisible to another",
    ),
    ScenarioCheck(
        "lifecycle-declarations",
        "declarations started to completed (and extended) for ECTs and mentors, pre-2025 and "
        "2025+, inside and outside the milestone windows, with a travelled server clock",
    ),
    ScenarioCheck(
        "lifecycle-defer-resume",
        "defer, declare while deferred, resume",
    ),
    ScenarioCheck(
        "lifecycle-withdraw-resume",
        "withdraw, declare only before the withdrawal, resume (reinstate)",
    ),
    ScenarioCheck(
        "lifecycle-forbidden",
        "every forbidden training-status transition answers its exact error",
    ),
    ScenarioCheck(
        "lifecycle-change-schedule",
        "change schedule with and without declarations, and the refusals",
    ),
    ScenarioCheck(
        "lifecycle-void",
        "void in every declaration state, paid to awaiting-clawback to clawed-back",
    ),
    ScenarioCheck(
        "lifecycle-partnerships",
        "partnerships created, duplicated and moved to another delivery partner; transfers and "
        "unfunded mentors after school-side events",
    ),
    ScenarioCheck(
        "lifecycle-bad-input",
        "wrong course, unknown or foreign reasons, future and early dates, duplicates, another "
        "provider's records, void of a voided declaration: each refused with its exact error",
    ),
    ScenarioCheck(
        "lifecycle-state-machine",
        "random interleavings of every action, DfE's moves and time passing on a fresh pool of "
        "participants; after every step the API shows what the model predicts, and a "
        "difference is reported as the shortest sequence of requests that shows it",
    ),
    ScenarioCheck(
        "lifecycle-seed",
        "every declaration the provider can see obeys the rules its own creation would have "
        "enforced",
    ),
)

BY_NAME = {check.name: check for check in CHECKS}


def check_names() -> list[str]:
    """Every lifecycle check name, in the catalogue's order."""
    return [check.name for check in CHECKS]
