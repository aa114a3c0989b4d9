"""Which environment a run talks to, with what tokens, and what it may do there.

``embedded`` starts the project's sandbox as a subprocess (never imported: see ARCHITECTURE.md)
on a free loopback port with a fresh database, and stops it afterwards. Any other target is a
URL plus tokens read from environment variables. Safety: a run that would write to the
production host is refused before anything is sent, unless the user allowed it.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import httpx

from rect_conformance import _api
from rect_conformance._errors import ContractBroken, TargetError, UsageError

if TYPE_CHECKING:
    from rect_conformance._client import Client

PRODUCTION_HOST = "www.register-early-career-teachers.education.gov.uk"
SANDBOX_HOST = "sandbox.register-early-career-teachers.education.gov.uk"
READY_PATH = _api.SPEC_PATH
PREFLIGHT_PATH = _api.BY_NAME["statements"].list_path
START_TIMEOUT = 60.0


@dataclass(frozen=True)
class Target:
    """Where the run goes and what it may do there (the ``rect_target`` fixture)."""

    base_url: str
    kind: str  # embedded | sandbox | production | custom
    has_second_token: bool
    writes_allowed: bool
    test_support: bool = False

    @property
    def host(self) -> str:
        """The host name of the base URL."""
        return urlsplit(self.base_url).hostname or ""


def normalise_base_url(url: str) -> str:
    """``url`` without a trailing slash or ``/api`` (the spec's paths carry ``/api/v3``)."""
    text = (url or "").strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(
            f"--base-url {url!r} is not an http(s) URL; write it like https://{SANDBOX_HOST}/api"
        )
    path = parts.path.rstrip("/")
    for suffix in ("/api/v3", "/api"):
        if path.endswith(suffix):
            path = path[: -len(suffix)]
            break
    return f"{parts.scheme}://{parts.netloc}{path}"


def kind_of(base_url: str) -> str:
    """``production``, ``sandbox`` or ``custom`` for a base URL."""
    host = urlsplit(base_url).hostname or ""
    if host == PRODUCTION_HOST:
        return "production"
    if host == SANDBOX_HOST:
        return "sandbox"
    return "custom"


def read_token(variable: str | None, option: str) -> str | None:
    """The token in environment variable ``variable``; a :class:`UsageError` when it is unset."""
    if not variable:
        return None
    value = os.environ.get(variable, "").strip()
    if not value:
        raise UsageError(
            f"environment variable {variable} (named by {option}) is empty or "
            "unset; export it with the lead provider's API token"
        )
    return value


def check_safety(kind: str, allow_production_writes: bool) -> None:
    """Refuse a production run that would write, before any request is sent."""
    if kind == "production" and not allow_production_writes:
        raise TargetError(
            f"refusing to run against production ({PRODUCTION_HOST}): the suite sends write "
            "requests; use the DfE sandbox, or pass --allow-production-writes if you mean it"
        )


def free_port() -> int:
    """A loopback TCP port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class EmbeddedSandbox:
    """The project's sandbox in a subprocess, with a fresh database; a context manager.

    After :meth:`start`, ``base_url`` is set and ``tokens`` holds the seeded providers
    (``[{"name", "id", "token"}, ...]``, the first is the primary one).
    """

    def __init__(
        self,
        faults: list[str] | tuple[str, ...] = (),
        seed: int = 1,
        extra_args: list[str] | None = None,
    ) -> None:
        self.faults = list(faults)
        self.seed = seed
        self.extra_args = list(extra_args or [])
        self.base_url = ""
        self.tokens: list[dict[str, Any]] = []
        self._process: subprocess.Popen[bytes] | None = None
        self._folder: tempfile.TemporaryDirectory[str] | None = None

    def start(self) -> EmbeddedSandbox:
        """Start the sandbox and wait until it answers; :class:`TargetError` if it cannot."""
        self._folder = tempfile.TemporaryDirectory(prefix="rect-sandbox-")
        folder = Path(self._folder.name)
        port = free_port()
        tokens_file = folder / "tokens.json"
        argv = [
            sys.executable,
            "-m",
            "rect_sandbox",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--database",
            str(folder / "sandbox.sqlite3"),
            "--tokens-json",
            str(tokens_file),
            "--seed",
            str(self.seed),
            *self.extra_args,
        ]
        for fault in self.faults:
            argv += ["--fault", fault]
        # The sandbox prints tokens on stdout: it goes to a private file, never to our output.
        log = (folder / "sandbox.log").open("wb")
        self._process = subprocess.Popen(
            argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
        self.base_url = f"http://127.0.0.1:{port}"
        self._wait_ready(folder / "sandbox.log", tokens_file)
        return self

    def _wait_ready(self, log: Path, tokens_file: Path) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        assert self._process is not None
        while time.monotonic() < deadline:
            code = self._process.poll()
            if code is not None:
                reason = _last_line(log)
                self.stop()
                error = UsageError if code == 2 else TargetError
                raise error(f"the embedded sandbox did not start (exit {code}): {reason}")
            try:
                ready = httpx.get(self.base_url + READY_PATH, timeout=2.0).status_code == 200
            except httpx.HTTPError:
                ready = False
            if ready and tokens_file.exists():
                try:
                    self.tokens = json.loads(tokens_file.read_text("utf-8"))
                except ValueError:
                    self.tokens = []
                if self.tokens:
                    return
            time.sleep(0.1)
        self.stop()
        raise TargetError(f"the embedded sandbox did not answer within {START_TIMEOUT:.0f}s")

    def stop(self) -> None:
        """Stop the subprocess and remove its database."""
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=5)
        self._process = None
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None

    def __enter__(self) -> EmbeddedSandbox:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _last_line(log: Path) -> str:
    try:
        lines = [line for line in log.read_text("utf-8", "replace").splitlines() if line.strip()]
    except OSError:
        return "no output"
    # Only the last line, which says why; earlier lines may list tokens.
    return lines[-1].strip()[:300] if lines else "no output"


def probe_test_support(client: Client) -> bool:
    """Whether the target offers the embedded sandbox's test support (``GET /test-support``)."""
    response = client.request("GET", "/test-support")
    if response.status_code != 200:
        return False
    try:
        return bool(response.json().get("data", {}).get("test_support"))
    except (ValueError, AttributeError):
        return False


# Client errors that say the target cannot serve us now rather than that it broke the contract.
OUTAGE_4XX = (408, 429)


def preflight(client: Client, attempts: int = 3) -> None:
    """One cheap authenticated read before the run.

    A :class:`TargetError` (exit 3) when the target is not a working RECT API for this token:
    no answer, a 401, a 404, a 5xx after retries. A :class:`ContractBroken` (exit 1) when it
    refuses the valid request with another 4xx: that is a conformance failure, not an outage.
    """
    where = client.base_url
    request = f"GET {PREFLIGHT_PATH}?page[per_page]=1"
    for attempt in range(attempts):
        response = client.request("GET", PREFLIGHT_PATH, params={"page[per_page]": 1})
        status = response.status_code
        if status == 200:
            return
        if status == 401:
            raise TargetError(
                f"{where} refused the token (401 on GET {PREFLIGHT_PATH}); check "
                "that --token-env names the variable holding this environment's "
                "token"
            )
        if status == 404:
            raise TargetError(
                f"{where} has no RECT API v3 (404 on GET {PREFLIGHT_PATH}); check --base-url"
            )
        if 400 <= status < 500 and status not in OUTAGE_4XX:
            raise ContractBroken(
                f"{where} answered {status} to {request}, a valid request every RECT API v3 "
                "must serve: a conformance failure of the target, not an outage; the run "
                "stopped before its checks (see journal.jsonl for the answer)"
            )
        if status < 500 or attempt == attempts - 1:
            raise TargetError(
                f"{where} answered {status} to {request}; the target "
                "is not usable right now, try again later"
            )
        time.sleep(1.0)
