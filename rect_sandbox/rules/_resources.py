"""The write side's own rendering of the resources it returns (participant, declaration,
partnership, statement), read back from the database after a write.

This is a stand-in for the platform's read model: when the shared serializers exist, the
routers should use them so that a GET and a write answer agree byte for byte. It follows
rules 8, 11.2, 12 and 16.12.
"""

from __future__ import annotations

import sqlite3
from datetime import date

from rect_sandbox._reference import COHORTS
from rect_sandbox.rules._model import declaration_state, latest, participant_status, training_status
from rect_sandbox.rules._storage import declaration, rows, training_period

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def _one(conn: sqlite3.Connection, sql: str, *params: object) -> sqlite3.Row | None:
    return conn.execute(sql, params).fetchone()


def _enrolment(conn: sqlite3.Connection, teacher: sqlite3.Row, tp_row: sqlite3.Row, today: date) -> dict:
    tp = training_period(tp_row)
    role = tp.role
    school_period = _one(conn, "SELECT * FROM school_periods WHERE id = ?", tp.school_period_id)
    partnership = _one(conn, "SELECT * FROM partnerships WHERE id = ?", tp.partnership_id)
    school = _one(conn, "SELECT * FROM schools WHERE id = ?", partnership["school_id"]) if partnership else None
    uplifts = _one(conn, "SELECT * FROM school_cohorts WHERE school_id = ? AND cohort = ?",
                   partnership["school_id"] if partnership else None, tp.cohort)
    pays_uplift = tp.cohort in COHORTS and COHORTS[tp.cohort].uplift_fees and uplifts is not None
    completed = teacher["induction_end_date"] if role == "ect" else teacher["mentor_funding_end_date"]
    status = training_status(tp)
    earliest = _one(conn, "SELECT MIN(created_at) AS first FROM school_periods WHERE teacher_id = ? AND role = ?",
                    teacher["id"], role)
    mentor = None
    if role == "ect":
        found = _one(
            conn,
            "SELECT mentor_teacher_id FROM mentorships WHERE ect_teacher_id = ? AND (end_date IS NULL OR end_date >= ?)"
            " ORDER BY start_date LIMIT 1",
            teacher["id"], today.isoformat(),
        )
        mentor = found["mentor_teacher_id"] if found else None
    eligible_at = teacher[f"{role}_eligible_at"]
    return {
        "training_record_id": teacher[f"{role}_training_record_id"],
        "email": school_period["email"] if school_period else None,
        "mentor_id": mentor,
        "school_urn": school["urn"] if school else None,
        "participant_type": role,
        "cohort": str(tp.cohort),
        "training_status": status,
        "participant_status": participant_status(
            tp, today, completed_by=date.fromisoformat(completed) if completed else None
        ),
        "eligible_for_funding": True if eligible_at else None,
        "pupil_premium_uplift": bool(pays_uplift and uplifts["pupil_premium_uplift"]),
        "sparsity_uplift": bool(pays_uplift and uplifts["sparsity_uplift"]),
        "schedule_identifier": tp.schedule_identifier,
        "delivery_partner_id": partnership["delivery_partner_id"] if partnership else None,
        "withdrawal": {"reason": tp.withdrawal_reason, "date": tp_row["withdrawn_at"]} if status == "withdrawn" else None,
        "deferral": {"reason": tp.deferral_reason, "date": tp_row["deferred_at"]} if status == "deferred" else None,
        "created_at": earliest["first"] if earliest and earliest["first"] else tp_row["created_at"],
        "induction_end_date": teacher["induction_end_date"] if role == "ect" else None,
        "most_recent_induction_period_end_date": teacher["induction_end_date"] if role == "ect" else None,
        "overall_induction_start_date": teacher["induction_start_date"] if role == "ect" else None,
        "mentor_funding_end_date": teacher["mentor_funding_end_date"] if role == "mentor" else None,
        "cohort_changed_after_payments_frozen": teacher["payments_frozen_cohort"] is not None,
        "mentor_ineligible_for_funding_reason": teacher["mentor_ineligible_reason"] if role == "mentor" else None,
        "working_pattern": None,
    }


