"""POST /api/v3/participant-declarations and PUT /api/v3/participant-declarations/{id}/void.

Create: token (401) -> body shape (400) -> V1-V19 (422; an unknown participant is a 422 here,
never a 404; a date that is no date at all is a 400). Void: token -> the provider's own
declaration (404; the body is ignored) -> 422 rules. Both answer 200 with the declaration.
"""

from __future__ import annotations

import sqlite3
import uuid

from fastapi import Request
from fastapi.responses import Response

from rect_sandbox._faults import Faults
from rect_sandbox._http import NOT_FOUND, ApiError, body_attributes, faults
from rect_sandbox._reference import COURSE_IDENTIFIERS
from rect_sandbox._serialize import declaration_resource
from rect_sandbox.deps import Now, Provider, api_router
from rect_sandbox.routers._writes import (
    answer,
    any_record,
    bump_participant,
    own_record,
    transaction,
)
from rect_sandbox.rules import (
    Clock,
    Declaration,
    DeclarationFacts,
    Mentorship,
    NewDeclaration,
    UnparseableDate,
    create_declaration,
    reopened_mentor_training,
    void,
)
from rect_sandbox.rules._declaration_input import M
from rect_sandbox.rules._model import latest
from rect_sandbox.rules._storage import (
    day,
    declaration,
    insert,
    rows,
    statement,
    training_period,
    update,
)

router = api_router()
CREATE_KEYS = {
    "participant_id",
    "declaration_type",
    "declaration_date",
    "course_identifier",
    "evidence_held",
}


def declaration_facts(
    conn: sqlite3.Connection, provider: str, attributes: dict
) -> DeclarationFacts:
    """Load what the pipeline needs for the person named in the request."""
    participant_id = attributes.get("participant_id")
    teacher = None
    if isinstance(participant_id, str) and participant_id:
        teacher = conn.execute("SELECT * FROM teachers WHERE id = ?", (participant_id,)).fetchone()
    facts = DeclarationFacts(
        lead_provider_id=provider, teacher_id=teacher["id"] if teacher else None
    )
    facts.statements = [
        statement(r)
        for r in rows(conn, "SELECT * FROM statements WHERE lead_provider_id = ?", provider)
    ]
    if teacher is None:
        return facts
    facts.training_periods = [
        training_period(r)
        for r in rows(conn, "SELECT * FROM training_periods WHERE teacher_id = ?", teacher["id"])
    ]
    facts.declarations = [
        declaration(r)
        for r in rows(conn, "SELECT * FROM declarations WHERE teacher_id = ?", teacher["id"])
    ]
    facts.funding_eligible = {
        "ect": bool(teacher["ect_eligible_at"]),
        "mentor": bool(teacher["mentor_eligible_at"]),
    }
    # Every partnership's partner: a faulty sandbox may declare on another provider's period.
    facts.delivery_partner_of = {
        r["id"]: r["delivery_partner_id"]
        for r in rows(conn, "SELECT id, delivery_partner_id FROM partnerships")
    }
    facts.mentorships = [
        Mentorship(
            mentor_id=r["mentor_teacher_id"], start=day(r["start_date"]), end=day(r["end_date"])
        )
        for r in rows(conn, "SELECT * FROM mentorships WHERE ect_teacher_id = ?", teacher["id"])
    ]
    course = attributes.get("course_identifier")
    role = COURSE_IDENTIFIERS.get(course) if isinstance(course, str) else None
    ours = [
        tp
        for tp in facts.training_periods
        if tp.role == role and tp.lead_provider_id == provider and tp.partnership_id
    ]
    tp = latest(ours)
    if tp is not None:
        flags = conn.execute(
            "SELECT sc.pupil_premium_uplift, sc.sparsity_uplift FROM partnerships p"
            " JOIN school_cohorts sc ON sc.school_id = p.school_id AND sc.cohort = p.cohort WHERE "
            "p.id = ?",
            (tp.partnership_id,),
        ).fetchone()
        if flags is not None:
            facts.uplifts = (bool(flags[0]), bool(flags[1]))
    return facts


def _store(
    conn: sqlite3.Connection, request: Request, provider: str, new: NewDeclaration, clock: Clock
) -> str:
    declaration_id = str(uuid.uuid4())
    tp = new.training_period
    insert(
        conn,
        "declarations",
        {
            "id": declaration_id,
            "teacher_id": tp.teacher_id,
            "role": new.role,
            "training_period_id": tp.id,
            "lead_provider_id": provider,
            "declaration_type": new.declaration_type,
            "declaration_date": new.declaration_date,
            "evidence_held": new.evidence_held,
            "payment_status": new.payment_status,
            "clawback_status": "no_clawback",
            "statement_id": new.statement_id,
            "delivery_partner_id": new.delivery_partner_id,
            "mentor_id": new.mentor_id,
            "pupil_premium_uplift": new.pupil_premium_uplift,
            "sparsity_uplift": new.sparsity_uplift,
            "created_at": clock.now,
            "api_updated_at": clock.now,
        },
    )
    if new.mentor_completion is not None:
        update(
            conn,
            "teachers",
            tp.teacher_id,
            {
                "mentor_funding_end_date": new.mentor_completion["mentor_funding_end_date"],
                "mentor_ineligible_reason": new.mentor_completion[
                    "mentor_ineligible_for_funding_reason"
                ],
            },
        )
        if new.close_tp_on is not None:
            update(conn, "training_periods", tp.id, {"end_date": new.close_tp_on})
        if not faults(request).on("mentor-completion-keeps-participant-updated-at"):
            bump_participant(request, tp.teacher_id, clock)
    elif faults(request).on("declaration-touches-participant"):
        bump_participant(request, tp.teacher_id, clock)
    return declaration_id


