"""Helpers every write router shares: one transaction per request under the write lock, the
lookup of the provider's own record (404 for anyone else's), the answer with the
``create-returns-201`` fault, and the participant timestamp bump that honours
``updated-at-not-bumped``. Routers read what they answer back through the read model
(``_serialize``), so a write answers what the following GET shows."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from rect_sandbox._http import NOT_FOUND, ApiError, faults, ok
from rect_sandbox.rules import Clock
from rect_sandbox.rules._storage import stamp


@contextmanager
def transaction(request: Request) -> Iterator[sqlite3.Connection]:
    """One request's changes under the write lock: committed together on success, rolled back
    when anything (a 422 included) stops the request half way, so no half-made change is left
    for the next writer to commit."""
    conn = request.app.state.db
    with request.app.state.db_lock:
        try:
            yield conn
        except BaseException:
            conn.rollback()
            raise
        conn.commit()


def own_record(conn: sqlite3.Connection, table: str, record_id: str, provider: str) -> sqlite3.Row:
    """The row of ``table`` with ``record_id`` that belongs to ``provider``; a 404 otherwise, as
    for a record that does not exist (rules 2.2). ``table`` comes from our code."""
    row = conn.execute(
        f"SELECT * FROM {table} WHERE id = ? AND lead_provider_id = ?", (record_id, provider)
    ).fetchone()
    if row is None:
        raise ApiError(404, [NOT_FOUND])
    return row


def any_record(conn: sqlite3.Connection, table: str, record_id: str) -> sqlite3.Row:
    """The row of ``table`` with ``record_id`` whoever owns it (a fault's lookup); a 404 when
    there is none. ``table`` comes from our code."""
    row = conn.execute(f"SELECT * FROM {table} WHERE id = ?", (record_id,)).fetchone()
    if row is None:
        raise ApiError(404, [NOT_FOUND])
    return row


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
    request.app.state.db.execute(
        "UPDATE teachers SET api_updated_at = ? WHERE id = ?", (stamp(clock.now), teacher_id)
    )
