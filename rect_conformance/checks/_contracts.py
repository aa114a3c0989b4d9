"""How the ``contracts/`` tests run a registered check: one pytest item per (check, operation).

Kept apart from the checks so that they stay free of pytest; pytest is imported only when a
contracts test calls :func:`run_case`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

from rect_conformance.checks._registry import CheckContext, CheckSkipped, registry
from rect_conformance.findings import Finding, Kind

if TYPE_CHECKING:
    import pytest
    from _pytest.mark import ParameterSet

    from rect_conformance._contract import Operation


class Reporter(Protocol):
    """Where a test hands its findings (the plugin's ``rect_findings`` fixture)."""

    def report(self, findings: Iterable[Finding]) -> None:
        """Record ``findings``; fails the test when one is not a known deviation."""


def cases(*kinds: Kind) -> list[ParameterSet]:
    """``pytest.param(check, operationId, id="check-operationId")`` for the checks of ``kinds``."""
    import pytest

    return [
        pytest.param(name, op, id=f"{name}-{op}")
        for kind in kinds
        for name, op in registry.cases(kind)
    ]


def _operation(context: CheckContext, operation_id: str) -> Operation | None:
    try:
        return context.contract.operation(operation_id)
    except LookupError:
        return None


def run_case(
    request: pytest.FixtureRequest,
    name: str,
    operation_id: str,
    context: CheckContext,
    findings: Reporter,
) -> None:
    """Run check ``name`` on ``operation_id`` and hand its findings to the ``rect_findings``
    fixture; skip with the reason when the check cannot judge the target. (Which checks run is
    decided at collection, by the plugin's ``--rect-checks``.)"""
    import pytest

    operation = _operation(context, operation_id)
    if operation is None:
        pytest.skip(f"operation {operation_id} is not in the loaded spec")
    try:
        found = registry.run(name, context, operation)
    except CheckSkipped as reason:
        pytest.skip(str(reason))
    findings.report(found)
