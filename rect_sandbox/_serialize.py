"""The read model: every API resource derived from the stored rows (rules 8-13, 16.12).

The GET routes and the answers of the write routes both render through here (the ``*_resource``
functions give one resource by id), so a write answers exactly what the following GET shows.

Participants are rendered in batches (one page at a time, a handful of queries per page) so
that list endpoints stay fast with large seeds. Schema faults (``enrolment-missing-field``,
``enum-out-of-range``, ``wrong-type``, ``unexpected-null``, ``bad-datetime``) are applied here,
on the way out, so the stored data stays correct.
"""

from __future__ import annotations

import sqlite3
from datetime import date

from rect_sandbox._reference import COHORTS
from rect_sandbox.rules._model import (
    declaration_state,
    participant_status,
    training_status,
)
from rect_sandbox.rules._storage import day, training_period
from rect_sandbox.rules._storage import declaration as declaration_record

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _marks(items: list) -> str:
    return ",".join("?" for _ in items)


def _funding(eligible_at: str | None, ineligible_at: str | None) -> bool | None:
    """Rules 12.2: the earlier of eligibility and ineligibility decides; ties are eligible."""
    if eligible_at and (not ineligible_at or eligible_at <= ineligible_at):
        return True
    if ineligible_at:
        return False
    return None


_TP_SQL = """
SELECT tp.*, p.delivery_partner_id AS dp_id, s.urn AS urn, sp.email AS email,
       sp.working_pattern AS working_pattern,
       sc.pupil_premium_uplift AS pp, sc.sparsity_uplift AS sparse
FROM training_periods tp
JOIN partnerships p ON p.id = tp.partnership_id
JOIN schools s ON s.id = p.school_id
LEFT JOIN school_periods sp ON sp.id = tp.school_period_id
LEFT JOIN school_cohorts sc ON sc.school_id = p.school_id AND sc.cohort = tp.cohort
WHERE tp.teacher_id IN ({marks}) AND tp.lead_provider_id = ?
ORDER BY tp.start_date, tp.created_at
"""

# The ECT's mentor (rules 12.2): mentorships of the ECT's latest school period that cover today
# or start later (an end date is the first day without the mentor), earliest start first.
_MENTOR_SQL = """
SELECT m.ect_teacher_id, m.mentor_teacher_id FROM mentorships m
WHERE m.ect_teacher_id IN ({marks}) AND (m.end_date IS NULL OR m.end_date > ?)
  AND m.ect_school_period_id = (
      SELECT sp.id FROM school_periods sp WHERE sp.teacher_id = m.ect_teacher_id AND sp.role = 'ect'
      ORDER BY sp.start_date DESC, sp.created_at DESC LIMIT 1)
ORDER BY m.start_date DESC, m.id DESC
"""


def _enrolment(
    teacher: sqlite3.Row,
    row: sqlite3.Row,
    first_created: str | None,
    mentor_id: str | None,
    today: date,
    faults,
) -> dict:
    tp = training_period(row)
    role = tp.role
    ect = role == "ect"
    completed = teacher["induction_end_date"] if ect else teacher["mentor_funding_end_date"]
    status = training_status(tp, today=today, faults=faults)
    shown_status = (
        "suspended" if status == "deferred" and faults.on("enum-out-of-range") else status
    )
    uplifts = COHORTS[tp.cohort].uplift_fees if tp.cohort in COHORTS else False
    entry = {
        "training_record_id": teacher[f"{role}_training_record_id"],
        "email": row["email"],
        "mentor_id": mentor_id if ect else None,
        "school_urn": row["urn"],
        "participant_type": role,
        "cohort": str(tp.cohort),
        "training_status": shown_status,
        "participant_status": participant_status(
            tp, today, completed_by=day(completed), faults=faults
        ),
        "eligible_for_funding": _funding(
            teacher[f"{role}_eligible_at"], teacher[f"{role}_ineligible_at"]
        ),
        "pupil_premium_uplift": bool(uplifts and row["pp"]),
        "sparsity_uplift": bool(uplifts and row["sparse"]),
        "schedule_identifier": tp.schedule_identifier,
        "delivery_partner_id": row["dp_id"],
        "withdrawal": {"reason": tp.withdrawal_reason, "date": row["withdrawn_at"]}
        if status == "withdrawn" and row["withdrawn_at"]
        else None,
        "deferral": {"reason": tp.deferral_reason, "date": row["deferred_at"]}
        if status == "deferred" and row["deferred_at"]
        else None,
        "created_at": first_created or row["created_at"],
        "induction_end_date": teacher["induction_end_date"] if ect else None,
        "most_recent_induction_period_end_date": teacher["latest_induction_period_end_date"]
        if ect
        else None,
        "overall_induction_start_date": teacher["induction_start_date"] if ect else None,
        "mentor_funding_end_date": None if ect else teacher["mentor_funding_end_date"],
        "cohort_changed_after_payments_frozen": teacher["payments_frozen_cohort"] is not None,
        "mentor_ineligible_for_funding_reason": None
        if ect
        else teacher["mentor_ineligible_reason"],
        "working_pattern": row["working_pattern"] if ect else None,
    }
    if faults.on("enrolment-missing-field"):
        del entry["schedule_identifier"]
    return entry


