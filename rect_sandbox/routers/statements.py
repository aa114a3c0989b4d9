"""GET /api/v3/statements and /statements/{id} (rules 8): the provider's output statements,
payment date ascending. The ``auth-ignored`` fault lets them through without a valid token."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from rect_sandbox import _query
from rect_sandbox._http import NOT_FOUND, ApiError, authenticate, db, faults, ok
from rect_sandbox._serialize import statement

router = APIRouter()


def _provider(request: Request) -> str:
    loose = faults(request).on("auth-ignored")
    provider = authenticate(request, optional=loose)
    # Without a token the faulty sandbox answers as its primary provider.
    return provider or request.app.state.lead_providers[0]["id"]


@router.get("/api/v3/statements")
async def get_statements(request: Request) -> Response:
    """List the provider's output statements."""
    provider = _provider(request)
    since = _query.updated_since(request)
    sql = "SELECT * FROM statements WHERE lead_provider_id = ? AND output = 1"
    params: list[object] = [provider]
    cohorts = _query.cohorts(request)
    if cohorts is not None:
        sql += f" AND cohort IN ({','.join('?' * len(cohorts)) or 'NULL'})"
        params += cohorts
    if since:
        sql += " AND api_updated_at >= ?"
        params.append(since)
    limit, offset = _query.limit_offset(request)
    sql += " ORDER BY payment_date, created_at, id LIMIT ? OFFSET ?"
    rows = db(request).execute(sql, [*params, limit, offset]).fetchall()
    return ok(request, [statement(row, faults(request)) for row in rows])


@router.get("/api/v3/statements/{statement_id}")
async def get_statement(statement_id: str, request: Request) -> Response:
    """One of the provider's output statements; 404 for anything else."""
    provider = _provider(request)
    row = (
        db(request)
        .execute(
            "SELECT * FROM statements WHERE id = ? AND lead_provider_id = ? AND output = 1",
            (statement_id.lower(), provider),
        )
        .fetchone()
    )
    if row is None:
        raise ApiError(404, [NOT_FOUND])
    return ok(request, statement(row, faults(request)))
