"""GET /api/v3/unfunded-mentors and /unfunded-mentors/{id} (rules 18): current or upcoming
mentors of the provider's ECTs whom the provider has never trained."""

from __future__ import annotations

import sqlite3

from fastapi import Request
from fastapi.responses import Response

from rect_sandbox import _query
from rect_sandbox._http import NOT_FOUND, ApiError, ok
from rect_sandbox.deps import Connection, Now, Provider, api_router

router = api_router()

# Driven from the (few) mentorships rather than from every teacher: the list then costs a
# lookup per mentor instead of a scan of all participants. Only mentorships at the school period
# of the ECT's latest TP with this provider count (rules 18).
MEMBER = """t.id IN (SELECT m.mentor_teacher_id FROM mentorships m
 WHERE (m.end_date IS NULL OR m.end_date > ?)
 AND EXISTS (SELECT 1 FROM training_periods e
             WHERE e.teacher_id = m.ect_teacher_id AND e.role = 'ect'
             AND e.lead_provider_id = ? AND e.partnership_id IS NOT NULL
             AND e.school_period_id = m.ect_school_period_id
             AND NOT EXISTS (SELECT 1 FROM training_periods n WHERE n.teacher_id = e.teacher_id
                 AND n.role = 'ect' AND n.lead_provider_id = e.lead_provider_id
                 AND n.partnership_id IS NOT NULL
                 AND (n.start_date > e.start_date
                      OR (n.start_date = e.start_date AND n.created_at > e.created_at)))))
 AND NOT EXISTS (SELECT 1 FROM training_periods o
                 WHERE o.teacher_id = t.id AND o.lead_provider_id = ?)"""
# The shown updated_at falls back to the participant stamp, so sorting must too.
SORTS = {
    "created_at": "t.created_at",
    "updated_at": "COALESCE(t.unfunded_mentor_updated_at, t.api_updated_at)",
}
EMAIL = """SELECT sp.email FROM school_periods sp WHERE sp.teacher_id = ? AND sp.role = 'mentor'
 ORDER BY sp.start_date DESC LIMIT 1"""


def _mentor(conn: sqlite3.Connection, row) -> dict:
    email = conn.execute(EMAIL, (row["id"],)).fetchone()
    return {
        "id": row["id"],
        "type": "unfunded-mentor",
        "attributes": {
            "full_name": row["full_name"],
            "email": email[0] if email else None,
            "teacher_reference_number": row["trn"],
            "created_at": row["created_at"],
            "updated_at": row["unfunded_mentor_updated_at"] or row["api_updated_at"],
        },
    }


@router.get("/api/v3/unfunded-mentors")
async def get_unfunded_mentors(
    request: Request, provider: Provider, clock: Now, conn: Connection
) -> Response:
    """List the provider's unfunded mentors."""
    since = _query.updated_since(request)
    sql, params = (
        f"SELECT t.* FROM teachers t WHERE {MEMBER}",
        [clock.today.isoformat(), provider, provider],
    )
    if since:
        sql += " AND COALESCE(t.unfunded_mentor_updated_at, t.api_updated_at) >= ?"
        params.append(since)
    order = _query.order_by(request, SORTS, "t.created_at ASC")
    limit, offset = _query.limit_offset(request)
    rows = conn.execute(
        f"{sql} ORDER BY {order}, t.id LIMIT ? OFFSET ?", [*params, limit, offset]
    ).fetchall()
    return ok(request, [_mentor(conn, r) for r in rows])


@router.get("/api/v3/unfunded-mentors/{mentor_id}")
async def get_unfunded_mentor(
    mentor_id: str, request: Request, provider: Provider, clock: Now, conn: Connection
) -> Response:
    """One unfunded mentor of the provider; 404 otherwise."""
    row = conn.execute(
        f"SELECT t.* FROM teachers t WHERE t.id = ? AND {MEMBER}",
        (mentor_id.lower(), clock.today.isoformat(), provider, provider),
    ).fetchone()
    if row is None:
        raise ApiError(404, [NOT_FOUND])
    return ok(request, _mentor(conn, row))
