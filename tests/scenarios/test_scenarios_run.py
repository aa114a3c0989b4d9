"""The lifecycle scenarios in a whole ``rect-conformance run`` against the clean embedded
sandbox: every scenario passes, every step is held to the oracle, and the summary holds the
state x action matrix, the requests each scenario spent, what was undone, and the
documentation mismatches (reported, never failing)."""

from __future__ import annotations

import pytest

from rect_conformance import lifecycle
from tests.engine.helpers import run_cli

DEFAULT = ",".join(check.name for check in lifecycle.CHECKS)
GRID = len(lifecycle.PARTICIPANT_STATES) * len(lifecycle.PARTICIPANT_ACTIONS) + len(
    lifecycle.DECLARATION_STATES
)


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    return run_cli(["--checks", DEFAULT], tmp_path_factory.mktemp("clean") / "r")


def test_every_scenario_passes_on_the_clean_sandbox(clean):
    assert clean.code == 0, clean.output
    assert clean.summary["verdict"] == "conformant"
    scenarios = clean.summary["lifecycle"]["scenarios"]
    assert {s["check"] for s in scenarios} == set(DEFAULT.split(","))
    assert all(s["result"] == "passed" and s["requests"] > 0 for s in scenarios), scenarios


def test_the_summary_holds_the_matrix_requests_and_what_was_undone(clean):
    section = clean.summary["lifecycle"]
    assert set(section) == {"matrix", "scenarios", "undone", "not_undone"}
    cells = section["matrix"]
    assert len(cells) >= GRID
    for cell in cells:
        assert set(cell) == {"subject", "state", "action", "result", "reason", "rules", "steps"}
        assert cell["result"] in ("passed", "failed", "not run")
        assert (cell["result"] == "not run") == (cell["steps"] == 0 or cell["reason"] is not None)
    reached = {(c["state"], c["action"]) for c in cells if c["result"] == "passed"}
    assert {("paid", "void"), ("clawed-back", "void"), ("deferred", "resume")} <= reached
    assert ("withdrawn", "declare-retained") in reached
    assert sum(s["requests"] for s in section["scenarios"]) < clean.summary["requests"]["sent"]
    assert section["not_undone"] == []
    markdown = (clean.report_dir / "summary.md").read_text("utf-8")
    assert "## Lifecycle (" in markdown and "requests" in markdown


def test_documentation_mismatches_are_reported_and_do_not_fail(clean):
    mismatches = clean.summary["documentation_mismatches"]
    claims = {m["message"].split("'")[1] for m in mismatches}
    assert {
        "deferred-declarations",
        "participant-status-withdrawn",
        "duplicate-idempotent",
    } <= claims
    assert all(m["kind"] == "documentation" and "docs: " in m["source"] for m in mismatches)
    assert all(m["rule"] for m in mismatches)
    assert clean.summary["findings"] == []
