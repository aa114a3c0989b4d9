"""`rect-conformance sandbox` hands every option over to the sandbox's own command, which meets a
new user the same way under either name: it calls itself by the name typed, and its errors are
one line with a distinct status."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.serving import free_port, spawned

SUITE = [sys.executable, "-m", "rect_conformance"]
SANDBOX = [sys.executable, "-m", "rect_sandbox"]


def test_sandbox_subcommand_passes_options_through() -> None:
    done = subprocess.run(
        [*SUITE, "sandbox", "--list-faults"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    names = [line.split("\t")[0] for line in done.stdout.splitlines() if line.strip()]
    assert "page-gap" in names and "auth-ignored" in names
    assert len(names) >= 20


def test_sandbox_subcommand_serves_and_writes_the_tokens_file(tmp_path: Path) -> None:
    port = free_port()
    tokens_file = tmp_path / "tokens.json"
    base_url = f"http://127.0.0.1:{port}"
    argv = [*SUITE, "sandbox", "--port", str(port), "--participants", "50"]
    with spawned(
        [*argv, "--tokens-json", str(tokens_file)], f"{base_url}/api/docs/v3/swagger.yaml"
    ) as sandbox:
        providers = json.loads(tokens_file.read_text())
        assert len(providers) >= 2
        assert {"name", "id", "token"} <= set(providers[0])
        answer = httpx.get(
            f"{base_url}/api/v3/statements",
            headers={"Authorization": f"Bearer {providers[0]['token']}"},
        )
        assert answer.status_code == 200
        assert isinstance(answer.json()["data"], list)
        output = sandbox.output()
    assert base_url in output
    assert providers[0]["name"] in output


def _one_line_error(done: subprocess.CompletedProcess[str], status: int, prog: str) -> None:
    assert done.returncode == status, done.stderr
    assert done.stderr.startswith(f"{prog}: error: ") and done.stderr.count("\n") == 1, done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("argv", "prog"),
    [([*SUITE, "sandbox"], "rect-conformance sandbox"), (SANDBOX, "python -m rect_sandbox")],
)
def test_the_sandbox_calls_itself_by_the_name_it_was_started_with(argv, prog) -> None:
    helped = subprocess.run([*argv, "--help"], capture_output=True, text=True, timeout=60)
    assert helped.returncode == 0
    assert helped.stdout.startswith(f"usage: {prog} ")
    wrong = subprocess.run([*argv, "--port", "eighty"], capture_output=True, text=True, timeout=60)
    _one_line_error(wrong, 2, prog)
    assert "--port" in wrong.stderr


@pytest.mark.parametrize(
    ("argv", "prog"),
    [([*SUITE, "sandbox"], "rect-conformance sandbox"), (SANDBOX, "python -m rect_sandbox")],
)
def test_a_busy_port_is_one_line_and_status_3_before_anything_is_announced(
    argv, prog, tmp_path: Path
) -> None:
    tokens_file = tmp_path / "tokens.json"
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [*argv, "--port", str(port), "--participants", "10", "--tokens-json", str(tokens_file)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    _one_line_error(done, 3, prog)
    assert f"127.0.0.1:{port}" in done.stderr and "--port" in done.stderr
    assert done.stdout == "" and not tokens_file.exists()
