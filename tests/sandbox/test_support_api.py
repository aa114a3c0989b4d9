"""The test-support API: a school's and DfE's operations drive lifecycles through real HTTP."""

from __future__ import annotations

import re

import pytest

from tests.sandbox.helpers import Lifecycle, at, minimal, partnered_school


def _auth(provider, **extra):
    return {**at(provider), **extra}


@pytest.fixture
def world():
    client, providers = minimal()
    with client:
        yield client, providers


def register(client, provider, **attributes):
    """Register a participant through the test-support API and return its resource."""
    body = {"cohort": "2025", "course_identifier": "ecf-induction", "start_date": "2025-09-01"}
    body.update(attributes)
    body.setdefault("school_id", partnered_school(client, provider))
    response = client.post(
        "/test-support/participants", json={"data": {"attributes": body}}, headers=_auth(provider)
    )
    assert response.status_code == 200, response.text
    return response.json()["data"]


def test_test_support_describes_itself_to_a_valid_token_only(world):
    client, providers = world
    answer = client.get("/test-support", headers=_auth(providers[0]))
    assert answer.status_code == 200 and answer.json()["data"]["test_support"] is True
    # It says whose it is: another provider's test support names this id in a ``joining``.
    assert answer.json()["data"]["lead_provider_id"] == providers[0]["id"]
    second = client.get("/test-support", headers=_auth(providers[1])).json()["data"]
    assert second["lead_provider_id"] == providers[1]["id"]
    assert client.get("/test-support", headers={"Authorization": "Bearer nope"}).status_code == 401


def test_registered_participant_is_active_on_the_default_schedule(world):
    client, providers = world
    data = register(client, providers[0])
    enrolment = data["attributes"]["ecf_enrolments"][0]
    assert (enrolment["training_status"], enrolment["participant_status"]) == ("active", "active")
    assert enrolment["schedule_identifier"] == "ecf-standard-september"
    assert enrolment["cohort"] == "2025"


def test_registering_at_an_unpartnered_school_says_what_to_do(world):
    client, providers = world
    app = client.app
    free = app.state.db.execute("SELECT id FROM schools WHERE urn = '100005'").fetchone()["id"]
    answer = client.post(
        "/test-support/participants",
        json={
            "data": {
                "attributes": {
                    "school_id": free,
                    "cohort": "2025",
                    "course_identifier": "ecf-induction",
                }
            }
        },
        headers=_auth(providers[0]),
    )
    assert answer.status_code == 422
    assert "POST /api/v3/partnerships" in answer.json()["errors"][0]["detail"]


def test_school_reported_leaving_makes_the_participant_left(world):
    client, providers = world
    pid = register(client, providers[0])["id"]
    answer = client.post(
        f"/test-support/participants/{pid}/leave",
        json={"data": {"attributes": {"course_identifier": "ecf-induction", "date": "2025-11-01"}}},
        headers=_auth(providers[0]),
    )
    assert answer.status_code == 200
    assert answer.json()["data"]["attributes"]["ecf_enrolments"][0]["participant_status"] == "left"


def test_other_providers_cannot_touch_my_participant_through_test_support(world):
    client, providers = world
    pid = register(client, providers[0])["id"]
    answer = client.post(
        f"/test-support/participants/{pid}/induction-completion",
        json={"data": {"attributes": {"date": "2025-11-01"}}},
        headers=_auth(providers[1]),
    )
    assert answer.status_code == 404


