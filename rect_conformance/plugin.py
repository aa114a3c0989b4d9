"""The pytest plugin of the suite: ``--rect-*`` options, the run's fixtures, and the summary.

Loaded by the project's root ``conftest.py``. Nothing is started until a test asks for a
``rect_*`` fixture (the project's own tests load the plugin too and never start a run). The run
is opened once per session (target, client, contract; see ``_run``), or handed over by the CLI
with :func:`use_run`, which then closes it itself.

Fixtures: ``rect_target``, ``rect_client``, ``rect_contract``, ``rect_context`` (session) and
``rect_findings`` (per test, ``.report(findings)``). A test whose request hits the budget is
skipped with "request budget spent"; a target that fails mid-run stops the session.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from rect_conformance._errors import BudgetExhausted, ConformanceError, TargetError
from rect_conformance._run import (
    EMBEDDED,
    Record,
    Run,
    Settings,
    open_run,
    selected_operations,
)
from rect_conformance.findings import ALLURE_SEVERITY, Finding

_STATE: dict[str, Any] = {"run": None, "preset": False, "config": None}
OPERATION_PARAMS = ("rect_operation_id", "operation_id")
MARKERS = {
    "writes": "sends write requests (skipped where writes are not allowed)",
    "lifecycle": "walks a participant or declaration lifecycle",
    "release_note": "checks what a release note promised",
    "time_travel": "uses the X-With-Server-Date header",
}


def use_run(run: Run | None) -> None:
    """Hand an open run to the plugin (the CLI does this before calling pytest)."""
    _STATE["run"] = run
    _STATE["preset"] = run is not None
    if run is not None and _attach_exchange not in run.client.listeners:
        run.client.listeners.append(_attach_exchange)


def pytest_addoption(parser: pytest.Parser) -> None:
    """The ``--rect-*`` options (the CLI maps its own options onto these)."""
    group = parser.getgroup("rect-conformance", "RECT API conformance run")
    group.addoption(
        "--rect-target",
        "--rect-base-url",
        dest="rect_target",
        default=EMBEDDED,
        help="'embedded' (default) or the base URL of the API",
    )
    group.addoption(
        "--rect-token-env",
        dest="rect_token_env",
        default=None,
        help="environment variable holding the lead provider's token",
    )
    group.addoption(
        "--rect-second-token-env",
        dest="rect_second_token_env",
        default=None,
        help="environment variable holding a second provider's token (tenancy)",
    )
    group.addoption(
        "--rect-spec",
        dest="rect_spec",
        default=None,
        help="spec path or URL (default: the target's /api/docs/v3/swagger.yaml)",
    )
    group.addoption(
        "--rect-budget",
        dest="rect_budget",
        type=int,
        default=None,
        help="the most requests the run may send",
    )
    group.addoption(
        "--rect-rate-limit",
        dest="rect_rate_limit",
        default=None,
        help="pace requests, e.g. 1000/300s (the DfE sandbox default)",
    )
    group.addoption(
        "--rect-report-dir",
        dest="rect_report_dir",
        default=None,
        help="where summary.json, summary.md and journal.jsonl go",
    )
    group.addoption(
        "--rect-allow-production-writes",
        dest="rect_allow_production_writes",
        action="store_true",
        default=False,
        help="allow writes to production",
    )
    group.addoption(
        "--rect-checks",
        dest="rect_checks",
        default=None,
        help="comma list of registered checks to run (default: all)",
    )
    group.addoption(
        "--rect-max-examples",
        dest="rect_max_examples",
        type=int,
        default=25,
        help="schemathesis examples per operation and generation mode",
    )
    group.addoption(
        "--rect-seed", dest="rect_seed", type=int, default=None, help="seed for generated inputs"
    )
    group.addoption(
        "--rect-sandbox-fault",
        dest="rect_sandbox_faults",
        action="append",
        default=[],
        help="start the embedded sandbox with this fault (repeatable)",
    )
    group.addoption(
        "--rect-timeout",
        dest="rect_timeout",
        type=float,
        default=30.0,
        help="seconds to wait for one response",
    )
    group.addoption(
        "--rect-operations",
        dest="rect_operations",
        default=None,
        help="comma list of operationIds to restrict the run to",
    )
    group.addoption(
        "--rect-known-deviations",
        dest="rect_known_deviations",
        default=None,
        help="known deviations file (default: contracts/known_deviations.yaml)",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Register the markers and remember the config for the lazily opened run."""
    for name, text in MARKERS.items():
        config.addinivalue_line("markers", f"{name}: {text}")
    _STATE["config"] = config


