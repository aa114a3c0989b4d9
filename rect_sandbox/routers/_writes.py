"""Helpers every write router shares: one transaction per request under the write lock, answers
read back through the read model (so a write's answer is what the following GET shows), the
participant timestamp bump that honours ``updated-at-not-bumped``, the ``create-returns-201``
fault, and storing a new training period made by a rule."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from rect_sandbox._http import db, faults, ok
from rect_sandbox._serialize import declaration as declaration_resource
from rect_sandbox._serialize import participants
from rect_sandbox._serialize import statement as statement_resource
from rect_sandbox.rules import Clock
from rect_sandbox.rules._storage import insert, stamp


@contextmanager
def transaction(request: Request) -> Iterator[sqlite3.Connection]:
    """One request's changes under the write lock: committed together on success, rolled back
    when anything (a 422 included) stops the request half way, so no half-made change is left
    for the next writer to commit."""
    conn = db(request)
    with request.app.state.db_lock:
        try:
            yield conn
        except BaseException:
            conn.rollback()
            raise
        conn.commit()


def participant_view(request: Request, teacher_id: str, provider: str, today: date) -> dict:
    """The participant as the platform's read model shows it, so writes and GETs agree."""
    return participants(db(request), [teacher_id], provider, today, faults(request))[0]


def declaration_view(request: Request, declaration_id: str) -> dict:
    """A declaration as the read model shows it (its owner's name included)."""
    row = (
        db(request)
        .execute(
            "SELECT d.*, lp.name AS provider_name FROM declarations d"
            " JOIN lead_providers lp ON lp.id = d.lead_provider_id WHERE d.id = ?",
            (declaration_id,),
        )
        .fetchone()
    )
    return declaration_resource(row, row["provider_name"], faults(request))


def statement_view(request: Request, statement_id: str) -> dict:
    """A statement as the read model shows it."""
    row = db(request).execute("SELECT * FROM statements WHERE id = ?", (statement_id,)).fetchone()
    return statement_resource(row, faults(request))


def answer(request: Request, data: Any, *, created: bool = False) -> Response:
    """A 200 answer; with ``created`` the create-returns-201 fault turns it into a 201."""
    response = ok(request, data)
    if created and faults(request).on("create-returns-201"):
        response.status_code = 201
    return response


def bump_participant(
    request: Request, teacher_id: str, clock: Clock, *, action: bool = False
) -> None:
    """Move a participant's API timestamp; participant actions honour updated-at-not-bumped."""
    if action and faults(request).on("updated-at-not-bumped"):
        return
    db(request).execute(
        "UPDATE teachers SET api_updated_at = ? WHERE id = ?", (stamp(clock.now), teacher_id)
    )


def save_new_tp(conn: sqlite3.Connection, tp: Any, clock: Clock) -> None:
    """Insert a training period record made by a rule."""
    insert(
        conn,
        "training_periods",
        {
            "id": tp.id,
            "teacher_id": tp.teacher_id,
            "role": tp.role,
            "school_period_id": tp.school_period_id,
            "lead_provider_id": tp.lead_provider_id,
            "partnership_id": tp.partnership_id,
            "cohort": tp.cohort,
            "schedule_identifier": tp.schedule_identifier,
            "start_date": tp.start,
            "end_date": tp.end,
            "created_at": clock.now,
            "transfer_updated_at": clock.now,
        },
    )
