"""Fixtures for the sandbox's own tests: apps built by ``create_app`` (in-process client) and a
live sandbox served by uvicorn on a loopback port (real HTTP)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from rect_sandbox.app import create_app
from rect_sandbox.routers.support import standalone_app
from tests.serving import served


def build(**options) -> TestClient:
    """A fresh sandbox app with ``options`` and an in-process client for it."""
    options.setdefault("participants", 200)
    return TestClient(create_app(":memory:", **options), raise_server_exceptions=False)


def bearer(provider: dict) -> dict[str, str]:
    """The Authorization header of a seeded provider."""
    return {"Authorization": f"Bearer {provider['token']}"}


NOV = "2025-11-10T12:00:00Z"


def at(provider: dict, when: str = NOV) -> dict[str, str]:
    """A provider's Authorization header with the server clock set to ``when``."""
    return {**bearer(provider), "X-With-Server-Date": when}


def standalone(faults: tuple[str, ...] | list[str] = ()) -> tuple[TestClient, list[dict]]:
    """The write side's small world (``standalone_app``), in-process, and its providers."""
    app = standalone_app(faults=tuple(faults))
    return TestClient(app), app.state.lead_providers


def school_id(client: TestClient, urn: str) -> str:
    """The id of the school with ``urn`` in the client's app."""
    return client.app.state.db.execute("SELECT id FROM schools WHERE urn = ?", (urn,)).fetchone()[
        "id"
    ]


@pytest.fixture(scope="module")
def clean() -> TestClient:
    """A clean sandbox shared by the read-only tests of one module."""
    return build()


@pytest.fixture(scope="module")
def providers(clean: TestClient) -> list[dict]:
    """The seeded providers of the shared clean sandbox."""
    return clean.app.state.lead_providers


@pytest.fixture(scope="session")
def live_sandbox() -> Iterator[dict]:
    """A clean sandbox served over HTTP on loopback: ``{"url", "providers", "app"}``."""
    app = create_app(":memory:", participants=200)
    with served(app) as url:
        yield {"url": url, "providers": app.state.lead_providers, "app": app}
