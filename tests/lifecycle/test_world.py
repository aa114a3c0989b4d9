"""Oracle worlds from API records: statement statuses the API does not show, participants the
run registered, and seed participants with dates chosen to agree with what they show."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from rect_conformance.lifecycle._world import registered, seen_participant, statements_from
from rect_conformance.oracle import World, enrolment

TODAY = date(2026, 12, 1)
NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)


def _statement(sid: str, cut_off: str, paid: bool) -> dict:
    return {"id": sid, "attributes": {"cohort": "2025", "cut_off_date": cut_off, "paid": paid}}


def test_statement_status_comes_from_paid_the_deadline_and_the_runs_own_moves():
    records = [
        _statement("paid", "2026-01-31", True),
        _statement("past", "2026-10-31", False),
        _statement("open", "2026-12-31", False),
        _statement("moved", "2027-03-31", False),
    ]
    statuses = {s.id: s.status for s in statements_from(records, TODAY, {"moved": "payable"})}
    assert statuses == {"paid": "paid", "past": "payable", "open": "open", "moved": "payable"}


def test_a_registered_participant_is_known_whole():
    world = registered(
        World(),
        "p",
        role="mentor",
        cohort=2025,
        schedule="ecf-standard-september",
        start=date(2025, 9, 1),
        school_id="s",
        eligible=True,
    )
    person = world.participant("p")
    assert person is not None and person.eligible_roles == {"mentor"}
    view = enrolment(world, "p", "mentor", NOW)
    assert view is not None and (view.training_status, view.participant_status) == (
        "active",
        "active",
    )


@pytest.mark.parametrize(
    ("training", "shown", "withdrawal"),
    [
        ("active", "active", None),
        ("active", "joining", None),
        ("active", "leaving", None),
        ("active", "left", None),
        ("withdrawn", "left", {"reason": "other", "date": "2026-05-01T10:00:00Z"}),
    ],
)
def test_a_seed_participant_shows_what_the_api_showed(training, shown, withdrawal):
    record = {
        "id": "p",
        "attributes": {
            "ecf_enrolments": [
                {
                    "participant_type": "ect",
                    "cohort": "2024",
                    "schedule_identifier": "ecf-standard-september",
                    "training_status": training,
                    "participant_status": shown,
                    "school_urn": "100001",
                    "withdrawal": withdrawal,
                    "deferral": None,
                    "eligible_for_funding": True,
                }
            ]
        },
    }
    person = seen_participant(record, [], schools={}, provider_name=None, today=TODAY)
    assert person is not None
    view = enrolment(World((person,)), "p", "ect", NOW)
    assert view is not None
    assert (view.training_status, view.participant_status) == (training, shown)
    assert view.withdrawal == withdrawal
