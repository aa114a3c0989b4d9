"""Every successful write answers with exactly what the GET that follows it shows (rules 19:
action answers are re-read from the database): the ``data`` of both, serialised with their key
order kept, must be the same text. Served by uvicorn on loopback, both on the minimal world and
on the full seeded sandbox; the scene is set with the test-support API and
``X-With-Server-Date``, and each GET is sent at the write's instant."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from rect_sandbox.app import create_app
from tests import serving

NOV = "2025-11-10T12:00:00Z"


@pytest.fixture(scope="module", params=["minimal", "full"])
def served(request) -> Iterator[tuple[httpx.Client, list[dict], object]]:
    app = create_app(":memory:", participants=60, world=request.param)
    with serving.served(app) as url, httpx.Client(base_url=url, timeout=10) as client:
        yield client, app.state.lead_providers, app.state.db


def _h(provider: dict, when: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {provider['token']}", "X-With-Server-Date": when}


def _body(**attributes) -> dict:
    return {"data": {"attributes": attributes}}


def _data_text(response: httpx.Response) -> str:
    assert response.status_code == 200, response.text
    return json.dumps(response.json()["data"], ensure_ascii=False)


def _write_then_read(client, provider, method, path, when, read_path, **attributes) -> dict:
    """Send the write, then GET ``read_path`` at the same instant; both ``data`` must be equal."""
    written = client.request(
        method, path, headers=_h(provider, when), json=_body(**attributes) if attributes else None
    )
    read = client.get(read_path, headers=_h(provider, when))
    assert _data_text(written) == _data_text(read), f"{method} {path}"
    return written.json()["data"]


def _register(client, provider, school_id, course="ecf-induction", **extra) -> str:
    answer = client.post(
        "/test-support/participants",
        headers=_h(provider, "2025-09-01T09:00:00Z"),
        json=_body(
            school_id=school_id,
            cohort="2025",
            course_identifier=course,
            start_date="2025-09-01",
            **extra,
        ),
    )
    assert answer.status_code == 200, answer.text
    return answer.json()["data"]["id"]


def _partnered_school(db, provider) -> str:
    return db.execute(
        "SELECT school_id FROM partnerships WHERE lead_provider_id = ? AND cohort = 2025 ORDER BY "
        "school_id",
        (provider["id"],),
    ).fetchone()[0]


@pytest.mark.parametrize("course", ["ecf-induction", "ecf-mentor"])
def test_participant_action_answers_equal_the_following_get(served, course):
    client, providers, db = served
    me = providers[0]
    pid = _register(client, me, _partnered_school(db, me), course)
    path = f"/api/v3/participants/{pid}"
    steps = [
        ("defer", "2025-10-01T10:00:00Z", {"reason": "parental-leave"}),
        ("resume", "2025-10-20T10:00:00Z", {}),
        (
            "change-schedule",
            "2025-10-25T10:00:00Z",
            {"schedule_identifier": "ecf-extended-september", "cohort": "2025"},
        ),
        ("withdraw", "2025-11-05T10:00:00Z", {"reason": "moved-school"}),
    ]
    for action, when, attributes in steps:
        shown = _write_then_read(
            client,
            me,
            "PUT",
            f"{path}/{action}",
            when,
            path,
            course_identifier=course,
            **attributes,
        )
        assert shown["attributes"]["updated_at"] == when, action


def test_declaration_answers_equal_the_following_get(served):
    client, providers, db = served
    me = providers[0]
    school = _partnered_school(db, me)
    pid = _register(client, me, school, funding_eligible=True)
    mentor = _register(client, me, school, "ecf-mentor")
    client.post(
        f"/test-support/participants/{pid}/mentor",
        headers=_h(me, "2025-09-01T09:00:00Z"),
        json=_body(mentor_id=mentor, start_date="2025-09-01"),
    ).raise_for_status()
    created = client.post(
        "/api/v3/participant-declarations",
        headers=_h(me, NOV),
        json=_body(
            participant_id=pid,
            declaration_type="started",
            declaration_date="2025-10-01T10:00:00Z",
            course_identifier="ecf-induction",
            evidence_held="training-event-attended",
        ),
    )
    path = f"/api/v3/participant-declarations/{created.json()['data']['id']}"
    assert _data_text(created) == _data_text(client.get(path, headers=_h(me, NOV)))
    assert created.json()["data"]["attributes"]["mentor_id"] == mentor
    voided = _write_then_read(client, me, "PUT", f"{path}/void", "2025-11-11T10:00:00Z", path)
    assert voided["attributes"]["state"] == "voided"


def test_void_of_a_paid_declaration_answers_like_the_following_get(served):
    client, providers, db = served
    me = providers[1]
    pid = _register(client, me, _partnered_school(db, me), funding_eligible=True)
    created = client.post(
        "/api/v3/participant-declarations",
        headers=_h(me, NOV),
        json=_body(
            participant_id=pid,
            declaration_type="started",
            declaration_date="2025-10-01T10:00:00Z",
            course_identifier="ecf-induction",
            evidence_held="training-event-attended",
        ),
    )
    declaration_id = created.json()["data"]["id"]
    client.put(
        f"/test-support/participant-declarations/{declaration_id}",
        headers=_h(me, NOV),
        json=_body(state="paid"),
    ).raise_for_status()
    path = f"/api/v3/participant-declarations/{declaration_id}"
    voided = _write_then_read(client, me, "PUT", f"{path}/void", "2025-11-12T10:00:00Z", path)
    assert voided["attributes"]["state"] == "awaiting-clawback"


def test_partnership_answers_equal_the_following_get(served):
    client, providers, db = served
    me = providers[2]
    school = db.execute(
        "SELECT id FROM schools WHERE eligible = 1 AND id NOT IN (SELECT school_id FROM "
        "partnerships"
        " WHERE lead_provider_id = ? AND cohort = 2025) ORDER BY urn",
        (me["id"],),
    ).fetchone()[0]
    partners = [
        r[0]
        for r in db.execute(
            "SELECT delivery_partner_id FROM delivery_partnerships WHERE lead_provider_id = ? AND "
            "cohort = 2025"
            " ORDER BY delivery_partner_id",
            (me["id"],),
        )
    ]
    interested = client.post(
        "/test-support/participants",
        headers=_h(me, "2025-09-01T09:00:00Z"),
        json=_body(
            school_id=school,
            cohort="2025",
            course_identifier="ecf-induction",
            start_date="2025-09-01",
            expression_of_interest=True,
        ),
    )
    assert interested.status_code == 200, interested.text
    created = client.post(
        "/api/v3/partnerships",
        headers=_h(me, NOV),
        json={
            "data": {
                "type": "partnership",
                "attributes": {
                    "cohort": "2025",
                    "school_id": school,
                    "delivery_partner_id": partners[0],
                },
            }
        },
    )
    path = f"/api/v3/partnerships/{created.json()['data']['id']}"
    assert _data_text(created) == _data_text(client.get(path, headers=_h(me, NOV)))
    assert created.json()["data"]["attributes"]["participants_currently_training"] >= 1
    moved = _write_then_read(
        client, me, "PUT", path, "2025-11-13T10:00:00Z", path, delivery_partner_id=partners[1]
    )
    assert moved["attributes"]["delivery_partner_id"] == partners[1]


def test_the_comparison_notices_a_read_that_shows_something_else(served):
    """The check can fail: a GET sent on a later day shows another participant_status."""
    client, providers, db = served
    me = providers[0]
    answer = client.post(
        "/test-support/participants",
        headers=_h(me, NOV),
        json=_body(
            school_id=_partnered_school(db, me),
            cohort="2025",
            course_identifier="ecf-induction",
            start_date="2025-12-01",
        ),
    )
    later = client.get(
        f"/api/v3/participants/{answer.json()['data']['id']}",
        headers=_h(me, "2025-12-02T09:00:00Z"),
    )
    assert _data_text(answer) != _data_text(later)
