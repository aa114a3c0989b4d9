"""Seed data: deterministic per seed, every state present, scalable (rules 21)."""

from __future__ import annotations

from collections import Counter

from rect_sandbox._db import connect
from rect_sandbox._seed import seed
from tests.sandbox.helpers import bearer, build


def _fingerprint(conn):
    return [
        tuple(r) for r in conn.execute("SELECT id, full_name, created_at FROM teachers ORDER BY id")
    ]


def test_the_same_seed_gives_the_same_data_and_another_seed_differs():
    first, second, other = connect(), connect(), connect()
    assert seed(first, 1, 150) == seed(second, 1, 150)
    seed(other, 2, 150)
    assert _fingerprint(first) == _fingerprint(second)
    assert _fingerprint(first) != _fingerprint(other)


def test_participants_option_scales_the_number_of_people():
    small, large = connect(), connect()
    seed(small, 1, 40)
    seed(large, 1, 800)
    count = "SELECT COUNT(*) FROM teachers"
    assert large.execute(count).fetchone()[0] > 10 * small.execute(count).fetchone()[0] / 2


def test_every_provider_sees_participants_in_every_status_and_cohort(clean, providers):
    for provider in providers:
        rows = clean.get(
            "/api/v3/participants?page[per_page]=3000", headers=bearer(provider)
        ).json()["data"]
        enrolments = [e for r in rows for e in r["attributes"]["ecf_enrolments"]]
        assert {e["training_status"] for e in enrolments} == {"active", "deferred", "withdrawn"}
        assert {"active", "left", "joining", "leaving"} <= {
            e["participant_status"] for e in enrolments
        }
        assert {"ect", "mentor"} == {e["participant_type"] for e in enrolments}


def test_declarations_exist_in_every_state_across_providers():
    client = build(participants=600)
    states = Counter()
    for provider in client.app.state.lead_providers:
        rows = client.get(
            "/api/v3/participant-declarations?page[per_page]=3000", headers=bearer(provider)
        ).json()["data"]
        states.update(r["attributes"]["state"] for r in rows)
    assert set(states) == {
        "submitted",
        "eligible",
        "payable",
        "paid",
        "voided",
        "awaiting-clawback",
        "clawed-back",
    }


def test_transfers_of_every_kind_are_seeded(clean, providers):
    kinds = set()
    for provider in providers:
        rows = clean.get(
            "/api/v3/participants/transfers?page[per_page]=3000", headers=bearer(provider)
        ).json()["data"]
        kinds |= {t["transfer_type"] for r in rows for t in r["attributes"]["transfers"]}
    assert kinds == {"new_school", "new_provider", "unknown"}


def test_cohorts_2021_to_2026_all_have_partnerships(clean, providers):
    rows = clean.get(
        "/api/v3/partnerships?page[per_page]=3000", headers=bearer(providers[0])
    ).json()["data"]
    assert {r["attributes"]["cohort"] for r in rows} == {str(y) for y in range(2021, 2027)}


def test_expression_of_interest_only_people_are_invisible_until_partnered(clean, providers):
    db = clean.app.state.db
    row = db.execute(
        "SELECT teacher_id, eoi_lead_provider_id FROM training_periods WHERE partnership_id IS NULL"
        " AND eoi_lead_provider_id IS NOT NULL LIMIT 1"
    ).fetchone()
    assert row is not None
    provider = next(p for p in providers if p["id"] == row[1])
    assert clean.get(f"/api/v3/participants/{row[0]}", headers=bearer(provider)).status_code == 404
