"""Every lifecycle fault of the sandbox catalogue is caught by a scenario, and the finding names
the broken rule: the rows of ``tests/faults.py`` that name a rule, each fault replayed by one run
of the scenario checks of its rows against a sandbox with the fault switched on (exit 1, each
row's finding with its rule, operation and text in ``summary.json``, ``rule <id>`` on the
console).

There are well over a hundred such runs, so they are made cheaper than one ``--sandbox-fault``
run after another: each run targets a sandbox with the fault that the test starts itself (the
engine's own ``EmbeddedSandbox``, which ``--sandbox-fault`` starts the same way) through
``--base-url`` and the two tokens, and a few runs go side by side, each with its own sandbox and
nothing shared, so that one's start, its scenarios and another's stop overlap. Each test waits
for its own run only; the runs of the tests pytest selected start when the first one asks.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest

from rect_conformance._target import EmbeddedSandbox
from tests.engine.helpers import CliResult, run_cli
from tests.faults import lifecycle_rows

# One run per fault, of the checks of its rows (a scenario may need another's leftovers: the
# seed judge sees the duplicates bad input leaves).
RUNS = sorted(
    (fault, ",".join(sorted({row.check for row in rows})))
    for fault, rows in lifecycle_rows().items()
)
# One more run than cores: a run waits on its sandbox and its subprocess for part of its time.
WORKERS = min(4, (os.cpu_count() or 1) + 1)
TOKEN, SECOND = "RECT_REPLAY_TOKEN", "RECT_REPLAY_SECOND_TOKEN"


def _replay(fault: str, checks: str, report_dir: Path) -> CliResult:
    """``rect-conformance run --checks CHECKS`` against a fresh sandbox with ``fault`` on."""
    sandbox = EmbeddedSandbox(faults=[fault]).start()
    try:
        tokens = {TOKEN: sandbox.tokens[0]["token"], SECOND: sandbox.tokens[1]["token"]}
        target = [
            "--base-url",
            sandbox.base_url,
            "--token-env",
            TOKEN,
            "--second-token-env",
            SECOND,
        ]
        return run_cli([*target, "--checks", checks], report_dir, env=tokens)
    finally:
        sandbox.stop()


@pytest.fixture(scope="module")
def replays(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[tuple[str, str], Future[CliResult]]]:
    """The replays of the selected tests, started in the order pytest runs them."""
    here = Path(__file__)
    chosen = [
        (item.callspec.params["fault"], item.callspec.params["checks"])
        for item in request.session.items
        if item.path == here and hasattr(item, "callspec")
    ]
    folder = tmp_path_factory.mktemp("replays")
    pool = ThreadPoolExecutor(WORKERS, thread_name_prefix="replay")
    futures = {
        (fault, checks): pool.submit(_replay, fault, checks, folder / fault)
        for fault, checks in chosen
    }
    try:
        yield futures
    finally:
        # Runs not started are dropped; the running ones finish and stop their sandboxes.
        pool.shutdown(wait=True, cancel_futures=True)


@pytest.mark.parametrize(("fault", "checks"), RUNS, ids=[fault for fault, _ in RUNS])
def test_the_scenario_catches_the_fault_and_names_the_rule(replays, fault, checks):
    result = replays[(fault, checks)].result()
    assert result.code == 1, result.output
    assert result.summary["verdict"] == "findings"
    findings = result.summary["findings"]
    for row in lifecycle_rows()[fault]:
        named = [
            f
            for f in findings
            if f["check"] == row.check
            and f["operation"] == row.operation
            and f["rule"] == row.rule
            and row.text in f["message"]
        ]
        assert named, (row, findings)
        assert all(f["kind"] == "lifecycle" and f["curl"] for f in named), named
        assert all(row.rule in f["source"] for f in named), named
