"""Tenancy: one lead provider never sees another's records, by id or in lists (rules §2.2).
Needs a second provider's token; the checks live in ``rect_conformance/checks/_tenancy.py``."""

from __future__ import annotations

import pytest

from rect_conformance.checks import CheckContext, cases, run_case
from rect_conformance.findings import Kind
from rect_conformance.plugin import FindingsRecorder


@pytest.mark.parametrize(("check_name", "operation_id"), cases(Kind.TENANCY))
def test_providers_are_isolated(
    request: pytest.FixtureRequest,
    check_name: str,
    operation_id: str,
    rect_context: CheckContext,
    rect_findings: FindingsRecorder,
) -> None:
    run_case(request, check_name, operation_id, rect_context, rect_findings)
