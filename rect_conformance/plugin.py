"""The pytest plugin of the suite: ``--rect-*`` options, the run's fixtures, and the summary.

Registered through the ``pytest11`` entry point (named ``rect_conformance.plugin``, like the
module, so that the project's own ``conftest.py`` or ``-p rect_conformance.plugin`` find it
already loaded instead of loading it twice). It is cheap to import and inert until a test asks
for a ``rect_*`` fixture: only then is the run opened (target, client, contract; see ``_run``).
The CLI opens the run itself and hands it over with :class:`Handover`, then closes it.

Fixtures: ``rect_target``, ``rect_client``, ``rect_contract``, ``rect_context``, ``rect_run``
(session), ``rect_findings`` (per test, ``.report(findings)``) and ``rect_run_check`` (per test,
``(check_name, operation_id)``: run a registered check and report its findings). A test names
the check it belongs to with ``@pytest.mark.rect_check("name")`` (or a ``check_name``
parameter) and its operation with a ``rect_operation_id`` or ``operation_id`` parameter;
``--rect-checks`` and ``--rect-operations`` deselect the others at collection. A test whose
request hits the budget is skipped with "request budget spent"; a target that fails mid-run
stops the session.

For the reports the plugin also keeps, in the run: every test the session meant to run
(``planned``, with its check, operation and parameters) and those the selection dropped
(``deselected``), so that what never ran is reported as not run with its reason; whether the
user stopped the session (``interrupted``); and, on each journal entry, the test that sent it.

The request plan (``rect_conformance.planner``) orders the collected tests and skips those it
cut; its hooks are registered here, at configuration.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import pytest

from rect_conformance._errors import BudgetExhausted, ConformanceError, TargetError, UsageError
from rect_conformance._labels import meta_of, title_of
from rect_conformance._selection import (
    CHECK_MARKER,
    Selection,
    check_of,
    operation_of,
    validate_checks,
)
from rect_conformance._settings import Settings, add_to_pytest, from_values, option_dest

if TYPE_CHECKING:
    import httpx

    from rect_conformance._allure import Exchanges
    from rect_conformance._client import Client
    from rect_conformance._contract import Contract
    from rect_conformance._run import Run
    from rect_conformance._target import Target
    from rect_conformance.checks import CheckContext
    from rect_conformance.findings import Finding

MARKERS = {
    CHECK_MARKER: "the check this test belongs to, as --rect-checks names it",
    "writes": "sends write requests (skipped where writes are not allowed)",
    "lifecycle": "walks a participant or declaration lifecycle",
    "release_note": "checks what a release note promised",
    "time_travel": "uses the X-With-Server-Date header",
}


@dataclass
class RunState:
    """The plugin's state in one pytest session (kept in ``config.stash``)."""

    run: Run | None = None
    owned: bool = True  # opened by the plugin, which then closes it and prints the verdict
    exchanges: Exchanges | None = None  # the current test's journal entries, for Allure
    summary: dict[str, Any] | None = None  # the written summary, for JUnit's properties
    # Tests left out before the run was opened (a session whose tests open it on first use).
    deselected: dict[str, dict[str, Any]] = field(default_factory=dict)


STATE = pytest.StashKey[RunState]()
PLANNER = "rect-conformance-planner"


def state_of(config: pytest.Config) -> RunState:
    """The plugin's state of the session of ``config``."""
    return config.stash.setdefault(STATE, RunState())


class Handover:
    """A plugin object that hands an open run to this plugin; its owner closes the run."""

    def __init__(self, run: Run) -> None:
        self.run = run

    def pytest_configure(self, config: pytest.Config) -> None:
        """Make the handed run the session's run."""
        state = state_of(config)
        state.run, state.owned = self.run, False
        _listen(state)

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        """Stop attaching the run's exchanges to Allure once the session is over."""
        _unlisten(state_of(config))


def pytest_addoption(parser: pytest.Parser) -> None:
    """The ``--rect-*`` options, made from the one option table (``_settings``)."""
    group = parser.getgroup("rect-conformance", "RECT API conformance run")
    add_to_pytest(group.addoption)


def pytest_configure(config: pytest.Config) -> None:
    """Register the markers, and the request planner's hooks (``planner._hooks``)."""
    from rect_conformance.planner._hooks import PlanHooks

    for name, text in MARKERS.items():
        config.addinivalue_line("markers", f"{name}: {text}")
    if not config.pluginmanager.has_plugin(PLANNER):
        config.pluginmanager.register(PlanHooks(), PLANNER)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """Give the JUnit file (written at the end of the session) the run's properties and each
    failure's reproduction."""
    summary = state_of(config).summary
    xmlpath = getattr(config.option, "xmlpath", None)
    if summary is not None and xmlpath:
        from pathlib import Path

        from rect_conformance.reporting import _junit

        _junit.enrich(Path(xmlpath), summary)


def settings_from(config: pytest.Config) -> Settings:
    """The run settings of the session: the handed run's, or the ``--rect-*`` options."""
    run = state_of(config).run
    if run is not None:
        return run.settings
    return from_values(lambda name: config.getoption(option_dest(name)))


