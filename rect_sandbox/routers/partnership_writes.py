"""POST /api/v3/partnerships and PUT /api/v3/partnerships/{id} (rules 11.3, 11.4).

POST: token -> body shape (400) -> every check (422, several at once). PUT: token -> the
provider's own partnership (404, before the body) -> body shape (400) -> 422. Both answer 200
with the partnership; the side effects follow ``rules._touch``.
"""

from __future__ import annotations

import sqlite3
import uuid

from fastapi import Request
from fastapi.responses import Response

from rect_sandbox._http import ApiError, body_attributes, faults
from rect_sandbox._programme import choices_by_cohort
from rect_sandbox._serialize import partnership_resource
from rect_sandbox.deps import Connection, Now, Provider, api_router
from rect_sandbox.routers._writes import answer, own_record, transaction
from rect_sandbox.rules import PartnershipFacts, SchoolFacts, create_errors, update_errors
from rect_sandbox.rules._partnerships import parse_cohort
from rect_sandbox.rules._storage import insert, partnership, rows, stamp

router = api_router()


def partnership_facts(
    conn: sqlite3.Connection, provider: str, school_id: object, dp_id: object
) -> PartnershipFacts:
    """The school and delivery partner named in a request, and the provider's own records."""
    school = None
    if isinstance(school_id, str) and school_id:
        row = conn.execute("SELECT * FROM schools WHERE id = ?", (school_id,)).fetchone()
        if row is not None:
            choices = choices_by_cohort(conn, row["id"])
            school = SchoolFacts(
                id=row["id"], eligible=bool(row["eligible"]), programme_choice=choices
            )
    dp_exists = (
        isinstance(dp_id, str)
        and conn.execute("SELECT 1 FROM delivery_partners WHERE id = ?", (dp_id,)).fetchone()
        is not None
    )
    pairs = {
        (r["delivery_partner_id"], r["cohort"])
        for r in rows(
            conn,
            "SELECT delivery_partner_id, cohort FROM delivery_partnerships WHERE lead_provider_id "
            "= ?",
            provider,
        )
    }
    own = [
        partnership(r)
        for r in rows(conn, "SELECT * FROM partnerships WHERE lead_provider_id = ?", provider)
    ]
    return PartnershipFacts(
        lead_provider_id=provider,
        school=school,
        delivery_partner_exists=dp_exists,
        delivery_partnerships=pairs,
        partnerships=own,
    )


def _attach_interested_training(
    conn: sqlite3.Connection,
    provider: str,
    partnership_id: str,
    school_id: str,
    cohort: int,
    now: str,
) -> None:
    """TPs that only had an expression of interest for this provider and cohort at this school
    join the new partnership, so those people become visible to the provider."""
    attached = rows(
        conn,
        "SELECT tp.id, tp.teacher_id FROM training_periods tp JOIN school_periods sp ON sp.id = "
        "tp.school_period_id"
        " WHERE tp.eoi_lead_provider_id = ? AND tp.cohort = ? AND tp.partnership_id IS NULL AND "
        "sp.school_id = ?",
        provider,
        cohort,
        school_id,
    )
    for row in attached:
        conn.execute(
            "UPDATE training_periods SET partnership_id = ?, lead_provider_id = ? WHERE id = ?",
            (partnership_id, provider, row["id"]),
        )
        conn.execute(
            "UPDATE teachers SET api_updated_at = ? WHERE id = ?", (now, row["teacher_id"])
        )


@router.post("/api/v3/partnerships")
async def create_partnership(request: Request, provider: Provider, clock: Now) -> Response:
    """Partner a school with one of the provider's delivery partners in a cohort."""
    attributes = await body_attributes(request, {"cohort", "school_id", "delivery_partner_id"})
    with transaction(request) as conn:
        school_id, dp_id = attributes.get("school_id"), attributes.get("delivery_partner_id")
        facts = partnership_facts(conn, provider, school_id, dp_id)
        errors = create_errors(facts, attributes, clock.today, faults(request))
        if errors:
            raise ApiError(422, errors)
        cohort = parse_cohort(attributes["cohort"])
        now = stamp(clock.now)
        new_id = str(uuid.uuid4())
        insert(
            conn,
            "partnerships",
            {
                "id": new_id,
                "lead_provider_id": provider,
                "school_id": school_id,
                "delivery_partner_id": dp_id,
                "cohort": cohort,
                "created_at": now,
                "api_updated_at": now,
            },
        )
        _attach_interested_training(conn, provider, new_id, str(school_id), int(cohort or 0), now)
        conn.execute(
            "UPDATE school_cohorts SET api_updated_at = ? WHERE school_id = ? AND cohort = ?",
            (now, school_id, cohort),
        )
        shown = partnership_resource(conn, new_id, clock.today, faults(request))
        return answer(request, shown, created=True)


@router.put("/api/v3/partnerships/{partnership_id}")
async def update_partnership(
    partnership_id: str, request: Request, provider: Provider, clock: Now, conn: Connection
) -> Response:
    """Change the delivery partner of one of the provider's partnerships."""
    partnership_id = partnership_id.lower()
    row = own_record(conn, "partnerships", partnership_id, provider)
    attributes = await body_attributes(request, {"delivery_partner_id"})
    with transaction(request):
        dp_id = attributes.get("delivery_partner_id")
        facts = partnership_facts(conn, provider, None, dp_id)
        errors = update_errors(facts, partnership(row), attributes, faults(request))
        if errors:
            raise ApiError(422, errors)
        now = stamp(clock.now)
        conn.execute(
            "UPDATE partnerships SET delivery_partner_id = ?, api_updated_at = ? WHERE id = ?",
            (dp_id, now, partnership_id),
        )
        # Declarations keep the partner they were made with, but their timestamp moves.
        conn.execute(
            "UPDATE declarations SET api_updated_at = ? WHERE training_period_id IN"
            " (SELECT id FROM training_periods WHERE partnership_id = ?)",
            (now, partnership_id),
        )
        conn.execute(
            "UPDATE teachers SET api_updated_at = ? WHERE id IN"
            " (SELECT teacher_id FROM training_periods WHERE partnership_id = ?)",
            (now, partnership_id),
        )
        return answer(
            request, partnership_resource(conn, partnership_id, clock.today, faults(request))
        )
