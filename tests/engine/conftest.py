"""Fixtures of the engine tests: the real embedded sandbox (a subprocess, as the CLI starts it)
and a small scripted HTTP server for what no sandbox does on purpose (answering 429 or 503 for
a while)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from rect_conformance._target import EmbeddedSandbox


@pytest.fixture(scope="session")
def sandbox() -> Iterator[EmbeddedSandbox]:
    """One clean embedded sandbox for the tests that only read from it."""
    with EmbeddedSandbox() as started:
        yield started


class _Script:
    def __init__(self) -> None:
        self.answers: list[tuple[int, dict[str, str], bytes]] = []
        self.default: tuple[int, dict[str, str], bytes] = (200, {}, b'{"data": []}')
        self.seen: list[tuple[str, str, str]] = []
        self.lock = threading.Lock()

    def next(self) -> tuple[int, dict[str, str], bytes]:
        with self.lock:
            return self.answers.pop(0) if self.answers else self.default


@pytest.fixture
def scripted_server() -> Iterator[tuple[str, _Script]]:
    """An HTTP server on 127.0.0.1 that answers from a script: ``(base_url, script)``; append
    ``(status, headers, body)`` to ``script.answers``; ``script.seen`` lists the requests."""
    script = _Script()

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            script.seen.append((self.command, self.path, self.headers.get("Authorization", "")))
            status, headers, body = script.next()
            self.send_response(status)
            headers = {"Content-Type": "application/json", **headers}
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_PUT = _answer

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", script
    finally:
        server.shutdown()
        server.server_close()
