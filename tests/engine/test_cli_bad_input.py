"""Bad input: each gives one line saying what was wrong and what to do, the right exit code,
no traceback, and whatever journal the run had by then."""

from __future__ import annotations

import pytest

from rect_conformance._errors import EXIT_TARGET, EXIT_USAGE
from rect_conformance._target import PRODUCTION_HOST, free_port
from tests.engine.helpers import run_cli_inprocess

TOKEN_ENV = "RECT_TEST_TOKEN"


def _one_line(result) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    return lines[0]


@pytest.fixture
def token(monkeypatch):
    monkeypatch.setenv(TOKEN_ENV, "not-a-real-token-0123456789")


def test_refused_connection_exits_3(tmp_path, token):
    result = run_cli_inprocess(
        ["--base-url", f"http://127.0.0.1:{free_port()}", "--token-env", TOKEN_ENV], tmp_path / "r"
    )
    assert result.code == EXIT_TARGET
    assert "connection refused" in _one_line(result)
    assert (tmp_path / "r" / "journal.jsonl.gz").exists()
    assert (tmp_path / "r" / "summary.json").exists()


def test_production_is_refused_before_any_request(tmp_path, token):
    result = run_cli_inprocess(
        ["--base-url", f"https://{PRODUCTION_HOST}/api", "--token-env", TOKEN_ENV], tmp_path / "r"
    )
    assert result.code == EXIT_TARGET
    assert "--allow-production-writes" in _one_line(result)
    assert not (tmp_path / "r" / "journal.jsonl.gz").exists()


def test_a_budget_of_zero_is_a_usage_error(tmp_path):
    result = run_cli_inprocess(["--budget", "0"], tmp_path / "r")
    assert result.code == EXIT_USAGE
    assert "--budget 0" in _one_line(result)


def test_an_unset_token_variable_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    result = run_cli_inprocess(
        ["--base-url", "http://127.0.0.1:9", "--token-env", TOKEN_ENV], tmp_path / "r"
    )
    assert result.code == EXIT_USAGE
    assert TOKEN_ENV in _one_line(result)


def test_a_url_without_a_token_option_is_a_usage_error(tmp_path):
    result = run_cli_inprocess(["--base-url", "http://127.0.0.1:9"], tmp_path / "r")
    assert result.code == EXIT_USAGE
    assert "--token-env" in _one_line(result)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("openapi: [", "not valid YAML"),
        ("<html>hello</html>\n", "not an OpenAPI description"),
    ],
)
def test_a_malformed_spec_file_is_a_usage_error(tmp_path, content, message):
    spec = tmp_path / "spec.yaml"
    spec.write_text(content)
    result = run_cli_inprocess(["--spec", str(spec)], tmp_path / "r")
    assert result.code == EXIT_USAGE
    assert message in _one_line(result)


def test_a_missing_spec_file_is_a_usage_error(tmp_path):
    result = run_cli_inprocess(["--spec", str(tmp_path / "nope.yaml")], tmp_path / "r")
    assert result.code == EXIT_USAGE
    assert "no spec file" in _one_line(result)


def test_an_unknown_check_is_a_usage_error(tmp_path):
    result = run_cli_inprocess(["--checks", "no-such-check"], tmp_path / "r")
    assert result.code == EXIT_USAGE
    assert "no-such-check" in _one_line(result)


def test_a_target_answering_503_exits_3(tmp_path, token, scripted_server):
    base_url, script = scripted_server
    script.default = (503, {}, b'{"error": "down"}')
    result = run_cli_inprocess(["--base-url", base_url, "--token-env", TOKEN_ENV], tmp_path / "r")
    assert result.code == EXIT_TARGET
    assert "503" in _one_line(result)


def test_a_wrong_token_exits_3(tmp_path, token, scripted_server):
    base_url, script = scripted_server
    script.default = (401, {}, b'{"error": "HTTP Token: Access denied"}')
    result = run_cli_inprocess(["--base-url", base_url, "--token-env", TOKEN_ENV], tmp_path / "r")
    assert result.code == EXIT_TARGET
    assert "refused the token" in _one_line(result)