def participant(conn: sqlite3.Connection, teacher_id: str, lead_provider_id: str, today: date) -> dict:
    """The participant resource as ``lead_provider_id`` sees it: one enrolment per role, from
    its latest partnership TP of that role."""
    teacher = _one(conn, "SELECT * FROM teachers WHERE id = ?", teacher_id)
    enrolments = []
    for role in ("ect", "mentor"):
        tp_rows = rows(
            conn,
            "SELECT * FROM training_periods WHERE teacher_id = ? AND role = ? AND lead_provider_id = ?"
            " AND partnership_id IS NOT NULL",
            teacher_id, role, lead_provider_id,
        )
        newest = latest([training_period(r) for r in tp_rows])
        if newest is not None:
            tp_row = next(r for r in tp_rows if r["id"] == newest.id)
            enrolments.append(_enrolment(conn, teacher, tp_row, today))
    return {
        "id": teacher_id,
        "type": "participant",
        "attributes": {
            "full_name": teacher["full_name"],
            "teacher_reference_number": teacher["trn"],
            "updated_at": teacher["api_updated_at"],
            "ecf_enrolments": enrolments,
            "participant_id_changes": [],
        },
    }


def declaration_resource(conn: sqlite3.Connection, declaration_id: str) -> dict:
    """The participant-declaration resource."""
    row = _one(conn, "SELECT * FROM declarations WHERE id = ?", declaration_id)
    record = declaration(row)
    state = declaration_state(record)
    provider = _one(conn, "SELECT name FROM lead_providers WHERE id = ?", row["lead_provider_id"])
    paid_once = record.payment_status == "paid"
    return {
        "id": row["id"],
        "type": "participant-declaration",
        "attributes": {
            "participant_id": row["teacher_id"],
            "declaration_type": row["declaration_type"],
            "declaration_date": row["declaration_date"],
            "course_identifier": "ecf-induction" if row["role"] == "ect" else "ecf-mentor",
            "state": state,
            "updated_at": row["api_updated_at"],
            "created_at": row["created_at"],
            "delivery_partner_id": row["delivery_partner_id"],
            "statement_id": None if state == "voided" else row["statement_id"],
            "clawback_statement_id": row["clawback_statement_id"],
            "ineligible_for_funding_reason": None,
            "mentor_id": row["mentor_id"],
            "uplift_paid": bool(paid_once and (row["pupil_premium_uplift"] or row["sparsity_uplift"])),
            "evidence_held": row["evidence_held"],
            "lead_provider_name": provider["name"] if provider else None,
        },
    }


def partnership_resource(conn: sqlite3.Connection, partnership_id: str, today: date) -> dict:
    """The partnership resource, counting TPs that cover ``today``."""
    row = _one(conn, "SELECT * FROM partnerships WHERE id = ?", partnership_id)
    school = _one(conn, "SELECT * FROM schools WHERE id = ?", row["school_id"])
    partner = _one(conn, "SELECT * FROM delivery_partners WHERE id = ?", row["delivery_partner_id"])
    training = _one(
        conn,
        "SELECT COUNT(*) AS n FROM training_periods WHERE partnership_id = ? AND start_date <= ?"
        " AND (end_date IS NULL OR end_date > ?)",
        partnership_id, today.isoformat(), today.isoformat(),
    )
    return {
        "id": row["id"],
        "type": "partnership",
        "attributes": {
            "cohort": str(row["cohort"]),
            "urn": school["urn"],
            "school_id": row["school_id"],
            "delivery_partner_id": row["delivery_partner_id"],
            "delivery_partner_name": partner["name"] if partner else None,
            "induction_tutor_name": school["induction_tutor_name"],
            "induction_tutor_email": school["induction_tutor_email"],
            "participants_currently_training": training["n"],
            "created_at": row["created_at"],
            "updated_at": row["api_updated_at"],
        },
    }


def statement_resource(conn: sqlite3.Connection, statement_id: str) -> dict:
    """The statement resource (month and year from its payment date)."""
    row = _one(conn, "SELECT * FROM statements WHERE id = ?", statement_id)
    paid_on = date.fromisoformat(row["payment_date"])
    return {
        "id": row["id"],
        "type": "statement",
        "attributes": {
            "month": MONTHS[paid_on.month - 1],
            "year": str(paid_on.year),
            "cohort": str(row["cohort"]),
            "cut_off_date": row["deadline"],
            "payment_date": row["payment_date"],
            "paid": row["status"] == "paid",
            "created_at": row["created_at"],
            "updated_at": row["api_updated_at"],
        },
    }
