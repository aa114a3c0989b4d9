"""Authentication: all 24 operations refuse a missing or wrong token with the documented 401
(rules §2.1, §4.1). The checks live in ``rect_conformance/checks/_auth.py``."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from rect_conformance.checks import cases
from rect_conformance.findings import Kind


@pytest.mark.parametrize(("check_name", "operation_id"), cases(Kind.AUTH))
def test_token_is_required(
    check_name: str, operation_id: str, rect_run_check: Callable[[str, str], None]
) -> None:
    rect_run_check(check_name, operation_id)
