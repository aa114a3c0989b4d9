"""Write responses validate against the published OpenAPI spec (schemas, nullability, formats)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import schemathesis

from tests.sandbox.helpers import NOV, at, minimal, partnered_school


@pytest.fixture(scope="module")
def spec(published_spec_path):
    return schemathesis.openapi.from_path(str(published_spec_path))


def _check(spec, path, method, response):
    response._elapsed = timedelta(0)
    spec[path][method].validate_response(response)


def test_every_write_answer_matches_the_published_schemas(spec):
    client, providers = minimal()
    me = providers[0]
    headers = at(me)
    conn = client.app.state.db
    school = partnered_school(client, me)
    pid = client.post(
        "/test-support/participants",
        headers=headers,
        json={
            "data": {
                "attributes": {
                    "school_id": school,
                    "cohort": "2025",
                    "course_identifier": "ecf-induction",
                    "start_date": "2025-09-01",
                    "funding_eligible": True,
                }
            }
        },
    ).json()["data"]["id"]

    declared = client.post(
        "/api/v3/participant-declarations",
        headers=headers,
        json={
            "data": {
                "type": "participant-declaration",
                "attributes": {
                    "participant_id": pid,
                    "declaration_type": "started",
                    "declaration_date": "2025-10-01T10:00:00Z",
                    "course_identifier": "ecf-induction",
                    "evidence_held": "training-event-attended",
                },
            }
        },
    )
    assert declared.status_code == 200
    _check(spec, "/api/v3/participant-declarations", "POST", declared)
    refused = client.post(
        "/api/v3/participant-declarations",
        headers=headers,
        json={"data": {"attributes": {"participant_id": pid}}},
    )
    assert refused.status_code == 422
    _check(spec, "/api/v3/participant-declarations", "POST", refused)

    did = declared.json()["data"]["id"]
    voided = client.put(f"/api/v3/participant-declarations/{did}/void", headers=headers)
    _check(spec, "/api/v3/participant-declarations/{id}/void", "PUT", voided)

    for action, attributes in (
        ("defer", {"reason": "career-break"}),
        ("resume", {}),
        ("change-schedule", {"schedule_identifier": "ecf-extended-september"}),
        ("withdraw", {"reason": "other"}),
    ):
        when = {
            "defer": NOV,
            "resume": "2025-11-11T10:00:00Z",
            "change-schedule": "2025-11-12T10:00:00Z",
            "withdraw": "2025-11-13T10:00:00Z",
        }[action]
        answer = client.put(
            f"/api/v3/participants/{pid}/{action}",
            headers={**headers, "X-With-Server-Date": when},
            json={"data": {"attributes": {"course_identifier": "ecf-induction", **attributes}}},
        )
        assert answer.status_code == 200, (action, answer.text)
        _check(spec, f"/api/v3/participants/{{id}}/{action}", "PUT", answer)

    free = conn.execute("SELECT id FROM schools WHERE urn = '100004'").fetchone()[0]
    partner = conn.execute(
        "SELECT delivery_partner_id FROM delivery_partnerships WHERE lead_provider_id = ? AND "
        "cohort = 2025",
        (me["id"],),
    ).fetchone()[0]
    created = client.post(
        "/api/v3/partnerships",
        headers=headers,
        json={
            "data": {
                "attributes": {"cohort": "2025", "school_id": free, "delivery_partner_id": partner}
            }
        },
    )
    assert created.status_code == 200
    _check(spec, "/api/v3/partnerships", "POST", created)
