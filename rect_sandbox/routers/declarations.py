"""GET /api/v3/participant-declarations and /participant-declarations/{id} (rules 16.13): the
declarations on the provider's own TPs, creation time ascending."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from rect_sandbox import _query
from rect_sandbox._http import NOT_FOUND, ApiError, authenticate, db, faults, ok
from rect_sandbox._serialize import declaration

router = APIRouter()


def _in(column: str, values: list) -> str:
    return f"{column} IN ({','.join('?' * len(values)) or 'NULL'})"


@router.get("/api/v3/participant-declarations")
async def get_declarations(request: Request) -> Response:
    """List the provider's declarations."""
    provider = authenticate(request)
    since = _query.updated_since(request)
    where, params = ["d.lead_provider_id = ?"], [provider]
    cohorts = _query.cohorts(request)
    if cohorts is not None:
        where.append("d.training_period_id IN (SELECT id FROM training_periods WHERE " + _in("cohort", cohorts) + ")")
        params += cohorts
    for name, column in (("participant_id", "d.teacher_id"), ("delivery_partner_id", "d.delivery_partner_id")):
        wanted = _query.uuids(request, name)
        if wanted is not None:
            where.append(_in(column, wanted))
            params += wanted
    if since:
        where.append("d.api_updated_at >= ?")
        params.append(since)
    limit, offset = _query.limit_offset(request)
    rows = db(request).execute(
        f"SELECT d.* FROM declarations d WHERE {' AND '.join(where)} ORDER BY d.created_at, d.id LIMIT ? OFFSET ?",
        [*params, limit, offset]).fetchall()
    name = request.app.state.provider_names.get(provider)
    return ok(request, [declaration(r, name, faults(request)) for r in rows])


@router.get("/api/v3/participant-declarations/{declaration_id}")
async def get_declaration(declaration_id: str, request: Request) -> Response:
    """One of the provider's declarations; 404 otherwise."""
    provider = authenticate(request)
    row = db(request).execute("SELECT * FROM declarations WHERE id = ? AND lead_provider_id = ?",
                              (declaration_id.lower(), provider)).fetchone()
    if row is None:
        raise ApiError(404, [NOT_FOUND])
    return ok(request, declaration(row, request.app.state.provider_names.get(provider), faults(request)))
