"""GET /api/v3/participant-declarations and /participant-declarations/{id} (rules 16.13, 2.2):
the declarations on the provider's own TPs, plus other providers' earlier declarations for a
person and role it trains now (live ones only, dated no later than the end of its latest TP for
that role), creation time ascending. Voiding stays limited to the provider's own (write side)."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from rect_sandbox import _query
from rect_sandbox._http import NOT_FOUND, ApiError, faults, ok
from rect_sandbox._serialize import declarations
from rect_sandbox.deps import Connection, Provider, api_router

router = api_router()

VISIBLE = """(d.lead_provider_id = ? OR (
 d.payment_status IN ('no_payment', 'eligible', 'payable', 'paid')
 AND d.clawback_status = 'no_clawback'
 AND EXISTS (SELECT 1 FROM training_periods l WHERE l.teacher_id = d.teacher_id AND l.role = d.role
   AND l.lead_provider_id = ? AND l.partnership_id IS NOT NULL
   AND (l.end_date IS NULL OR substr(d.declaration_date, 1, 10) <= l.end_date)
   AND NOT EXISTS (SELECT 1 FROM training_periods n WHERE n.teacher_id = l.teacher_id
     AND n.role = l.role AND n.lead_provider_id = l.lead_provider_id
     AND n.partnership_id IS NOT NULL
     AND (n.start_date > l.start_date
          OR (n.start_date = l.start_date AND n.created_at > l.created_at))))))"""


def _in(column: str, values: list) -> str:
    return f"{column} IN ({','.join('?' * len(values)) or 'NULL'})"


@router.get("/api/v3/participant-declarations")
async def get_declarations(request: Request, provider: Provider, conn: Connection) -> Response:
    """List the provider's declarations."""
    since = _query.updated_since(request)
    where, params = [VISIBLE], [provider, provider]
    cohorts = _query.cohorts(request)
    if cohorts is not None:
        where.append(
            "d.training_period_id IN (SELECT id FROM training_periods WHERE "
            + _in("cohort", cohorts)
            + ")"
        )
        params += cohorts
    for name, column in (
        ("participant_id", "d.teacher_id"),
        ("delivery_partner_id", "d.delivery_partner_id"),
    ):
        wanted = _query.uuids(request, name)
        if wanted is not None:
            where.append(_in(column, wanted))
            params += wanted
    if since:
        where.append("d.api_updated_at >= ?")
        params.append(since)
    limit, offset = _query.limit_offset(request)
    rows = conn.execute(
        f"SELECT d.* FROM declarations d WHERE {' AND '.join(where)} ORDER BY d.created_at, "
        "d.id LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ).fetchall()
    return ok(request, declarations(conn, rows, faults(request)))


@router.get("/api/v3/participant-declarations/{declaration_id}")
async def get_declaration(
    declaration_id: str, request: Request, provider: Provider, conn: Connection
) -> Response:
    """One of the provider's declarations; 404 otherwise."""
    row = conn.execute(
        f"SELECT d.* FROM declarations d WHERE d.id = ? AND {VISIBLE}",
        (declaration_id.lower(), provider, provider),
    ).fetchone()
    if row is None:
        raise ApiError(404, [NOT_FOUND])
    return ok(request, declarations(conn, [row], faults(request))[0])
