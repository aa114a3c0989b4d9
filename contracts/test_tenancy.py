"""Tenancy: one lead provider never sees another's records, by id or in lists (rules §2.2).
Needs a second provider's token; the checks live in ``rect_conformance/checks/_tenancy.py``."""

from __future__ import annotations

import pytest

from rect_conformance.checks._contracts import cases, run_case
from rect_conformance.findings import Kind


@pytest.mark.parametrize(("check_name", "operation_id"), cases(Kind.TENANCY))
def test_providers_are_isolated(request, check_name, operation_id, rect_context, rect_findings):
    run_case(request, check_name, operation_id, rect_context, rect_findings)
