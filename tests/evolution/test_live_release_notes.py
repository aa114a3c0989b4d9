"""contracts/test_release_notes.py run by the suite against the embedded sandbox: the promises
hold on the clean sandbox, and the wrong-type fault breaks the partnership-count promise."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]


def _suite(*extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "contracts/test_release_notes.py",
            "-q",
            "-p",
            "no:cacheprovider",
            "-k",
            "partnerships or working_pattern",
            *extra,
        ],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_release_note_promises_hold_on_the_clean_embedded_sandbox():
    result = _suite()
    assert result.returncode == 0, result.stdout[-2000:]
    assert " passed" in result.stdout


def test_wrong_type_fault_fails_the_partnership_count_promise():
    result = _suite("--rect-sandbox-fault", "wrong-type")
    assert result.returncode == 1, result.stdout[-2000:]
    failed = [line for line in result.stdout.splitlines() if line.startswith("FAILED")]
    assert failed and all("participants_currently_training" in line for line in failed)
