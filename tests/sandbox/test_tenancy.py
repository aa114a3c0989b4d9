"""Tenancy (rules 2.2): a provider's token never reaches another provider's records, on every
read endpoint, list and show alike."""

from __future__ import annotations

import pytest

from tests.sandbox.helpers import bearer

# Provider-specific lists (schools are shared by design and only their LP-specific fields vary).
PRIVATE = {
    "/api/v3/statements": "/api/v3/statements/{id}",
    "/api/v3/partnerships": "/api/v3/partnerships/{id}",
}
# People and partners may legitimately be seen by two providers (a transfer, a shared partner,
# a mentor of an ECT who moved provider),
# and another provider's earlier declarations for them, so for these the check is: whatever
# the other provider sees of it, it can also list.
SHARED_BY_HISTORY = {
    "/api/v3/participants": "/api/v3/participants/{id}",
    "/api/v3/participants/transfers": "/api/v3/participants/{id}/transfers",
    "/api/v3/delivery-partners": "/api/v3/delivery-partners/{id}",
    "/api/v3/unfunded-mentors": "/api/v3/unfunded-mentors/{id}",
    "/api/v3/participant-declarations": "/api/v3/participant-declarations/{id}",
}


def _all(client, provider, path):
    return [
        r["id"]
        for r in client.get(f"{path}?page[per_page]=3000", headers=bearer(provider)).json()["data"]
    ]


@pytest.mark.parametrize("path", sorted(PRIVATE))
def test_private_records_of_one_provider_are_invisible_to_the_others(clean, providers, path):
    for owner in providers[:3]:
        owned = set(_all(clean, owner, path))
        assert owned
        for other in providers:
            if other is owner:
                continue
            assert not owned & set(_all(clean, other, path))
            sample = sorted(owned)[0]
            shown = clean.get(PRIVATE[path].format(id=sample), headers=bearer(other))
            assert shown.status_code == 404


@pytest.mark.parametrize("path", sorted(SHARED_BY_HISTORY))
def test_a_provider_can_show_only_what_it_can_list(clean, providers, path):
    mine = set(_all(clean, providers[0], path))
    for other in providers[1:]:
        for record_id in sorted(set(_all(clean, other, path)) - mine)[:15]:
            shown = clean.get(
                SHARED_BY_HISTORY[path].format(id=record_id), headers=bearer(providers[0])
            )
            assert shown.status_code == 404, f"{path}: {record_id} leaked"


def test_participant_enrolments_only_describe_the_requesting_providers_training(clean, providers):
    db = clean.app.state.db
    for provider in providers:
        rows = clean.get(
            "/api/v3/participants?page[per_page]=3000", headers=bearer(provider)
        ).json()["data"]
        partners = {
            r[0]
            for r in db.execute(
                "SELECT DISTINCT delivery_partner_id FROM delivery_partnerships WHERE "
                "lead_provider_id = ?",
                (provider["id"],),
            )
        }
        for row in rows:
            for enrolment in row["attributes"]["ecf_enrolments"]:
                assert enrolment["delivery_partner_id"] in partners


def test_school_interest_fields_depend_on_the_provider(clean, providers):
    views = [
        {
            r["id"]: r["attributes"]["expression_of_interest"]
            for r in clean.get(
                "/api/v3/schools?filter[cohort]=2024&page[per_page]=3000", headers=bearer(p)
            ).json()["data"]
        }
        for p in providers[:2]
    ]
    assert views[0].keys() == views[1].keys()
    assert views[0] != views[1]


def test_another_providers_declarations_show_only_for_people_the_provider_trains(clean, providers):
    for provider in providers:
        mine = {
            r["id"]
            for r in clean.get(
                "/api/v3/participants?page[per_page]=3000", headers=bearer(provider)
            ).json()["data"]
        }
        rows = clean.get(
            "/api/v3/participant-declarations?page[per_page]=3000", headers=bearer(provider)
        ).json()["data"]
        for row in rows:
            assert row["attributes"]["participant_id"] in mine
            if row["attributes"]["lead_provider_name"] != provider["name"]:
                assert row["attributes"]["state"] in ("submitted", "eligible", "payable", "paid")
