"""The one way the engine registers a participant of its own (``rect_conformance/_owned.py``),
against a real sandbox: the participant is the provider's to see, in the cohort and course
asked for; a registration test support refuses is an error that says what it answered."""

from __future__ import annotations

import pytest

from rect_conformance._api import BY_NAME
from rect_conformance._owned import NotRegistered, register_participant
from tests.checks.helpers import sandbox_context


def test_a_registered_participant_is_the_providers_own(contract) -> None:
    with sandbox_context(contract) as context:
        client = context.client
        partnership = client.request(
            "GET", BY_NAME["partnerships"].list_path, params={"page[per_page]": 1}
        ).json()["data"][0]["attributes"]
        owned = register_participant(
            client,
            role="mentor",
            cohort=str(partnership["cohort"]),
            school_id=partnership["school_id"],
            start_date=f"{partnership['cohort']}-09-01",
        )
        shown = client.request("GET", BY_NAME["participants"].path_for(owned.id))
        hidden = client.request("GET", BY_NAME["participants"].path_for(owned.id), auth="secondary")
    assert owned.course_identifier == "ecf-mentor" and owned.record["id"] == owned.id
    assert shown.status_code == 200
    enrolments = shown.json()["data"]["attributes"]["ecf_enrolments"]
    assert [(e["participant_type"], str(e["cohort"])) for e in enrolments] == [
        ("mentor", owned.cohort)
    ]
    assert hidden.status_code == 404


def test_a_refused_registration_says_what_test_support_answered(contract) -> None:
    with (
        sandbox_context(contract) as context,
        pytest.raises(NotRegistered, match=r"could not register a participant: 4\d\d "),
    ):
        register_participant(
            context.client,
            cohort="2025",
            school_id="00000000-0000-4000-8000-000000000000",
            start_date="2025-09-01",
        )


def test_an_unknown_role_is_refused_before_anything_is_sent() -> None:
    with pytest.raises(ValueError, match="unknown role 'tutor'"):
        register_participant(None, role="tutor", cohort="2025", school_id="s", start_date="d")  # type: ignore[arg-type]
