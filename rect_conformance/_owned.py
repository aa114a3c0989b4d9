"""Participants the run owns: registered through the target's test support, so that the run may
withdraw, defer, resume, declare for and void without touching a record anyone else relies on.

Test support (``/test-support``, see ``rect_sandbox/TEST_SUPPORT.md``) does what a school does
in real life: it registers a new ECT or mentor, trained by the provider of the token, at a school
the provider partners in the cohort. Only targets that offer it (``Target.test_support``) get
such requests. Every part of the engine that needs a participant of its own asks here, so there
is one way to create one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import httpx

    from rect_conformance._client import Client

REGISTER_PATH = "/test-support/participants"
# The course a participant of each role trains on (rules §12.2).
COURSES = {"ect": "ecf-induction", "mentor": "ecf-mentor"}


class NotRegistered(Exception):
    """Test support did not register the participant; ``str()`` says what it answered."""


@dataclass(frozen=True)
class OwnedParticipant:
    """A participant the run registered: its id, cohort, course and the record as answered."""

    id: str
    cohort: str
    course_identifier: str
    record: dict[str, Any]


def register_participant(
    client: Client,
    *,
    role: str = "ect",
    cohort: str,
    school_id: str,
    start_date: str,
    funding_eligible: bool | None = None,
    schedule_identifier: str | None = None,
    participant_id: str | None = None,
    server_date: str | None = None,
    auth: str = "primary",
) -> OwnedParticipant:
    """Register a new participant of ``role`` (``ect`` or ``mentor``) at ``school_id`` in
    ``cohort``, starting on ``start_date`` (``YYYY-MM-DD``), for the provider of the ``auth``
    token (the primary one by default). ``funding_eligible`` is sent only when given (test
    support defaults it to false); ``schedule_identifier`` likewise (test support then picks it
    from the start date). ``participant_id`` gives an existing person a further role;
    ``server_date`` travels the server clock for the registration (``X-With-Server-Date``).

    Raises :class:`NotRegistered` when test support refuses, and ``ValueError`` for a role
    other than those of :data:`COURSES`.
    """
    if role not in COURSES:
        raise ValueError(f"unknown role {role!r}; use one of {', '.join(COURSES)}")
    attributes: dict[str, Any] = {
        "school_id": school_id,
        "cohort": cohort,
        "course_identifier": COURSES[role],
        "start_date": start_date,
    }
    optional = {
        "funding_eligible": funding_eligible,
        "schedule_identifier": schedule_identifier,
        "participant_id": participant_id,
    }
    attributes.update({key: value for key, value in optional.items() if value is not None})
    response = client.request(
        "POST",
        REGISTER_PATH,
        json={"data": {"attributes": attributes}},
        server_date=server_date,
        auth=auth,
    )
    record = _record(response) if response.status_code == 200 else None
    if record is None:
        excerpt = response.text[:120] + ("..." if len(response.text) > 120 else "")
        raise NotRegistered(
            f"test support could not register a participant: {response.status_code} {excerpt!r}"
        )
    return OwnedParticipant(str(record["id"]), cohort, COURSES[role], record)


def _record(response: httpx.Response) -> dict[str, Any] | None:
    try:
        body = response.json()
    except ValueError:
        return None
    data = body.get("data") if isinstance(body, dict) else None
    return data if isinstance(data, dict) and data.get("id") else None
