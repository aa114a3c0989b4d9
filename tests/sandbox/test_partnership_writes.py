"""POST and PUT /partnerships over HTTP: checks, several errors at once, effects."""

from __future__ import annotations

from tests.sandbox.helpers import at, minimal


def _ids(client, provider):
    conn = client.app.state.db
    free_school = conn.execute("SELECT id FROM schools WHERE urn = '100004'").fetchone()["id"]
    partners = [
        r["delivery_partner_id"]
        for r in conn.execute(
            "SELECT delivery_partner_id FROM delivery_partnerships WHERE lead_provider_id = ? AND "
            "cohort = 2025 ORDER BY delivery_partner_id",
            (provider["id"],),
        )
    ]
    return free_school, partners


def _post(client, provider, **attributes):
    return client.post(
        "/api/v3/partnerships",
        json={"data": {"type": "partnership", "attributes": attributes}},
        headers=at(provider),
    )


def test_new_partnership_is_returned_with_its_school_and_partner():
    client, providers = minimal()
    school, partners = _ids(client, providers[0])
    answer = _post(
        client, providers[0], cohort="2025", school_id=school, delivery_partner_id=partners[0]
    )
    assert answer.status_code == 200, answer.text
    attributes = answer.json()["data"]["attributes"]
    assert (attributes["cohort"], attributes["school_id"], attributes["delivery_partner_id"]) == (
        "2025",
        school,
        partners[0],
    )
    assert attributes["participants_currently_training"] == 0


def test_create_with_everything_wrong_lists_every_field():
    client, providers = minimal()
    answer = _post(
        client, providers[0], cohort="1999", school_id="nope", delivery_partner_id="nope"
    )
    assert answer.status_code == 422
    assert [e["title"] for e in answer.json()["errors"]] == [
        "cohort",
        "school_id",
        "delivery_partner_id",
    ]


def test_create_for_a_closed_cohort_is_refused():
    client, providers = minimal()
    school, _ = _ids(client, providers[0])
    answer = _post(
        client,
        providers[0],
        cohort="2021",
        school_id=school,
        delivery_partner_id=_ids(client, providers[0])[1][0],
    )
    assert {
        "title": "cohort",
        "detail": "You cannot create this partnership as the cohort is closed.",
    } in answer.json()["errors"]


def test_another_providers_partner_is_not_recognised():
    client, providers = minimal()
    school, _ = _ids(client, providers[0])
    _, theirs = _ids(client, providers[1])
    answer = _post(
        client, providers[0], cohort="2025", school_id=school, delivery_partner_id=theirs[0]
    )
    assert answer.json()["errors"] == [
        {
            "title": "delivery_partner_id",
            "detail": "The entered delivery partner is not recognised to be working in partnership with you for the given cohort. Contact the DfE for more information.",  # noqa: E501 - the API's literal text
        }
    ]


def test_missing_data_is_a_bad_structure():
    client, providers = minimal()
    answer = client.post("/api/v3/partnerships", json={"cohort": "2025"}, headers=at(providers[0]))
    assert answer.status_code == 400
    assert (
        answer.json()["errors"][0]["detail"]
        == "Correct json data structure required. See API docs for reference."
    )


def test_update_checks_the_partnership_before_the_body():
    client, providers = minimal()
    unknown = client.put(
        "/api/v3/partnerships/00000000-0000-0000-0000-000000000000",
        json={},
        headers=at(providers[0]),
    )
    assert unknown.status_code == 404
    mine = client.app.state.db.execute(
        "SELECT id FROM partnerships WHERE lead_provider_id = ? AND cohort = 2025",
        (providers[0]["id"],),
    ).fetchone()["id"]
    assert (
        client.put(f"/api/v3/partnerships/{mine}", json={}, headers=at(providers[0])).status_code
        == 400
    )
    assert (
        client.put(f"/api/v3/partnerships/{mine}", json={}, headers=at(providers[1])).status_code
        == 404
    )


def test_update_changes_the_partner_but_not_existing_declarations():
    client, providers = minimal()
    me = providers[0]
    conn = client.app.state.db
    row = conn.execute(
        "SELECT id, school_id, delivery_partner_id FROM partnerships WHERE lead_provider_id = ? "
        "AND cohort = 2025",
        (me["id"],),
    ).fetchone()
    registered = client.post(
        "/test-support/participants",
        headers=at(me, "2025-09-01"),
        json={
            "data": {
                "attributes": {
                    "school_id": row["school_id"],
                    "cohort": "2025",
                    "course_identifier": "ecf-induction",
                    "start_date": "2025-09-01",
                }
            }
        },
    )
    pid = registered.json()["data"]["id"]
    declared = client.post(
        "/api/v3/participant-declarations",
        headers=at(me),
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
    ).json()["data"]
    _, partners = _ids(client, me)
    other = next(p for p in partners if p != row["delivery_partner_id"])
    same = client.put(
        f"/api/v3/partnerships/{row['id']}",
        json={"data": {"attributes": {"delivery_partner_id": row["delivery_partner_id"]}}},
        headers=at(me),
    )
    assert same.status_code == 422
    moved = client.put(
        f"/api/v3/partnerships/{row['id']}",
        json={"data": {"attributes": {"delivery_partner_id": other}}},
        headers=at(me, "2025-11-12T08:00:00Z"),
    )
    assert moved.status_code == 200
    assert moved.json()["data"]["attributes"]["updated_at"] == "2025-11-12T08:00:00Z"
    kept = conn.execute(
        "SELECT delivery_partner_id, api_updated_at FROM declarations WHERE id = ?",
        (declared["id"],),
    ).fetchone()
    assert kept["delivery_partner_id"] == declared["attributes"]["delivery_partner_id"] != other
    assert kept["api_updated_at"] == "2025-11-12T08:00:00Z"


def test_create_returns_201_only_with_the_fault():
    for faults, status in (((), 200), (("create-returns-201",), 201)):
        client, providers = minimal(faults)
        school, partners = _ids(client, providers[0])
        assert (
            _post(
                client, providers[0], cohort=2025, school_id=school, delivery_partner_id=partners[0]
            ).status_code
            == status
        )
