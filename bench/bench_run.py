"""Speed of the default run, side by side with plain ``schemathesis run`` on the same spec
against the same kind of sandbox.

    .venv/bin/python bench/bench_run.py [--max-examples N]

Prints wall time, requests sent and requests per second for both, and what the lifecycle
scenarios of the default run spent. Not a test: nothing is asserted; the numbers go in the
report. Both runs get a fresh embedded sandbox.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rect_conformance._target import EmbeddedSandbox  # noqa: E402


def ours(max_examples: int | None) -> dict[str, float]:
    """``rect-conformance run`` with its defaults (embedded sandbox started by the run)."""
    with tempfile.TemporaryDirectory() as folder:
        argv = [sys.executable, "-m", "rect_conformance", "run", "--report-dir", folder]
        if max_examples:
            argv += ["--max-examples", str(max_examples)]
        started = time.perf_counter()
        done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - started
        summary = json.loads((Path(folder) / "summary.json").read_text())
    sent = summary["requests"]["sent"]
    scenarios = (summary.get("lifecycle") or {}).get("scenarios", [])
    return {
        "wall_s": wall,
        "requests": sent,
        "req_per_s": sent / wall,
        "exit": done.returncode,
        "lifecycle_requests": sum(s["requests"] for s in scenarios),
        "lifecycle_scenarios": len(scenarios),
    }


def plain_schemathesis(spec: str, max_examples: int | None) -> dict[str, float]:
    """``schemathesis run`` on the same spec against a fresh sandbox (its own start excluded)."""
    with EmbeddedSandbox() as sandbox, tempfile.TemporaryDirectory() as folder:
        token = sandbox.tokens[0]["token"]
        code, wall = run_schemathesis(spec, sandbox.base_url, token, folder, max_examples)
        sent = _count_requests(Path(folder))
    return {
        "wall_s": wall,
        "requests": sent,
        "req_per_s": sent / wall if wall else 0.0,
        "exit": code,
    }


def run_schemathesis(
    spec: str,
    base_url: str,
    token: str,
    folder: str,
    max_examples: int | None,
    report: str = "ndjson",
) -> tuple[int, float]:
    """Plain ``schemathesis run`` with the token and seed 1, its reports in ``folder``: the
    exit code and the wall time."""
    argv = [
        str(Path(sys.executable).parent / "schemathesis"),
        "run",
        spec,
        "--url",
        base_url,
        "-H",
        f"Authorization: Bearer {token}",
        "--generation-database",
        "none",
        "--no-color",
        "--report",
        report,
        "--report-dir",
        folder,
        "--seed",
        "1",
    ]
    if max_examples:
        argv += ["-n", str(max_examples)]
    started = time.perf_counter()
    done = subprocess.run(
        argv,
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )
    return done.returncode, time.perf_counter() - started


def _count_requests(folder: Path) -> int:
    # The ndjson report records every interaction (request and response) of every scenario.
    total = 0
    for path in folder.rglob("*.ndjson"):
        for line in path.read_text("utf-8").splitlines():
            total += line.count('"request":')
    return total


def main() -> None:
    """Run both and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--max-examples", type=int, default=None)
    args = parser.parse_args()
    with EmbeddedSandbox() as sandbox:
        import httpx

        spec_text = httpx.get(sandbox.base_url + "/api/docs/v3/swagger.yaml").text
    spec = Path(tempfile.mkdtemp()) / "swagger.yaml"
    spec.write_text(spec_text)
    rows = {
        "rect-conformance run": ours(args.max_examples),
        "schemathesis run": plain_schemathesis(str(spec), args.max_examples),
    }
    print(f"{'run':<22} {'wall s':>8} {'requests':>9} {'req/s':>7} {'exit':>5}")
    for name, row in rows.items():
        print(
            f"{name:<22} {row['wall_s']:>8.1f} {row['requests']:>9.0f} "
            f"{row['req_per_s']:>7.0f} {row['exit']:>5.0f}"
        )
    mine = rows["rect-conformance run"]
    print(
        f"of which lifecycle scenarios: {mine['lifecycle_requests']:.0f} requests in "
        f"{mine['lifecycle_scenarios']:.0f} scenarios"
    )


if __name__ == "__main__":
    main()
