"""PUT /api/v3/participants/{id}/{withdraw,defer,resume,change-schedule} (rules 14).

Check order (rules 4.3): token (401) -> body shape (400) -> participant visible to the
provider (404) -> rules (422). Success answers 200 with the participant read back.

The token and the clock are dependencies (``deps``); envelopes and the body shape come from
``_http``; the helpers the write routers share (write lock, answer, timestamp bump) from
``_writes``; the answer is the participant as the read model (``_serialize``) shows it.
"""

from __future__ import annotations

import sqlite3
from datetime import date

from fastapi import Request
from fastapi.responses import Response

from rect_sandbox._http import NOT_FOUND, ApiError, body_attributes, faults
from rect_sandbox._programme import schools_of, snapshot, touch_changed
from rect_sandbox._serialize import participant_resource, visible_participant
from rect_sandbox.deps import Now, Provider, api_router
from rect_sandbox.routers._writes import answer, bump_participant, transaction
from rect_sandbox.rules import Clock, ParticipantFacts, change_schedule, defer, resume, withdraw
from rect_sandbox.rules._storage import (
    declaration,
    insert_training_period,
    partnership,
    rows,
    school_period,
    stamp,
    tp_columns,
    training_period,
    update,
)

router = api_router()

ACTION_KEYS = {
    "withdraw": {"reason", "course_identifier"},
    "defer": {"reason", "course_identifier"},
    "resume": {"course_identifier"},
    "change-schedule": {"schedule_identifier", "course_identifier", "cohort"},
}


def participant_facts(conn: sqlite3.Connection, teacher_id: str, provider: str) -> ParticipantFacts:
    """Everything the action rules need about one person, loaded in a few queries."""
    teacher = conn.execute("SELECT * FROM teachers WHERE id = ?", (teacher_id,)).fetchone()
    tps = [
        training_period(r)
        for r in rows(conn, "SELECT * FROM training_periods WHERE teacher_id = ?", teacher_id)
    ]
    periods = {
        r["id"]: school_period(r)
        for r in rows(conn, "SELECT * FROM school_periods WHERE teacher_id = ?", teacher_id)
    }
    partnerships = [
        partnership(r)
        for r in rows(conn, "SELECT * FROM partnerships WHERE lead_provider_id = ?", provider)
    ]
    decls = [
        declaration(r)
        for r in rows(conn, "SELECT * FROM declarations WHERE teacher_id = ?", teacher_id)
    ]
    completed = {
        "ect": date.fromisoformat(teacher["induction_end_date"])
        if teacher["induction_end_date"]
        else None,
        "mentor": date.fromisoformat(teacher["mentor_funding_end_date"])
        if teacher["mentor_funding_end_date"]
        else None,
    }
    return ParticipantFacts(
        teacher_id=teacher_id,
        lead_provider_id=provider,
        training_periods=tps,
        school_periods=periods,
        partnerships=partnerships,
        declarations=decls,
        completed_on=completed,
        payments_frozen_cohort=teacher["payments_frozen_cohort"],
    )


RULES = {"withdraw": withdraw, "defer": defer, "resume": resume, "change-schedule": change_schedule}


def _hidden(conn: sqlite3.Connection, request: Request, teacher_id: str, provider: str) -> bool:
    """Whether the provider may not act on this person (404, rules 14.1 #2). The
    ``action-on-unseen-participant-422`` fault lets another provider's participant through to
    the rules, which then refuse the course."""
    if visible_participant(conn, teacher_id, provider):
        return False
    exists = conn.execute("SELECT 1 FROM teachers WHERE id = ?", (teacher_id,)).fetchone()
    return exists is None or not faults(request).on("action-on-unseen-participant-422")


async def _act(
    request: Request, provider: str, clock: Clock, teacher_id: str, action: str
) -> Response:
    attributes = await body_attributes(request, ACTION_KEYS[action])
    switches = faults(request)
    with transaction(request) as conn:
        if _hidden(conn, request, teacher_id, provider):
            raise ApiError(404, [NOT_FOUND])
        facts = participant_facts(conn, teacher_id, provider)
        before = snapshot(conn, schools_of(conn, teacher_id))
        outcome = RULES[action](facts, attributes, clock, faults=switches)
        if not outcome.ok:
            raise ApiError(422, outcome.errors)
        if outcome.training_period is not None:
            changes = {**tp_columns(outcome.tp_changes), "transfer_updated_at": clock.now}
            update(conn, "training_periods", outcome.training_period.id, changes)
        if outcome.new_tp is not None:
            insert_training_period(conn, outcome.new_tp, clock.now)
        update(conn, "teachers", teacher_id, outcome.teacher_changes)
        bump_participant(request, teacher_id, clock, action=True)
        if switches.on("participant-action-touches-declarations"):
            conn.execute(
                "UPDATE declarations SET api_updated_at = ? WHERE teacher_id = ?",
                (stamp(clock.now), teacher_id),
            )
        touch_changed(conn, before, stamp(clock.now))
        shown = participant_resource(conn, teacher_id, provider, clock.today, switches)
        return answer(request, shown)


@router.put("/api/v3/participants/{participant_id}/withdraw")
async def withdraw_participant(
    participant_id: str, request: Request, provider: Provider, clock: Now
) -> Response:
    """Withdraw a participant from the provider's training."""
    return await _act(request, provider, clock, participant_id.lower(), "withdraw")


@router.put("/api/v3/participants/{participant_id}/defer")
async def defer_participant(
    participant_id: str, request: Request, provider: Provider, clock: Now
) -> Response:
    """Defer a participant's training."""
    return await _act(request, provider, clock, participant_id.lower(), "defer")


@router.put("/api/v3/participants/{participant_id}/resume")
async def resume_participant(
    participant_id: str, request: Request, provider: Provider, clock: Now
) -> Response:
    """Resume a withdrawn or deferred participant."""
    return await _act(request, provider, clock, participant_id.lower(), "resume")


@router.put("/api/v3/participants/{participant_id}/change-schedule")
async def change_schedule_participant(
    participant_id: str, request: Request, provider: Provider, clock: Now
) -> Response:
    """Move a participant to another schedule and/or cohort."""
    return await _act(request, provider, clock, participant_id.lower(), "change-schedule")
