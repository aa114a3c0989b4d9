"""The CI examples in ``examples/`` parse, and every ``rect-conformance`` command they run exists
with the options they give it (checked against the real argument parser); the token comes from
the CI's secret store, and the report folder the watch writes is the one they attach."""

from __future__ import annotations

import argparse
import re
import shlex
from pathlib import Path

import pytest
import yaml

from rect_conformance import cli
from rect_conformance._errors import EXIT_FINDINGS, EXIT_NEW, EXIT_OK

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
GITHUB = EXAMPLES / "github-actions" / "rect-watch.yml"
GITLAB = EXAMPLES / "gitlab-ci" / "rect-watch.gitlab-ci.yml"


def _commands(script: str) -> list[list[str]]:
    """Each ``rect-conformance ...`` command of a shell script, as its argument list."""
    joined = re.sub(r"\\\n\s*", " ", script)
    found = []
    for line in joined.splitlines():
        line = line.split("||", 1)[0].strip()
        if line.startswith("rect-conformance "):
            found.append(shlex.split(line)[1:])
    return found


def _parsed(argv: list[str]):
    """The parsed command; every option must be spelled out (argparse would take a prefix)."""
    parser = cli.build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit:
        pytest.fail(f"the example calls `rect-conformance {shlex.join(argv)}`, which is refused")
    (commands,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    known = commands.choices[argv[0]]._option_string_actions
    written = [token.split("=", 1)[0] for token in argv if token.startswith("--")]
    assert [option for option in written if option not in known] == []
    return args


def _github_steps() -> list[dict]:
    workflow = yaml.safe_load(GITHUB.read_text(encoding="utf-8"))
    assert workflow[True]["schedule"]  # YAML 1.1 reads the key `on` as true
    (job,) = workflow["jobs"].values()
    return job["steps"]


def test_the_github_workflow_runs_watch_daily_with_the_token_from_the_secret_store():
    steps = _github_steps()
    runs = [(step, command) for step in steps for command in _commands(step.get("run", ""))]
    assert [command[0] for _, command in runs] == ["watch"]
    step, command = runs[0]
    args = _parsed(command)
    assert args.token_env in step["env"]
    assert step["env"][args.token_env] == "${{ secrets.RECT_SANDBOX_TOKEN }}"
    attached = [s for s in steps if str(s.get("uses", "")).startswith("actions/upload-artifact")]
    assert attached[0]["with"]["path"].rstrip("/") == args.report_dir
    committed = " ".join(s.get("run", "") for s in steps)
    assert f"git add {args.state}" in committed
    for code in (EXIT_OK, EXIT_FINDINGS, EXIT_NEW):
        assert f"steps.watch.outputs.code == '{code}'" in GITHUB.read_text(encoding="utf-8")


def test_the_gitlab_job_runs_watch_with_the_masked_variable_and_keeps_state_and_report():
    (job,) = yaml.safe_load(GITLAB.read_text(encoding="utf-8")).values()
    commands = [command for line in job["script"] for command in _commands(line)]
    assert [command[0] for command in commands] == ["watch"]
    args = _parsed(commands[0])
    assert job["variables"][args.token_env] == "$RECT_SANDBOX_TOKEN"
    assert args.state in job["cache"]["paths"]
    assert f"{args.report_dir}/" in job["artifacts"]["paths"]
    assert any(rule["if"] == '$CI_PIPELINE_SOURCE == "schedule"' for rule in job["rules"])
