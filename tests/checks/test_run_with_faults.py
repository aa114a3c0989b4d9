"""``rect-conformance run`` end to end with the checks of the registry: the clean sandbox is
conformant, and each fault they catch gives exit 1 with a finding naming the symptom. The runs
replay the ``in_run`` rows of the one fault table (``tests/faults.py``); the faults the engine's
per-operation checks catch are replayed in ``tests/engine/test_run_embedded.py``.
"""

from __future__ import annotations

import pytest

from rect_conformance.checks import registry
from rect_conformance.findings import Kind
from tests.engine.helpers import run_cli
from tests.faults import runs

MINE = ",".join(
    s.name for s in registry if s.kind in (Kind.AUTH, Kind.TENANCY, Kind.SYNC, Kind.CONTRACT)
)
RUNS = runs(engine=False)


def test_clean_sandbox_passes_every_check_of_this_part(tmp_path):
    result = run_cli(["--checks", MINE], tmp_path / "clean")
    assert result.code == 0, result.output
    assert result.summary["verdict"] == "conformant"
    assert result.summary["findings"] == []


@pytest.mark.parametrize("fault", sorted(RUNS))
def test_fault_run_exits_1_and_names_the_symptom(tmp_path, fault):
    replay = RUNS[fault]
    result = run_cli(
        [
            "--sandbox-fault",
            fault,
            "--checks",
            ",".join(replay.checks),
            "--operations",
            ",".join(replay.operations),
        ],
        tmp_path / fault,
    )
    assert result.code == 1, result.output
    findings = result.summary["findings"]
    for row in replay.symptoms:
        messages = [
            f["message"]
            for f in findings
            if f["check"] == row.check and f["operation"] == row.operation
        ]
        assert any(row.text in m for m in messages), (row, messages)
        assert row.text in result.stdout
