"""Requests that should succeed, built from the target's own data.

Generated ids are random, so a read by id answers 404 and a generated body almost never
satisfies the business rules; the 200 answers, and with them most of the response schemas,
would go untested. Here a few requests are composed from what the target lists: reads of
records it listed, and, where test support lets the run own what it changes, writes on records
the run creates itself: a partnership between one of our delivery partners and a school we do
not yet partner in an open cohort (rules §11.3), a new ECT (through test support) that is then
withdrawn, deferred, resumed or declared for, a declaration of that ECT that is then voided,
and a change of delivery partner on a partnership the run created (on a test-support target
only). Every path comes from the API table (``_api``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from rect_conformance._api import BY_NAME, BY_SHOW_OP, BY_WRITE_OP
from rect_conformance._owned import COURSES, NotRegistered, register_participant

if TYPE_CHECKING:
    import httpx

    from rect_conformance._client import Client

CLOSED_COHORTS = {"2021", "2022"}
CANDIDATE_SCHOOLS = 3  # each attempt is a request; a few are enough to find a free school
READS_PER_OPERATION = 3
COURSE = COURSES["ect"]

Example = dict[str, Any]  # keyword arguments for ``APIOperation.Case``
Builder = Callable[["Client"], list[Example]]
_PARTNERSHIPS = BY_NAME["partnerships"].list_path
_DELIVERY_PARTNERS = BY_NAME["delivery-partners"].list_path


def valid_writes(client: Client, operation_id: str) -> list[Example]:
    """Keyword arguments for ``APIOperation.Case`` of writes that should succeed."""
    builder = BUILDERS.get(operation_id)
    return builder(client) if builder else []


def valid_reads(client: Client, operation_id: str) -> list[Example]:
    """Keyword arguments for ``APIOperation.Case`` of reads of records the target listed."""
    resource = BY_SHOW_OP.get(operation_id)
    if resource is None:
        return []
    params: dict[str, Any] = {"page[per_page]": READS_PER_OPERATION}
    query = None
    if resource.needs_cohort:
        cohort = _a_cohort(client)
        if cohort is None:
            return []
        params["filter[cohort]"] = cohort
        query = {"filter": {"cohort": cohort}}
    records = _data(client.request("GET", resource.list_path, params=params))
    cases = []
    for record in records[:READS_PER_OPERATION]:
        if isinstance(record, dict) and record.get("id"):
            case: Example = {"path_parameters": {"id": str(record["id"])}}
            if query:
                case["query"] = query
            cases.append(case)
    return cases


def _a_cohort(client: Client) -> str | None:
    for item in _data(client.request("GET", _PARTNERSHIPS, params={"page[per_page]": 1})):
        cohort = item.get("attributes", {}).get("cohort")
        if cohort:
            return str(cohort)
    return None


def _data(response: httpx.Response) -> list[dict[str, Any]]:
    if response.status_code != 200:
        return []
    try:
        data = response.json().get("data")
    except (ValueError, AttributeError):
        return []
    return data if isinstance(data, list) else []


def _create_partnership(client: Client) -> list[Example]:
    this_year = datetime.now(UTC).year
    partners = _data(client.request("GET", _DELIVERY_PARTNERS, params={"page[per_page]": 100}))
    pairs = sorted(
        (
            (str(cohort), partner["id"])
            for partner in partners
            for cohort in (partner.get("attributes", {}).get("cohort") or [])
            if str(cohort) not in CLOSED_COHORTS
            and str(cohort).isdigit()
            and int(cohort) <= this_year
        ),
        reverse=True,
    )
    if not pairs:
        return []
    cohort, partner_id = pairs[0]
    ours = {
        item.get("attributes", {}).get("school_id")
        for item in _data(
            client.request(
                "GET", _PARTNERSHIPS, params={"filter[cohort]": cohort, "page[per_page]": 3000}
            )
        )
    }
    schools = _data(
        client.request(
            "GET",
            BY_NAME["schools"].list_path,
            params={"filter[cohort]": cohort, "page[per_page]": 100},
        )
    )
    free = [
        school["id"]
        for school in schools
        if school["id"] not in ours
        and school.get("attributes", {}).get("induction_programme_choice") != "school_led"
    ]
    return [
        {
            "body": {
                "data": {
                    "type": "partnership",
                    "attributes": {
                        "cohort": cohort,
                        "school_id": school_id,
                        "delivery_partner_id": partner_id,
                    },
                }
            }
        }
        for school_id in free[:CANDIDATE_SCHOOLS]
    ]


def _own_participant(client: Client) -> tuple[str, str] | None:
    """A new ECT registered for this run in one of the provider's past cohorts:
    ``(participant id, cohort)``."""
    partnerships = sorted(
        (
            item
            for item in _data(client.request("GET", _PARTNERSHIPS, params={"page[per_page]": 3000}))
            if str(item.get("attributes", {}).get("cohort", "")).isdigit()
            and int(item["attributes"]["cohort"]) < datetime.now(UTC).year
        ),
        key=lambda item: str(item["attributes"]["cohort"]),
        reverse=True,
    )
    for item in partnerships[:2]:
        cohort = str(item["attributes"]["cohort"])
        try:
            owned = register_participant(
                client,
                role="ect",
                cohort=cohort,
                school_id=str(item["attributes"].get("school_id")),
                start_date=f"{cohort}-09-01",
                funding_eligible=False,
            )
        except NotRegistered:
            continue  # the next partnership may be at a school that takes it
        return owned.id, cohort
    return None


def _action(kind: str, reason: str | None) -> Builder:
    def build(client: Client) -> list[Example]:
        owned = _own_participant(client)
        if owned is None:
            return []
        attributes = {"course_identifier": COURSE}
        if reason:
            attributes["reason"] = reason
        if kind == "resume":
            # Deferred yesterday (a resume on the day of the deferral is refused, rules §14.3).
            yesterday = (datetime.now(UTC) - timedelta(days=1)).strftime("%Y-%m-%dT10:00:00Z")
            deferred = client.request(
                "PUT",
                BY_WRITE_OP["deferParticipant"].path_for(owned[0]),
                server_date=yesterday,
                json={
                    "data": {
                        "type": "participant-defer",
                        "attributes": {"course_identifier": COURSE, "reason": "other"},
                    }
                },
            )
            if deferred.status_code != 200:
                return []
        return [
            {
                "path_parameters": {"id": owned[0]},
                "body": {"data": {"type": f"participant-{kind}", "attributes": attributes}},
            }
        ]

    return build


def _declaration_body(participant_id: str, cohort: str) -> dict[str, Any]:
    return {
        "data": {
            "type": "participant-declaration",
            "attributes": {
                "participant_id": participant_id,
                "declaration_type": "started",
                "declaration_date": f"{cohort}-10-01T10:00:00Z",
                "course_identifier": COURSE,
                "evidence_held": "training-event-attended",
            },
        }
    }


def _create_declaration(client: Client) -> list[Example]:
    owned = _own_participant(client)
    return [{"body": _declaration_body(*owned)}] if owned else []


def _void_declaration(client: Client) -> list[Example]:
    owned = _own_participant(client)
    if owned is None:
        return []
    created = client.request(
        "POST", BY_WRITE_OP["createDeclaration"].path, json=_declaration_body(*owned)
    )
    if created.status_code not in (200, 201):
        return []
    return [{"path_parameters": {"id": str(created.json()["data"]["id"])}}]


def _update_partnership(client: Client) -> list[Example]:
    # A partnership the run creates itself, so no existing participant is moved to another
    # delivery partner (which would also move their updated_at).
    partners = _data(client.request("GET", _DELIVERY_PARTNERS, params={"page[per_page]": 100}))
    for example in _create_partnership(client):
        attributes = example["body"]["data"]["attributes"]
        others = [
            p["id"]
            for p in partners
            if p["id"] != attributes["delivery_partner_id"]
            and attributes["cohort"]
            in {str(c) for c in p.get("attributes", {}).get("cohort") or []}
        ]
        if not others:
            return []
        created = client.request(
            "POST", BY_WRITE_OP["createPartnership"].path, json=example["body"]
        )
        if created.status_code in (200, 201):
            return [
                {
                    "path_parameters": {"id": str(created.json()["data"]["id"])},
                    "body": {
                        "data": {
                            "type": "partnership",
                            "attributes": {"delivery_partner_id": others[0]},
                        }
                    },
                }
            ]
    return []


BUILDERS: dict[str, Builder] = {
    "createPartnership": _create_partnership,
    "updatePartnership": _update_partnership,
    "createDeclaration": _create_declaration,
    "voidDeclaration": _void_declaration,
    "withdrawParticipant": _action("withdraw", "other"),
    "deferParticipant": _action("defer", "other"),
    "resumeParticipant": _action("resume", None),
}
