"""PUT /api/v3/participants/{id}/{withdraw,defer,resume,change-schedule} (rules 14).

Check order (rules 4.3): token (401) -> body shape (400) -> participant visible to the
provider (404) -> rules (422). Success answers 200 with the participant read back.

The module also holds the small request plumbing the write routers share (token lookup,
request clock, envelopes, body shape, fault switches); it reads the platform's state from
``app.state`` (``db``: an ``sqlite3.Connection`` with ``sqlite3.Row`` rows, optional
``db_lock``, optional ``faults`` with ``on(name)``).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from datetime import UTC, date, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from rect_sandbox.rules import Clock, ParticipantFacts, change_schedule, defer, resume, withdraw
from rect_sandbox.rules._model import LONDON
from rect_sandbox.rules._resources import participant
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

BAD_STRUCTURE = "Correct json data structure required. See API docs for reference."
NOT_FOUND = ("Resource not found", "Nothing could be found for the provided details")
ACTION_KEYS = {
    "withdraw": {"reason", "course_identifier"},
    "defer": {"reason", "course_identifier"},
    "resume": {"course_identifier"},
    "change-schedule": {"schedule_identifier", "course_identifier", "cohort"},
}


class Refusal(Exception):
    """A request answered with an error envelope instead of data."""

    def __init__(self, status: int, errors: list[tuple[str, str]]):
        super().__init__(f"{status}: {errors}")
        self.status = status
        self.errors = errors


def fault_on(request: Request, name: str) -> bool:
    """Whether the named fault is switched on for this app."""
    faults = getattr(request.app.state, "faults", None)
    if faults is None:
        return False
    return faults.on(name) if hasattr(faults, "on") else name in faults


def db(request: Request) -> sqlite3.Connection:
    """The app's SQLite connection."""
    return request.app.state.db


def write_lock(request: Request) -> Any:
    """The app's write lock (one is made on first use when the platform has none)."""
    state = request.app.state
    if getattr(state, "db_lock", None) is None:
        state.db_lock = threading.RLock()
    return state.db_lock


def error_response(request: Request, refusal: Refusal) -> JSONResponse:
    """The API's error envelopes (and the error-envelope fault's broken one)."""
    if refusal.status == 401:
        return JSONResponse({"error": "HTTP Token: Access denied"}, status_code=401)
    if refusal.status in (404, 422) and fault_on(request, "error-envelope"):
        return JSONResponse({"error": refusal.errors[0][1]}, status_code=refusal.status)
    body = {"errors": [{"title": title, "detail": detail} for title, detail in refusal.errors]}
    return JSONResponse(body, status_code=refusal.status)


def lead_provider_id(request: Request) -> str:
    """The provider that owns the bearer token (401 otherwise); then the filter-shape 400."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme != "Bearer" or not token.strip():
        raise Refusal(401, [])
    found = db(request).execute("SELECT id FROM lead_providers WHERE token = ?", (token.strip(),)).fetchone()
    if found is None:
        raise Refusal(401, [])
    check_filter_shape(request)
    return found["id"]


def check_filter_shape(request: Request) -> None:
    """A bare ``filter`` query parameter is refused on every endpoint, writes included."""
    if "filter" in request.query_params:
        raise Refusal(400, [("Bad parameter", "Filter must be a hash")])


def request_clock(request: Request) -> Clock:
    """Now and today for this request, travelled by ``X-With-Server-Date`` (rules 20)."""
    raw = request.headers.get("x-with-server-date")
    if raw is None or fault_on(request, "server-date-ignored"):
        now = datetime.now(UTC).replace(microsecond=0)
    else:
        try:
            parsed = datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
        except ValueError:
            raise Refusal(400, [("Bad request", f"X-With-Server-Date {raw!r} is not a date or date-time; send RFC 3339, e.g. 2025-10-01T10:00:00Z")]) from None
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=LONDON)
        now = parsed.astimezone(UTC).replace(microsecond=0)
    return Clock(now=now, today=now.astimezone(LONDON).date())


async def body_attributes(request: Request, known: set[str] | None = None) -> dict:
    """``data.attributes`` of a JSON body; 400 when missing, empty or holding no known key."""
    raw = await request.body()
    try:
        payload = json.loads(raw) if raw else None
    except ValueError:
        raise Refusal(400, [("Bad request", BAD_STRUCTURE)]) from None
    data = payload.get("data") if isinstance(payload, dict) else None
    attributes = data.get("attributes") if isinstance(data, dict) else None
    if not isinstance(attributes, dict) or not attributes:
        raise Refusal(400, [("Bad request", BAD_STRUCTURE)])
    if known is not None and not known & attributes.keys():
        raise Refusal(400, [("Bad request", BAD_STRUCTURE)])
    return attributes


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


async def _act(request: Request, teacher_id: str, action: str) -> JSONResponse:
    try:
        provider = lead_provider_id(request)
        clock = request_clock(request)
        attributes = await body_attributes(request, ACTION_KEYS[action])
        conn = db(request)
        with write_lock(request):
            if not visible_participant(conn, teacher_id, provider):
                raise Refusal(404, [NOT_FOUND])
            facts = participant_facts(conn, teacher_id, provider)
            if action == "withdraw":
                outcome = withdraw(facts, attributes, clock, check_repeat=not fault_on(request, "withdraw-twice-allowed"))
            else:
                outcome = RULES[action](facts, attributes, clock)
            if not outcome.ok:
                raise Refusal(422, outcome.errors)
            if outcome.training_period is not None:
                changes = {**tp_columns(outcome.tp_changes), "transfer_updated_at": clock.now}
                update(conn, "training_periods", outcome.training_period.id, changes)
            if outcome.new_tp is not None:
                save_new_tp(conn, outcome.new_tp, clock)
            update(conn, "teachers", teacher_id, outcome.teacher_changes)
            bump_participant(request, teacher_id, clock, action=True)
            conn.commit()
            return JSONResponse({"data": participant(conn, teacher_id, provider, clock.today)})
    except Refusal as refusal:
        return error_response(request, refusal)


@router.put("/api/v3/participants/{participant_id}/withdraw")
async def withdraw_participant(participant_id: str, request: Request) -> JSONResponse:
    """Withdraw a participant from the provider's training."""
    return await _act(request, participant_id, "withdraw")


@router.put("/api/v3/participants/{participant_id}/defer")
async def defer_participant(participant_id: str, request: Request) -> JSONResponse:
    """Defer a participant's training."""
    return await _act(request, participant_id, "defer")


@router.put("/api/v3/participants/{participant_id}/resume")
async def resume_participant(participant_id: str, request: Request) -> JSONResponse:
    """Resume a withdrawn or deferred participant."""
    return await _act(request, participant_id, "resume")


@router.put("/api/v3/participants/{participant_id}/change-schedule")
async def change_schedule_participant(participant_id: str, request: Request) -> JSONResponse:
    """Move a participant to another schedule and/or cohort."""
    return await _act(request, participant_id, "change-schedule")
