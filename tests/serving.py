"""Serving for tests: ``served`` runs an app with uvicorn in a thread on a free loopback port;
``spawned`` starts a server process (the sandbox's command line) and waits until it answers.
Both yield only once the server answers, and fail loudly, with the reason, when it does not."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import uvicorn


def free_port() -> int:
    """A port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def served(app: Any) -> Iterator[str]:
    """Serve ``app`` until the block ends; yields its base URL once the server listens."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the app did not start serving on 127.0.0.1")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


class SpawnError(RuntimeError):
    """A spawned server exited or did not answer in time; the message ends with its last line."""


@dataclass
class Spawned:
    """A running server process; everything it prints (stdout and stderr) goes to ``log``."""

    process: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        """What the process has printed so far."""
        return self.log.read_text(encoding="utf-8", errors="replace")

    def last_line(self) -> str:
        """The last non-empty line the process printed, or a note that it printed nothing."""
        lines = [line for line in self.output().splitlines() if line.strip()]
        return lines[-1].strip() if lines else "(it printed nothing)"


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@contextlib.contextmanager
def spawned(
    argv: Sequence[str],
    ready_url: str,
    *,
    timeout: float = 60.0,
    cwd: str | Path | None = None,
    env: dict[str, str] | None = None,
) -> Iterator[Spawned]:
    """Start ``argv`` and wait until ``GET ready_url`` answers 200; stop the process when the
    block ends. ``SpawnError`` (with the process's last line) if it exits first or does not
    answer within ``timeout`` seconds."""
    with tempfile.TemporaryDirectory(prefix="rect-spawned-") as folder:
        log = Path(folder) / "output.log"
        with log.open("wb") as sink:
            process = subprocess.Popen(
                list(argv),
                stdout=sink,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                cwd=cwd,
                env=None if env is None else {**os.environ, **env},
            )
        running = Spawned(process, log)
        try:
            deadline = time.monotonic() + timeout
            while not _answers(ready_url):
                if process.poll() is not None:
                    raise SpawnError(
                        f"{' '.join(argv[:3])} exited with status {process.returncode} before "
                        f"{ready_url} answered; its last line: {running.last_line()}"
                    )
                if time.monotonic() > deadline:
                    raise SpawnError(
                        f"{' '.join(argv[:3])} did not answer {ready_url} within {timeout:.0f} s; "
                        f"its last line: {running.last_line()}"
                    )
                time.sleep(0.1)
            yield running
        finally:
            _stop(process)
