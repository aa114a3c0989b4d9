"""What the state machine's examples share within one run: the run's client and ledger, the
provider's statements and partnerships (read once), the requests of the current example, the
shortest failure seen so far, and why exploring stopped early (a spent budget, a failing
target, test support refusing a registration).

Every example starts a fresh model from here; only the statements carry over from one example
to the next, as the target keeps them (a statement the machine paid stays paid), which the
ledger's statement moves tell.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from rect_conformance.lifecycle._answers import stamp
from rect_conformance.lifecycle._sequence import Exchange, Failure
from rect_conformance.lifecycle._world import partnerships_from, statements_from
from rect_conformance.oracle import World

if TYPE_CHECKING:
    from rect_conformance._client import Client
    from rect_conformance._contract import Contract
    from rect_conformance.findings import Finding
    from rect_conformance.lifecycle._ledger import Ledger


@dataclass
class Bench:
    """The shared part of every example (see the module doc)."""

    client: Client
    contract: Contract
    ledger: Ledger
    check: str
    statements: list[dict[str, Any]]
    partnerships: list[dict[str, Any]]
    # (cohort, "shared" | "lone"): a school partnered in both pool cohorts, or in this one only
    schools: dict[tuple[int, str], str]
    elsewhere: str  # a school the pool never registers at (where leavers go)
    known: Callable[[Finding], bool]  # a finding the run lists as a known deviation
    exchanges: list[Exchange] = field(default_factory=list)  # of the current example
    noted: dict[tuple[str, str], Finding] = field(default_factory=dict)  # reported, not failing
    participants: list[str] = field(default_factory=list)
    failure: Failure | None = None
    stopped: BaseException | None = None
    examples: int = 0
    since_failure: int = 0

    def listen(self, entry: dict[str, Any]) -> None:
        """The client's listener: keep every exchange of the current example."""
        self.exchanges.append(Exchange.of(entry))

    def world(self, today: date) -> World:
        """The provider's statements (as the run has moved them) and partnerships, no
        participants: where each example starts."""
        statements = statements_from(self.statements, today, self.ledger.statement_status)
        return World((), statements, partnerships_from(self.partnerships))

    def note(self, finding: Finding) -> None:
        """A finding that does not fail the state machine (a documentation mismatch, a known
        deviation of the spec): reported once at the end."""
        self.noted.setdefault((finding.operation, finding.message), finding)

    def keep(self, failure: Failure) -> None:
        """Remember ``failure`` if it is the shortest seen so far."""
        if self.failure is None or failure.size < self.failure.size:
            self.failure = failure

    def stop(self, reason: BaseException) -> None:
        """Stop exploring (the first reason wins); the caller raises it once hypothesis ends."""
        if self.stopped is None:
            self.stopped = reason
            self.client.journal.event(f"state machine stopped: {reason}")

    def started(self, now: datetime) -> None:
        """A new example begins at ``now`` on the model clock."""
        self.examples += 1
        self.exchanges.clear()
        self.client.journal.event(f"state machine example {self.examples} at {stamp(now)}")