def settings_from(config: pytest.Config) -> Settings:
    """The run settings given on the pytest command line."""
    option = config.getoption
    return Settings(
        target=option("rect_target"),
        token_env=option("rect_token_env"),
        second_token_env=option("rect_second_token_env"),
        spec=option("rect_spec"),
        budget=option("rect_budget"),
        rate_limit=option("rect_rate_limit"),
        report_dir=option("rect_report_dir"),
        allow_production_writes=option("rect_allow_production_writes"),
        checks=option("rect_checks"),
        max_examples=option("rect_max_examples"),
        seed=option("rect_seed"),
        sandbox_faults=list(option("rect_sandbox_faults") or []),
        timeout=option("rect_timeout"),
        known_deviations=option("rect_known_deviations"),
        operations=option("rect_operations"),
    )


def current_run(config: pytest.Config | None = None) -> Run:
    """The session's run, opened on first use; a bad input ends the session with one line."""
    run = _STATE["run"]
    if run is not None:
        return run
    config = config or _STATE["config"]
    try:
        run = open_run(settings_from(config), Path(str(config.rootpath)))
    except ConformanceError as error:
        pytest.exit(f"rect-conformance: {error}", returncode=error.exit_code)
    _STATE["run"] = run
    run.client.listeners.append(_attach_exchange)
    return run


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrize ``rect_operation_id`` over the operations of the run's spec."""
    if "rect_operation_id" in metafunc.fixturenames:
        run = current_run(metafunc.config)
        chosen = selected_operations(run.settings)
        ids = [
            op.operation_id
            for op in run.contract.operations
            if chosen is None or op.operation_id in chosen
        ]
        metafunc.parametrize("rect_operation_id", ids, ids=ids)


@pytest.fixture(scope="session")
def rect_run(request: pytest.FixtureRequest) -> Run:
    """The open run of this session."""
    return current_run(request.config)


@pytest.fixture(scope="session")
def rect_target(rect_run: Run) -> Any:
    """Where the run goes: ``.base_url``, ``.kind``, ``.has_second_token``, ... ."""
    return rect_run.target


@pytest.fixture(scope="session")
def rect_client(rect_run: Run) -> Any:
    """The run's one HTTP client."""
    return rect_run.client


@pytest.fixture(scope="session")
def rect_contract(rect_run: Run) -> Any:
    """The loaded spec."""
    return rect_run.contract


@pytest.fixture(scope="session")
def rect_context(rect_run: Run) -> Any:
    """The context handed to registered checks."""
    from rect_conformance.checks import CheckContext

    return CheckContext(client=rect_run.client, contract=rect_run.contract, target=rect_run.target)


class FindingsRecorder:
    """Records findings in the run; fails the test with those that are not known deviations."""

    def __init__(self, run: Run, nodeid: str) -> None:
        self.run = run
        self.nodeid = nodeid

    def report(self, findings: Iterable[Finding]) -> None:
        """Record ``findings``; the test fails when any of them is not a known deviation."""
        from rect_conformance._deviations import known

        new = []
        for finding in findings:
            deviation = known(self.run.deviations, finding)
            self.run.records.append(Record(finding, self.nodeid, deviation))
            _attach_finding(finding, deviation.id if deviation else None)
            if deviation is None:
                new.append(finding)
        if new:
            redact = self.run.client.redactor.text
            lines = [
                redact(
                    f"[{f.check}] {f.operation}: {f.message}"
                    + (f" (expected {f.expected})" if f.expected else "")
                )
                for f in new
            ]
            pytest.fail("\n".join(lines), pytrace=False)


@pytest.fixture
def rect_findings(rect_run: Run, request: pytest.FixtureRequest) -> FindingsRecorder:
    """Where a test reports what it found (see :class:`FindingsRecorder`)."""
    return FindingsRecorder(rect_run, request.node.nodeid)


def _operation_of(item: pytest.Item) -> str | None:
    params = getattr(getattr(item, "callspec", None), "params", {})
    for name in OPERATION_PARAMS:
        if name in params:
            return str(params[name])
    return getattr(item, "operation_label", None)


