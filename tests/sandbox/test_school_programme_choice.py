"""A school's ``induction_programme_choice`` follows its training periods (rules 10.2), and its
per-cohort ``updated_at`` moves when a write changes that choice (rules 19).

The minimal world (``world="minimal"``): schools 0-2 are partnered by every provider in every
cohort, 3-5 are free and eligible with nobody registered, 6 has a school-led ECT in every
cohort.
"""

from __future__ import annotations

from tests.sandbox.helpers import at, bearer, build, minimal, school_id

SEEDED = "2021-06-01T09:00:00Z"


def _shown(client, provider, school_id, cohort="2025"):
    answer = client.get(
        f"/api/v3/schools/{school_id}?filter[cohort]={cohort}", headers=at(provider)
    )
    assert answer.status_code == 200, answer.text
    return answer.json()["data"]["attributes"]


def _register(client, provider, when="2025-09-01T09:00:00Z", **attributes):
    body = {"cohort": "2025", "start_date": "2025-09-01", **attributes}
    answer = client.post(
        "/test-support/participants",
        headers=at(provider, when),
        json={"data": {"attributes": body}},
    )
    assert answer.status_code == 200, answer.text
    return answer.json()["data"]["id"]


def _move_to(client, provider, pid, course, school_id, when):
    """The person leaves their partnered school and trains school-led at ``school_id``."""
    answer = client.post(
        f"/test-support/participants/{pid}/leave",
        headers=at(provider, when),
        json={
            "data": {
                "attributes": {
                    "course_identifier": course,
                    "date": "2025-10-31",
                    "joining": {
                        "school_id": school_id,
                        "lead_provider_id": None,
                        "start_date": "2025-11-01",
                    },
                }
            }
        },
    )
    assert answer.status_code == 200, answer.text


def test_school_with_nobody_registered_is_not_yet_known():
    client, providers = minimal()
    assert (
        _shown(client, providers[0], school_id(client, "100004"))["induction_programme_choice"]
        == "not_yet_known"
    )


def test_school_with_only_school_led_ects_is_school_led():
    client, providers = minimal()
    assert (
        _shown(client, providers[0], school_id(client, "100006"))["induction_programme_choice"]
        == "school_led"
    )


def test_school_with_a_partnered_ect_is_provider_led():
    client, providers = minimal()
    school = school_id(client, "100000")
    _register(client, providers[0], school_id=school, course_identifier="ecf-induction")
    assert _shown(client, providers[1], school)["induction_programme_choice"] == "provider_led"


def test_provider_led_ect_wins_over_school_led_ects_in_that_cohort_only():
    client, providers = minimal()
    school = school_id(client, "100006")
    _register(
        client,
        providers[0],
        school_id=school,
        course_identifier="ecf-induction",
        expression_of_interest=True,
    )
    assert (
        _shown(client, providers[1], school, "2025")["induction_programme_choice"] == "provider_led"
    )
    assert (
        _shown(client, providers[1], school, "2024")["induction_programme_choice"] == "school_led"
    )


def test_provider_led_mentor_makes_a_school_led_school_provider_led():
    client, providers = minimal()
    school = school_id(client, "100006")
    _register(
        client,
        providers[0],
        school_id=school,
        course_identifier="ecf-mentor",
        expression_of_interest=True,
    )
    assert _shown(client, providers[1], school)["induction_programme_choice"] == "provider_led"


def test_school_led_mentor_alone_leaves_the_choice_unknown_and_a_school_led_ect_decides_it():
    client, providers = minimal()
    me, target = providers[0], school_id(client, "100004")
    home = school_id(client, "100000")
    mentor = _register(client, me, school_id=home, course_identifier="ecf-mentor")
    _move_to(client, me, mentor, "ecf-mentor", target, "2025-11-01T09:00:00Z")
    assert _shown(client, me, target)["induction_programme_choice"] == "not_yet_known"
    ect = _register(client, me, school_id=home, course_identifier="ecf-induction")
    _move_to(client, me, ect, "ecf-induction", target, "2025-11-01T09:00:00Z")
    assert _shown(client, me, target)["induction_programme_choice"] == "school_led"


