"""The honest verdict, end to end: a check in scope that did not run is never a pass.

Each run below is real (a sandbox subprocess, real HTTP): without a second token, behind a proxy
that hides test support, under a budget, and stopped with SIGINT. None may say "conformant";
each lists what did not run and why; ``--require-complete`` turns "incomplete" into exit 4, and
an interrupted run exits 130 and says so in stdout, summary.md and summary.json.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

from rect_conformance._errors import EXIT_INCOMPLETE, EXIT_INTERRUPTED, EXIT_OK
from rect_conformance._target import EmbeddedSandbox
from rect_conformance.reporting._verdict import exit_code
from tests.engine.helpers import FAST, PROJECT_ROOT, run_cli
from tests.proxy import forwarding_app
from tests.serving import served

TOKEN_ENV = "RECT_VERDICT_TEST_TOKEN"


def _reasons(summary: dict) -> dict[str, dict]:
    return {group["why"]: group for group in summary["not_run"]}


def _run_at(base_url: str, token: str, folder, *selection: str):
    """A complete-or-fail run at ``base_url`` with one provider's token only."""
    return run_cli(
        [*FAST, "--base-url", base_url, "--token-env", TOKEN_ENV, *selection, "--require-complete"],
        folder,
        env={TOKEN_ENV: token},
    )


def test_without_a_second_token_tenancy_is_not_run_and_the_run_is_incomplete(tmp_path):
    with EmbeddedSandbox() as sandbox:
        result = _run_at(
            sandbox.base_url,
            str(sandbox.tokens[0]["token"]),
            tmp_path / "r",
            "--checks",
            "tenancy-hidden-by-id,tenancy-list-isolated,auth-missing-token",
        )
    summary = result.summary
    assert summary["verdict"] == "incomplete", result.output
    assert result.code == EXIT_INCOMPLETE
    group = _reasons(summary)["no-second-token"]
    assert group["families"] == ["tenancy"] and group["count"] == 14
    assert "second-token-env" in group["remedy"]
    # The checks that could run did, and passed: the verdict names what did not.
    assert summary["tests"]["passed"] == 24
    assert "14 of 38 checks did not run (14 no second token)" in summary["verdict_text"]
    markdown = (tmp_path / "r" / "summary.md").read_text()
    assert "NO FINDINGS, BUT INCOMPLETE" in markdown and "no second token" in markdown
    assert "not run: 14 x no second token" in result.stdout
    cell = summary["coverage"]["rows"]["getParticipant"]["tenancy"]
    assert cell["result"] == "not run" and cell["reasons"] == ["no second token"]


def test_behind_a_proxy_without_test_support_writes_and_updated_at_are_not_run(tmp_path):
    with (
        EmbeddedSandbox() as sandbox,
        served(forwarding_app(sandbox.base_url, hide=("/test-support",))) as proxy,
    ):
        result = _run_at(
            proxy,
            str(sandbox.tokens[0]["token"]),
            tmp_path / "r",
            "--checks",
            "operations,sync-updated-at-bumped",
            "--operations",
            "withdrawParticipant,getStatements",
        )
    summary = result.summary
    assert summary["target"]["test_support"] is False
    assert summary["verdict"] == "incomplete", result.output
    assert result.code == EXIT_INCOMPLETE
    missing = {r["test"]: r for r in summary["results"] if r["outcome"] == "not run"}
    assert {r["why"] for r in missing.values()} == {"no-test-support"}
    assert any("sync-updated-at-bumped-withdrawParticipant" in test for test in missing)
    assert any("withdrawParticipant-positive" in test for test in missing)
    row = summary["coverage"]["rows"]["withdrawParticipant"]
    assert row["valid"]["result"] == "not run" and row["invalid"]["result"] == "passed"
    assert summary["operations"]["withdrawParticipant"]["result"] == "not run"
    assert summary["operations"]["getStatements"]["result"] == "passed"


def test_under_a_budget_what_was_not_sent_is_not_run(tmp_path):
    result = run_cli([*FAST, "--budget", "30", "--require-complete"], tmp_path / "r")
    summary = result.summary
    assert summary["verdict"] == "incomplete", result.output
    assert result.code == EXIT_INCOMPLETE
    assert summary["requests"]["sent"] <= 30
    budget = _reasons(summary)["budget"]
    assert budget["count"] == len(summary["not_covered"]["tests_skipped_for_budget"]) > 0
    # No operation row passes on the strength of one test when others were not sent.
    assert "passed" not in {row["result"] for row in summary["operations"].values()}


def test_incomplete_fails_only_when_asked():
    assert exit_code("incomplete", require_complete=False) == EXIT_OK
    assert exit_code("incomplete", require_complete=True) == EXIT_INCOMPLETE
    assert exit_code("conformant", require_complete=True) == EXIT_OK


def _hears_ctrl_c() -> None:
    # A test session started in the background from a script (`pytest &`) ignores SIGINT, and
    # a child inherits that: give the run the disposition it has at a terminal.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_an_interrupted_run_says_so_everywhere(tmp_path):
    folder = tmp_path / "r"
    argv = [sys.executable, "-m", "rect_conformance", "run", "--report-dir", str(folder), *FAST]
    process = subprocess.Popen(
        argv,
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        preexec_fn=_hears_ctrl_c,
    )
    assert process.stdout is not None
    finished = 0
    deadline = time.monotonic() + 120
    # Wait until a few tests have finished, then press Ctrl-C.
    while finished < 5 and time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        finished += line.strip().startswith(("ok ", "FINDINGS ", "skipped "))
    assert finished >= 5, "the run did not get going"
    process.send_signal(signal.SIGINT)
    rest, errors = process.communicate(timeout=120)
    assert process.returncode == EXIT_INTERRUPTED, rest + errors
    assert "verdict: interrupted" in rest and "interrupted" in errors
    summary = json.loads((folder / "summary.json").read_text())
    assert summary["verdict"] == "interrupted"
    assert summary["verdict_text"].startswith("Interrupted: stopped by the user")
    interrupted = {r["why"]: r for r in summary["not_run"]}["interrupted"]
    assert interrupted["count"] > 100
    assert "# RECT conformance: INTERRUPTED" in (folder / "summary.md").read_text()
    assert "INTERRUPTED" in (folder / "report.html").read_text()
