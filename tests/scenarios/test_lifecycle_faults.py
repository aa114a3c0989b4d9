"""Every lifecycle fault of the sandbox catalogue is caught by a scenario, and the finding names
the broken rule: the rows of ``tests/faults.py`` that name a rule, each replayed by a run of its
scenario check alone with the fault switched on (exit 1, the rule in ``summary.json``)."""

from __future__ import annotations

import pytest

from tests.engine.helpers import run_cli
from tests.faults import Symptom, lifecycle_rows

RUNS = sorted({(fault, row.check) for fault, rows in lifecycle_rows().items() for row in rows})


def _rows(fault: str, check: str) -> list[Symptom]:
    return [row for row in lifecycle_rows()[fault] if row.check == check]


@pytest.mark.parametrize(("fault", "check"), RUNS, ids=[f"{f}-{c}" for f, c in RUNS])
def test_the_scenario_catches_the_fault_and_names_the_rule(tmp_path, fault, check):
    result = run_cli(["--checks", check, "--sandbox-fault", fault], tmp_path / "r")
    assert result.code == 1, result.output
    assert result.summary["verdict"] == "findings"
    findings = result.summary["findings"]
    for row in _rows(fault, check):
        named = [
            f
            for f in findings
            if f["check"] == check and f["operation"] == row.operation and f["rule"] == row.rule
        ]
        assert any(row.text in f["message"] for f in named), (row, findings)
        assert all(f["kind"] == "lifecycle" and f["curl"] for f in named), named
        assert any(row.rule in f["source"] for f in named), named
