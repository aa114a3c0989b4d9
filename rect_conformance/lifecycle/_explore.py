"""Running the lifecycle state machine inside a run: hypothesis settings sized for the default
run, deterministic unless the run gives ``--seed``, no example database, and the outcome as
findings (the shortest failing sequence, as the requests that reproduce it).

Shrinking replays examples against a live target; each example registers fresh participants, so
a replay does not depend on what earlier examples left behind (only statements carry over, and
the requests name declarations, not statements). Replays after the first failure are bounded
(``shrink_replays``): past that, the shortest failure seen is reported.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from hypothesis import HealthCheck, Phase, Verbosity, settings
from hypothesis import seed as fixed_seed
from hypothesis.errors import Flaky
from hypothesis.stateful import run_state_machine_as_test

from rect_conformance._deviations import known
from rect_conformance.lifecycle._bench import Bench
from rect_conformance.lifecycle._machine import LifecycleMachine
from rect_conformance.lifecycle._reads import ReadFailed, read_all
from rect_conformance.lifecycle._scenario import NotRun
from rect_conformance.lifecycle._stepping import StepFailed
from rect_conformance.lifecycle._world import partnerships_from

if TYPE_CHECKING:
    from rect_conformance.findings import Finding
    from rect_conformance.lifecycle._scenario import Scenario
    from rect_conformance.lifecycle._sequence import Failure

log = logging.getLogger(__name__)
COHORTS = (2024, 2025)  # the pool's cohorts: one before the 2025 rules, one under them


@dataclass(frozen=True)
class Sizing:
    """How much the state machine explores: examples, steps per example, and replays of a
    failure while shrinking it. The defaults keep it to a few seconds (about two thousand
    requests) on the embedded sandbox; ``bench/bench_state_machine.py`` measures them."""

    examples: int = 60
    steps: int = 20
    shrink_replays: int = 100


@dataclass
class Exploration:
    """What the state machine did: examples run, participants registered, the shortest failure
    (``None`` when every step matched the model) and the findings to report."""

    examples: int
    participants: list[str]
    failure: Failure | None
    findings: list[Finding] = field(default_factory=list)


def _bench(scenario: Scenario) -> Bench:
    client = scenario.client
    try:
        statements = read_all(client, "statements")
        partnerships = read_all(client, "partnerships")
    except ReadFailed as failed:
        raise NotRun(f"the lists the oracle needs could not be read: {failed}") from None
    pairs = partnerships_from(partnerships)
    schools: dict[tuple[int, str], str] = {}
    for year in COHORTS:
        others = tuple(y for y in COHORTS if y != year)
        shared = scenario.school(year, also_in=others)
        lone = sorted(s for s, y in pairs if y == year and all((s, o) not in pairs for o in others))
        schools[(year, "shared")] = shared
        schools[(year, "lone")] = lone[0] if lone else shared
    used = set(schools.values())
    elsewhere = sorted({s for s, _ in pairs} - used) or sorted(used)
    deviations = scenario.run.deviations
    return Bench(
        client,
        scenario.run.contract,
        scenario.ledger,
        scenario.driver.check,
        statements,
        partnerships,
        schools,
        elsewhere[0],
        lambda finding: known(deviations, finding) is not None,
    )


def _planned(scenario: Scenario) -> Sizing:
    # Under a budget the run's request plan says how many examples the machine may run.
    plan = scenario.run.plan
    given = plan.generation(scenario.record.nodeid) if plan is not None else None
    return Sizing(examples=given.examples) if given is not None else Sizing()


def explore(scenario: Scenario, *, seed: int | None, sizing: Sizing | None = None) -> Exploration:
    """Run the state machine for ``scenario`` (a target with test support), with ``sizing`` or
    else as many examples as the run's request plan gives it; raises
    :class:`NotRun` when it cannot, and the run's own error when the budget is spent or the
    target fails on the way."""
    scenario.needs_test_support("the state machine, which registers fresh participants")
    size = sizing or _planned(scenario)
    bench = _bench(scenario)
    options = settings(
        max_examples=size.examples,
        stateful_step_count=size.steps,
        deadline=None,
        database=None,
        derandomize=seed is None,
        phases=[Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
        print_blob=False,
        verbosity=Verbosity.quiet,
    )

    class Machine(LifecycleMachine):
        """The state machine on this run's bench (hypothesis makes one per example)."""

        def __init__(self) -> None:
            super().__init__(bench, size.shrink_replays)

    factory = fixed_seed(seed)(Machine) if seed is not None else Machine
    moved = dict(scenario.ledger.statement_status)
    scenario.client.listeners.append(bench.listen)
    try:
        run_state_machine_as_test(factory, settings=options)
    except StepFailed:
        pass  # the shortest failure is on the bench
    except Flaky as flaky:
        if bench.failure is None and bench.stopped is not None:
            raise bench.stopped from flaky  # the budget ran out in the middle of an example
        if bench.failure is None:
            raise
        # A replay did not fail as before: the target changed under the machine (a statement
        # another example paid). The shortest failure that was seen is still real.
        log.info("state machine: shrinking stopped on a flaky replay: %s", flaky)
    finally:
        scenario.client.listeners.remove(bench.listen)
    scenario.record.participants.extend(bench.participants)
    if scenario.ledger.statement_status != moved:
        # Paying a statement moves every declaration on it, seed ones too: the seed the run
        # read before is out of date for the scenarios after this one.
        scenario.ledger.cache.pop("seed", None)
    if bench.stopped is not None and bench.failure is None:
        raise bench.stopped
    # (a failure found before the budget ran out while shrinking it is reported as it stands)
    findings = list(bench.noted.values())
    if bench.failure is not None:
        findings.append(bench.failure.finding(bench.check))
    return Exploration(bench.examples, bench.participants, bench.failure, findings)
