"""`rect-conformance sandbox` hands every option over to the sandbox's own command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx

from tests.serving import free_port, spawned

SUITE = [sys.executable, "-m", "rect_conformance"]


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

