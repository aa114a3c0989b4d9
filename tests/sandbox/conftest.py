"""Fixtures for the sandbox's own tests: a clean app shared by a module's read-only tests, and a
live sandbox served by uvicorn on a loopback port (real HTTP). Helpers are in ``helpers.py``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from rect_sandbox.app import create_app
from tests.sandbox.helpers import build
from tests.serving import served


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
