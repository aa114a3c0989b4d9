"""Every write route (actions, declarations, partnerships, test support) answers odd bodies
with a 4xx envelope, never a server error."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.sandbox.helpers import at, minimal, partnered_school

# The routes take the ids of one registered participant and one partnership: a route is named
# by its template here, and the ``world`` fixture fills the ids in.
ROUTES = [
    ("PUT", "/api/v3/participants/{participant}/withdraw"),
    ("PUT", "/api/v3/participants/{participant}/defer"),
    ("PUT", "/api/v3/participants/{participant}/resume"),
    ("PUT", "/api/v3/participants/{participant}/change-schedule"),
    ("POST", "/api/v3/participant-declarations"),
    ("POST", "/api/v3/partnerships"),
    ("PUT", "/api/v3/partnerships/{partnership}"),
    ("POST", "/test-support/participants"),
    ("POST", "/test-support/participants/{participant}/leave"),
    ("POST", "/test-support/participants/{participant}/mentor"),
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


@pytest.fixture(scope="module")
def world():
    """The minimal world with one registered ECT: a client, the headers, and the ids to fill in."""
    client, providers = minimal()
    headers = at(providers[0])
    registered = client.post(
        "/test-support/participants",
        headers=headers,
        json={
            "data": {
                "attributes": {
                    "school_id": partnered_school(client, providers[0]),
                    "cohort": "2025",
                    "course_identifier": "ecf-induction",
                    "start_date": "2025-09-01",
                }
            }
        },
    )
    assert registered.status_code == 200, registered.text
    partnership = client.app.state.db.execute(
        "SELECT id FROM partnerships WHERE lead_provider_id = ?", (providers[0]["id"],)
    ).fetchone()[0]
    ids = {"participant": registered.json()["data"]["id"], "partnership": partnership}
    return client, headers, ids


@pytest.mark.parametrize(("method", "path"), ROUTES)
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(attributes=st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=5))
def test_odd_attributes_never_cause_a_server_error(world, method, path, attributes):
    client, headers, ids = world
    answer = client.request(
        method, path.format(**ids), json={"data": {"attributes": attributes}}, headers=headers
    )
    assert answer.status_code < 500, (attributes, answer.text)
    if answer.status_code >= 400:
        assert "errors" in answer.json()


@pytest.mark.parametrize(("method", "path"), ROUTES)
@pytest.mark.parametrize(
    "raw", [b"{", b"[]", b'"text"', b'{"data": []}', b'{"data": {"attributes": "x"}}']
)
def test_malformed_bodies_are_bad_requests(world, method, path, raw):
    client, headers, ids = world
    answer = client.request(
        method,
        path.format(**ids),
        content=raw,
        headers={**headers, "Content-Type": "application/json"},
    )
    assert answer.status_code == 400
