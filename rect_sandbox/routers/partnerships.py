"""GET /api/v3/partnerships and /partnerships/{id} (rules 11.5): the provider's own school
partnerships. Faults: ``tenancy-leak-list`` (every provider's), ``filter-ignored`` (cohort)."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import Response

from rect_sandbox import _query
from rect_sandbox._http import NOT_FOUND, ApiError, authenticate, db, faults, ok, request_clock
from rect_sandbox._serialize import partnership

router = APIRouter()

SORTS = {"created_at": "p.created_at", "updated_at": "p.api_updated_at"}
SELECT = """
SELECT p.*, s.urn, s.induction_tutor_name, s.induction_tutor_email, s.primary_contact_email,
       s.secondary_contact_email, dp.name AS dp_name
FROM partnerships p JOIN schools s ON s.id = p.school_id
JOIN delivery_partners dp ON dp.id = p.delivery_partner_id
"""


def training_now(request: Request, partnership_id: str, today: date) -> int:
    """TPs under the partnership whose dates cover ``today`` (start <= today < end)."""
    day = today.isoformat()
    return (
        db(request)
        .execute(
            "SELECT COUNT(*) FROM training_periods WHERE partnership_id = ? AND start_date <= ?"
            " AND (end_date IS NULL OR end_date > ?)",
            (partnership_id, day, day),
        )
        .fetchone()[0]
    )


def render(request: Request, rows: list, today: date) -> list[dict]:
    """Partnership resources for joined rows."""
    return [partnership(r, training_now(request, r["id"], today), faults(request)) for r in rows]


@router.get("/api/v3/partnerships")
async def get_partnerships(request: Request) -> Response:
    """List the provider's partnerships."""
    provider = authenticate(request)
    clock = request_clock(request)
    since = _query.updated_since(request)
    where, params = ["1 = 1"], []
    if not faults(request).on("tenancy-leak-list"):
        where.append("p.lead_provider_id = ?")
        params.append(provider)
    cohorts = _query.cohorts(request)
    if cohorts is not None and not faults(request).on("filter-ignored"):
        where.append(f"p.cohort IN ({','.join('?' * len(cohorts)) or 'NULL'})")
        params += cohorts
    raw_partners = _query.filter_value(request, "delivery_partner_id")
    if raw_partners:
        tokens = [t.strip().lower() for t in raw_partners.split(",")]
        where.append(f"p.delivery_partner_id IN ({','.join('?' * len(tokens))})")
        params += tokens
    if since:
        where.append("p.api_updated_at >= ?")
        params.append(since)
    order = _query.order_by(request, SORTS, "p.created_at ASC")
    limit, offset = _query.limit_offset(request)
    rows = (
        db(request)
        .execute(
            f"{SELECT} WHERE {' AND '.join(where)} ORDER BY {order}, p.id LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        .fetchall()
    )
    return ok(request, render(request, rows, clock.today))


@router.get("/api/v3/partnerships/{partnership_id}")
async def get_partnership(partnership_id: str, request: Request) -> Response:
    """One of the provider's partnerships; 404 otherwise."""
    provider = authenticate(request)
    clock = request_clock(request)
    rows = (
        db(request)
        .execute(
            f"{SELECT} WHERE p.id = ? AND p.lead_provider_id = ?",
            (partnership_id.lower(), provider),
        )
        .fetchall()
    )
    if not rows:
        raise ApiError(404, [NOT_FOUND])
    return ok(request, render(request, rows, clock.today)[0])