def current_run(config: pytest.Config) -> Run:
    """The session's run, opened on first use; a bad input ends the session with one line."""
    state = state_of(config)
    if state.run is not None:
        return state.run
    from rect_conformance._run import open_run

    try:
        run = open_run(settings_from(config))
    except ConformanceError as error:
        pytest.exit(f"rect-conformance: {error}", returncode=error.exit_code)
    state.run, state.owned = run, True
    _listen(state)
    return run


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrize ``rect_operation_id`` over every operation of the run's spec (the selection
    is applied afterwards, with every other test's)."""
    if "rect_operation_id" in metafunc.fixturenames:
        run = current_run(metafunc.config)
        ids = [op.operation_id for op in run.contract.operations]
        metafunc.parametrize("rect_operation_id", ids, ids=ids)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Deselect the tests outside ``--rect-checks`` and ``--rect-operations``."""
    settings = settings_from(config)
    if settings.checks is None and settings.operations is None:
        return
    try:
        validate_checks(settings.checks, {name for item in items if (name := check_of(item))})
    except UsageError as error:
        raise pytest.UsageError(f"rect-conformance: {error}") from None
    kept, dropped = Selection.of(settings.checks, settings.operations).split(items)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def pytest_deselected(items: list[pytest.Item]) -> None:
    """Remember what the selection (ours, ``-k``, ``-m``) left out: it is out of scope."""
    if items:
        state_of(items[0].config).deselected.update({item.nodeid: meta_of(item) for item in items})


def pytest_collection_finish(session: pytest.Session) -> None:
    """Remember every test the session means to run: one that never reports is not run. The
    run is opened here if the suite's tests will open it anyway, so that none goes unplanned."""
    state = state_of(session.config)
    uses_run = any(
        name.startswith("rect_")
        for item in session.items
        for name in getattr(item, "fixturenames", ())
    )
    if state.run is None and uses_run and not session.config.option.collectonly:
        current_run(session.config)
    if state.run is not None:
        state.run.planned = {item.nodeid: meta_of(item) for item in session.items}
        state.run.deselected.update(state.deselected)


def pytest_keyboard_interrupt(excinfo: pytest.ExceptionInfo[BaseException]) -> None:
    """The user stopped the session: the summary must say so, not give a verdict."""
    if not isinstance(excinfo.value, KeyboardInterrupt):
        return  # pytest.exit() comes here too; it carries its own message
    for state in _STATES:
        if state.run is not None and state.run.interrupted is None:
            state.run.interrupted = "stopped by the user (Ctrl-C)"


@pytest.fixture(scope="session")
def rect_run(request: pytest.FixtureRequest) -> Run:
    """The open run of this session."""
    return current_run(request.config)


@pytest.fixture(scope="session")
def rect_target(rect_run: Run) -> Target:
    """Where the run goes: ``.base_url``, ``.kind``, ``.has_second_token``, ... ."""
    return rect_run.target


@pytest.fixture(scope="session")
def rect_client(rect_run: Run) -> Client:
    """The run's one HTTP client: ``rect_client.request("GET", path)``."""
    return rect_run.client


@pytest.fixture(scope="session")
def rect_contract(rect_run: Run) -> Contract:
    """The loaded spec: operations, response validation."""
    return rect_run.contract


@pytest.fixture(scope="session")
def rect_context(rect_run: Run) -> CheckContext:
    """The context handed to registered checks."""
    from rect_conformance.checks import CheckContext

    return CheckContext(client=rect_run.client, contract=rect_run.contract, target=rect_run.target)


@pytest.fixture
def rect_run_check(
    request: pytest.FixtureRequest, rect_context: CheckContext, rect_findings: FindingsRecorder
) -> Callable[[str, str], None]:
    """``rect_run_check(check_name, operation_id)``: run a registered check on one operation and
    report what it found (skips with the reason when the check cannot judge the target)."""
    from rect_conformance.checks import run_case

    def run_check(check_name: str, operation_id: str) -> None:
        run_case(request, check_name, operation_id, rect_context, rect_findings)

    return run_check


class FindingsRecorder:
    """Records findings in the run; fails the test with those that are not known deviations."""

    def __init__(self, run: Run, nodeid: str) -> None:
        self.run = run
        self.nodeid = nodeid

    def report(self, findings: Iterable[Finding], evidence: httpx.Response | None = None) -> None:
        """Record ``findings``; the test fails when any of them is not a known deviation and
        fails runs (a documentation mismatch, ``fails_run=False``, is only recorded).

        ``evidence``, the answer the findings were judged on, becomes the reproduction of those
        that carry none (findings made by pure functions that never saw the request).
        """
        from dataclasses import replace

        from rect_conformance import _allure
        from rect_conformance._contract import reproduction_of
        from rect_conformance._deviations import known
        from rect_conformance._run import Record

        redact = self.run.client.redactor.text
        new = []
        state = state_of_run(self.run)
        exchanges = state.exchanges if state is not None else None
        for finding in findings:
            if finding.reproduction is None and evidence is not None:
                finding = replace(finding, reproduction=reproduction_of(evidence))
            deviation = known(self.run.deviations, finding)
            self.run.records.append(Record(finding, self.nodeid, deviation))
            journal_id = finding.reproduction.journal if finding.reproduction else None
            exchange = exchanges.evidence(journal_id) if exchanges else None
            _allure.attach_finding(finding, deviation.id if deviation else None, redact, exchange)
            if deviation is None and finding.fails_run:
                new.append(finding)
        if new:
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


