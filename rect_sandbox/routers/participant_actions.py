"""PUT /api/v3/participants/{id}/{withdraw,defer,resume,change-schedule} (rules 14).

Check order (rules 4.3): token (401) -> body shape (400) -> participant visible to the
provider (404) -> rules (422). Success answers 200 with the participant read back.

The platform's ``_http`` does authentication, the clock, envelopes and the body shape; this
module adds the few helpers the write routers share (write lock, participant timestamp bump
that honours ``updated-at-not-bumped``, the 201 fault, loading a person's facts).
"""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from rect_sandbox._db import new_lock
from rect_sandbox._http import (
    NOT_FOUND,
    ApiError,
    authenticate,
    body_attributes,
    db,
    error_response,
    faults,
    ok,
    request_clock,
)
from rect_sandbox._programme import schools_of, snapshot, touch_changed
from rect_sandbox._serialize import declaration as declaration_resource
from rect_sandbox._serialize import participants
from rect_sandbox._serialize import statement as statement_resource
from rect_sandbox.rules import Clock, ParticipantFacts, change_schedule, defer, resume, withdraw
from rect_sandbox.rules._storage import (
    declaration,
    insert,
    partnership,
    rows,
    school_period,
    stamp,
    tp_columns,
    training_period,
    update,
)

router = APIRouter()

ACTION_KEYS = {
    "withdraw": {"reason", "course_identifier"},
    "defer": {"reason", "course_identifier"},
    "resume": {"course_identifier"},
    "change-schedule": {"schedule_identifier", "course_identifier", "cohort"},
}


def fault_on(request: Request, name: str) -> bool:
    """Whether the named fault is switched on for this app."""
    return faults(request).on(name)


def write_lock(request: Request) -> Any:
    """The app's write lock (one is made on first use when the platform has none)."""
    state = request.app.state
    if getattr(state, "db_lock", None) is None:
        state.db_lock = new_lock()
    return state.db_lock


def lead_provider_id(request: Request) -> str:
    """The provider that owns the bearer token (401 otherwise); then the filter-shape 400."""
    provider = authenticate(request)
    assert provider is not None  # authenticate raises a 401 unless called as optional
    return provider


def participant_view(request: Request, teacher_id: str, provider: str, today: date) -> dict:
    """The participant as the platform's read model shows it, so writes and GETs agree."""
    return participants(db(request), [teacher_id], provider, today, faults(request))[0]


def declaration_view(request: Request, declaration_id: str) -> dict:
    """A declaration as the read model shows it (its owner's name included)."""
    row = db(request).execute(
        "SELECT d.*, lp.name AS provider_name FROM declarations d"
        " JOIN lead_providers lp ON lp.id = d.lead_provider_id WHERE d.id = ?", (declaration_id,)
    ).fetchone()
    return declaration_resource(row, row["provider_name"], faults(request))


def statement_view(request: Request, statement_id: str) -> dict:
    """A statement as the read model shows it."""
    row = db(request).execute("SELECT * FROM statements WHERE id = ?", (statement_id,)).fetchone()
    return statement_resource(row, faults(request))


def answer(request: Request, data: Any, *, created: bool = False) -> Response:
    """A 200 answer; with ``created`` the create-returns-201 fault turns it into a 201."""
    response = ok(request, data)
    if created and fault_on(request, "create-returns-201"):
        response.status_code = 201
    return response


def bump_participant(request: Request, teacher_id: str, clock: Clock, *, action: bool = False) -> None:
    """Move a participant's API timestamp; participant actions honour updated-at-not-bumped."""
    if action and fault_on(request, "updated-at-not-bumped"):
        return
    db(request).execute("UPDATE teachers SET api_updated_at = ? WHERE id = ?", (stamp(clock.now), teacher_id))


def visible_participant(conn: sqlite3.Connection, teacher_id: str, provider: str) -> bool:
    """Whether the provider has, or ever had, a partnership TP for this person (rules 2.2)."""
    found = conn.execute(
        "SELECT 1 FROM training_periods WHERE teacher_id = ? AND lead_provider_id = ? AND partnership_id IS NOT NULL LIMIT 1",
        (teacher_id, provider),
    ).fetchone()
    return found is not None


