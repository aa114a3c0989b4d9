"""The scenarios' fixtures: ``lifecycle`` (one scenario's context, see
``rect_conformance.lifecycle.Scenario``), the undo of what the run changed at the end of the
session, and "not run, because ..." for a scenario that cannot run on the target."""

from __future__ import annotations

from collections.abc import Generator, Iterator

import pytest

from rect_conformance import Run
from rect_conformance.lifecycle import NotRun, Scenario, undo
from rect_conformance.plugin import FindingsRecorder


@pytest.fixture(scope="session", autouse=True)
def lifecycle_cleanup(rect_run: Run) -> Iterator[None]:
    """Undo, once the scenarios are over, every change made to records the run does not own."""
    yield
    undo(rect_run)


@pytest.fixture
def lifecycle(
    request: pytest.FixtureRequest, rect_run: Run, rect_findings: FindingsRecorder
) -> Iterator[Scenario]:
    """The context of one scenario: its driver, its participants and the requests it spends."""
    marker = request.node.get_closest_marker("rect_check")
    check = str(marker.args[0]) if marker else "lifecycle"
    scenario = Scenario(
        rect_run, rect_findings.report, check, request.node.name, request.node.nodeid
    )
    try:
        yield scenario
    finally:
        scenario.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, object, object]:
    """A scenario that cannot run on this target is skipped as "not run: <reason>"."""
    try:
        return (yield)
    except NotRun as reason:
        pytest.skip(f"not run: {reason}")
