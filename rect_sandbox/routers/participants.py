"""GET /api/v3/participants, /participants/{id}, /participants/transfers and
/participants/{id}/transfers (rules 12, 17).

A participant is visible to a provider once it has (or had) a TP under one of the provider's
partnerships. Faults: ``updated-since-ignored``, ``sort-ignored``, ``tenancy-leak-show``.
"""

from __future__ import annotations

import sqlite3

from fastapi import Request
from fastapi.responses import Response

from rect_sandbox import _query
from rect_sandbox._http import NOT_FOUND, ApiError, faults, ok
from rect_sandbox._serialize import participant_resource, participants, visible_participant
from rect_sandbox._transfers import transfer_resource, transfers_of
from rect_sandbox.deps import Connection, Now, Provider, api_router

router = api_router()

SORTS = {"created_at": "t.created_at", "updated_at": "t.api_updated_at", "trn": "t.trn"}
VISIBLE = (
    "EXISTS (SELECT 1 FROM training_periods v WHERE v.teacher_id = t.id AND v.lead_provider_id = ?"
    " AND v.partnership_id IS NOT NULL)"
)
STATUS_TESTS = {
    "active": "l.withdrawn_at IS NULL AND l.deferred_at IS NULL",
    "withdrawn": "l.withdrawn_at IS NOT NULL",
    "deferred": "l.deferred_at IS NOT NULL",
}
# The provider's latest partnership TP per role of the outer teacher.
LATEST = """EXISTS (SELECT 1 FROM training_periods l
 WHERE l.teacher_id = t.id AND l.lead_provider_id = ?
 AND l.partnership_id IS NOT NULL AND {test} AND NOT EXISTS (SELECT 1 FROM training_periods n
 WHERE n.teacher_id = l.teacher_id AND n.role = l.role AND n.lead_provider_id = l.lead_provider_id
 AND n.partnership_id IS NOT NULL AND (n.start_date > l.start_date
 OR (n.start_date = l.start_date AND n.created_at > l.created_at))))"""


@router.get("/api/v3/participants")
async def get_participants(
    request: Request, provider: Provider, clock: Now, conn: Connection
) -> Response:
    """List the provider's participants."""
    since = _query.updated_since(request)
    where, params = [VISIBLE], [provider]
    cohorts = _query.cohorts(request)
    if cohorts is not None:
        test = f"l.cohort IN ({','.join('?' * len(cohorts)) or 'NULL'})"
        where.append(LATEST.format(test=test))
        params += [provider, *cohorts]
    status = _query.filter_value(request, "training_status")
    if status:
        where.append(LATEST.format(test=STATUS_TESTS.get(status, "0")))
        params.append(provider)
    from_id = _query.filter_value(request, "from_participant_id")
    if from_id:
        where.append(
            "t.id IN (SELECT teacher_id FROM participant_id_changes WHERE from_participant_id = ?)"
        )
        params.append(from_id.lower())
    if since and not faults(request).on("updated-since-ignored"):
        # Inclusive (rules 5.2): a record written at the very instant polled for is listed.
        exclusive = faults(request).on("updated-since-exclusive")
        where.append("t.api_updated_at > ?" if exclusive else "t.api_updated_at >= ?")
        params.append(since)
    order = "t.created_at ASC"
    if not faults(request).on("sort-ignored"):
        order = _query.order_by(request, SORTS, order)
    limit, offset = _query.limit_offset(request)
    ids = [
        r[0]
        for r in conn.execute(
            f"SELECT t.id FROM teachers t WHERE {' AND '.join(where)} ORDER BY {order}, t.id "
            "LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
    ]
    return ok(request, participants(conn, ids, provider, clock.today, faults(request)))


def _transfer_candidates(
    request: Request, conn: sqlite3.Connection, provider: str, since: str | None
) -> list:
    """People who may have a transfer the provider sees: it trained them and a school period
    ended."""
    sql = (
        "SELECT t.* FROM teachers t WHERE EXISTS (SELECT 1 FROM training_periods v WHERE "
        "v.teacher_id = t.id"
        " AND v.lead_provider_id = ? AND v.partnership_id IS NOT NULL)"
        " AND EXISTS (SELECT 1 FROM school_periods e WHERE e.teacher_id = t.id AND e.end_date IS "
        "NOT NULL)"
    )
    params: list[object] = [provider]
    if since:
        sql += (
            " AND EXISTS (SELECT 1 FROM training_periods b WHERE b.teacher_id = t.id"
            " AND b.lead_provider_id = ? AND b.transfer_updated_at >= ?)"
        )
        params += [provider, since]
    order = _query.order_by(
        request,
        {"created_at": "t.created_at", "updated_at": "t.api_updated_at"},
        "t.created_at ASC",
    )
    return conn.execute(f"{sql} ORDER BY {order}, t.id", params).fetchall()


@router.get("/api/v3/participants/transfers")
async def get_transfers(
    request: Request, provider: Provider, clock: Now, conn: Connection
) -> Response:
    """List the people with a school transfer the provider is part of."""
    since = _query.updated_since(request)
    limit, offset = _query.limit_offset(request)
    found = []
    wanted = max(offset, 0) + limit
    for teacher in _transfer_candidates(request, conn, provider, since):
        transfers, newest = transfers_of(conn, teacher, provider, clock.today)
        if transfers:
            found.append(transfer_resource(teacher, transfers, newest))
            if len(found) >= wanted:
                break
    return ok(request, found[max(offset, 0) : wanted])


@router.get("/api/v3/participants/{participant_id}/transfers")
async def get_transfer(
    participant_id: str, request: Request, provider: Provider, clock: Now, conn: Connection
) -> Response:
    """One person's transfers; 404 unless the provider is part of one."""
    teacher = conn.execute(
        "SELECT * FROM teachers WHERE id = ?", (participant_id.lower(),)
    ).fetchone()
    transfers, newest = (
        transfers_of(conn, teacher, provider, clock.today) if teacher else ([], None)
    )
    if not transfers:
        raise ApiError(404, [NOT_FOUND])
    return ok(request, transfer_resource(teacher, transfers, newest))


@router.get("/api/v3/participants/{participant_id}")
async def get_participant(
    participant_id: str, request: Request, provider: Provider, clock: Now, conn: Connection
) -> Response:
    """One participant the provider trains or trained; 404 otherwise."""
    wanted = participant_id.lower()
    seen_by = provider
    visible = visible_participant(conn, wanted, provider)
    if not visible and faults(request).on("tenancy-leak-show"):
        other = conn.execute(
            "SELECT lead_provider_id FROM training_periods WHERE teacher_id = ?"
            " AND partnership_id IS NOT NULL LIMIT 1",
            (wanted,),
        ).fetchone()
        seen_by = other[0] if other else None
        visible = other is not None
    if not visible:
        raise ApiError(404, [NOT_FOUND])
    return ok(request, participant_resource(conn, wanted, seen_by, clock.today, faults(request)))
