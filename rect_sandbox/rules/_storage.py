"""The bridge between SQLite rows (schema in ``rect_sandbox/_db.py``) and the rule records.

This is where the rules package meets SQL; the rule modules themselves
only see the dataclasses of ``_model``. Instants are stored as RFC 3339 UTC text with ``Z``,
dates as ``YYYY-MM-DD``.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime

from rect_sandbox.rules._model import (
    Declaration,
    Partnership,
    SchoolPeriod,
    Statement,
    TrainingPeriod,
)


def stamp(moment: datetime) -> str:
    """RFC 3339 UTC text, second precision, as stored and shown."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _instant(text: str | None) -> datetime | None:
    if not text:
        return None
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def day(text: str | None) -> date | None:
    """A stored ``YYYY-MM-DD`` (or None) as a date."""
    return date.fromisoformat(text) if text else None


def to_db(value: object) -> object:
    """A Python value as stored: dates and instants as text, booleans as 0/1."""
    if isinstance(value, datetime):
        return stamp(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def training_period(row: sqlite3.Row) -> TrainingPeriod:
    """A ``training_periods`` row as a rule record."""
    return TrainingPeriod(
        id=row["id"],
        teacher_id=row["teacher_id"],
        role=row["role"],
        school_period_id=row["school_period_id"],
        lead_provider_id=row["lead_provider_id"],
        partnership_id=row["partnership_id"],
        cohort=row["cohort"],
        schedule_identifier=row["schedule_identifier"],
        start=day(row["start_date"]),
        end=day(row["end_date"]),
        withdrawn_at=_instant(row["withdrawn_at"]),
        withdrawal_reason=row["withdrawal_reason"],
        deferred_at=_instant(row["deferred_at"]),
        deferral_reason=row["deferral_reason"],
    )


def school_period(row: sqlite3.Row) -> SchoolPeriod:
    """A ``school_periods`` row as a rule record."""
    return SchoolPeriod(
        id=row["id"],
        teacher_id=row["teacher_id"],
        role=row["role"],
        school_id=row["school_id"],
        start=day(row["start_date"]),
        end=day(row["end_date"]),
    )


def partnership(row: sqlite3.Row) -> Partnership:
    """A ``partnerships`` row as a rule record."""
    return Partnership(
        id=row["id"],
        lead_provider_id=row["lead_provider_id"],
        school_id=row["school_id"],
        delivery_partner_id=row["delivery_partner_id"],
        cohort=row["cohort"],
        created_at=_instant(row["created_at"]),
    )


def statement(row: sqlite3.Row) -> Statement:
    """A ``statements`` row as a rule record."""
    return Statement(
        id=row["id"],
        lead_provider_id=row["lead_provider_id"],
        cohort=row["cohort"],
        deadline=day(row["deadline"]),
        payment_date=day(row["payment_date"]),
        status=row["status"],
        output=bool(row["output"]),
    )


def declaration(row: sqlite3.Row) -> Declaration:
    """A ``declarations`` row as a rule record."""
    return Declaration(
        id=row["id"],
        teacher_id=row["teacher_id"],
        role=row["role"],
        training_period_id=row["training_period_id"],
        lead_provider_id=row["lead_provider_id"],
        declaration_type=row["declaration_type"],
        declaration_date=_instant(row["declaration_date"]),
        payment_status=row["payment_status"],
        clawback_status=row["clawback_status"],
        statement_id=row["statement_id"],
        clawback_statement_id=row["clawback_statement_id"],
        created_at=_instant(row["created_at"]),
    )


# Rule records name TP dates ``start``/``end``; the table calls them ``start_date``/``end_date``.
_TP_COLUMNS = {"start": "start_date", "end": "end_date"}


def tp_columns(changes: dict[str, object]) -> dict[str, object]:
    """TP field changes from a rule, renamed to the table's column names."""
    return {_TP_COLUMNS.get(name, name): value for name, value in changes.items()}


def rows(conn: sqlite3.Connection, sql: str, *params: object) -> list[sqlite3.Row]:
    """All rows of a query (the connection's row factory must be ``sqlite3.Row``)."""
    return conn.execute(sql, params).fetchall()


def update(conn: sqlite3.Connection, table: str, row_id: str, changes: dict[str, object]) -> None:
    """Write ``changes`` (column -> value) to one row; the column names come from our code."""
    if not changes:
        return
    columns = ", ".join(f"{name} = ?" for name in changes)
    conn.execute(
        f"UPDATE {table} SET {columns} WHERE id = ?", [*map(to_db, changes.values()), row_id]
    )


def insert(conn: sqlite3.Connection, table: str, values: dict[str, object]) -> None:
    """Insert one row from a column -> value mapping."""
    names = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    conn.execute(
        f"INSERT INTO {table} ({names}) VALUES ({marks})", [to_db(v) for v in values.values()]
    )


def insert_training_period(conn: sqlite3.Connection, tp: TrainingPeriod, now: datetime) -> None:
    """Store a new training period made by a rule, created (and transfer-stamped) at ``now``."""
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
            "created_at": now,
            "transfer_updated_at": now,
        },
    )
