"""GET /api/v3/delivery-partners and /delivery-partners/{id} (rules 9): partners the provider
has a delivery partnership with, each listing the cohorts of that pairing."""

from __future__ import annotations

import sqlite3

from fastapi import Request
from fastapi.responses import Response

from rect_sandbox import _query
from rect_sandbox._http import NOT_FOUND, ApiError, ok
from rect_sandbox._serialize import delivery_partner
from rect_sandbox.deps import Connection, Provider, api_router

router = api_router()

SORTS = {"created_at": "dp.created_at", "updated_at": "dp.api_updated_at", "name": "dp.name"}


def _cohorts_of(conn: sqlite3.Connection, provider: str, ids: list[str]) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    if ids:
        for row in conn.execute(
            "SELECT delivery_partner_id, cohort FROM delivery_partnerships"
            " WHERE lead_provider_id = ?"
            f" AND delivery_partner_id IN ({','.join('?' * len(ids))})",
            [provider, *ids],
        ):
            found.setdefault(row[0], []).append(row[1])
    return found


@router.get("/api/v3/delivery-partners")
async def get_delivery_partners(request: Request, provider: Provider, conn: Connection) -> Response:
    """List the provider's delivery partners."""
    inner = (
        "SELECT 1 FROM delivery_partnerships x"
        " WHERE x.delivery_partner_id = dp.id AND x.lead_provider_id = ?"
    )
    params: list[object] = [provider]
    cohorts = _query.cohorts(request)
    if cohorts is not None:
        inner += f" AND x.cohort IN ({','.join('?' * len(cohorts)) or 'NULL'})"
        params += cohorts
    order = _query.order_by(request, SORTS, "dp.created_at ASC")
    limit, offset = _query.limit_offset(request)
    rows = conn.execute(
        f"SELECT dp.* FROM delivery_partners dp WHERE EXISTS ({inner})"
        f" ORDER BY {order}, dp.id LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ).fetchall()
    years = _cohorts_of(conn, provider, [r["id"] for r in rows])
    return ok(request, [delivery_partner(r, years.get(r["id"], [])) for r in rows])


@router.get("/api/v3/delivery-partners/{partner_id}")
async def get_delivery_partner(
    partner_id: str, request: Request, provider: Provider, conn: Connection
) -> Response:
    """One delivery partner the provider works with; 404 otherwise."""
    row = conn.execute(
        "SELECT * FROM delivery_partners WHERE id = ?", (partner_id.lower(),)
    ).fetchone()
    years = _cohorts_of(conn, provider, [row["id"]]) if row else {}
    if row is None or not years:
        raise ApiError(404, [NOT_FOUND])
    return ok(request, delivery_partner(row, years[row["id"]]))