def participant_facts(conn: sqlite3.Connection, teacher_id: str, provider: str) -> ParticipantFacts:
    """Everything the action rules need about one person, loaded in a few queries."""
    teacher = conn.execute("SELECT * FROM teachers WHERE id = ?", (teacher_id,)).fetchone()
    tps = [training_period(r) for r in rows(conn, "SELECT * FROM training_periods WHERE teacher_id = ?", teacher_id)]
    periods = {r["id"]: school_period(r) for r in rows(conn, "SELECT * FROM school_periods WHERE teacher_id = ?", teacher_id)}
    partnerships = [partnership(r) for r in rows(conn, "SELECT * FROM partnerships WHERE lead_provider_id = ?", provider)]
    decls = [declaration(r) for r in rows(conn, "SELECT * FROM declarations WHERE teacher_id = ?", teacher_id)]
    completed = {
        "ect": date.fromisoformat(teacher["induction_end_date"]) if teacher["induction_end_date"] else None,
        "mentor": date.fromisoformat(teacher["mentor_funding_end_date"]) if teacher["mentor_funding_end_date"] else None,
    }
    return ParticipantFacts(
        teacher_id=teacher_id, lead_provider_id=provider, training_periods=tps, school_periods=periods,
        partnerships=partnerships, declarations=decls, completed_on=completed,
        payments_frozen_cohort=teacher["payments_frozen_cohort"],
    )


def save_new_tp(conn: sqlite3.Connection, tp: Any, clock: Clock) -> None:
    """Insert a training period record made by a rule."""
    insert(conn, "training_periods", {
        "id": tp.id, "teacher_id": tp.teacher_id, "role": tp.role, "school_period_id": tp.school_period_id,
        "lead_provider_id": tp.lead_provider_id, "partnership_id": tp.partnership_id, "cohort": tp.cohort,
        "schedule_identifier": tp.schedule_identifier, "start_date": tp.start, "end_date": tp.end,
        "created_at": clock.now, "transfer_updated_at": clock.now,
    })


RULES = {"withdraw": withdraw, "defer": defer, "resume": resume, "change-schedule": change_schedule}


async def _act(request: Request, teacher_id: str, action: str) -> Response:
    try:
        provider = lead_provider_id(request)
        clock = request_clock(request)
        attributes = await body_attributes(request, ACTION_KEYS[action])
        conn = db(request)
        with write_lock(request):
            if not visible_participant(conn, teacher_id, provider):
                raise ApiError(404, [NOT_FOUND])
            facts = participant_facts(conn, teacher_id, provider)
            before = snapshot(conn, schools_of(conn, teacher_id))
            if action == "withdraw":
                outcome = withdraw(facts, attributes, clock, check_repeat=not fault_on(request, "withdraw-twice-allowed"))
            else:
                outcome = RULES[action](facts, attributes, clock)
            if not outcome.ok:
                raise ApiError(422, outcome.errors)
            if outcome.training_period is not None:
                changes = {**tp_columns(outcome.tp_changes), "transfer_updated_at": clock.now}
                update(conn, "training_periods", outcome.training_period.id, changes)
            if outcome.new_tp is not None:
                save_new_tp(conn, outcome.new_tp, clock)
            update(conn, "teachers", teacher_id, outcome.teacher_changes)
            bump_participant(request, teacher_id, clock, action=True)
            touch_changed(conn, before, stamp(clock.now))
            conn.commit()
            return answer(request, participant_view(request, teacher_id, provider, clock.today))
    except ApiError as error:
        return error_response(request, error)


@router.put("/api/v3/participants/{participant_id}/withdraw")
async def withdraw_participant(participant_id: str, request: Request) -> Response:
    """Withdraw a participant from the provider's training."""
    return await _act(request, participant_id.lower(), "withdraw")


@router.put("/api/v3/participants/{participant_id}/defer")
async def defer_participant(participant_id: str, request: Request) -> Response:
    """Defer a participant's training."""
    return await _act(request, participant_id.lower(), "defer")


@router.put("/api/v3/participants/{participant_id}/resume")
async def resume_participant(participant_id: str, request: Request) -> Response:
    """Resume a withdrawn or deferred participant."""
    return await _act(request, participant_id.lower(), "resume")


@router.put("/api/v3/participants/{participant_id}/change-schedule")
async def change_schedule_participant(participant_id: str, request: Request) -> Response:
    """Move a participant to another schedule and/or cohort."""
    return await _act(request, participant_id.lower(), "change-schedule")
