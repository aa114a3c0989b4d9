"""The plan in a pytest session: made when the tests are collected, consulted at each test.

:class:`PlanHooks` is registered by the suite's plugin. Once collection (and every selection:
``--rect-checks``, ``-k``, ``-m``) is done, it describes each test of the suite to the planner,
makes the :class:`~rect_conformance.planner.Plan` (kept as ``run.plan``) and puts the tests in
its order. At each test's setup it asks the plan whether the test runs; a test the plan cut is
skipped with the plan's reason, which the reports count as "request budget". The requests held
back for the end of the run (undoing what the scenarios changed on records the run does not
own) are released in the teardown of the last test, which is where the session's fixtures end.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING

import pytest

from rect_conformance.planner._plan import make_plan
from rect_conformance.planner._table import UNDO_PER_SCENARIO, PlanItem, writes

if TYPE_CHECKING:
    from rect_conformance._run import Run


def _run_of(config: pytest.Config) -> Run | None:
    from rect_conformance.plugin import state_of

    return state_of(config).run


def _uses_run(item: pytest.Item) -> bool:
    return any(name.startswith("rect_") for name in getattr(item, "fixturenames", ()))


def describe(item: pytest.Item, index: int, run: Run) -> PlanItem:
    """``item`` as the planner sees it: family, check, operation, mode, whether it can run."""
    from rect_conformance._labels import meta_of
    from rect_conformance.checks import registry
    from rect_conformance.lifecycle._catalogue import BY_NAME as LIFECYCLE
    from rect_conformance.reporting._tables import family_of

    meta = meta_of(item)
    check, operation = meta["check"], meta["operation"]
    mode = meta["params"].get("mode")
    promise = meta["params"].get("expectation")
    spec = registry.get(check) if check and check in registry else None
    kind = spec.kind.value if spec else ("lifecycle" if check in LIFECYCLE else None)
    applicable = spec is None or spec.missing_need(run.target) is None
    if check == "operations" and operation:
        applicable = _generated_applies(run, operation, str(mode))
    return PlanItem(
        nodeid=item.nodeid,
        family=family_of(check, kind, mode, item.nodeid),
        check=check,
        operation=operation,
        mode=str(mode) if mode else None,
        index=index,
        applicable=applicable,
        group=f"{check}:{promise}" if promise else check,
    )


def _generated_applies(run: Run, operation_id: str, mode: str) -> bool:
    from rect_conformance._operations import NotApplicable, applicable

    try:
        applicable(run.target, run.contract.operation(operation_id), mode)
    except (NotApplicable, LookupError):
        return False
    return True


class PlanHooks:
    """The planner's pytest hooks (see the module docstring)."""

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(
        self, config: pytest.Config, items: list[pytest.Item]
    ) -> None:
        """Plan the suite's tests and put them in the plan's order (others first, as they were)."""
        from rect_conformance.plugin import current_run

        ours = [item for item in items if _uses_run(item)]
        if not ours or config.option.collectonly:
            return
        run = _run_of(config) or current_run(config)
        described = [describe(item, index, run) for index, item in enumerate(ours)]
        budget = run.client.budget
        reserve = 0
        if budget is not None and not run.target.test_support and run.target.writes_allowed:
            scenarios = sum(1 for d in described if d.family == "lifecycle" and writes(d))
            reserve = UNDO_PER_SCENARIO * scenarios
        run.plan = make_plan(
            described,
            budget=budget,
            setup=run.client.requests_sent,
            reserve=reserve,
            max_examples=run.settings.max_examples,
        )
        run.client.reserve = reserve
        by_id = {item.nodeid: item for item in ours}
        items[:] = [item for item in items if not _uses_run(item)] + [
            by_id[nodeid] for nodeid in run.plan.order
        ]

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        """Skip a test the plan cut (unless, at its turn, there is room for it after all)."""
        run = _run_of(item.config)
        if run is None or run.plan is None:
            return
        reason = run.plan.admit(item.nodeid, run.client.requests_sent)
        if reason is not None:
            run.budget_skipped.append(item.nodeid)
            pytest.skip(reason)

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_teardown(
        self, item: pytest.Item, nextitem: pytest.Item | None
    ) -> Generator[None, object, object]:
        """Release the requests held back for undoing changes before the session's fixtures
        end (in the last test's teardown)."""
        run = _run_of(item.config)
        if nextitem is None and run is not None:
            run.client.reserve = 0
        return (yield)
