"""``rect-conformance run`` end to end with this part's checks: clean sandbox conformant, and a
fault of each category (auth, tenancy, sync) gives exit 1 with a finding naming the symptom.

The full fault table is proved check by check in test_checks_on_sandbox.py; these runs show the
same findings reach the CLI's verdict and summary.json.
"""

from __future__ import annotations

import pytest

from rect_conformance.checks import registry
from rect_conformance.findings import Kind
from tests.engine.helpers import PROJECT_ROOT, run_cli

pytestmark = pytest.mark.skipif(
    not (PROJECT_ROOT / "rect_sandbox" / "__main__.py").exists(),
    reason="the embedded sandbox (python -m rect_sandbox) is not built yet")

MINE = ",".join(s.name for s in registry if s.kind in (Kind.AUTH, Kind.TENANCY, Kind.SYNC,
                                                        Kind.CONTRACT))

# fault -> (checks, operations, text a finding's message must contain)
RUNS = {
    "auth-envelope": ("auth-missing-token", "getStatements,createPartnership",
                      "401 body is {'errors'"),
    "tenancy-leak-list": ("tenancy-list-isolated", "getPartnerships",
                          "appear in both providers' lists"),
    "per-page-ignored": ("sync-page-size,sync-page-walk", "getStatements",
                         "page[per_page]=1: got"),
    "updated-at-not-bumped": ("sync-updated-at-bumped", "withdrawParticipant",
                              "updated_at stayed"),
}


def test_clean_sandbox_passes_every_check_of_this_part(tmp_path):
    result = run_cli(["--checks", MINE], tmp_path / "clean")
    assert result.code == 0, result.output
    assert result.summary["verdict"] == "conformant"
    assert result.summary["findings"] == []


@pytest.mark.parametrize("fault", sorted(RUNS))
def test_fault_run_exits_1_and_names_the_symptom(tmp_path, fault):
    checks, operations, symptom = RUNS[fault]
    result = run_cli(["--sandbox-fault", fault, "--checks", checks, "--operations", operations],
                     tmp_path / fault)
    assert result.code == 1, result.output
    messages = [f["message"] for f in result.summary["findings"]]
    assert any(symptom in m for m in messages), messages
    assert symptom in result.stdout
