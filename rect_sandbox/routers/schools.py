"""GET /api/v3/schools and /schools/{id} (rules 10): schools of one cohort (``filter[cohort]``
is required) — every eligible school plus every school partnered in that cohort. Only
``expression_of_interest`` and the induction tutor fields depend on the provider."""

from __future__ import annotations

import sqlite3

from fastapi import Request
from fastapi.responses import Response

from rect_sandbox import _programme, _query
from rect_sandbox._http import NOT_FOUND, ApiError, ok
from rect_sandbox._reference import COHORTS
from rect_sandbox._serialize import tutor_email
from rect_sandbox.deps import Connection, Provider, api_router

router = api_router()

COHORT_REQUIRED = ("Bad parameter", "The filter '#/cohort' must be included in your request")
MEMBERS = """
SELECT s.*, COALESCE(sc.api_updated_at, s.created_at) AS cohort_updated_at,
       COALESCE(sc.created_at, s.created_at) AS cohort_created_at,
       EXISTS (SELECT 1 FROM partnerships p WHERE p.school_id = s.id AND p.cohort = ?) AS partnered
FROM schools s LEFT JOIN school_cohorts sc ON sc.school_id = s.id AND sc.cohort = ?
WHERE (s.eligible = 1
       OR EXISTS (SELECT 1 FROM partnerships p WHERE p.school_id = s.id AND p.cohort = ?))
"""
SORTS = {"created_at": "s.created_at", "updated_at": "cohort_updated_at"}
# With updated_at anywhere in the sort, created_at means the per-cohort row's creation (rules 5.4).
METADATA_SORTS = {"created_at": "cohort_created_at", "updated_at": "cohort_updated_at"}


def _cohort(request: Request) -> int | None:
    """The single required cohort (integer semantics); None when blank or unknown."""
    raw = _query.filter_value(request, "cohort")
    if raw is None:
        raise ApiError(400, [COHORT_REQUIRED])
    year = _query.leading_int(raw)
    return year if year in COHORTS else None


def _interest(conn: sqlite3.Connection, provider: str, school_id: str, cohort: int) -> bool:
    """Whether the provider has any TP at the school for the cohort (EOI or its partnership)."""
    return (
        conn.execute(
            "SELECT 1 FROM training_periods tp JOIN school_periods sp ON sp.id = "
            "tp.school_period_id"
            " LEFT JOIN partnerships p ON p.id = tp.partnership_id"
            " WHERE sp.school_id = ? AND tp.cohort = ? AND (tp.eoi_lead_provider_id = ? OR "
            "p.lead_provider_id = ?)"
            " LIMIT 1",
            (school_id, cohort, provider, provider),
        ).fetchone()
        is not None
    )


def _school(conn: sqlite3.Connection, row, provider: str, cohort: int, choice: str) -> dict:
    interest = _interest(conn, provider, row["id"], cohort)
    return {
        "id": row["id"],
        "type": "school",
        "attributes": {
            "name": row["name"],
            "urn": row["urn"],
            "cohort": str(cohort),
            "in_partnership": bool(row["partnered"]),
            "induction_programme_choice": choice,
            "expression_of_interest": interest,
            "induction_tutor_name": row["induction_tutor_name"] if interest else None,
            "induction_tutor_email": tutor_email(row) if interest else None,
            "created_at": row["created_at"],
            "updated_at": row["cohort_updated_at"],
        },
    }


@router.get("/api/v3/schools")
async def get_schools(request: Request, provider: Provider, conn: Connection) -> Response:
    """List the schools of a cohort."""
    cohort = _cohort(request)
    since = _query.updated_since(request)
    raw_sort = request.query_params.get("sort") or ""
    order = _query.order_by(
        request, METADATA_SORTS if "updated_at" in raw_sort else SORTS, "s.created_at ASC"
    )
    limit, offset = _query.limit_offset(request)
    if cohort is None:
        return ok(request, [])
    sql, params = MEMBERS, [cohort, cohort, cohort]
    urn = _query.filter_value(request, "urn")
    if urn:
        sql += " AND s.urn = ?"
        params.append(str(_query.leading_int(urn)))
    if since:
        sql += " AND COALESCE(sc.api_updated_at, s.created_at) >= ?"
        params.append(since)
    rows = conn.execute(
        f"{sql} ORDER BY {order}, s.id LIMIT ? OFFSET ?", [*params, limit, offset]
    ).fetchall()
    chosen = _programme.choices(conn, [r["id"] for r in rows], cohort)
    return ok(request, [_school(conn, r, provider, cohort, chosen[r["id"]]) for r in rows])


@router.get("/api/v3/schools/{school_id}")
async def get_school(
    school_id: str, request: Request, provider: Provider, conn: Connection
) -> Response:
    """One school of a cohort; 404 when it is not in that cohort's list."""
    cohort = _cohort(request)
    row = None
    if cohort is not None:
        row = conn.execute(
            f"{MEMBERS} AND s.id = ?", (cohort, cohort, cohort, school_id.lower())
        ).fetchone()
    if row is None:
        raise ApiError(404, [NOT_FOUND])
    choice = _programme.choices(conn, [row["id"]], cohort)[row["id"]]
    return ok(request, _school(conn, row, provider, cohort, choice))
