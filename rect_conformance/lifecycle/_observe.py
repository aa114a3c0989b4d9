"""Reads the driver judges on their own: an ``updated_since`` poll that must list participants,
and another provider's participant that must stay out of reach."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from rect_conformance._api import BY_NAME
from rect_conformance.lifecycle._answers import json_of, not_found
from rect_conformance.lifecycle._compare import Mismatch, errors_of
from rect_conformance.lifecycle._step import Step
from rect_conformance.oracle import ApiError, format_timestamp

if TYPE_CHECKING:
    import httpx

    from rect_conformance.lifecycle._driver import Driver

PAGE = 3000


def listed(driver: Driver, participant_ids: list[str], since: datetime, now: datetime) -> Step:
    """Every one of ``participant_ids`` is in the ``updated_since`` poll from ``since``."""
    step = Step("poll", "participant", ",".join(participant_ids), "", "getParticipants", now)
    found, step.response = poll(driver, since, now)
    rule = "visibility.updated-since"
    step.mismatches = [
        Mismatch(rule, f"participant {pid} in the updated_since poll", "listed", "absent")
        for pid in participant_ids
        if pid not in found
    ]
    return driver._finish(step, context=f"updated_since {format_timestamp(since)} poll")


def hidden(driver: Driver, participant_id: str, now: datetime, since: datetime | None) -> Step:
    """A 404 with the exact error for the participant, and no place in a poll."""
    rule = "visibility.other-provider"
    step = Step("hidden", "participant", participant_id, "", "getParticipant", now)
    step.response = driver._get(BY_NAME["participants"].path_for(participant_id), now)
    driver._schema("getParticipant", step.response)
    errors = errors_of(json_of(step.response))
    expected = (ApiError(*not_found()),)
    if step.response.status_code != 404 or errors != expected:
        got = f"{step.response.status_code} {list(errors)}"
        step.mismatches.append(Mismatch(rule, "GET participant", f"404 {list(expected)}", got))
    if since is not None:
        found, _ = poll(driver, since, now)
        if participant_id in found:
            step.mismatches.append(Mismatch(rule, "updated_since poll", "absent", "listed"))
    return driver._finish(step, context=f"another provider's participant {participant_id}")


def poll(driver: Driver, since: datetime, now: datetime) -> tuple[set[str], httpx.Response]:
    """The ids of every participant in the ``updated_since`` poll, and the last answer."""
    path = BY_NAME["participants"].list_path
    found: set[str] = set()
    response = None
    for page in range(1, 20):
        params = {"filter[updated_since]": format_timestamp(since), "page[page]": page}
        response = driver._get(path, now, {**params, "page[per_page]": PAGE})
        driver._schema("getParticipants", response)
        data = json_of(response).get("data")
        if response.status_code != 200 or not isinstance(data, list):
            break
        found |= {str(item.get("id")) for item in data if isinstance(item, dict)}
        if len(data) < PAGE:
            break
    assert response is not None
    return found, response