def _unreadable_date(problem: UnparseableDate, request: Request) -> ApiError:
    """The answer to a date that is no date at all: a 400 (the faulty sandbox says 422)."""
    if faults(request).on("unparseable-declaration-date-gives-422"):
        return ApiError(422, [("declaration_date", M["V11"])])
    detail = f"{problem}; send an RFC 3339 date-time such as 2025-10-01T10:00:00Z"
    return ApiError(400, [("Bad request", detail)])


@router.post("/api/v3/participant-declarations")
async def create(request: Request, provider: Provider, clock: Now) -> Response:
    """Declare a training event for a participant."""
    attributes = await body_attributes(request, CREATE_KEYS)
    switches = faults(request)
    with transaction(request) as conn:
        facts = declaration_facts(conn, provider, attributes)
        unknown = facts.teacher_id is None and attributes.get("participant_id") not in (None, "")
        if unknown and switches.on("declaration-unknown-participant-404"):
            raise ApiError(404, [NOT_FOUND])
        try:
            result = create_declaration(facts, attributes, clock, faults=switches)
        except UnparseableDate as problem:
            raise _unreadable_date(problem, request) from None
        if isinstance(result, Declaration):
            return answer(request, declaration_resource(conn, result.id, switches), created=True)
        if not isinstance(result, NewDeclaration):
            raise ApiError(422, result)
        declaration_id = _store(conn, request, provider, result, clock)
        shown = declaration_resource(conn, declaration_id, switches)
        return answer(request, shown, created=True)


def reverse_mentor_completion(
    conn: sqlite3.Connection, teacher_id: str, provider: str, clock: Clock, switches: Faults
) -> None:
    """Undo what a mentor's completed declaration did: clear the funding end and, when the
    mentor no longer trains with the provider, open a TP the day after the old one ended."""
    update(
        conn,
        "teachers",
        teacher_id,
        {"mentor_funding_end_date": None, "mentor_ineligible_reason": None},
    )
    ours = [
        training_period(r)
        for r in rows(
            conn,
            "SELECT * FROM training_periods WHERE teacher_id = ? AND role = 'mentor' AND "
            "lead_provider_id = ?",
            teacher_id,
            provider,
        )
    ]
    tp = latest(ours)
    starts = reopened_mentor_training(tp, clock.today, faults=switches)
    if tp is None or starts is None:
        return
    insert(
        conn,
        "training_periods",
        {
            "id": str(uuid.uuid4()),
            "teacher_id": teacher_id,
            "role": "mentor",
            "school_period_id": tp.school_period_id,
            "lead_provider_id": provider,
            "partnership_id": tp.partnership_id,
            "cohort": tp.cohort,
            "schedule_identifier": tp.schedule_identifier,
            "start_date": starts,
            "created_at": clock.now,
            "transfer_updated_at": clock.now,
        },
    )


@router.put("/api/v3/participant-declarations/{declaration_id}/void")
async def void_declaration(
    declaration_id: str, request: Request, provider: Provider, clock: Now
) -> Response:
    """Void one of the provider's declarations (paid ones go to awaiting-clawback)."""
    declaration_id = declaration_id.lower()
    switches = faults(request)
    with transaction(request) as conn:
        if switches.on("void-of-other-providers-declaration-allowed"):
            row = any_record(conn, "declarations", declaration_id)
        else:
            row = own_record(conn, "declarations", declaration_id, provider)
        tp = conn.execute(
            "SELECT cohort FROM training_periods WHERE id = ?", (row["training_period_id"],)
        ).fetchone()
        statements = [
            statement(r)
            for r in rows(conn, "SELECT * FROM statements WHERE lead_provider_id = ?", provider)
        ]
        outcome = void(declaration(row), tp["cohort"], statements, clock.today, faults=switches)
        if outcome.errors:
            raise ApiError(422, outcome.errors)
        moved = (
            {}
            if switches.on("void-keeps-declaration-updated-at")
            else {"api_updated_at": clock.now}
        )
        update(conn, "declarations", declaration_id, {**outcome.changes, **moved})
        if outcome.reverses_mentor_completion:
            reverse_mentor_completion(conn, row["teacher_id"], provider, clock, switches)
            if not switches.on("mentor-completion-keeps-participant-updated-at"):
                bump_participant(request, row["teacher_id"], clock)
        return answer(request, declaration_resource(conn, declaration_id, switches))
