"""The bridge between SQLite rows and the rule records: the one module of ``rules`` that runs SQL.

``WRITE_SCHEMA`` is the part of the schema the write side relies on. It is written as
``CREATE TABLE IF NOT EXISTS`` so that it can run on a database made by the platform's own
``_db.py`` (whose tables, when they exist, win) or on its own; it is meant to be folded into
``_db.py``. API timestamps are the ``api_updated_at`` columns (participant: ``teachers``).
Times are stored as RFC 3339 UTC text, dates as ``YYYY-MM-DD``.
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

WRITE_SCHEMA = """
CREATE TABLE IF NOT EXISTS lead_providers (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, token TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS delivery_partners (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at TEXT NOT NULL, api_updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS delivery_partnerships (
    lead_provider_id TEXT NOT NULL, delivery_partner_id TEXT NOT NULL, cohort INTEGER NOT NULL,
    PRIMARY KEY (lead_provider_id, delivery_partner_id, cohort));
CREATE TABLE IF NOT EXISTS schools (
    id TEXT PRIMARY KEY, urn TEXT NOT NULL, name TEXT NOT NULL, eligible INTEGER NOT NULL DEFAULT 1,
    induction_tutor_name TEXT, induction_tutor_email TEXT, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS school_cohorts (
    school_id TEXT NOT NULL, cohort INTEGER NOT NULL, programme_choice TEXT,
    pupil_premium_uplift INTEGER NOT NULL DEFAULT 0, sparsity_uplift INTEGER NOT NULL DEFAULT 0,
    api_updated_at TEXT NOT NULL, PRIMARY KEY (school_id, cohort));
CREATE TABLE IF NOT EXISTS partnerships (
    id TEXT PRIMARY KEY, lead_provider_id TEXT NOT NULL, school_id TEXT NOT NULL,
    delivery_partner_id TEXT NOT NULL, cohort INTEGER NOT NULL, created_at TEXT NOT NULL,
    api_updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS teachers (
    id TEXT PRIMARY KEY, trn TEXT, full_name TEXT NOT NULL,
    ect_training_record_id TEXT, mentor_training_record_id TEXT,
    ect_eligible_at TEXT, mentor_eligible_at TEXT,
    induction_start_date TEXT, induction_end_date TEXT,
    mentor_funding_end_date TEXT, mentor_ineligible_reason TEXT, payments_frozen_cohort INTEGER,
    created_at TEXT NOT NULL, api_updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS school_periods (
    id TEXT PRIMARY KEY, teacher_id TEXT NOT NULL, role TEXT NOT NULL, school_id TEXT NOT NULL,
    start_date TEXT NOT NULL, end_date TEXT, email TEXT, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS training_periods (
    id TEXT PRIMARY KEY, teacher_id TEXT NOT NULL, role TEXT NOT NULL, school_period_id TEXT NOT NULL,
    lead_provider_id TEXT, partnership_id TEXT, eoi_lead_provider_id TEXT, cohort INTEGER,
    schedule_identifier TEXT, start_date TEXT NOT NULL, end_date TEXT,
    withdrawn_at TEXT, withdrawal_reason TEXT, deferred_at TEXT, deferral_reason TEXT,
    created_at TEXT NOT NULL, transfer_updated_at TEXT);
CREATE TABLE IF NOT EXISTS mentorships (
    id TEXT PRIMARY KEY, ect_teacher_id TEXT NOT NULL, mentor_teacher_id TEXT NOT NULL,
    start_date TEXT NOT NULL, end_date TEXT);
CREATE TABLE IF NOT EXISTS statements (
    id TEXT PRIMARY KEY, lead_provider_id TEXT NOT NULL, cohort INTEGER NOT NULL,
    deadline TEXT NOT NULL, payment_date TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'open',
    output INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL, api_updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS declarations (
    id TEXT PRIMARY KEY, teacher_id TEXT NOT NULL, role TEXT NOT NULL,
    training_period_id TEXT NOT NULL, lead_provider_id TEXT NOT NULL, declaration_type TEXT NOT NULL,
    declaration_date TEXT NOT NULL, evidence_held TEXT,
    payment_status TEXT NOT NULL DEFAULT 'no_payment', clawback_status TEXT NOT NULL DEFAULT 'no_clawback',
    statement_id TEXT, clawback_statement_id TEXT, delivery_partner_id TEXT, mentor_id TEXT,
    pupil_premium_uplift INTEGER NOT NULL DEFAULT 0, sparsity_uplift INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL, api_updated_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS tp_teacher ON training_periods (teacher_id);
CREATE INDEX IF NOT EXISTS decl_teacher ON declarations (teacher_id);
"""


def ensure_write_schema(conn: sqlite3.Connection) -> None:
    """Create the write side's tables when the database does not have them yet."""
    conn.executescript(WRITE_SCHEMA)


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
        id=row["id"], teacher_id=row["teacher_id"], role=row["role"],
        school_period_id=row["school_period_id"], lead_provider_id=row["lead_provider_id"],
        partnership_id=row["partnership_id"], cohort=row["cohort"],
        schedule_identifier=row["schedule_identifier"], start=day(row["start_date"]),
        end=day(row["end_date"]), withdrawn_at=_instant(row["withdrawn_at"]),
        withdrawal_reason=row["withdrawal_reason"], deferred_at=_instant(row["deferred_at"]),
        deferral_reason=row["deferral_reason"],
    )


def school_period(row: sqlite3.Row) -> SchoolPeriod:
    """A ``school_periods`` row as a rule record."""
    return SchoolPeriod(
        id=row["id"], teacher_id=row["teacher_id"], role=row["role"], school_id=row["school_id"],
        start=day(row["start_date"]), end=day(row["end_date"]),
    )


def partnership(row: sqlite3.Row) -> Partnership:
    """A ``partnerships`` row as a rule record."""
    return Partnership(
        id=row["id"], lead_provider_id=row["lead_provider_id"], school_id=row["school_id"],
        delivery_partner_id=row["delivery_partner_id"], cohort=row["cohort"],
        created_at=_instant(row["created_at"]),
    )


def statement(row: sqlite3.Row) -> Statement:
    """A ``statements`` row as a rule record."""
    return Statement(
        id=row["id"], lead_provider_id=row["lead_provider_id"], cohort=row["cohort"],
        deadline=day(row["deadline"]), payment_date=day(row["payment_date"]),
        status=row["status"], output=bool(row["output"]),
    )


def declaration(row: sqlite3.Row) -> Declaration:
    """A ``declarations`` row as a rule record."""
    return Declaration(
        id=row["id"], teacher_id=row["teacher_id"], role=row["role"],
        training_period_id=row["training_period_id"], lead_provider_id=row["lead_provider_id"],
        declaration_type=row["declaration_type"], declaration_date=_instant(row["declaration_date"]),
        payment_status=row["payment_status"], clawback_status=row["clawback_status"],
        statement_id=row["statement_id"], clawback_statement_id=row["clawback_statement_id"],
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
    conn.execute(f"UPDATE {table} SET {columns} WHERE id = ?", [*map(to_db, changes.values()), row_id])


def insert(conn: sqlite3.Connection, table: str, values: dict[str, object]) -> None:
    """Insert one row from a column -> value mapping."""
    names = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    conn.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", [to_db(v) for v in values.values()])
