"""Sync semantics and error envelopes: pagination, updated_since, filters, sort, what moves
updated_at, and the exact 400/404/422 bodies (rules §4.1, §5, §19). The checks live in
``rect_conformance/checks/_sync*.py`` and ``_envelopes.py``."""

from __future__ import annotations

import pytest

from rect_conformance.checks import CheckContext, cases, run_case
from rect_conformance.findings import Kind
from rect_conformance.plugin import FindingsRecorder


@pytest.mark.parametrize(("check_name", "operation_id"), cases(Kind.SYNC))
def test_sync_semantics(
    request: pytest.FixtureRequest,
    check_name: str,
    operation_id: str,
    rect_context: CheckContext,
    rect_findings: FindingsRecorder,
) -> None:
    run_case(request, check_name, operation_id, rect_context, rect_findings)


@pytest.mark.parametrize(("check_name", "operation_id"), cases(Kind.CONTRACT))
def test_error_envelopes(
    request: pytest.FixtureRequest,
    check_name: str,
    operation_id: str,
    rect_context: CheckContext,
    rect_findings: FindingsRecorder,
) -> None:
    run_case(request, check_name, operation_id, rect_context, rect_findings)
