"""Helpers of the sandbox's own tests: apps built by ``create_app`` (one factory, two seed worlds)
with an in-process client, and the headers the tests send.

Import these from here; ``conftest.py`` only holds the fixtures built on them.
"""

from __future__ import annotations

from fastapi.testclient import TestClient

from rect_sandbox.app import create_app

NOV = "2025-11-10T12:00:00Z"


def build(**options) -> TestClient:
    """A fresh sandbox app (``create_app`` with ``options``) and an in-process client for it.

    The full world gets 200 participants unless ``participants`` says otherwise; a crash inside
    the app is answered with the app's own 500, as a user would get it.
    """
    if options.get("world", "full") == "full":
        options.setdefault("participants", 200)
    return TestClient(create_app(":memory:", **options), raise_server_exceptions=False)


def minimal(faults: tuple[str, ...] | list[str] = ()) -> tuple[TestClient, list[dict]]:
    """The minimal world (``world="minimal"``) with ``faults``, in-process, and its providers."""
    client = build(world="minimal", faults=list(faults))
    return client, client.app.state.lead_providers


def bearer(provider: dict) -> dict[str, str]:
    """The Authorization header of a seeded provider."""
    return {"Authorization": f"Bearer {provider['token']}"}


def at(provider: dict, when: str = NOV) -> dict[str, str]:
    """A provider's Authorization header with the server clock set to ``when``."""
    return {**bearer(provider), "X-With-Server-Date": when}


def school_id(client: TestClient, urn: str) -> str:
    """The id of the school with ``urn`` in the client's app."""
    found = client.app.state.db.execute("SELECT id FROM schools WHERE urn = ?", (urn,)).fetchone()
    return found["id"]


def partnered_school(client: TestClient, provider: dict, cohort: int = 2025) -> str:
    """The id of a school ``provider`` partners in ``cohort``, read from the app's database."""
    found = client.app.state.db.execute(
        "SELECT school_id FROM partnerships WHERE lead_provider_id = ? AND cohort = ?",
        (provider["id"], cohort),
    ).fetchone()
    return found["school_id"]
