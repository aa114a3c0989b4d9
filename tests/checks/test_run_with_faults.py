"""``rect-conformance run`` end to end with this part's checks: the clean sandbox is conformant,
and each fault of the categories auth, tenancy and sync gives exit 1 with a finding naming the
symptom (table below; test_checks_on_sandbox.py proves the same faults check by check, on every
operation they touch).
"""

from __future__ import annotations

import pytest

from rect_conformance.checks import registry
from rect_conformance.findings import Kind
from tests.engine.helpers import PROJECT_ROOT, run_cli

MINE = ",".join(
    s.name for s in registry if s.kind in (Kind.AUTH, Kind.TENANCY, Kind.SYNC, Kind.CONTRACT)
)

# Every fault of the categories auth, tenancy and sync:
# fault -> (checks, operations, text a finding's message must contain)
RUNS = {
    "auth-ignored": (
        "auth-missing-token,auth-wrong-token",
        "getStatements,getStatement",
        "answered 200, not 401",
    ),
    "auth-envelope": (
        "auth-missing-token",
        "getStatements,createPartnership",
        "401 body is {'errors'",
    ),
    "tenancy-leak-list": (
        "tenancy-list-isolated",
        "getPartnerships",
        "appear in both providers' lists",
    ),
    "tenancy-leak-show": (
        "tenancy-hidden-by-id",
        "getParticipant",
        "the other provider's record was served",
    ),
    "page-duplicates": ("sync-page-walk", "getParticipants", "came back more than once"),
    "page-gap": ("sync-page-walk", "getDeclarations", "never appeared in the walk (gap)"),
    "per-page-ignored": ("sync-page-size,sync-page-walk", "getStatements", "page[per_page]=1: got"),
    "updated-since-ignored": ("sync-updated-since", "getParticipants", "older than updated_since"),
    "updated-at-not-bumped": ("sync-updated-at-bumped", "withdrawParticipant", "updated_at stayed"),
    "sort-ignored": ("sync-sort", "getParticipants", "is not honoured"),
    "filter-ignored": ("sync-filters", "getPartnerships", "not matching cohort="),
}


def test_every_auth_tenancy_and_sync_fault_has_a_run() -> None:
    import subprocess
    import sys

    listing = subprocess.run(
        [sys.executable, "-m", "rect_sandbox", "--list-faults"],
        capture_output=True,
        text=True,
        check=True,
        cwd=PROJECT_ROOT,
    )
    mine = {
        line.split("\t")[0]
        for line in listing.stdout.splitlines()
        if line.count("\t") >= 2 and line.split("\t")[1] in ("auth", "tenancy", "sync")
    }
    assert mine == set(RUNS)


def test_clean_sandbox_passes_every_check_of_this_part(tmp_path):
    result = run_cli(["--checks", MINE], tmp_path / "clean")
    assert result.code == 0, result.output
    assert result.summary["verdict"] == "conformant"
    assert result.summary["findings"] == []


@pytest.mark.parametrize("fault", sorted(RUNS))
def test_fault_run_exits_1_and_names_the_symptom(tmp_path, fault):
    checks, operations, symptom = RUNS[fault]
    result = run_cli(
        ["--sandbox-fault", fault, "--checks", checks, "--operations", operations], tmp_path / fault
    )
    assert result.code == 1, result.output
    messages = [f["message"] for f in result.summary["findings"]]
    assert any(symptom in m for m in messages), messages
    assert symptom in result.stdout