def test_school_cohort_updated_at_moves_when_a_write_changes_the_choice():
    client, providers = minimal()
    me, target = providers[0], school_id(client, "100004")
    ect = _register(
        client, me, school_id=school_id(client, "100000"), course_identifier="ecf-induction"
    )
    assert _shown(client, me, target)["updated_at"] == SEEDED
    _move_to(client, me, ect, "ecf-induction", target, "2025-11-02T09:30:00Z")
    shown = _shown(client, me, target)
    assert (shown["induction_programme_choice"], shown["updated_at"]) == (
        "school_led",
        "2025-11-02T09:30:00Z",
    )
    # Only the cohort whose choice changed moves; nobody's interest in the school changed.
    assert _shown(client, me, target, "2024")["updated_at"] == SEEDED
    listed = client.get(
        "/api/v3/schools?filter[cohort]=2025&filter[updated_since]=2025-11-02T09:00:00Z",
        headers=at(providers[1]),
    ).json()["data"]
    assert [school["id"] for school in listed] == [target]


def test_school_cohort_updated_at_stays_when_the_choice_does_not_change():
    client, providers = minimal()
    school = school_id(client, "100000")
    _register(
        client,
        providers[0],
        school_id=school,
        course_identifier="ecf-induction",
        when="2025-09-01T09:00:00Z",
    )
    first = _shown(client, providers[0], school)["updated_at"]
    _register(
        client,
        providers[0],
        school_id=school,
        course_identifier="ecf-induction",
        when="2025-09-05T09:00:00Z",
    )
    assert _shown(client, providers[0], school)["updated_at"] == first


def test_new_expression_of_interest_moves_every_cohort_of_the_school():
    client, providers = minimal()
    school = school_id(client, "100005")
    _register(
        client,
        providers[0],
        school_id=school,
        course_identifier="ecf-induction",
        expression_of_interest=True,
        when="2025-09-03T10:00:00Z",
    )
    assert _shown(client, providers[1], school, "2025")["updated_at"] == "2025-09-03T10:00:00Z"
    assert _shown(client, providers[1], school, "2023")["updated_at"] == "2025-09-03T10:00:00Z"


def test_partnership_is_refused_for_a_school_that_only_has_school_led_ects():
    client, providers = minimal()
    me = providers[0]
    school = school_id(client, "100004")
    ect = _register(
        client, me, school_id=school_id(client, "100000"), course_identifier="ecf-induction"
    )
    _move_to(client, me, ect, "ecf-induction", school, "2025-11-01T09:00:00Z")
    partner = client.app.state.db.execute(
        "SELECT delivery_partner_id FROM delivery_partnerships WHERE lead_provider_id = ? AND "
        "cohort = 2025",
        (providers[1]["id"],),
    ).fetchone()[0]
    refused = client.post(
        "/api/v3/partnerships",
        headers=at(providers[1]),
        json={
            "data": {
                "type": "partnership",
                "attributes": {
                    "cohort": "2025",
                    "school_id": school,
                    "delivery_partner_id": partner,
                },
            }
        },
    )
    assert refused.status_code == 422
    assert refused.json()["errors"] == [
        {
            "title": "school_id",
            "detail": "This school has only registered school-led participants. Contact the school for more information.",  # noqa: E501 - the API's literal text
        }
    ]


def test_seeded_sandbox_shows_every_programme_choice_and_school_led_schools_are_unpartnered():
    client = build(participants=200)
    provider = client.app.state.lead_providers[0]
    schools = client.get(
        "/api/v3/schools?filter[cohort]=2025&page[per_page]=3000", headers=bearer(provider)
    ).json()["data"]
    choices = {s["attributes"]["induction_programme_choice"] for s in schools}
    assert choices == {"provider_led", "school_led", "not_yet_known"}
    assert not any(
        s["attributes"]["in_partnership"]
        for s in schools
        if s["attributes"]["induction_programme_choice"] == "school_led"
    )
