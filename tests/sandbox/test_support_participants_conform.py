"""Test support never makes a participant the published contract cannot express: every kind of
participant its operations create, seen by every provider that can see it, validates against the
published spec's participant response (``GET /api/v3/participants/{id}``): an email on every
enrolment, a full name, a schedule, and so on (rules 12)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import schemathesis

from tests.sandbox.helpers import NOV, Lifecycle

SHOW = "/api/v3/participants/{id}"


@pytest.fixture(scope="module")
def spec(published_spec_path):
    return schemathesis.openapi.from_path(str(published_spec_path))


def _leave(world: Lifecycle, pid: str, joining: dict | None = None, **extra) -> None:
    attributes = {"course_identifier": "ecf-induction", "date": "2025-10-31", **extra}
    if joining is not None:
        attributes["joining"] = {
            "school_id": world.school(1),
            "start_date": "2025-11-01",
            **joining,
        }
    world.support(f"participants/{pid}/leave", "2025-10-20T12:00:00Z", **attributes)


def _made(world: Lifecycle) -> list[str]:
    """One participant of each kind test support makes, each with as little as it accepts."""
    other = world.providers[1]["id"]
    bare = world.register()
    mentor = world.register(course="ecf-mentor")
    both = world.register()
    world.register(course="ecf-mentor", participant_id=both)
    named = world.register(
        full_name="Ada Lovelace", email="ada@example.com", teacher_reference_number="1234567"
    )
    old = world.register(cohort=2022, start="2022-09-01", funding_eligible=True)
    interest = world.send(
        "POST",
        "/test-support/participants",
        school_id=world.school(4),
        cohort="2025",
        course_identifier="ecf-induction",
        start_date="2025-09-01",
        expression_of_interest=True,
    ).json()["data"]["id"]
    left = world.register()
    _leave(world, left)
    moved_here = world.register()
    _leave(world, moved_here, {"lead_provider_id": world.providers[0]["id"]})
    moved_away = world.register()
    _leave(world, moved_away, {"lead_provider_id": other})
    school_led = world.register()
    _leave(world, school_led, {"lead_provider_id": None})
    mentored = world.register()
    world.support(f"participants/{mentored}/mentor", mentor_id=mentor, start_date="2025-10-01")
    completed = world.register()
    world.support(f"participants/{completed}/induction-completion", date="2025-10-15")
    eligible = world.register()
    world.support(f"participants/{eligible}/funding-eligibility", course_identifier="ecf-induction")
    return [
        bare,
        mentor,
        both,
        named,
        old,
        interest,
        left,
        moved_here,
        moved_away,
        school_led,
        mentored,
        completed,
        eligible,
    ]


def test_every_participant_test_support_makes_matches_the_published_schema(spec):
    world = Lifecycle()
    made = _made(world)
    seen = 0
    for pid in made:
        for provider in range(len(world.providers)):
            answer = world.send("GET", f"/api/v3/participants/{pid}", NOV, provider)
            if answer.status_code == 404:
                continue
            answer._elapsed = timedelta(0)
            spec[SHOW]["GET"].validate_response(answer)
            enrolments = answer.json()["data"]["attributes"]["ecf_enrolments"]
            assert all(isinstance(entry["email"], str) for entry in enrolments), (pid, provider)
            seen += 1
    # Every one is visible to someone, but the expression of interest (no partnership yet).
    assert seen >= len(made) - 1


def test_a_joiner_keeps_the_email_the_school_reported_unless_given_another():
    world = Lifecycle()
    pid = world.register(email="first@example.com")
    _leave(world, pid, {"lead_provider_id": world.providers[0]["id"]})
    assert world.enrolment(pid)["email"] == "first@example.com"
    again = world.register(email="old@example.com")
    _leave(world, again, {"lead_provider_id": world.providers[1]["id"], "email": "new@example.com"})
    assert world.enrolment(again, provider=1)["email"] == "new@example.com"
