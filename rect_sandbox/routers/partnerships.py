"""GET /api/v3/partnerships and /partnerships/{id} (rules 11.5): the provider's own school
partnerships. Faults: ``tenancy-leak-list`` (every provider's), ``filter-ignored`` (cohort)."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from rect_sandbox import _query
from rect_sandbox._http import NOT_FOUND, ApiError, faults, ok
from rect_sandbox._serialize import PARTNERSHIPS, partnerships
from rect_sandbox.deps import Connection, Now, Provider, api_router

router = api_router()

SORTS = {"created_at": "p.created_at", "updated_at": "p.api_updated_at"}


@router.get("/api/v3/partnerships")
async def get_partnerships(
    request: Request, provider: Provider, clock: Now, conn: Connection
) -> Response:
    """List the provider's partnerships."""
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
    rows = conn.execute(
        f"{PARTNERSHIPS} WHERE {' AND '.join(where)} ORDER BY {order}, p.id LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ).fetchall()
    return ok(request, partnerships(conn, rows, clock.today, faults(request)))


@router.get("/api/v3/partnerships/{partnership_id}")
async def get_partnership(
    partnership_id: str, request: Request, provider: Provider, clock: Now, conn: Connection
) -> Response:
    """One of the provider's partnerships; 404 otherwise."""
    rows = conn.execute(
        f"{PARTNERSHIPS} WHERE p.id = ? AND p.lead_provider_id = ?",
        (partnership_id.lower(), provider),
    ).fetchall()
    if not rows:
        raise ApiError(404, [NOT_FOUND])
    return ok(request, partnerships(conn, rows, clock.today, faults(request))[0])