@pytest.fixture(autouse=True)
def _allure_operation(request: pytest.FixtureRequest) -> Iterator[None]:
    # Without a distinct parameter, Allure gives every case of one parametrized test the same
    # history id and folds them into "retries", hiding failures (toolchain notes §5).
    label = _operation_of(request.node)
    if label:
        allure = _allure()
        if allure is not None:
            allure.dynamic.parameter("operation", label)
            allure.dynamic.story(label)
    yield


def _ended_by(item: pytest.Item, error: BaseException) -> None:
    run = _STATE["run"]
    if isinstance(error, BudgetExhausted):
        if run is not None:
            run.budget_skipped.append(item.nodeid)
        pytest.skip("request budget spent")
    if isinstance(error, TargetError):
        if run is not None and run.fatal is None:
            run.fatal = error
        item.session.shouldstop = str(error)
        pytest.skip(f"the target failed: {error}")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Any:
    """Turn a spent budget into a skip, and a failing target into the end of the session."""
    try:
        return (yield)
    except (BudgetExhausted, TargetError) as error:
        _ended_by(item, error)
        raise


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Any:
    """As :func:`pytest_runtest_call`, for fixtures that send requests."""
    try:
        return (yield)
    except (BudgetExhausted, TargetError) as error:
        _ended_by(item, error)
        raise


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Keep each test's outcome (and operation) for the summary."""
    run = _STATE["run"]
    if run is None:
        return
    if report.when == "call" or (report.when == "setup" and not report.passed):
        outcome = "failed" if report.failed else "skipped" if report.skipped else "passed"
        entry = run.outcomes.setdefault(report.nodeid, {})
        entry["outcome"] = outcome
        if report.skipped and isinstance(report.longrepr, tuple):
            entry["reason"] = run.client.redactor.text(str(report.longrepr[2]))


def pytest_collectreport(report: pytest.CollectReport) -> None:
    """A module that cannot be collected is an error of the run, never a silent pass."""
    run = _STATE["run"]
    if run is not None and report.failed:
        run.outcomes[report.nodeid or "collection"] = {
            "outcome": "failed",
            "reason": "could not be collected",
            "operation": None,
        }


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Drop items of operations outside ``--rect-operations``; remember each item's operation
    (for the per-operation table)."""
    chosen = None
    if config.getoption("rect_operations", None):
        chosen = selected_operations(Settings(operations=config.getoption("rect_operations")))
    if chosen:
        kept = [item for item in items if _operation_of(item) in (None, *chosen)]
        dropped = [item for item in items if item not in kept]
        if dropped:
            config.hook.pytest_deselected(items=dropped)
            items[:] = kept
    _STATE["operations"] = {item.nodeid: _operation_of(item) for item in items}


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Write the summary; close the run unless the CLI owns it."""
    run = _STATE["run"]
    if run is None:
        return
    operations = _STATE.get("operations", {})
    for nodeid, entry in run.outcomes.items():
        entry.setdefault("operation", operations.get(nodeid))
    from datetime import UTC, datetime

    from rect_conformance import _report

    run.finished = datetime.now(UTC)
    root = Path(str(session.config.rootpath))
    data = _report.write(run, {"baseline_changes": _report.baseline_changes(run, root)})
    if not _STATE["preset"]:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(f"rect-conformance: {data['verdict']}; report in {run.report_dir}")
        run.close()
        _STATE["run"] = None


def _allure() -> Any:
    try:
        import allure
    except ImportError:  # pragma: no cover - a dependency of the project
        return None
    return allure


def _attach_exchange(entry: dict[str, Any]) -> None:
    allure = _allure()
    if allure is None:
        return
    name = f"{entry.get('method')} {entry.get('url')} -> {entry.get('status')}"
    # Outside a test allure has nowhere to put it; the journal still has it.
    with contextlib.suppress(Exception):
        allure.attach(
            json.dumps(entry, indent=2, ensure_ascii=False, default=str),
            name=name,
            attachment_type=allure.attachment_type.JSON,
        )


def _attach_finding(finding: Finding, known_id: str | None) -> None:
    allure = _allure()
    if allure is None:
        return
    try:
        if known_id is None:
            allure.dynamic.severity(allure.severity_level(ALLURE_SEVERITY[finding.severity]))
        run = _STATE["run"]
        text = json.dumps({**finding.to_dict(), "known_deviation": known_id}, indent=2)
        if run is not None:
            text = run.client.redactor.text(text)
        allure.attach(
            text, name=f"finding {finding.check}", attachment_type=allure.attachment_type.JSON
        )
    except Exception:
        pass
