"""``rect-conformance run`` end to end against the real embedded sandbox (a subprocess).

The faults below are the proof that the engine's own checks can fail: for each fault of the one
fault table (tests/faults.py) that the per-operation checks catch, a run restricted to the
operation that shows it exits 1 with a finding naming the symptom. The faults the checks of the
registry catch are proved in tests/checks/.

Checks of the engine that no fault makes fail yet (so not yet trusted): ``positive_data_acceptance``
(a read refusing a schema-valid request) and ``negative_data_rejection`` (a write accepting an
invalid body); the sandbox catalogue has no fault for either.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from rect_conformance._errors import EXIT_INCOMPLETE
from rect_conformance._target import EmbeddedSandbox
from tests.engine.helpers import FAST, PROJECT_ROOT, run_cli, run_cli_inprocess
from tests.faults import OPERATIONS, runs

# fault -> (operation whose answers show it, text the finding's message must contain): the
# faults the per-operation checks catch, from the one fault table (tests/faults.py).
ENGINE_RUNS = runs(engine=True)
FAULT_SYMPTOMS = {
    fault: (replay.operations[0], replay.symptoms[0].text) for fault, replay in ENGINE_RUNS.items()
}
# Faults that do not hide one another share a sandbox, to keep the runs few: each shows on its
# own operation, and each symptom is a finding of its own (any one of them alone fails a run).
FAULT_GROUPS = [
    (
        "enrolment-missing-field",
        "wrong-type",
        "unexpected-null",
        "bad-datetime",
        "create-returns-201",
    ),
    ("enum-out-of-range", "intermittent-500"),
    ("wrong-content-type",),
]
EXTRA_CHECKS = {
    fault: check
    for fault, replay in ENGINE_RUNS.items()
    for check in replay.checks
    if check != OPERATIONS
}

CANARY_ENV = "RECT_ENGINE_CANARY_TOKEN"
SECOND_ENV = "RECT_ENGINE_SECOND_TOKEN"


def _all_files_text(folder: Path) -> str:
    return "\n".join(
        path.read_text("utf-8", "replace") for path in folder.rglob("*") if path.is_file()
    )


def test_clean_sandbox_is_conformant_and_every_operation_is_covered(tmp_path):
    result = run_cli(FAST, tmp_path / "r")
    summary = result.summary
    assert result.code == 0, result.output
    assert summary["verdict"] == "conformant"
    assert summary["findings"] == []
    assert len(summary["operations"]) == 24
    assert [op for op, row in summary["operations"].items() if not row["covered"]] == []
    for name in ("junit.xml", "journal.jsonl.gz", "summary.md"):
        assert (tmp_path / "r" / name).exists()
    assert any((tmp_path / "r" / "allure-results").iterdir())
    assert "verdict: conformant" in result.stdout


def test_published_spec_reports_only_its_known_deviations(tmp_path, published_spec_path):
    result = run_cli([*FAST, "--spec", str(published_spec_path)], tmp_path / "r")
    summary = result.summary
    assert summary["findings"] == [], summary["findings"]
    assert result.code == 0, result.output
    assert {waiver["id"] for waiver in summary["known_deviations"] if waiver["count"]} >= {
        "spec-no-servers",
        "spec-format-date-underscore",
        "spec-nullable-enum-without-null",
    }


def test_the_fault_groups_cover_the_table():
    grouped = [fault for group in FAULT_GROUPS for fault in group]
    assert sorted(grouped) == sorted(FAULT_SYMPTOMS)


@pytest.mark.parametrize("faults", FAULT_GROUPS, ids=["+".join(g) for g in FAULT_GROUPS])
def test_each_fault_is_caught_with_its_symptom(tmp_path, faults):
    operations = sorted({FAULT_SYMPTOMS[fault][0] for fault in faults})
    checks = ["operations", *sorted({EXTRA_CHECKS[f] for f in faults if f in EXTRA_CHECKS})]
    args = [*FAST, "--checks", ",".join(checks), "--operations", ",".join(operations)]
    for fault in faults:
        args += ["--sandbox-fault", fault]
    result = run_cli(args, tmp_path / "r")
    assert result.code == 1, result.output
    findings = result.summary["findings"]
    # Every finding of the engine comes with a request that reproduces it, token elided.
    ours = [item for item in findings if item["kind"] in ("contract", "robustness")]
    assert ours and all(item["curl"].startswith("curl ") for item in ours)
    assert all('"Authorization: Bearer $RECT_TOKEN"' in item["curl"] for item in ours)
    for fault in faults:
        operation, symptom = FAULT_SYMPTOMS[fault]
        messages = [item["message"] for item in findings if item["operation"] == operation]
        assert any(symptom in message for message in messages), (fault, messages)


def test_a_separately_started_sandbox_runs_like_the_default(tmp_path):
    selection = [*FAST, "--operations", "getStatements,getStatement,createPartnership"]
    default = run_cli(selection, tmp_path / "default")
    with EmbeddedSandbox() as started:
        env = {CANARY_ENV: started.tokens[0]["token"], SECOND_ENV: started.tokens[1]["token"]}
        separate = run_cli(
            [
                *selection,
                "--base-url",
                started.base_url,
                "--token-env",
                CANARY_ENV,
                "--second-token-env",
                SECOND_ENV,
            ],
            tmp_path / "sep",
            env=env,
        )
    assert separate.code == default.code == 0, separate.output + default.output

    def outcomes(result):
        return {op: row["tests"] for op, row in result.summary["operations"].items()}

    assert outcomes(separate) == outcomes(default)
    assert separate.summary["target"]["test_support"] is True


def test_the_token_never_appears_in_reports_or_output(tmp_path, sandbox):
    canary = sandbox.tokens[0]["token"]
    result = run_cli(
        [
            *FAST,
            "--base-url",
            sandbox.base_url,
            "--token-env",
            CANARY_ENV,
            "--operations",
            "getStatements,getParticipant,withdrawParticipant",
        ],
        tmp_path / "r",
        env={CANARY_ENV: canary},
    )
    assert result.summary["requests"]["sent"] > 10
    assert canary not in result.output
    assert canary not in _all_files_text(tmp_path / "r")


def test_a_wrong_token_against_the_sandbox_exits_3(tmp_path, sandbox, monkeypatch):
    monkeypatch.setenv(CANARY_ENV, "wrong-token-for-this-sandbox-0000")
    result = run_cli_inprocess(
        ["--base-url", sandbox.base_url, "--token-env", CANARY_ENV], tmp_path / "r"
    )
    assert result.code == 3
    assert "refused the token" in result.stderr


def test_an_unreachable_spec_url_is_a_usage_error(tmp_path, sandbox, monkeypatch):
    monkeypatch.setenv(CANARY_ENV, sandbox.tokens[0]["token"])
    result = run_cli_inprocess(
        [
            "--base-url",
            sandbox.base_url,
            "--token-env",
            CANARY_ENV,
            "--spec",
            sandbox.base_url + "/no/such/spec.yaml",
        ],
        tmp_path / "r",
    )
    assert result.code == 2
    assert "could not fetch the spec" in result.stderr


def test_a_small_budget_stops_sending_and_says_what_was_not_covered(tmp_path):
    result = run_cli([*FAST, "--budget", "40", "--require-complete"], tmp_path / "r")
    summary = result.summary
    assert result.code == EXIT_INCOMPLETE, result.output
    assert summary["verdict"] == "incomplete"
    assert summary["requests"]["sent"] <= 40
    assert summary["not_covered"]["tests_skipped_for_budget"]
    assert "budget spent" in result.stdout


def test_the_plugin_runs_under_plain_pytest(tmp_path, sandbox):
    env = {**os.environ, CANARY_ENV: sandbox.tokens[0]["token"]}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "contracts/",
            "-q",
            "-p",
            "no:cacheprovider",
            "--rect-base-url",
            sandbox.base_url,
            "--rect-token-env",
            CANARY_ENV,
            "--rect-checks",
            "operations",
            "--rect-operations",
            "getStatement",
            "--rect-max-examples",
            "3",
            "--rect-report-dir",
            str(tmp_path / "r"),
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-2000:]
    summary = json.loads((tmp_path / "r" / "summary.json").read_text())
    assert summary["verdict"] == "conformant"
    assert summary["operations"]["getStatement"]["covered"]