def _updated_at(teacher: sqlite3.Row, starts: list[str], today: date, faults) -> str:
    """The participant's API timestamp (rules 19). Time passing never moves it; under the
    ``updated-at-follows-status`` fault a joining enrolment turning active does, at midnight
    (UTC) of the day its training period starts."""
    shown = teacher["api_updated_at"]
    if not faults.on("updated-at-follows-status"):
        return shown
    for start in starts:
        moved = f"{start}T00:00:00Z"
        if start <= today.isoformat() and moved > shown:
            shown = moved
    return shown


def participants(
    conn: sqlite3.Connection, teacher_ids: list[str], provider: str, today: date, faults
) -> list[dict]:
    """The participant resources of ``teacher_ids`` (in that order) as ``provider`` sees them.

    Each enrolment describes the provider's latest partnership TP for the role (rules 12.1).
    """
    if not teacher_ids:
        return []
    marks = _marks(teacher_ids)
    teachers = {
        r["id"]: r
        for r in conn.execute(f"SELECT * FROM teachers WHERE id IN ({marks})", teacher_ids)
    }
    latest: dict[tuple[str, str], sqlite3.Row] = {}
    for row in conn.execute(_TP_SQL.format(marks=marks), [*teacher_ids, provider]):
        latest[(row["teacher_id"], row["role"])] = row
    first_created = {
        (r[0], r[1]): r[2]
        for r in conn.execute(
            "SELECT teacher_id, role, MIN(created_at) FROM school_periods WHERE teacher_id IN "
            f"({marks})"
            " GROUP BY teacher_id, role",
            teacher_ids,
        )
    }
    mentors: dict[str, str] = {}
    # Rows come latest start first, so the earliest current-or-upcoming mentorship is kept.
    for r in conn.execute(_MENTOR_SQL.format(marks=marks), [*teacher_ids, today.isoformat()]):
        mentors[r[0]] = r[1]
    changes: dict[str, list[dict]] = {}
    for r in conn.execute(
        f"SELECT * FROM participant_id_changes WHERE teacher_id IN ({marks}) ORDER BY changed_at",
        teacher_ids,
    ):
        changes.setdefault(r["teacher_id"], []).append(
            {
                "from_participant_id": r["from_participant_id"],
                "to_participant_id": r["teacher_id"],
                "changed_at": r["changed_at"],
            }
        )
    out = []
    for teacher_id in teacher_ids:
        teacher = teachers[teacher_id]
        enrolments = [
            _enrolment(
                teacher,
                latest[(teacher_id, role)],
                first_created.get((teacher_id, role)),
                mentors.get(teacher_id),
                today,
                faults,
            )
            for role in ("ect", "mentor")
            if (teacher_id, role) in latest
        ]
        out.append(
            {
                "id": teacher_id,
                "type": "participant",
                "attributes": {
                    "full_name": teacher["full_name"],
                    "teacher_reference_number": teacher["trn"],
                    "updated_at": _updated_at(
                        teacher,
                        [
                            latest[(teacher_id, role)]["start_date"]
                            for role in ("ect", "mentor")
                            if (teacher_id, role) in latest
                        ],
                        today,
                        faults,
                    ),
                    "ecf_enrolments": enrolments,
                    "participant_id_changes": changes.get(teacher_id, []),
                },
            }
        )
    return out


def statement(row: sqlite3.Row, faults) -> dict:
    """A statement resource (month and year of its payment date)."""
    paid_on = date.fromisoformat(row["payment_date"])
    updated = row["api_updated_at"]
    if faults.on("bad-datetime"):
        updated = updated.replace("T", " ").removesuffix("Z")
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
            "updated_at": updated,
        },
    }


def delivery_partner(row: sqlite3.Row, cohorts: list[int]) -> dict:
    """A delivery partner with the cohorts the requesting provider works with it in."""
    return {
        "id": row["id"],
        "type": "delivery-partner",
        "attributes": {
            "name": row["name"],
            "cohort": [str(year) for year in sorted(cohorts)],
            "created_at": row["created_at"],
            "updated_at": row["api_updated_at"],
        },
    }


def tutor_email(row: sqlite3.Row) -> str | None:
    """The school's address shown as ``induction_tutor_email``: the tutor's, else the school's
    primary, else its secondary contact (rules 10.2, 11.2)."""
    return (
        row["induction_tutor_email"]
        or row["primary_contact_email"]
        or row["secondary_contact_email"]
    )


