"""Fixtures for the sandbox's own tests: apps built by ``create_app`` (in-process client) and a
live sandbox served by uvicorn on a loopback port (real HTTP)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient

from rect_sandbox.app import create_app


def build(**options) -> TestClient:
    """A fresh sandbox app with ``options`` and an in-process client for it."""
    options.setdefault("participants", 200)
    return TestClient(create_app(":memory:", **options), raise_server_exceptions=False)


def bearer(provider: dict) -> dict[str, str]:
    """The Authorization header of a seeded provider."""
    return {"Authorization": f"Bearer {provider['token']}"}


@pytest.fixture(scope="module")
def clean() -> TestClient:
    """A clean sandbox shared by the read-only tests of one module."""
    return build()


@pytest.fixture(scope="module")
def providers(clean: TestClient) -> list[dict]:
    """The seeded providers of the shared clean sandbox."""
    return clean.app.state.lead_providers


def free_port() -> int:
    """A port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def live_sandbox() -> Iterator[dict]:
    """A clean sandbox served over HTTP on loopback: ``{"url", "providers", "app"}``."""
    app = create_app(":memory:", participants=200)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            if httpx.get(url + "/api/docs/v3/swagger.yaml", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.05)
    yield {"url": url, "providers": app.state.lead_providers, "app": app}
    server.should_exit = True
    thread.join(timeout=5)
