"""Sync semantics and error envelopes: pagination, updated_since, filters, sort, what moves
updated_at, and the exact 400/404/422 bodies (rules §4.1, §5, §19). The checks live in
``rect_conformance/checks/_sync*.py`` and ``_envelopes.py``."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from rect_conformance.checks import cases
from rect_conformance.findings import Kind


@pytest.mark.parametrize(("check_name", "operation_id"), cases(Kind.SYNC))
def test_sync_semantics(
    check_name: str, operation_id: str, rect_run_check: Callable[[str, str], None]
) -> None:
    rect_run_check(check_name, operation_id)


@pytest.mark.parametrize(("check_name", "operation_id"), cases(Kind.CONTRACT))
def test_error_envelopes(
    check_name: str, operation_id: str, rect_run_check: Callable[[str, str], None]
) -> None:
    rect_run_check(check_name, operation_id)
