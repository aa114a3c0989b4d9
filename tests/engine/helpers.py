"""Helpers of the engine tests: run the CLI as a user does (a subprocess) or in-process."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from rect_conformance import cli

PROJECT_ROOT = Path(__file__).resolve().parents[2]
# Small on purpose: the engine tests prove that each check can fail, not that it searches hard.
FAST = ["--max-examples", "5", "--seed", "1"]


@dataclass
class CliResult:
    """What one ``rect-conformance`` invocation did."""

    code: int
    stdout: str
    stderr: str
    report_dir: Path

    @property
    def summary(self) -> dict:
        """The run's ``summary.json``."""
        return json.loads((self.report_dir / "summary.json").read_text("utf-8"))

    @property
    def output(self) -> str:
        """Everything printed."""
        return self.stdout + self.stderr


def run_cli(
    args: list[str], report_dir: Path, env: dict[str, str] | None = None, timeout: float = 300
) -> CliResult:
    """``rect-conformance run ARGS`` as a subprocess (the way a user runs it)."""
    argv = [sys.executable, "-m", "rect_conformance", "run", "--report-dir", str(report_dir), *args]
    done = subprocess.run(
        argv,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        check=False,
    )
    return CliResult(done.returncode, done.stdout, done.stderr, report_dir)


def run_cli_inprocess(args: list[str], report_dir: Path) -> CliResult:
    """``rect-conformance run ARGS`` in this process (for runs that stop before pytest)."""
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(["run", "--report-dir", str(report_dir), *args], out, err)
    return CliResult(code, out.getvalue(), err.getvalue(), report_dir)
