"""Participant actions over HTTP: check order, envelopes, effects and the lifecycle faults."""

from __future__ import annotations

import pytest

from tests.sandbox.helpers import NOV, at, minimal

BAD_STRUCTURE = {
    "errors": [
        {
            "title": "Bad request",
            "detail": "Correct json data structure required. See API docs for reference.",
        }
    ]
}


def _register(client, provider, start="2025-09-01"):
    school = client.app.state.db.execute(
        "SELECT school_id FROM partnerships WHERE lead_provider_id = ? AND cohort = 2025",
        (provider["id"],),
    ).fetchone()["school_id"]
    body = {
        "data": {
            "attributes": {
                "school_id": school,
                "cohort": "2025",
                "course_identifier": "ecf-induction",
                "start_date": start,
            }
        }
    }
    answer = client.post(
        "/test-support/participants", json=body, headers=at(provider, f"{start}T09:00:00Z")
    )
    assert answer.status_code == 200, answer.text
    return answer.json()["data"]["id"]


def _act(client, provider, pid, action, when=NOV, **attributes):
    body = {
        "data": {
            "type": f"participant-{action}",
            "attributes": {"course_identifier": "ecf-induction", **attributes},
        }
    }
    return client.put(f"/api/v3/participants/{pid}/{action}", json=body, headers=at(provider, when))


@pytest.fixture
def world():
    client, providers = minimal()
    with client:
        yield client, providers


def test_withdraw_answers_the_participant_withdrawn_and_left(world):
    client, providers = world
    pid = _register(client, providers[0])
    answer = _act(client, providers[0], pid, "withdraw", reason="moved-school")
    assert answer.status_code == 200
    enrolment = answer.json()["data"]["attributes"]["ecf_enrolments"][0]
    assert (enrolment["training_status"], enrolment["participant_status"]) == ("withdrawn", "left")
    assert enrolment["withdrawal"] == {"reason": "moved-school", "date": NOV}


def test_body_shape_is_checked_before_the_participant_exists(world):
    client, providers = world
    answer = client.put(
        "/api/v3/participants/00000000-0000-0000-0000-000000000000/withdraw",
        json={"data": {"attributes": {}}},
        headers=at(providers[0]),
    )
    assert (answer.status_code, answer.json()) == (400, BAD_STRUCTURE)
    missing = _act(
        client, providers[0], "00000000-0000-0000-0000-000000000000", "withdraw", reason="other"
    )
    assert missing.status_code == 404


def test_attributes_with_only_unknown_keys_are_a_bad_structure(world):
    client, providers = world
    pid = _register(client, providers[0])
    answer = client.put(
        f"/api/v3/participants/{pid}/resume",
        json={"data": {"attributes": {"colour": "red"}}},
        headers=at(providers[0]),
    )
    assert (answer.status_code, answer.json()) == (400, BAD_STRUCTURE)


def test_another_providers_participant_is_not_found(world):
    client, providers = world
    pid = _register(client, providers[0])
    assert _act(client, providers[1], pid, "defer", reason="other").status_code == 404


def test_missing_token_beats_everything(world):
    client, _ = world
    answer = client.put("/api/v3/participants/x/withdraw", json={})
    assert (answer.status_code, answer.json()) == (401, {"error": "HTTP Token: Access denied"})


def test_withdraw_twice_is_refused_and_the_fault_lets_it_through():
    for faults, expected in (((), 422), (("withdraw-twice-allowed",), 200)):
        client, providers = minimal(faults)
        pid = _register(client, providers[0])
        assert _act(client, providers[0], pid, "withdraw", reason="other").status_code == 200
        again = _act(
            client, providers[0], pid, "withdraw", when="2025-11-12T12:00:00Z", reason="other"
        )
        assert again.status_code == expected, faults
        if expected == 422:
            assert again.json() == {
                "errors": [
                    {
                        "title": "participant_id",
                        "detail": "The '#/participant_id' is already withdrawn.",
                    }
                ]
            }


def test_defer_then_resume_next_day_starts_active_training_and_blocks_same_day_withdraw(world):
    client, providers = world
    pid = _register(client, providers[0])
    assert _act(client, providers[0], pid, "defer", reason="career-break").status_code == 200
    same_day = _act(client, providers[0], pid, "resume")
    assert same_day.status_code == 422
    resumed = _act(client, providers[0], pid, "resume", when="2025-11-11T09:00:00Z")
    enrolment = resumed.json()["data"]["attributes"]["ecf_enrolments"][0]
    assert (enrolment["training_status"], enrolment["deferral"]) == ("active", None)
    blocked = _act(
        client, providers[0], pid, "withdraw", when="2025-11-11T10:00:00Z", reason="other"
    )
    assert blocked.json()["errors"][0]["detail"].startswith(
        "You cannot defer or withdraw this participant today."
    )


def test_change_schedule_moves_the_enrolment_to_the_new_schedule(world):
    client, providers = world
    pid = _register(client, providers[0])
    answer = _act(
        client, providers[0], pid, "change-schedule", schedule_identifier="ecf-extended-september"
    )
    assert answer.status_code == 200
    assert (
        answer.json()["data"]["attributes"]["ecf_enrolments"][0]["schedule_identifier"]
        == "ecf-extended-september"
    )


def test_actions_move_the_participant_updated_at_unless_the_fault_is_on():
    for faults, moves in (((), True), (("updated-at-not-bumped",), False)):
        client, providers = minimal(faults)
        pid = _register(client, providers[0])
        before = client.get("/test-support", headers=at(providers[0]))  # the API is reachable
        assert before.status_code == 200
        answer = _act(
            client, providers[0], pid, "defer", reason="other", when="2025-11-20T08:00:00Z"
        )
        updated = answer.json()["data"]["attributes"]["updated_at"]
        assert (updated == "2025-11-20T08:00:00Z") is moves, faults


def test_server_date_header_places_the_action_in_time_unless_ignored():
    for faults, honoured in (((), True), (("server-date-ignored",), False)):
        client, providers = minimal(faults)
        pid = _register(client, providers[0])
        answer = _act(
            client, providers[0], pid, "withdraw", reason="other", when="2025-12-01T10:00:00Z"
        )
        assert answer.status_code == 200, answer.text
        stamped = answer.json()["data"]["attributes"]["ecf_enrolments"][0]["withdrawal"]["date"]
        assert (stamped == "2025-12-01T10:00:00Z") is honoured, faults


def test_a_bare_filter_parameter_is_refused_after_the_token_check(world):
    client, providers = world
    pid = _register(client, providers[0])
    body = {"data": {"attributes": {"course_identifier": "ecf-induction", "reason": "other"}}}
    answer = client.put(
        f"/api/v3/participants/{pid}/withdraw?filter=x", json=body, headers=at(providers[0])
    )
    assert answer.json() == {
        "errors": [{"title": "Bad parameter", "detail": "Filter must be a hash"}]
    }
    assert client.put(f"/api/v3/participants/{pid}/withdraw?filter=x", json=body).status_code == 401
