"""One step of a lifecycle: the request the driver sent, what the oracle predicted, and how
they compared. Steps are what the driver returns, what the ledger counts in the matrix, and
what a scenario or a state machine reads to decide what to do next.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from rect_conformance.lifecycle._compare import Mismatch
from rect_conformance.lifecycle._ledger import FAILED, NOT_RUN, PASSED
from rect_conformance.oracle import STATES

if TYPE_CHECKING:
    import httpx

    from rect_conformance.findings import Finding
    from rect_conformance.oracle import Outcome

# The actions the matrix counts, by subject (issue 8: state x action).
PARTICIPANT_ACTIONS = (
    "withdraw",
    "defer",
    "resume",
    "change-schedule",
    "declare-started",
    "declare-retained",
    "declare-completed",
    "declare-extended",
)
PARTICIPANT_STATES = ("active", "joining", "deferred", "withdrawn")
DECLARATION_STATES = STATES  # the declaration state machine's (rules §16.11)
DECLARATION_ACTIONS = ("void",)


def declare_action(declaration_type: str | None) -> str:
    """The matrix column of a declaration of this type: its family."""
    kind = str(declaration_type or "")
    for family in ("retained", "extended"):
        if kind.startswith(family):
            return f"declare-{family}"
    return f"declare-{kind}" if kind in ("started", "completed") else "declare-started"


@dataclass
class Step:
    """One request and its judgement.

    ``state`` is the subject's state before the request (the matrix row), ``action`` the
    matrix column (or what else was done: ``observe``, ``dfe-payable``...). ``not_run`` holds
    the reason when the step could not be judged (the oracle cannot predict it, or the answer
    depends on a fact the API does not show).
    """

    action: str
    subject: str
    subject_id: str
    state: str
    operation: str
    now: datetime
    outcome: Outcome | None = None
    response: httpx.Response | None = None
    mismatches: list[Mismatch] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    not_run: str | None = None

    @property
    def result(self) -> str:
        """passed, failed or not run."""
        if self.not_run is not None:
            return NOT_RUN
        return FAILED if any(f.fails_run for f in self.findings) else PASSED

    @property
    def status(self) -> int | None:
        """The status the target answered (``None`` when nothing was sent)."""
        return None if self.response is None else self.response.status_code

    @property
    def accepted(self) -> bool:
        """Whether the target answered 200."""
        return self.status == 200

    @property
    def data(self) -> dict[str, Any]:
        """The ``data`` object of the answer (empty when there is none)."""
        if self.response is None:
            return {}
        try:
            body = self.response.json()
        except ValueError:
            return {}
        data = body.get("data") if isinstance(body, dict) else None
        return data if isinstance(data, dict) else {}

    @property
    def broken_rules(self) -> tuple[str, ...]:
        """The rules the failing findings of this step name."""
        return tuple(dict.fromkeys(f.rule for f in self.findings if f.fails_run and f.rule))
