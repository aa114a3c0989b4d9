"""Requests that should succeed, built from the target's own data.

Generated ids are random, so a read by id answers 404 and a generated body almost never
satisfies the business rules; the 200 answers, and with them most of the response schemas,
would go untested. Here a few requests are composed from what the target lists: reads of
records it listed, and (where test support lets the run own what it creates) a partnership
between one of our delivery partners and a school we do not yet partner in an open cohort
(rules §11.3).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

CLOSED_COHORTS = {"2021", "2022"}
CANDIDATE_SCHOOLS = 3  # each attempt is a request; a few are enough to find a free school


READS_PER_OPERATION = 3

# Read by id -> the list whose records it reads.
LIST_OF = {
    "getStatement": "/api/v3/statements",
    "getDeliveryPartner": "/api/v3/delivery-partners",
    "getParticipant": "/api/v3/participants",
    "getPartnership": "/api/v3/partnerships",
    "getSchool": "/api/v3/schools",
    "getTransfer": "/api/v3/participants/transfers",
    "getUnfundedMentor": "/api/v3/unfunded-mentors",
    "getDeclaration": "/api/v3/participant-declarations",
}


def valid_writes(client: Any, operation_id: str) -> list[dict[str, Any]]:
    """Keyword arguments for ``APIOperation.Case`` of writes that should succeed."""
    builder = BUILDERS.get(operation_id)
    return builder(client) if builder else []


def valid_reads(client: Any, operation_id: str) -> list[dict[str, Any]]:
    """Keyword arguments for ``APIOperation.Case`` of reads of records the target listed."""
    list_path = LIST_OF.get(operation_id)
    if list_path is None:
        return []
    params: dict[str, Any] = {"page[per_page]": READS_PER_OPERATION}
    query = None
    if operation_id == "getSchool":
        cohort = _a_cohort(client)
        if cohort is None:
            return []
        params["filter[cohort]"] = cohort
        query = {"filter": {"cohort": cohort}}
    records = _data(client.request("GET", list_path, params=params))
    cases = []
    for record in records[:READS_PER_OPERATION]:
        if isinstance(record, dict) and record.get("id"):
            case: dict[str, Any] = {"path_parameters": {"id": str(record["id"])}}
            if query:
                case["query"] = query
            cases.append(case)
    return cases


def _a_cohort(client: Any) -> str | None:
    for item in _data(client.request("GET", "/api/v3/partnerships",
                                     params={"page[per_page]": 1})):
        cohort = item.get("attributes", {}).get("cohort")
        if cohort:
            return str(cohort)
    return None


def _data(response: Any) -> list[dict[str, Any]]:
    if response.status_code != 200:
        return []
    try:
        data = response.json().get("data")
    except (ValueError, AttributeError):
        return []
    return data if isinstance(data, list) else []


def _create_partnership(client: Any) -> list[dict[str, Any]]:
    this_year = datetime.now(UTC).year
    partners = _data(client.request("GET", "/api/v3/delivery-partners",
                                    params={"page[per_page]": 100}))
    pairs = sorted(
        ((str(cohort), partner["id"]) for partner in partners
         for cohort in (partner.get("attributes", {}).get("cohort") or [])
         if str(cohort) not in CLOSED_COHORTS and str(cohort).isdigit()
         and int(cohort) <= this_year),
        reverse=True)
    if not pairs:
        return []
    cohort, partner_id = pairs[0]
    ours = {item.get("attributes", {}).get("school_id") for item in _data(client.request(
        "GET", "/api/v3/partnerships",
        params={"filter[cohort]": cohort, "page[per_page]": 3000}))}
    schools = _data(client.request("GET", "/api/v3/schools",
                                   params={"filter[cohort]": cohort, "page[per_page]": 100}))
    free = [school["id"] for school in schools
            if school["id"] not in ours
            and school.get("attributes", {}).get("induction_programme_choice") != "school_led"]
    return [{"body": {"data": {"type": "partnership", "attributes": {
                "cohort": cohort, "school_id": school_id, "delivery_partner_id": partner_id}}}}
            for school_id in free[:CANDIDATE_SCHOOLS]]


BUILDERS = {"createPartnership": _create_partnership}
