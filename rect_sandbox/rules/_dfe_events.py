"""What DfE does to the money side, for the test-support API: record that a person is eligible
for funding, move a statement to payable or paid, and the one-declaration shortcut to payable,
paid or clawed-back.

The moves themselves are the pure rules of ``_statements`` (``eligibility_moves``,
``statement_moves``); this module loads their facts and stores their changes, through
``_storage``, inside the caller's transaction. Errors are raised as ``Refused`` (422).
"""

from __future__ import annotations

import sqlite3

from rect_sandbox._faults import NO_FAULTS, Faults
from rect_sandbox.rules._model import Clock
from rect_sandbox.rules._school_events import Refused, role_of
from rect_sandbox.rules._statements import eligibility_moves, statement_moves
from rect_sandbox.rules._storage import declaration, rows, statement, update


def mark_funding_eligible(
    conn: sqlite3.Connection,
    teacher_id: str,
    provider: str,
    attrs: dict,
    clock: Clock,
    *,
    faults: Faults = NO_FAULTS,
) -> None:
    """The person becomes funding-eligible in the role of ``course_identifier``: their submitted
    declarations become eligible and join an open statement."""
    role = role_of(attrs)
    update(conn, "teachers", teacher_id, {f"{role}_eligible_at": clock.now})
    decls = [
        declaration(r)
        for r in rows(
            conn, "SELECT * FROM declarations WHERE teacher_id = ? AND role = ?", teacher_id, role
        )
    ]
    cohort_of = {
        r["id"]: r["cohort"]
        for r in rows(
            conn, "SELECT id, cohort FROM training_periods WHERE teacher_id = ?", teacher_id
        )
    }
    statements = [statement(r) for r in rows(conn, "SELECT * FROM statements")]
    moves = eligibility_moves(decls, cohort_of, statements, clock.today, faults=faults)
    for declaration_id, changes in moves.items():
        update(conn, "declarations", declaration_id, {**changes, "api_updated_at": clock.now})


def move_statement(
    conn: sqlite3.Connection,
    statement_id: str,
    status: str,
    clock: Clock,
    *,
    faults: Faults = NO_FAULTS,
) -> None:
    """Move a statement to ``status`` with what that does to its declarations."""
    target = statement(
        conn.execute("SELECT * FROM statements WHERE id = ?", (statement_id,)).fetchone()
    )
    decls = [
        declaration(r)
        for r in rows(
            conn,
            "SELECT * FROM declarations WHERE statement_id = ? OR clawback_statement_id = ?",
            statement_id,
            statement_id,
        )
    ]
    try:
        moves = statement_moves(target, status, decls, faults=faults)
    except ValueError as exc:
        raise Refused(("status", str(exc))) from None
    for declaration_id, changes in moves.items():
        update(conn, "declarations", declaration_id, {**changes, "api_updated_at": clock.now})
    update(conn, "statements", statement_id, {"status": status, "api_updated_at": clock.now})


def set_declaration_state(
    conn: sqlite3.Connection,
    row: sqlite3.Row,
    wanted: object,
    clock: Clock,
    *,
    faults: Faults = NO_FAULTS,
) -> None:
    """Make one declaration (its stored ``row``) payable or paid, by moving its statement, or
    clawed back, by paying its clawback statement."""
    if wanted in ("payable", "paid"):
        if row["statement_id"] is None:
            raise Refused(
                (
                    "state",
                    "the declaration has no statement yet; mark the participant "
                    "funding-eligible first",
                )
            )
        move_statement(conn, row["statement_id"], str(wanted), clock, faults=faults)
    elif wanted == "clawed-back":
        if row["clawback_statement_id"] is None:
            raise Refused(
                ("state", "the declaration is not awaiting clawback; void it after it is paid")
            )
        move_statement(conn, row["clawback_statement_id"], "paid", clock, faults=faults)
    else:
        raise Refused(("state", f"'{wanted}' cannot be set; send payable, paid or clawed-back"))
