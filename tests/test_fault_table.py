"""The one fault -> symptom table (``tests/faults.py``) against the sandbox's own catalogue and
the checks registry: every fault is in it, each with a check that catches it or the reason none
does yet, and every check is shown failing by a fault or listed as not yet shown."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from rect_conformance import lifecycle
from rect_conformance._api import ALL_OPERATION_IDS
from rect_conformance.checks import registry
from tests.faults import (
    CHECKS_NO_FAULT_SHOWS,
    FAULTS,
    LIFECYCLE_CHECKS_NO_FAULT_SHOWS,
    OPERATIONS,
    TEST_SUPPORT,
    NotYetCaught,
    caught,
    lifecycle_rows,
    runs,
)

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def _listed_faults() -> list[str]:
    listing = subprocess.run(
        [sys.executable, "-m", "rect_sandbox", "--list-faults"],
        capture_output=True,
        text=True,
        check=True,
        cwd=PROJECT_ROOT,
        timeout=120,
    )
    return [line.split("\t")[0] for line in listing.stdout.splitlines() if line.strip()]


def test_every_fault_of_the_catalogue_is_in_the_table_and_nothing_else() -> None:
    listed = _listed_faults()
    assert len(listed) == len(set(listed)) > 0
    assert sorted(FAULTS) == sorted(listed)


def test_a_fault_not_caught_yet_says_why() -> None:
    waiting = {fault: row for fault, row in FAULTS.items() if isinstance(row, NotYetCaught)}
    assert all(row.reason.strip() for row in waiting.values())


@pytest.mark.parametrize("fault", sorted(caught()))
def test_each_symptom_names_a_real_check_and_an_operation_it_runs_on(fault: str) -> None:
    for row in caught()[fault]:
        # A lifecycle step may be test support's (a registration, DfE paying a statement).
        steps = (*ALL_OPERATION_IDS, TEST_SUPPORT) if row.rule else ALL_OPERATION_IDS
        assert row.text.strip() and row.operation in steps
        if row.rule:
            assert row.check in lifecycle.check_names() and lifecycle.rule_of(row.rule), row
        elif row.check != OPERATIONS:
            assert row.operation in registry.get(row.check).operations, row


def test_every_caught_fault_is_replayed_by_exactly_one_kind_of_run() -> None:
    engine, checks, scenarios = runs(engine=True), runs(engine=False), lifecycle_rows()
    assert not set(engine) & set(checks) and not (set(engine) | set(checks)) & set(scenarios)
    assert set(engine) | set(checks) | set(scenarios) == set(caught())


def test_every_check_is_shown_failing_by_a_fault_or_listed_as_not_yet_shown() -> None:
    rows = [row for rows in caught().values() for row in rows]
    shown = {row.check for row in rows if not row.rule} - {OPERATIONS}
    assert shown | CHECKS_NO_FAULT_SHOWS == set(registry.names())
    assert not shown & CHECKS_NO_FAULT_SHOWS
    scenarios = {row.check for row in rows if row.rule}
    assert scenarios | LIFECYCLE_CHECKS_NO_FAULT_SHOWS.keys() == set(lifecycle.check_names())
    assert not scenarios & LIFECYCLE_CHECKS_NO_FAULT_SHOWS.keys()
