"""Reproductions that work on their own, and ``replay``: a finding from a run against a faulted
sandbox is replayed against a fresh sandbox with the same fault (it reproduces, exit 1) and one
without it (it does not, exit 0). Four findings, four ways: a generated read judged again by
the contract, a tenancy leak seen with the second provider's token, an ``updated_at`` that does
not move, whose reproduction registers its own participant through test support, and a release
note's promise judged again by its expectation.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from rect_conformance._target import EmbeddedSandbox
from rect_conformance.reporting._replay import EXIT_GONE, EXIT_REPRODUCES
from tests.engine.helpers import PROJECT_ROOT
from tests.reporting.conftest import finding_of

CASES = [
    ("response_schema_conformance", "getPartnerships", "wrong-type"),
    ("tenancy-hidden-by-id", "getParticipant", "tenancy-leak-show"),
    ("sync-updated-at-bumped", "withdrawParticipant", "updated-at-not-bumped"),
    ("release-note:2025-09-26-partnerships#1", "getPartnerships", "wrong-type"),
]


def replay(folder, finding_id: str, sandbox: EmbeddedSandbox) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "RECT_TOKEN": str(sandbox.tokens[0]["token"]),
        "RECT_TOKEN_2": str(sandbox.tokens[1]["token"]),
    }
    argv = [
        sys.executable,
        "-m",
        "rect_conformance",
        "replay",
        str(folder),
        finding_id,
        "--base-url",
        sandbox.base_url,
        "--second-token-env",
        "RECT_TOKEN_2",
    ]
    return subprocess.run(
        argv, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.parametrize(("check", "operation", "fault"), CASES, ids=[c[0] for c in CASES])
def test_a_finding_reproduces_with_its_fault_and_not_without(fault_run, check, operation, fault):
    folder = fault_run.result.report_dir
    finding = finding_of(fault_run.result.summary, check, operation)
    with EmbeddedSandbox(faults=[fault]) as faulty:
        still = replay(folder, finding["id"], faulty)
    assert still.returncode == EXIT_REPRODUCES, still.stdout + still.stderr
    assert "still reproduces" in still.stdout
    with EmbeddedSandbox() as fixed:
        gone = replay(folder, finding["id"], fixed)
    assert gone.returncode == EXIT_GONE, gone.stdout + gone.stderr
    assert "no longer reproduces" in gone.stdout


def test_a_reproduction_names_each_token_and_includes_its_setup(fault_run):
    summary = fault_run.result.summary
    leak = finding_of(summary, "tenancy-hidden-by-id", "getParticipant")
    assert "$RECT_TOKEN_2" in leak["script"]
    assert {step["identity"] for step in leak["steps"]} <= {"primary", "secondary"}
    moved = finding_of(summary, "sync-updated-at-bumped", "withdrawParticipant")
    paths = [step["url"].split("/", 3)[-1] for step in moved["steps"]]
    assert any(path.startswith("test-support/participants") for path in paths), paths
    # The participant registered in step one is a variable, so the sequence works anywhere.
    assert '"$ID' in moved["script"] and "RECT_BASE_URL=" in moved["script"]
    assert fault_run.tokens[0] not in moved["script"]


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_the_reproduction_script_runs_on_its_own(fault_run, tmp_path):
    leak = finding_of(fault_run.result.summary, "tenancy-hidden-by-id", "getParticipant")
    script = tmp_path / "reproduce.sh"
    script.write_text(leak["script"] + "\n")
    with EmbeddedSandbox(faults=["tenancy-leak-show"]) as sandbox:
        env = {
            "PATH": os.environ["PATH"],
            "RECT_BASE_URL": sandbox.base_url,
            "RECT_TOKEN": str(sandbox.tokens[0]["token"]),
            "RECT_TOKEN_2": str(sandbox.tokens[1]["token"]),
        }
        done = subprocess.run(
            ["bash", str(script)], env=env, capture_output=True, text=True, timeout=60, check=True
        )
    # The second provider is served the first provider's participant: a record, not a 404.
    assert '"type":"participant"' in done.stdout.replace(" ", ""), done.stdout


def test_an_unknown_finding_is_a_usage_error(fault_run):
    with EmbeddedSandbox() as sandbox:
        done = replay(fault_run.result.report_dir, "Fnothere", sandbox)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "names no finding" in done.stderr
