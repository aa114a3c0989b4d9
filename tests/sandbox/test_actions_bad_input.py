"""Every write route (actions, declarations, partnerships, test support) answers odd bodies
with a 4xx envelope, never a server error."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rect_sandbox.routers.support import standalone_app

APP = standalone_app()
CLIENT = TestClient(APP, raise_server_exceptions=False)
PROVIDER = APP.state.lead_providers[0]
HEADERS = {
    "Authorization": f"Bearer {PROVIDER['token']}",
    "X-With-Server-Date": "2025-11-10T12:00:00Z",
}

_school = APP.state.db.execute(
    "SELECT school_id FROM partnerships WHERE lead_provider_id = ? AND cohort = 2025",
    (PROVIDER["id"],),
).fetchone()[0]
_registered = CLIENT.post(
    "/test-support/participants",
    headers=HEADERS,
    json={
        "data": {
            "attributes": {
                "school_id": _school,
                "cohort": "2025",
                "course_identifier": "ecf-induction",
                "start_date": "2025-09-01",
            }
        }
    },
).json()["data"]["id"]
_partnership = APP.state.db.execute(
    "SELECT id FROM partnerships WHERE lead_provider_id = ?", (PROVIDER["id"],)
).fetchone()[0]

ROUTES = [
    ("PUT", f"/api/v3/participants/{_registered}/withdraw"),
    ("PUT", f"/api/v3/participants/{_registered}/defer"),
    ("PUT", f"/api/v3/participants/{_registered}/resume"),
    ("PUT", f"/api/v3/participants/{_registered}/change-schedule"),
    ("POST", "/api/v3/participant-declarations"),
    ("POST", "/api/v3/partnerships"),
    ("PUT", f"/api/v3/partnerships/{_partnership}"),
    ("POST", "/test-support/participants"),
    ("POST", f"/test-support/participants/{_registered}/leave"),
    ("POST", f"/test-support/participants/{_registered}/mentor"),
]
KEYS = [
    "reason",
    "course_identifier",
    "schedule_identifier",
    "cohort",
    "participant_id",
    "declaration_type",
    "declaration_date",
    "evidence_held",
    "school_id",
    "delivery_partner_id",
    "date",
    "joining",
    "mentor_id",
    "start_date",
]
VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.text(max_size=12),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.sampled_from(
        ["ecf-induction", "ecf-mentor", "2025", "other", "started", "2025-10-01T10:00:00Z"]
    ),
)


@pytest.mark.parametrize(("method", "path"), ROUTES)
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(attributes=st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=5))
def test_odd_attributes_never_cause_a_server_error(method, path, attributes):
    answer = CLIENT.request(
        method, path, json={"data": {"attributes": attributes}}, headers=HEADERS
    )
    assert answer.status_code < 500, (attributes, answer.text)
    if answer.status_code >= 400:
        assert "errors" in answer.json()


@pytest.mark.parametrize(("method", "path"), ROUTES)
@pytest.mark.parametrize(
    "raw", [b"{", b"[]", b'"text"', b'{"data": []}', b'{"data": {"attributes": "x"}}']
)
def test_malformed_bodies_are_bad_requests(method, path, raw):
    answer = CLIENT.request(
        method, path, content=raw, headers={**HEADERS, "Content-Type": "application/json"}
    )
    assert answer.status_code == 400
