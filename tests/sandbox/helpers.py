"""Helpers of the sandbox's own tests: apps built by ``create_app`` (one factory, two seed worlds)
with an in-process client, and the headers the tests send.

Import these from here; ``conftest.py`` only holds the fixtures built on them.
"""

from __future__ import annotations

import httpx
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


class Lifecycle:
    """One provider's view of a minimal-world sandbox, for tests that walk a participant through
    the API and test support: each method sends one request at a server date (``when``) and
    gives back the answer or what it shows. ``provider`` is an index into the seeded providers.
    """

    def __init__(self, faults: tuple[str, ...] | list[str] = ()):
        self.client, self.providers = minimal(faults)

    def send(
        self, method: str, path: str, when: str = NOV, provider: int = 0, **attributes
    ) -> httpx.Response:
        """One request with ``attributes`` as its ``data.attributes`` body (none for a GET)."""
        body = {"data": {"attributes": attributes}} if method != "GET" else None
        return self.client.request(
            method, path, json=body, headers=at(self.providers[provider], when)
        )

    def school(self, number: int = 0) -> str:
        """The id of minimal-world school ``number`` (schools 0-2 are partnered by everyone)."""
        return school_id(self.client, str(100000 + number))

    def register(
        self,
        cohort: int = 2025,
        course: str = "ecf-induction",
        start: str = "2025-09-01",
        *,
        provider: int = 0,
        school: int = 0,
        when: str | None = None,
        **extra,
    ) -> str:
        """Register a participant through test support; their id."""
        answer = self.send(
            "POST",
            "/test-support/participants",
            when or f"{start}T09:00:00Z",
            provider,
            school_id=self.school(school),
            cohort=str(cohort),
            course_identifier=course,
            start_date=start,
            **extra,
        )
        assert answer.status_code == 200, answer.text
        return answer.json()["data"]["id"]

    def act(
        self, pid: str, action: str, when: str = NOV, provider: int = 0, **attributes
    ) -> httpx.Response:
        """A participant action; ``course_identifier`` is ecf-induction unless given (None
        leaves it out)."""
        attributes.setdefault("course_identifier", "ecf-induction")
        sent = {key: value for key, value in attributes.items() if value is not None}
        return self.send("PUT", f"/api/v3/participants/{pid}/{action}", when, provider, **sent)

    def declare(self, pid: str, when: str = NOV, provider: int = 0, **attributes) -> httpx.Response:
        """A declaration: an ECT's started dated 2025-10-01 with activity evidence, unless
        ``attributes`` say otherwise (None leaves one out)."""
        body = {
            "participant_id": pid,
            "declaration_type": "started",
            "declaration_date": "2025-10-01T10:00:00Z",
            "course_identifier": "ecf-induction",
            "evidence_held": "training-event-attended",
            **attributes,
        }
        sent = {key: value for key, value in body.items() if value is not None}
        return self.send("POST", "/api/v3/participant-declarations", when, provider, **sent)

    def declared(self, pid: str, when: str = NOV, provider: int = 0, **attributes) -> dict:
        """A declaration that must be accepted; its attributes with its ``id``."""
        answer = self.declare(pid, when, provider, **attributes)
        assert answer.status_code == 200, answer.text
        return {"id": answer.json()["data"]["id"], **answer.json()["data"]["attributes"]}

    def void(self, declaration_id: str, when: str = NOV, provider: int = 0) -> httpx.Response:
        """Void a declaration."""
        return self.client.put(
            f"/api/v3/participant-declarations/{declaration_id}/void",
            headers=at(self.providers[provider], when),
        )

    def support(self, path: str, when: str = NOV, method: str = "POST", **attributes) -> dict:
        """A test-support operation that must succeed; its answer's data."""
        answer = self.send(method, f"/test-support/{path}", when, **attributes)
        assert answer.status_code == 200, answer.text
        return answer.json()["data"]

    def paid(self, pid: str, **attributes) -> dict:
        """A declaration of an eligible participant, paid by DfE; as it is shown now."""
        made = self.declared(pid, **attributes)
        return self.support(f"participant-declarations/{made['id']}", method="PUT", state="paid")

    def shown(self, path: str, when: str = NOV, provider: int = 0) -> dict:
        """The attributes of the resource at ``path`` (which must be visible)."""
        answer = self.send("GET", path, when, provider)
        assert answer.status_code == 200, answer.text
        return answer.json()["data"]["attributes"]

    def enrolment(self, pid: str, when: str = NOV, role: str = "ect", provider: int = 0) -> dict:
        """The participant's enrolment in ``role`` as the provider sees it on ``when``."""
        shown = self.shown(f"/api/v3/participants/{pid}", when, provider)
        return next(e for e in shown["ecf_enrolments"] if e["participant_type"] == role)

    def declaration(self, declaration_id: str, when: str = NOV) -> dict:
        """A declaration's attributes as its provider sees them."""
        return self.shown(f"/api/v3/participant-declarations/{declaration_id}", when)