def partnership(row: sqlite3.Row, training_now: int, faults) -> dict:
    """A partnership; ``row`` joins the school and the delivery partner's name."""
    count: int | str = str(training_now) if faults.on("wrong-type") else training_now
    return {
        "id": row["id"],
        "type": "partnership",
        "attributes": {
            "cohort": str(row["cohort"]),
            "urn": row["urn"],
            "school_id": row["school_id"],
            "delivery_partner_id": row["delivery_partner_id"],
            "delivery_partner_name": row["dp_name"],
            "induction_tutor_name": row["induction_tutor_name"],
            "induction_tutor_email": tutor_email(row),
            "participants_currently_training": count,
            "created_at": row["created_at"],
            "updated_at": row["api_updated_at"],
        },
    }


def declaration(row: sqlite3.Row, provider_name: str | None, faults) -> dict:
    """A participant-declaration resource (delivery partner as recorded at creation).

    Void drops the statement of a voided declaration, so the stored link is shown as it is.
    """
    state = declaration_state(declaration_record(row))
    partner = None if faults.on("unexpected-null") else row["delivery_partner_id"]
    statement_id = row["statement_id"]
    if state == "paid" and faults.on("paid-declaration-hides-statement"):
        statement_id = None
    paid = state in ("paid", "awaiting-clawback", "clawed-back")
    if faults.on("uplift-paid-before-payment"):
        paid = True
    ineligible_reason = None
    if state == "voided" and faults.on("ineligible-reason-shown"):
        ineligible_reason = "duplicate_declaration"
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
            "delivery_partner_id": partner,
            "statement_id": statement_id,
            "clawback_statement_id": row["clawback_statement_id"],
            "ineligible_for_funding_reason": ineligible_reason,
            "mentor_id": row["mentor_id"],
            "uplift_paid": bool(paid and (row["pupil_premium_uplift"] or row["sparsity_uplift"])),
            "evidence_held": row["evidence_held"],
            "lead_provider_name": provider_name,
        },
    }


def participant_resource(
    conn: sqlite3.Connection, teacher_id: str, provider: str, today: date, faults
) -> dict:
    """One participant as ``provider`` sees it."""
    return participants(conn, [teacher_id], provider, today, faults)[0]


def declarations(conn: sqlite3.Connection, rows: list[sqlite3.Row], faults) -> list[dict]:
    """The declaration resources of ``declarations`` rows, each naming its lead provider."""
    owners = sorted({r["lead_provider_id"] for r in rows})
    names = dict(
        conn.execute(
            f"SELECT id, name FROM lead_providers WHERE id IN ({_marks(owners)})", owners
        ).fetchall()
    )
    return [declaration(r, names.get(r["lead_provider_id"]), faults) for r in rows]


def declaration_resource(conn: sqlite3.Connection, declaration_id: str, faults) -> dict:
    """One declaration by id."""
    row = conn.execute("SELECT * FROM declarations WHERE id = ?", (declaration_id,)).fetchone()
    return declarations(conn, [row], faults)[0]


def statement_resource(conn: sqlite3.Connection, statement_id: str, faults) -> dict:
    """One statement by id."""
    return statement(
        conn.execute("SELECT * FROM statements WHERE id = ?", (statement_id,)).fetchone(), faults
    )


# The head of every partnership query: the columns ``partnership`` reads, joined once.
PARTNERSHIPS = """
SELECT p.*, s.urn, s.induction_tutor_name, s.induction_tutor_email, s.primary_contact_email,
       s.secondary_contact_email, dp.name AS dp_name
FROM partnerships p JOIN schools s ON s.id = p.school_id
JOIN delivery_partners dp ON dp.id = p.delivery_partner_id
"""


def partnerships(
    conn: sqlite3.Connection, rows: list[sqlite3.Row], today: date, faults
) -> list[dict]:
    """The partnership resources of rows selected with ``PARTNERSHIPS``; the count of people
    training is of the TPs whose dates cover ``today`` (start <= today < end)."""
    day = today.isoformat()
    out = []
    for row in rows:
        count = conn.execute(
            "SELECT COUNT(*) FROM training_periods WHERE partnership_id = ? AND start_date <= ?"
            " AND (end_date IS NULL OR end_date > ?)",
            (row["id"], day, day),
        ).fetchone()[0]
        out.append(partnership(row, count, faults))
    return out


def partnership_resource(
    conn: sqlite3.Connection, partnership_id: str, today: date, faults
) -> dict:
    """One partnership by id."""
    rows = conn.execute(f"{PARTNERSHIPS} WHERE p.id = ?", (partnership_id,)).fetchall()
    return partnerships(conn, rows, today, faults)[0]


def visible_participant(conn: sqlite3.Connection, teacher_id: str, provider: str) -> bool:
    """Whether the provider has, or ever had, a partnership TP for this person (rules 2.2)."""
    found = conn.execute(
        "SELECT 1 FROM training_periods WHERE teacher_id = ? AND lead_provider_id = ?"
        " AND partnership_id IS NOT NULL LIMIT 1",
        (teacher_id, provider),
    ).fetchone()
    return found is not None
