"""The reads the lifecycle needs around the driver: whole lists, the provider's world (its
statements and partnerships), participants the run registers (known whole) and seed
participants (as far as the API shows them).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from rect_conformance._api import BY_NAME
from rect_conformance._owned import register_participant
from rect_conformance.lifecycle._answers import stamp
from rect_conformance.lifecycle._compare import Mismatch
from rect_conformance.lifecycle._world import (
    attributes,
    our_provider_name,
    partnerships_from,
    registered,
    seen_participant,
    statements_from,
)
from rect_conformance.oracle import World, london_date

if TYPE_CHECKING:
    from rect_conformance._client import Client
    from rect_conformance.lifecycle._driver import Driver
    from rect_conformance.lifecycle._ledger import Ledger

PAGE = 3000  # the documented page clamp (rules §5.3)


class ReadFailed(Exception):
    """A list the lifecycle needs could not be read; ``str()`` says what was answered."""


def read_all(
    client: Client, resource: str, params: dict[str, Any] | None = None, auth: str = "primary"
) -> list[dict[str, Any]]:
    """Every record of one of the API's lists (``BY_NAME`` key), page after page."""
    found: list[dict[str, Any]] = []
    path = BY_NAME[resource].list_path
    for page in range(1, 50):
        response = client.request(
            "GET",
            path,
            params={**(params or {}), "page[page]": page, "page[per_page]": PAGE},
            auth=auth,
        )
        data = response.json().get("data") if response.status_code == 200 else None
        if not isinstance(data, list):
            raise ReadFailed(f"GET {path} answered {response.status_code}: {response.text[:120]}")
        found += [item for item in data if isinstance(item, dict)]
        if len(data) < PAGE:
            break
    return found


# Writes after which the provider's lists, as read, may be out of date: a partnership created
# or moved (by a scenario or anyone else through this client) or a statement moved by test
# support.
_LISTS_MOVED_BY = ("/partnerships", "/test-support/statements")


def provider_world(client: Client, ledger: Ledger, today: date, auth: str = "primary") -> World:
    """The provider's statements and partnerships, no participants yet. Statement statuses the
    run moved itself (through test support) come from the ledger. The two lists are read once
    per run and read again only after a write that may have changed them (every scenario
    needs them, and they are most of what a scenario would otherwise read)."""
    key = f"provider-lists:{auth}"
    if key not in ledger.cache:
        _watch_list_writes(client, ledger)
        ledger.cache[key] = (
            read_all(client, "statements", auth=auth),
            read_all(client, "partnerships", auth=auth),
        )
    statements, partnerships = ledger.cache[key]
    return World(
        (),
        statements_from(statements, today, ledger.statement_status),
        partnerships_from(partnerships),
    )


def _watch_list_writes(client: Client, ledger: Ledger) -> None:
    if ledger.cache.get("provider-lists-watched"):
        return
    ledger.cache["provider-lists-watched"] = True

    def forget(entry: dict[str, Any]) -> None:
        if entry.get("type") != "exchange" or entry.get("method") == "GET":
            return
        if any(part in str(entry.get("url")) for part in _LISTS_MOVED_BY):
            for key in [k for k in ledger.cache if k.startswith("provider-lists:")]:
                del ledger.cache[key]

    client.listeners.append(forget)


def register(
    driver: Driver,
    *,
    role: str,
    cohort: int,
    school_id: str,
    start: date,
    schedule: str,
    eligible: bool = False,
    now: datetime | None = None,
    participant_id: str | None = None,
) -> str:
    """Register a participant through test support and add it to the driver's world as owned;
    returns its id. Raises ``NotRegistered`` when test support refuses."""

    owned = register_participant(
        driver.client,
        role=role,
        cohort=str(cohort),
        school_id=school_id,
        start_date=start.isoformat(),
        funding_eligible=eligible,
        schedule_identifier=schedule,
        participant_id=participant_id,
        server_date=stamp(now) if now else None,
        auth=driver.auth,
    )
    driver.world = registered(
        driver.world,
        owned.id,
        role=role,  # type: ignore[arg-type]
        cohort=cohort,
        school_id=school_id,
        start=start,
        schedule=schedule,
        eligible=eligible,
    )
    driver.owned.add(owned.id)
    _judge_registration(driver, owned.id, role, now or driver.now())
    return owned.id


def _judge_registration(driver: Driver, participant_id: str, role: str, now: datetime) -> None:
    """The registered participant as the API shows it at the registration's instant, held to
    the oracle's view. (The timestamps test support wrote are not judged: time travel is
    judged on what the API's own writes stamp, from the first action on.)"""
    from rect_conformance.lifecycle._step import Step

    step = Step("register", "participant", participant_id, "", "getParticipant", now)
    step.response = driver._get(BY_NAME["participants"].path_for(participant_id), now)
    driver._schema("getParticipant", step.response)
    record = step.data
    step.mismatches = driver._participant_body(
        record, participant_id, role, now, "visibility.own-participant"
    )
    if step.response.status_code != 200:
        step.mismatches.append(
            Mismatch("visibility.own-participant", "GET status", 200, step.response.status_code)
        )
    driver._remember(f"participant:{participant_id}", record)
    driver._finish(step, context=f"registration of {participant_id} at {stamp(now)}")


def seed_participants(
    client: Client, ledger: Ledger, now: datetime
) -> tuple[World, list[dict[str, Any]]]:
    """The provider's world with every participant it can see, as the API shows them, and the
    participant records themselves (read once per run and kept in the ledger)."""
    if "seed" not in ledger.cache:
        participants = read_all(client, "participants")
        declarations = read_all(client, "declarations")
        ledger.cache["seed"] = (participants, declarations)
    participants, declarations = ledger.cache["seed"]
    today = london_date(now)
    world = provider_world(client, ledger, today)
    partnerships = read_all(client, "partnerships")
    schools = {
        (str(attributes(p).get("urn")), str(attributes(p).get("cohort"))): str(
            attributes(p).get("school_id")
        )
        for p in partnerships
    }
    name = our_provider_name(declarations, world.statements)
    for record in participants:
        person = seen_participant(
            record, declarations, schools=schools, provider_name=name, today=today
        )
        if person is not None:
            world = world.put(person)
    return world, participants
