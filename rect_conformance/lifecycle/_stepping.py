"""The machinery under the lifecycle state machine's rules (``_machine``): one example's
driver and model clock, where each step's requests begin, which requests would tell nothing new,
and the invariant that every step was answered as the oracle predicted.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import UTC, date, datetime, timedelta
from typing import TypeVar

from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant

from rect_conformance._errors import ConformanceError
from rect_conformance._owned import NotRegistered
from rect_conformance.lifecycle._bench import Bench
from rect_conformance.lifecycle._choices import Declared, Member
from rect_conformance.lifecycle._driver import Driver
from rect_conformance.lifecycle._scenario import NotRun
from rect_conformance.lifecycle._sequence import Failure
from rect_conformance.oracle import World, london_date

T = TypeVar("T")
FIRST_START = datetime(2025, 9, 20, 9, tzinfo=UTC)
TICK = timedelta(minutes=1)  # between two requests, so that their instants are ordered
# Statements the machine leaves alone, by cohort (deadlines from, before): lifecycle-void pays
# the 2025 statements of July and October 2027, and needs them open.
RESERVED = {2025: (date(2027, 6, 1), date(2027, 11, 1))}


# The pool: every rule that acts on a participant draws one from here.
participants: Bundle[Member] = Bundle("participants")


class StepFailed(Exception):
    """A step's answer differed from the model's prediction (``failure`` says how)."""

    def __init__(self, failure: Failure) -> None:
        super().__init__(failure.findings[0].message)
        self.failure = failure


class Stepping(RuleBasedStateMachine):
    """One example's driver, clock, pool and bookkeeping (the rules are in ``_others`` and
    ``_machine``)."""

    def __init__(self, bench: Bench, shrink_replays: int) -> None:
        super().__init__()
        self.bench = bench
        if bench.failure is not None:
            bench.since_failure += 1
            if bench.since_failure > shrink_replays:
                # Enough replays against a live target: hand hypothesis the shortest failure
                # seen, so that it settles without sending more requests.
                raise StepFailed(bench.failure)
        self.clock = self.start = FIRST_START
        self.driver = Driver(
            bench.client, bench.contract, World(), bench.check, ledger=bench.ledger
        )
        self.marks: list[int] = []  # for each driver step, where its requests begin
        self.judged = 0
        self.tried: set[Hashable] = set()
        self.members: list[Member] = []
        # Every declaration asked for, accepted or not, so that what rules pick from never
        # depends on the target's answers (a bundle would, and so would the rules' order).
        self.declared: list[Declared] = []

    # -- the machinery -------------------------------------------------------------------------
    def _now(self) -> datetime:
        now = self.clock
        self.clock += TICK
        return now

    def _act(self, act: Callable[[], T]) -> T | None:
        """Run one driver call, noting where its requests begin; stop exploring on a spent
        budget or a failing target."""
        if self.bench.stopped is not None:
            return None
        first, mark = len(self.driver.steps), len(self.bench.exchanges)
        try:
            return act()
        except ConformanceError as error:
            self.bench.stop(error)
            return None
        except NotRegistered as refused:
            self.bench.stop(NotRun(str(refused)))
            return None
        finally:
            self.marks += [mark] * (len(self.driver.steps) - first)

    def _pick(self, index: int, among: list[Declared] | None = None) -> Declared | None:
        """The declaration ``index`` places back from the latest of ``among`` (default: every
        one asked for), wrapping round; ``None`` when there is none."""
        chosen = self.declared if among is None else among
        return chosen[-1 - index % len(chosen)] if chosen else None

    def _made(self) -> list[Declared]:
        """The declarations the target made (and the model knows)."""
        return [d for d in self.declared if d.id is not None]

    def _fresh(self, participant_id: str, *request: Hashable) -> bool:
        """Whether a request would tell anything new: the same request about a participant
        the model shows unchanged, on the same day, was answered already in this example."""
        key = (request, self.driver.world.participant(participant_id), london_date(self.clock))
        if key in self.tried:
            return False
        self.tried.add(key)
        return True

    def _model_declaration(self, declared: Declared) -> tuple[str, str | None, str | None]:
        found = self.driver.world.declaration(declared.id) if declared.id else None
        if found is None:
            return "unknown", None, None
        return found[1].state, found[1].statement_id, found[1].clawback_statement_id

    def _movable(self, statement_id: str | None) -> bool:
        statement = next((s for s in self.driver.world.statements if s.id == statement_id), None)
        if statement is None:
            return False
        start, end = RESERVED.get(statement.cohort, (date.max, date.max))
        return not start <= statement.deadline < end

    # -- the invariant -------------------------------------------------------------------------
    @invariant()
    def api_shows_what_the_model_predicts(self) -> None:
        """Every step since the last check was answered as the oracle predicted."""
        steps, exchanges = self.driver.steps, self.bench.exchanges
        while self.judged < len(steps):
            index = self.judged
            self.judged += 1
            failing = []
            for finding in steps[index].findings:
                if finding.fails_run and not self.bench.known(finding):
                    failing.append(finding)
                else:
                    self.bench.note(finding)
            if failing:
                start = self.marks[index]
                end = self.marks[index + 1] if index + 1 < len(self.marks) else len(exchanges)
                earlier = [e for e in exchanges[:start] if e.method != "GET"]
                failure = Failure([*earlier, *exchanges[start:end]], index + 1, failing)
                self.bench.keep(failure)
                raise StepFailed(failure)