def test_full_money_lifecycle_submitted_eligible_paid_clawback(world):
    client, providers = world
    me = providers[0]
    pid = register(client, me)["id"]
    created = client.post(
        "/api/v3/participant-declarations",
        headers=_auth(me),
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
    assert created.status_code == 200, created.text
    declaration = created.json()["data"]
    assert declaration["attributes"]["state"] == "submitted"
    client.post(
        f"/test-support/participants/{pid}/funding-eligibility",
        json={"data": {"attributes": {"course_identifier": "ecf-induction"}}},
        headers=_auth(me),
    )
    shown = client.put(
        f"/test-support/participant-declarations/{declaration['id']}",
        json={"data": {"attributes": {"state": "paid"}}},
        headers=_auth(me),
    ).json()["data"]
    assert shown["attributes"]["state"] == "paid" and shown["attributes"]["statement_id"]
    voided = client.put(
        f"/api/v3/participant-declarations/{declaration['id']}/void", headers=_auth(me)
    ).json()["data"]
    assert voided["attributes"]["state"] == "awaiting-clawback"
    clawed = client.put(
        f"/test-support/participant-declarations/{declaration['id']}",
        json={"data": {"attributes": {"state": "clawed-back"}}},
        headers=_auth(me),
    ).json()["data"]
    assert clawed["attributes"]["state"] == "clawed-back"


def test_statement_status_must_be_a_known_one(world):
    client, providers = world
    app = client.app
    sid = app.state.db.execute(
        "SELECT id FROM statements WHERE lead_provider_id = ? LIMIT 1", (providers[0]["id"],)
    ).fetchone()["id"]
    answer = client.put(
        f"/test-support/statements/{sid}",
        json={"data": {"attributes": {"status": "settled"}}},
        headers=_auth(providers[0]),
    )
    assert (
        answer.status_code == 422 and "open, payable, paid" in answer.json()["errors"][0]["detail"]
    )
    paid = client.put(
        f"/test-support/statements/{sid}",
        json={"data": {"attributes": {"status": "paid"}}},
        headers=_auth(providers[0]),
    )
    assert paid.status_code == 200 and paid.json()["data"]["attributes"]["paid"] is True


def test_transfer_to_another_provider_blocks_a_second_started_declaration(world):
    client, providers = world
    old, new = providers[0], providers[1]
    pid = register(client, old)["id"]
    first = client.post(
        "/api/v3/participant-declarations",
        headers=_auth(old),
        json={
            "data": {
                "attributes": {
                    "participant_id": pid,
                    "declaration_type": "started",
                    "declaration_date": "2025-10-01T10:00:00Z",
                    "course_identifier": "ecf-induction",
                    "evidence_held": "training-event-attended",
                }
            }
        },
    )
    assert first.status_code == 200
    their_school = partnered_school(client, new)
    moved = client.post(
        f"/test-support/participants/{pid}/leave",
        headers=_auth(old),
        json={
            "data": {
                "attributes": {
                    "course_identifier": "ecf-induction",
                    "date": "2025-10-31",
                    "joining": {
                        "school_id": their_school,
                        "lead_provider_id": new["id"],
                        "cohort": "2025",
                        "start_date": "2025-11-01",
                        "schedule_identifier": "ecf-standard-september",
                    },
                }
            }
        },
    )
    assert moved.status_code == 200
    assert moved.json()["data"]["attributes"]["ecf_enrolments"][0]["participant_status"] == "left"
    second = client.post(
        "/api/v3/participant-declarations",
        headers=_auth(new),
        json={
            "data": {
                "attributes": {
                    "participant_id": pid,
                    "declaration_type": "started",
                    "declaration_date": "2025-11-05T10:00:00Z",
                    "course_identifier": "ecf-induction",
                    "evidence_held": "training-event-attended",
                }
            }
        },
    )
    assert second.status_code == 422
    assert second.json()["errors"] == [
        {
            "title": "declaration_type",
            "detail": "A declaration has already been submitted that will be, or has been, paid for this event.",  # noqa: E501 - the API's literal text
        }
    ]
    retained = client.post(
        "/api/v3/participant-declarations",
        headers=_auth(new),
        json={
            "data": {
                "attributes": {
                    "participant_id": pid,
                    "declaration_type": "retained-1",
                    "declaration_date": "2025-11-05T10:00:00Z",
                    "course_identifier": "ecf-induction",
                    "evidence_held": "training-event-attended",
                }
            }
        },
    )
    assert retained.status_code == 200, retained.text


def test_assigned_mentor_shows_on_the_ect_enrolment(world):
    client, providers = world
    ect = register(client, providers[0])["id"]
    mentor = register(client, providers[0], course_identifier="ecf-mentor")["id"]
    shown = client.post(
        f"/test-support/participants/{ect}/mentor",
        headers=_auth(providers[0]),
        json={"data": {"attributes": {"mentor_id": mentor, "start_date": "2025-09-01"}}},
    )
    assert shown.json()["data"]["attributes"]["ecf_enrolments"][0]["mentor_id"] == mentor


def test_participant_registered_to_start_later_is_joining_and_cannot_be_withdrawn(world):
    client, providers = world
    pid = register(client, providers[0], start_date="2026-01-05")["id"]
    shown = client.put(
        f"/api/v3/participants/{pid}/withdraw",
        headers=_auth(providers[0]),
        json={"data": {"attributes": {"course_identifier": "ecf-induction", "reason": "other"}}},
    )
    assert (
        shown.json()["errors"][0]["detail"]
        == "You cannot withdraw #/participant_id. This is because they have not been training with you for at least one day."  # noqa: E501 - the API's literal text
    )


def test_the_description_lists_exactly_the_test_support_routes(world):
    from fastapi.routing import APIRoute

    from rect_sandbox.routers import test_support

    client, providers = world
    listed = client.get("/test-support", headers=_auth(providers[0])).json()["data"]["operations"]
    routed = {
        (method, re.sub(r"\{\w+_id\}", "{id}", route.path))
        for route in test_support.router.routes
        if isinstance(route, APIRoute) and route.path != "/test-support"
        for method in route.methods
    }
    assert {(o["method"], o["path"]) for o in listed} == routed


def test_a_move_to_another_provider_at_the_same_school_keeps_the_stay_there():
    world = Lifecycle()
    pid = world.register()
    assert world.act(pid, "withdraw", "2025-10-01T12:00:00Z", reason="other").status_code == 200
    joining = {"school_id": world.school(0), "lead_provider_id": world.providers[1]["id"]}
    world.support(
        f"participants/{pid}/leave",
        "2025-10-01T12:00:00Z",
        course_identifier="ecf-induction",
        joining=joining,
    )
    assert world.enrolment(pid, provider=1)["participant_status"] == "active"
    refused = world.act(pid, "resume")
    assert refused.json()["errors"] == [
        {
            "title": "participant_id",
            "detail": "This participant cannot be resumed because they are already active with "
            "another provider.",
        }
    ]
