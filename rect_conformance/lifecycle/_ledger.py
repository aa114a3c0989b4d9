"""What the lifecycle scenarios of one run did: the steps (for the state x action matrix), the
scenarios with their requests and participants, the changes made to records the run does not
own and how each is undone, and the DfE-side statement moves made through test support.

One :class:`Ledger` per run, kept on the run (``Run.lifecycle``) so that the summary can read it
after the session; the drivers of all scenarios write to it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rect_conformance._run import Run

PASSED, FAILED, NOT_RUN = "passed", "failed", "not run"


@dataclass(frozen=True)
class StepRecord:
    """One step as the matrix counts it."""

    scenario: str
    subject: str  # participant | declaration
    state: str
    action: str
    result: str
    reason: str | None = None
    rules: tuple[str, ...] = ()


@dataclass
class ScenarioRecord:
    """One scenario test: its check, result, requests spent and participants used."""

    name: str
    check: str
    result: str = NOT_RUN
    reason: str | None = None
    requests: int = 0
    participants: list[str] = field(default_factory=list)
    nodeid: str = ""  # the test, whose outcome decides the result


@dataclass
class Change:
    """A change to a record the run does not own, and how to take it back.

    ``undo`` returns ``None`` when it restored the record, or the reason it could not; a
    change with no ``undo`` cannot be taken back (``why_not`` says why).
    """

    what: str
    undo: Callable[[], str | None] | None = None
    why_not: str = ""
    done: bool = False
    key: tuple[str, str] | None = None  # what a later step of the run may undo it by


@dataclass
class Ledger:
    """Everything the lifecycle scenarios of one run recorded."""

    steps: list[StepRecord] = field(default_factory=list)
    scenarios: list[ScenarioRecord] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    undone: list[str] = field(default_factory=list)
    not_undone: list[dict[str, str]] = field(default_factory=list)
    claimed: dict[str, str] = field(default_factory=dict)  # participant id -> scenario
    shared: set[str] = field(default_factory=set)  # claimed only for refusals, so shareable
    statement_status: dict[str, str] = field(default_factory=dict)  # moved by test support
    documented: set[str] = field(default_factory=set)  # claims reported as mismatches already
    cache: dict[str, Any] = field(default_factory=dict)  # reads shared by scenarios
    finished: bool = False

    def record(self, step: StepRecord) -> None:
        """Count one step in the matrix."""
        self.steps.append(step)

    def change(self, change: Change) -> Change:
        """Note a change to someone else's record (undone at the end of the run)."""
        self.changes.append(change)
        return change

    def undo_all(self) -> None:
        """Undo every change not yet undone, newest first; what cannot be is listed."""
        for change in reversed(self.changes):
            if change.done:
                continue
            change.done = True
            if change.undo is None:
                self.not_undone.append({"what": change.what, "why": change.why_not})
                continue
            why = change.undo()
            if why is None:
                self.undone.append(change.what)
            else:
                self.not_undone.append({"what": change.what, "why": why})
        self.finished = True


def ledger_of(run: Run) -> Ledger:
    """The run's ledger, made on first use."""
    if not isinstance(run.lifecycle, Ledger):
        run.lifecycle = Ledger()
    return run.lifecycle
