"""GET /api/v3/statements and /statements/{id} (rules 8): the provider's output statements,
payment date ascending. The ``auth-ignored`` fault lets them through without a valid token."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from rect_sandbox import _query
from rect_sandbox._http import NOT_FOUND, ApiError, faults, ok
from rect_sandbox._serialize import statement
from rect_sandbox.deps import Connection, StatementsProvider, api_router, statements_provider

router = api_router(statements_provider)


@router.get("/api/v3/statements")
async def get_statements(
    request: Request, provider: StatementsProvider, conn: Connection
) -> Response:
    """List the provider's output statements."""
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
    rows = conn.execute(sql, [*params, limit, offset]).fetchall()
    return ok(request, [statement(row, faults(request)) for row in rows])


@router.get("/api/v3/statements/{statement_id}")
async def get_statement(
    statement_id: str, request: Request, provider: StatementsProvider, conn: Connection
) -> Response:
    """One of the provider's output statements; 404 for anything else."""
    row = conn.execute(
        "SELECT * FROM statements WHERE id = ? AND lead_provider_id = ? AND output = 1",
        (statement_id.lower(), provider),
    ).fetchone()
    if row is None:
        raise ApiError(404, [NOT_FOUND])
    return ok(request, statement(row, faults(request)))
