"""The command line as a new user meets it: each mistake or surprise found by trying it is one
line on stderr with the documented exit code and no traceback; the help says what a user needs.
(The evolution commands' cases are in tests/evolution/test_cli.py.)"""

from __future__ import annotations

import io
import json
from importlib import metadata

import pytest

from rect_conformance import cli
from rect_conformance._errors import EXIT_FINDINGS, EXIT_TARGET, EXIT_USAGE
from rect_conformance._selection import check_names
from rect_conformance._target import free_port
from tests.engine.helpers import CliResult, run_cli, run_cli_inprocess

TOKEN_ENV = "RECT_TEST_TOKEN"


def _one_line(result: CliResult) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    return lines[0]


def _command(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(argv, out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TOKEN_ENV, "not-a-real-token-0123456789")


def test_a_report_dir_that_cannot_be_created_is_a_usage_error(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = run_cli_inprocess([], blocker / "reports")
    assert result.code == EXIT_USAGE
    line = _one_line(result)
    assert line.startswith("rect-conformance: --report-dir ") and "cannot write there" in line


def test_an_unreachable_spec_url_is_named_by_its_own_address(tmp_path):
    port = free_port()
    spec_url = f"http://127.0.0.1:{port}/swagger.yaml"
    result = run_cli_inprocess(["--spec", spec_url], tmp_path / "r")
    assert result.code == EXIT_USAGE
    line = _one_line(result)
    # The embedded sandbox listens elsewhere; the message names where the spec was looked for.
    assert f"http://127.0.0.1:{port}/swagger.yaml" in line and "connection refused" in line


def test_a_400_to_the_preflight_read_is_a_finding_not_an_outage(tmp_path, token, scripted_server):
    base_url, script = scripted_server
    script.default = (400, {}, b'{"errors": [{"title": "Bad request", "detail": "no"}]}')
    result = run_cli_inprocess(["--base-url", base_url, "--token-env", TOKEN_ENV], tmp_path / "r")
    assert result.code == EXIT_FINDINGS
    line = _one_line(result)
    assert "answered 400" in line and "conformance failure" in line
    assert "try again later" not in line
    assert json.loads((tmp_path / "r" / "summary.json").read_text())["verdict"] == "findings"


@pytest.mark.parametrize("status", [500, 503])
def test_a_5xx_to_the_preflight_read_keeps_the_outage_wording(
    tmp_path, token, scripted_server, status
):
    base_url, script = scripted_server
    script.default = (status, {}, b'{"error": "down"}')
    result = run_cli_inprocess(["--base-url", base_url, "--token-env", TOKEN_ENV], tmp_path / "r")
    assert result.code == EXIT_TARGET
    line = _one_line(result)
    assert f"answered {status}" in line and "try again later" in line


def test_version_is_the_installed_one():
    code, out, _ = _command(["--version"])
    assert code == 0
    assert out.strip() == f"rect-conformance {metadata.version('rect-conformance')}"


def test_every_subcommand_has_a_description():
    parser = cli.build_parser()
    subcommands = next(a for a in parser._actions if a.dest == "command").choices
    for name in ("run", "diff", "notes", "history", "baseline"):
        assert subcommands[name].description, name


def test_run_help_lists_the_exit_codes():
    help_text = cli.build_parser()._subparsers._group_actions[0].choices["run"].format_help()
    assert "exit codes:" in help_text
    for code in (
        "0  conformant",
        "1  findings",
        "2  usage",
        "3  the target",
        "4  incomplete",
        "130  interrupted",
    ):
        assert code in help_text


def test_the_unknown_check_error_lists_the_choices_of_the_help(tmp_path):
    result = run_cli_inprocess(["--checks", "no-such-check"], tmp_path / "r")
    assert result.code == EXIT_USAGE
    line = _one_line(result)
    listed = line.split("choose from: ", 1)[1].split(", ")
    assert listed == check_names()
    help_text = " ".join(
        cli.build_parser()._subparsers._group_actions[0].choices["run"].format_help().split()
    )
    assert "from: " + ", ".join(check_names()) in help_text
    assert {"operations", "spec", "release-notes"} <= set(listed)


def test_a_selection_that_leaves_no_test_is_a_usage_error_not_a_pass(tmp_path):
    # tenancy-schools-shared never runs on getStatements.
    args = ["--checks", "tenancy-schools-shared", "--operations", "getStatements"]
    result = run_cli(args, tmp_path / "r")
    assert result.code == EXIT_USAGE
    assert "leaves no test to run" in _one_line(result)
    assert result.summary["verdict"] == "incomplete"
