"""Whole runs under a budget (the "Must show" of issue 11), as a user runs them.

* ``--budget 1000`` still catches the faults the full run catches: the faults of
  :data:`REPRESENTATIVE` (one or two per category of the catalogue, lifecycle included), each
  shown by a row of the fault table (``tests/faults.py``), in two runs that switch several
  faults on at once (faults that do not hide one another). The whole catalogue, run by run, is
  ``bench/bench_budget.py`` (its table is in ``bench/results/budget.md``).
* ``--budget 300``: authentication and tenancy run whole, every other family runs at least one
  check, and the summary lists what the plan cut and why.
* The default run against a separately started sandbox (a URL target with ``--token-env``)
  sends at most 1,000 requests and exits 0.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter

import pytest

from tests.engine.helpers import run_cli
from tests.faults import FAULTS, OPERATIONS, Symptom
from tests.serving import free_port, spawned

# Faults switched on together: each group's faults show on different checks and none hides
# another's symptom. The lifecycle scenarios stop at the first difference from the oracle, so
# faults that break what every scenario reads (a participant's enrolment, updated_at, a paid
# declaration's statement) share a run with the contract faults, not with the lifecycle ones.
GROUPS = {
    "contract": (
        "enrolment-missing-field",
        "create-returns-201",
        "auth-envelope",
        "tenancy-leak-show",
        "page-gap",
        "filter-ignored",
        "updated-at-not-bumped",
        "paid-declaration-hides-statement",
    ),
    "lifecycle": ("withdraw-twice-allowed", "void-paid-gives-voided"),
}
REPRESENTATIVE = {fault: group for group, faults in GROUPS.items() for fault in faults}
TOKEN_ENV, SECOND_ENV = "RECT_BUDGET_TOKEN", "RECT_BUDGET_SECOND_TOKEN"


@pytest.fixture(scope="module")
def runs_at_1000(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """The summary of one ``--budget 1000`` run per group of faults."""
    summaries = {}
    for group, faults in GROUPS.items():
        args = ["--budget", "1000"]
        for fault in faults:
            args += ["--sandbox-fault", fault]
        result = run_cli(args, tmp_path_factory.mktemp(group) / "r")
        assert result.code == 1, result.output
        summaries[group] = result.summary
    return summaries


def _shows(row: Symptom, findings: list[dict]) -> bool:
    # The per-operation tests name their findings by judgement (status_code_conformance, ...),
    # so the table's "operations" rows are matched by operation and text, as in the engine's
    # own fault runs.
    return any(
        (row.check == OPERATIONS or f["check"] == row.check)
        and f["operation"] == row.operation
        and row.text in f["message"]
        and (not row.rule or f.get("rule") == row.rule)
        for f in findings
    )


@pytest.mark.parametrize("fault", sorted(REPRESENTATIVE))
def test_a_budget_of_1000_still_catches_the_fault(fault, runs_at_1000):
    summary = runs_at_1000[REPRESENTATIVE[fault]]
    assert summary["requests"]["sent"] <= 1000
    rows = FAULTS[fault]
    assert isinstance(rows, tuple), f"{fault} is caught by no check in the fault table"
    assert any(_shows(row, summary["findings"]) for row in rows), (
        fault,
        sorted({(f["check"], f["operation"]) for f in summary["findings"]}),
    )


def test_the_representative_faults_cover_every_category_of_the_catalogue():
    listed = subprocess.run(
        [sys.executable, "-m", "rect_sandbox", "--list-faults"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    category = dict(line.split("\t")[:2] for line in listed.splitlines() if "\t" in line)
    covered = {category[fault] for fault in REPRESENTATIVE}
    # robustness's one fault (a 500 on every 7th request) would hide the others' symptoms
    # behind knock-ons; the bench runs it alone.
    assert covered == set(category.values()) - {"robustness"}


def test_a_budget_of_300_keeps_authentication_tenancy_and_every_family(tmp_path):
    result = run_cli(["--budget", "300"], tmp_path / "r")
    summary = result.summary
    assert result.code == 0, result.output
    assert summary["requests"]["sent"] <= 300
    ran = Counter(r["family"] for r in summary["results"] if r["outcome"] == "passed")
    every = Counter(r["family"] for r in summary["results"])
    assert ran["auth"] == every["auth"] == 48
    assert ran["tenancy"] == every["tenancy"] > 0
    for family in ("sync", "envelopes", "release-notes", "lifecycle", "valid", "invalid"):
        assert ran[family] >= 1, family
    plan = summary["plan"]
    assert plan["budget"] == 300 and plan["cut_count"] > 0
    cut = {c["test"] for c in plan["cut"]}
    not_run = {r["test"] for r in summary["results"] if r["outcome"] == "not run"}
    assert cut and cut <= not_run
    assert all(c["reason"].startswith("cut by the request plan") for c in plan["cut"])
    assert all(r["why"] == "budget" for r in summary["results"] if r["test"] in cut)
    families = {f["family"]: f for f in plan["families"]}
    assert families["auth"]["cut"] == 0 and families["sync"]["cut"] > 0
    assert sum(f["spent"] for f in plan["families"]) + plan["setup"] == plan["spent"]
    text = (tmp_path / "r" / "summary.md").read_text()
    assert f"cut: {plan['cut_count']} tests" in text
    html = (tmp_path / "r" / "report.html").read_text()
    assert 'id="plan"' in html and "tests cut by the plan" in html


def test_the_default_run_against_a_url_target_fits_one_rate_window(tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    tokens = tmp_path / "tokens.json"
    argv = [sys.executable, "-m", "rect_sandbox", "--port", str(port), "--tokens-json", str(tokens)]
    with spawned(argv, url + "/api/docs/v3/swagger.yaml"):
        providers = json.loads(tokens.read_text())
        env = {TOKEN_ENV: providers[0]["token"], SECOND_ENV: providers[1]["token"]}
        result = run_cli(
            [
                "--base-url",
                url + "/api",
                "--token-env",
                TOKEN_ENV,
                "--second-token-env",
                SECOND_ENV,
            ],
            tmp_path / "r",
            env={**os.environ, **env},
        )
    summary = result.summary
    assert result.code == 0, result.output
    assert summary["requests"]["budget"] == 1000
    assert summary["requests"]["sent"] <= 1000
    assert summary["findings"] == []
    ran = {r["family"] for r in summary["results"] if r["outcome"] == "passed"}
    assert ran >= {"auth", "tenancy", "sync", "envelopes", "release-notes", "lifecycle"}
    assert ran >= {"valid", "invalid"}
