"""Tenancy: one lead provider never sees another's records, by id or in lists (rules §2.2).
Needs a second provider's token; the checks live in ``rect_conformance/checks/_tenancy.py``."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from rect_conformance.checks import cases
from rect_conformance.findings import Kind


@pytest.mark.parametrize(("check_name", "operation_id"), cases(Kind.TENANCY))
def test_providers_are_isolated(
    check_name: str, operation_id: str, rect_run_check: Callable[[str, str], None]
) -> None:
    rect_run_check(check_name, operation_id)
