"""Authentication: all 24 operations refuse a missing or wrong token with the documented 401
(rules §2.1, §4.1). The checks live in ``rect_conformance/checks/_auth.py``."""

from __future__ import annotations

import pytest

from rect_conformance.checks import CheckContext, cases, run_case
from rect_conformance.findings import Kind
from rect_conformance.plugin import FindingsRecorder


@pytest.mark.parametrize(("check_name", "operation_id"), cases(Kind.AUTH))
def test_token_is_required(
    request: pytest.FixtureRequest,
    check_name: str,
    operation_id: str,
    rect_context: CheckContext,
    rect_findings: FindingsRecorder,
) -> None:
    run_case(request, check_name, operation_id, rect_context, rect_findings)
