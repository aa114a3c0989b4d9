"""Declarations over HTTP: create, states, void, and the declaration lifecycle faults."""

from __future__ import annotations

from tests.sandbox.helpers import NOV, at, minimal


def _register(client, provider, course="ecf-induction", eligible=False):
    school = client.app.state.db.execute(
        "SELECT school_id FROM partnerships WHERE lead_provider_id = ? AND cohort = 2025",
        (provider["id"],),
    ).fetchone()["school_id"]
    attributes = {
        "school_id": school,
        "cohort": "2025",
        "course_identifier": course,
        "start_date": "2025-09-01",
        "funding_eligible": eligible,
    }
    answer = client.post(
        "/test-support/participants",
        json={"data": {"attributes": attributes}},
        headers=at(provider, "2025-09-01"),
    )
    assert answer.status_code == 200, answer.text
    return answer.json()["data"]["id"]


def _declare(client, provider, pid, when=NOV, **overrides):
    attributes = {
        "participant_id": pid,
        "declaration_type": "started",
        "declaration_date": "2025-10-01T10:00:00Z",
        "course_identifier": "ecf-induction",
        "evidence_held": "training-event-attended",
        **overrides,
    }
    return client.post(
        "/api/v3/participant-declarations",
        json={"data": {"type": "participant-declaration", "attributes": attributes}},
        headers=at(provider, when),
    )


def test_declaration_for_an_eligible_participant_is_eligible_with_a_statement():
    client, providers = minimal()
    pid = _register(client, providers[0], eligible=True)
    answer = _declare(client, providers[0], pid)
    assert answer.status_code == 200
    attributes = answer.json()["data"]["attributes"]
    assert attributes["state"] == "eligible" and attributes["statement_id"]
    assert attributes["declaration_date"] == "2025-10-01T10:00:00Z"
    assert attributes["delivery_partner_id"]


def test_unknown_participant_is_422_not_404():
    client, providers = minimal()
    answer = _declare(client, providers[0], "00000000-0000-0000-0000-000000000000")
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["title"] == "participant_id"


def test_nonsense_date_is_a_bad_request():
    client, providers = minimal()
    pid = _register(client, providers[0])
    answer = _declare(client, providers[0], pid, declaration_date="yesterday")
    assert answer.status_code == 400
    assert "RFC 3339" in answer.json()["errors"][0]["detail"]


def test_declaration_dated_in_the_future_is_refused_until_the_clock_travels():
    client, providers = minimal()
    pid = _register(client, providers[0])
    early = _declare(client, providers[0], pid, when="2025-09-15T10:00:00Z")
    assert early.status_code == 422 and early.json()["errors"][0]["title"] == "declaration_date"
    assert _declare(client, providers[0], pid).status_code == 200


def test_second_started_declaration_is_refused_unless_the_duplicate_fault_is_on():
    for faults, expected in (((), 422), (("duplicate-declaration-accepted",), 200)):
        client, providers = minimal(faults)
        pid = _register(client, providers[0])
        assert _declare(client, providers[0], pid).status_code == 200
        again = _declare(client, providers[0], pid, declaration_date="2025-10-02T10:00:00Z")
        assert again.status_code == expected, faults


def test_declaration_after_withdrawal_is_refused_unless_the_fault_is_on():
    for faults, expected in (((), 422), (("declaration-after-withdrawal-accepted",), 200)):
        client, providers = minimal(faults)
        pid = _register(client, providers[0])
        withdrawn = client.put(
            f"/api/v3/participants/{pid}/withdraw",
            headers=at(providers[0], "2025-10-01T09:00:00Z"),
            json={
                "data": {"attributes": {"course_identifier": "ecf-induction", "reason": "other"}}
            },
        )
        assert withdrawn.status_code == 200
        late = _declare(client, providers[0], pid, declaration_date="2025-10-05T10:00:00Z")
        assert late.status_code == expected, faults
        # Dated before the withdrawal it is fine, unless the fault already let a started in.
        backdated = _declare(client, providers[0], pid, declaration_date="2025-09-30T10:00:00Z")
        assert backdated.status_code == (200 if expected == 422 else 422), faults


def test_void_of_paid_gives_awaiting_clawback_and_the_fault_gives_voided():
    for faults, state in (((), "awaiting-clawback"), (("void-paid-gives-voided",), "voided")):
        client, providers = minimal(faults)
        pid = _register(client, providers[0], eligible=True)
        did = _declare(client, providers[0], pid).json()["data"]["id"]
        paid = client.put(
            f"/test-support/participant-declarations/{did}",
            json={"data": {"attributes": {"state": "paid"}}},
            headers=at(providers[0]),
        )
        assert paid.json()["data"]["attributes"]["state"] == "paid"
        voided = client.put(
            f"/api/v3/participant-declarations/{did}/void", headers=at(providers[0])
        )
        assert voided.status_code == 200
        assert voided.json()["data"]["attributes"]["state"] == state, faults


def test_void_twice_is_refused_and_another_providers_void_is_not_found():
    client, providers = minimal()
    pid = _register(client, providers[0])
    did = _declare(client, providers[0], pid).json()["data"]["id"]
    assert (
        client.put(
            f"/api/v3/participant-declarations/{did}/void", headers=at(providers[1])
        ).status_code
        == 404
    )
    first = client.put(f"/api/v3/participant-declarations/{did}/void", headers=at(providers[0]))
    assert first.json()["data"]["attributes"]["state"] == "voided"
    second = client.put(f"/api/v3/participant-declarations/{did}/void", headers=at(providers[0]))
    assert second.json() == {
        "errors": [
            {
                "title": "participant_declaration_id",
                "detail": "The declaration has already been voided.",
            }
        ]
    }


def test_create_returns_201_only_with_the_fault():
    for faults, status in (((), 200), (("create-returns-201",), 201)):
        client, providers = minimal(faults)
        pid = _register(client, providers[0])
        assert _declare(client, providers[0], pid).status_code == status


def test_mentor_completed_declaration_sets_the_funding_end_date():
    client, providers = minimal()
    pid = _register(client, providers[0], course="ecf-mentor")
    answer = _declare(
        client,
        providers[0],
        pid,
        course_identifier="ecf-mentor",
        declaration_type="completed",
        evidence_held="75-percent-engagement-met",
    )
    assert answer.status_code == 200, answer.text
    shown = client.get(f"/api/v3/participants/{pid}", headers=at(providers[0])).json()["data"]
    mentor = shown["attributes"]["ecf_enrolments"][0]
    assert mentor["mentor_funding_end_date"] == "2025-10-01"
    assert mentor["mentor_ineligible_for_funding_reason"] == "completed_declaration_received"


def test_voiding_a_mentor_completion_clears_the_funding_end_again():
    client, providers = minimal()
    me = providers[0]
    pid = _register(client, me, course="ecf-mentor")
    did = _declare(
        client,
        me,
        pid,
        course_identifier="ecf-mentor",
        declaration_type="completed",
        evidence_held="75-percent-engagement-met",
    ).json()["data"]["id"]
    client.put(
        f"/api/v3/participant-declarations/{did}/void", headers=at(me, "2025-11-12T10:00:00Z")
    )
    shown = client.get(f"/api/v3/participants/{pid}", headers=at(me, "2025-11-12T11:00:00Z"))
    mentor = shown.json()["data"]["attributes"]["ecf_enrolments"][0]
    assert mentor["mentor_funding_end_date"] is None
    assert (mentor["training_status"], mentor["participant_status"]) == ("active", "active")