def _label(item: pytest.Item) -> None:
    # Only tests of the suite (those using its fixtures) are labelled; a team's others are not
    # touched. (In a hook, not an autouse fixture: Allure writes a file for every fixture use.)
    if not any(name.startswith("rect_") for name in getattr(item, "fixturenames", ())):
        return
    from rect_conformance import _allure
    from rect_conformance.checks import registry
    from rect_conformance.reporting import family_label

    meta = meta_of(item)
    check = meta["check"]
    kind = registry.get(check).kind.value if check and check in registry else None
    family = family_label(check, kind, meta["params"].get("mode"), item.nodeid)
    _allure.label_test(meta["operation"], title_of(item), family)


def _ended_by(item: pytest.Item, error: BaseException) -> None:
    run = state_of(item.config).run
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
def pytest_runtest_call(item: pytest.Item) -> Generator[None, object, object]:
    """Turn a spent budget into a skip, and a failing target into the end of the session;
    give the test its Allure title and labels, and attach its requests at its end."""
    if state_of(item.config).run is not None:
        _label(item)
    try:
        return (yield)
    except (BudgetExhausted, TargetError) as error:
        _ended_by(item, error)
        raise
    finally:
        exchanges = state_of(item.config).exchanges
        if exchanges is not None:
            exchanges.attach_and_clear()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Generator[None, object, object]:
    """Journal each exchange with the test that sent it."""
    run = state_of(item.config).run
    if run is not None:
        run.client.journal.test = item.nodeid
    try:
        return (yield)
    finally:
        if run is not None:
            run.client.journal.test = None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Generator[None, object, object]:
    """As :func:`pytest_runtest_call`, for fixtures that send requests."""
    try:
        return (yield)
    except (BudgetExhausted, TargetError) as error:
        _ended_by(item, error)
        raise


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Keep each test's outcome, reason and operation for the summary."""
    report = yield
    run = state_of(item.config).run
    if run is not None and (
        report.when == "call" or (report.when == "setup" and report.outcome != "passed")
    ):
        entry: dict[str, str | None] = {
            "outcome": report.outcome,
            "operation": operation_of(item),
            "check": check_of(item),
        }
        if report.skipped and isinstance(report.longrepr, tuple):
            entry["reason"] = run.client.redactor.text(str(report.longrepr[2]))
        elif report.failed:
            entry["reason"] = run.client.redactor.text(_failure_line(report))
        run.outcomes[report.nodeid] = entry
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(
    collector: pytest.Collector,
) -> Generator[None, pytest.CollectReport, pytest.CollectReport]:
    """A module that cannot be collected is an error of the run, never a silent pass."""
    report = yield
    run = state_of(collector.config).run
    if run is not None and report.failed:
        run.outcomes[report.nodeid or "collection"] = {
            "outcome": "failed",
            "reason": "could not be collected",
            "operation": None,
        }
    return report


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Write the summary (not for ``--collect-only``: nothing ran); close the run unless the
    CLI owns it."""
    state = state_of(session.config)
    run = state.run
    if run is None:
        return
    from rect_conformance import reporting

    data = None
    if not session.config.option.collectonly:
        run.finished = datetime.now(UTC)
        data = reporting.write_run(run)
        state.summary = data
    if state.owned:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None and data is not None:
            reporter.write_line(
                f"rect-conformance: {data['verdict']}: {data['verdict_text']} "
                f"Report: {run.report_dir / 'report.html'}"
            )
        _unlisten(state)
        run.close()
        state.run = None


def _failure_line(report: pytest.TestReport) -> str:
    # The exception's own message ("AssertionError: getSchools answered 500"), not where it was.
    crash = getattr(report.longrepr, "reprcrash", None)
    text = str(getattr(crash, "message", "") or report.longrepr or "")
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[0][:300] if lines else "the test failed without a message"


# The states of the sessions in this process, for hooks that get no config (a Ctrl-C).
_STATES: list[RunState] = []


def state_of_run(run: Run) -> RunState | None:
    """The plugin state holding ``run``, if a session holds it."""
    return next((state for state in _STATES if state.run is run), None)


def _listen(state: RunState) -> None:
    from rect_conformance._allure import Exchanges

    if state.run is None:
        return
    if state not in _STATES:
        _STATES.append(state)
    if state.exchanges is None:
        state.exchanges = Exchanges()
    if state.exchanges not in state.run.client.listeners:
        state.run.client.listeners.append(state.exchanges)


def _unlisten(state: RunState) -> None:
    if state.run is not None and state.exchanges in state.run.client.listeners:
        state.run.client.listeners.remove(state.exchanges)
    if state in _STATES:
        _STATES.remove(state)
