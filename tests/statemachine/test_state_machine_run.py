"""The state machine in whole ``rect-conformance run``s: on the clean embedded sandbox it passes,
records the requests it spent like a scenario, and feeds the lifecycle matrix; a target without
test support leaves it "not run" with the reason, never passed."""

from __future__ import annotations

import json

import pytest

from rect_conformance import cli, lifecycle
from rect_conformance._journal import find_journal, read_journal
from rect_conformance._target import EmbeddedSandbox
from tests.engine.helpers import run_cli
from tests.proxy import without_test_support

CHECK = "lifecycle-state-machine"
TOKEN = "RECT_STATE_MACHINE_PROXY_TOKEN"


def _entry(summary):
    entries = [s for s in summary["lifecycle"]["scenarios"] if s["check"] == CHECK]
    assert len(entries) == 1, summary["lifecycle"]["scenarios"]
    return entries[0]


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    return run_cli(["--checks", CHECK], tmp_path_factory.mktemp("clean") / "r")


def test_the_check_is_in_the_catalogue_and_the_help():
    assert CHECK in lifecycle.check_names()
    run = cli.build_parser()._subparsers._group_actions[0].choices["run"]
    assert CHECK in " ".join(run.format_help().split())


def test_the_clean_sandbox_passes_and_the_requests_are_counted(clean):
    assert clean.code == 0, clean.output
    assert clean.summary["verdict"] == "conformant"
    entry = _entry(clean.summary)
    assert entry["result"] == "passed" and entry["reason"] is None
    # every example registers its own participants, so there are many, all distinct
    assert len(entry["participants"]) >= 10
    assert 0 < entry["requests"] <= clean.summary["requests"]["sent"]


def test_its_steps_feed_the_lifecycle_matrix(clean):
    # the run holds no other lifecycle check, so every cell reached is the machine's
    cells = clean.summary["lifecycle"]["matrix"]
    reached = {(c["subject"], c["state"], c["action"]) for c in cells if c["result"] == "passed"}
    assert len(reached) >= 15, reached
    assert {action for _, _, action in reached} >= {"withdraw", "defer", "resume", "void"}
    assert not [c for c in cells if c["result"] == "failed"]


def test_the_journal_marks_each_example(clean):
    path = find_journal(clean.report_dir)
    assert path is not None
    marks = [e for e in read_journal(path) if "state machine example" in json.dumps(e)]
    assert len(marks) >= 10


def test_without_test_support_it_is_not_run_with_the_reason(tmp_path):
    with EmbeddedSandbox() as sandbox, without_test_support(sandbox.base_url) as url:
        token = str(sandbox.tokens[0]["token"])
        result = run_cli(
            ["--base-url", url, "--token-env", TOKEN, "--checks", CHECK],
            tmp_path / "r",
            env={TOKEN: token},
        )
    entry = _entry(result.summary)
    assert entry["result"] == "not run", entry
    assert "test support" in entry["reason"] and entry["participants"] == []
    assert "passed" not in {s["result"] for s in result.summary["lifecycle"]["scenarios"]}
    assert result.summary["findings"] == []
