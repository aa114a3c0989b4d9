"""Test support API: what a school, an appropriate body or DfE would do, on demand.

Outside ``/api/v3``; the same bearer tokens; every operation acts for the token's provider.
Bodies are ``{"data": {"attributes": {...}}}``; errors use the API's envelopes. See
``rect_sandbox/TEST_SUPPORT.md`` for the table of operations and a lifecycle example.

- ``GET /test-support``: ``{"data": {"test_support": true, "operations": [...]}}``.
- ``POST /test-support/participants``: register an ECT or mentor at a partnered school.
- ``POST /test-support/participants/{id}/leave``: school-reported leaving, optional joining.
- ``POST /test-support/participants/{id}/funding-eligibility``: mark funding-eligible.
- ``POST /test-support/participants/{id}/mentor``: assign a mentor to an ECT.
- ``POST /test-support/participants/{id}/induction-completion``: record induction end.
- ``PUT /test-support/statements/{id}``: move a statement to payable or paid.
- ``PUT /test-support/participant-declarations/{id}``: payable / paid / clawed-back shortcut.
"""

from __future__ import annotations

import sqlite3
import uuid
from datetime import date, timedelta

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from rect_sandbox._http import (
    NOT_FOUND,
    ApiError,
    authenticate,
    body_attributes,
    db,
    error_response,
    request_clock,
)
from rect_sandbox._programme import schools_of, snapshot, touch_changed
from rect_sandbox._reference import (
    COHORTS,
    COURSE_IDENTIFIERS,
    default_schedule_identifier,
    family_allows_role,
)
from rect_sandbox._serialize import visible_participant
from rect_sandbox.routers._writes import (
    answer,
    bump_participant,
    declaration_view,
    participant_view,
    save_new_tp,
    statement_view,
    transaction,
)
from rect_sandbox.rules import Clock, eligibility_moves, statement_moves
from rect_sandbox.rules._model import TrainingPeriod, latest
from rect_sandbox.rules._storage import (
    declaration,
    insert,
    rows,
    stamp,
    statement,
    training_period,
    update,
)

router = APIRouter()

OPERATIONS = [
    {
        "method": "POST",
        "path": "/test-support/participants",
        "does": "register an ECT or mentor at a partnered school",
    },
    {
        "method": "POST",
        "path": "/test-support/participants/{id}/leave",
        "does": "school reports leaving, optional joining elsewhere",
    },
    {
        "method": "POST",
        "path": "/test-support/participants/{id}/funding-eligibility",
        "does": "mark funding-eligible for a course",
    },
    {
        "method": "POST",
        "path": "/test-support/participants/{id}/mentor",
        "does": "assign a mentor to an ECT",
    },
    {
        "method": "POST",
        "path": "/test-support/participants/{id}/induction-completion",
        "does": "record the end of induction",
    },
    {
        "method": "PUT",
        "path": "/test-support/statements/{id}",
        "does": "move a statement to payable or paid",
    },
    {
        "method": "PUT",
        "path": "/test-support/participant-declarations/{id}",
        "does": "make a declaration payable, paid or clawed-back",
    },
]


def _text(value: object) -> str | None:
    """Text attributes only; anything else counts as absent (and is then refused or defaulted)."""
    return value if isinstance(value, str) and value else None


def _when(value: object, default: date, name: str) -> date:
    if value in (None, ""):
        return default
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ApiError(422, [(name, f"'{value}' is not a date; send YYYY-MM-DD")]) from None


def _role(attributes: dict) -> str:
    course = attributes.get("course_identifier")
    role = COURSE_IDENTIFIERS.get(course) if isinstance(course, str) else None
    if role is None:
        raise ApiError(
            422, [("course_identifier", "Send course_identifier 'ecf-induction' or 'ecf-mentor'")]
        )
    return role


def _our_tp(conn: sqlite3.Connection, teacher_id: str, provider: str, role: str) -> TrainingPeriod:
    ours = [
        training_period(r)
        for r in rows(
            conn,
            "SELECT * FROM training_periods WHERE teacher_id = ? AND role = ? AND "
            "lead_provider_id = ?"
            " AND partnership_id IS NOT NULL",
            teacher_id,
            role,
            provider,
        )
    ]
    tp = latest(ours)
    if tp is None:
        raise ApiError(
            422,
            [
                (
                    "course_identifier",
                    f"this provider does not train the participant as {role}; register them first",
                )
            ],
        )
    return tp


def _partnership_at(
    conn: sqlite3.Connection, provider: str, school_id: object, cohort: int
) -> sqlite3.Row:
    found = conn.execute(
        "SELECT * FROM partnerships WHERE lead_provider_id = ? AND school_id = ? AND cohort = ? "
        "ORDER BY created_at DESC",
        (provider, school_id, cohort),
    ).fetchone()
    if found is None:
        raise ApiError(
            422,
            [
                (
                    "school_id",
                    f"provider has no partnership with school {school_id} in cohort {cohort}; "
                    "create one with POST /api/v3/partnerships",
                )
            ],
        )
    return found


def _check_interest(
    conn: sqlite3.Connection, provider: str, school_id: str | None, cohort: int
) -> None:
    """An expression of interest needs a real school the provider does not partner yet."""
    if (
        school_id is None
        or conn.execute("SELECT 1 FROM schools WHERE id = ?", (school_id,)).fetchone() is None
    ):
        raise ApiError(
            422, [("school_id", f"school '{school_id}' does not exist; send the id of a school")]
        )
    taken = conn.execute(
        "SELECT 1 FROM partnerships WHERE lead_provider_id = ? AND school_id = ? AND cohort = ?",
        (provider, school_id, cohort),
    ).fetchone()
    if taken is not None:
        raise ApiError(
            422,
            [
                (
                    "expression_of_interest",
                    "the provider already partners this school in this cohort; leave "
                    "expression_of_interest out",
                )
            ],
        )


def _cohort(value: object) -> int:
    try:
        year = int(str(value))
    except ValueError:
        year = 0
    if year not in COHORTS:
        raise ApiError(
            422,
            [("cohort", f"'{value}' is not a cohort; send one of {', '.join(map(str, COHORTS))}")],
        )
    return year


def _start_training(
    conn: sqlite3.Connection,
    teacher_id: str,
    role: str,
    school_id: str,
    partnership_row: sqlite3.Row | None,
    provider: str | None,
    cohort: int | None,
    start: date,
    schedule: str | None,
    email: str | None,
    clock: Clock,
) -> str:
    """A new school period and its first TP (school-led when there is no partnership); the TP id."""
    period_id = str(uuid.uuid4())
    insert(
        conn,
        "school_periods",
        {
            "id": period_id,
            "teacher_id": teacher_id,
            "role": role,
            "school_id": school_id,
            "start_date": start,
            "email": email,
            "created_at": clock.now,
        },
    )
    tp_id = str(uuid.uuid4())
    save_new_tp(
        conn,
        TrainingPeriod(
            id=tp_id,
            teacher_id=teacher_id,
            role=role,
            school_period_id=period_id,
            lead_provider_id=provider,
            partnership_id=partnership_row["id"] if partnership_row else None,
            cohort=cohort,
            schedule_identifier=schedule,
            start=start,
        ),
        clock,
    )
    return tp_id


@router.get("/test-support")
async def describe(request: Request) -> Response:
    """Say that test support is available and list its operations."""
    authenticate(request)
    # Plain JSON on purpose: the API's response faults do not reach the test-support paths.
    return JSONResponse({"data": {"test_support": True, "operations": OPERATIONS}})


@router.post("/test-support/participants")
async def register(request: Request) -> Response:
    """Register a new ECT or mentor (or a new role for an existing person) at a partnered school."""
    provider = authenticate(request)
    clock = request_clock(request)
    attrs = await body_attributes(request)
    role = _role(attrs)
    cohort = _cohort(attrs.get("cohort"))
    conn = db(request)
    with transaction(request):
        interest_only = attrs.get("expression_of_interest") is True
        school_id = _text(attrs.get("school_id"))
        found = None if interest_only else _partnership_at(conn, provider, school_id, cohort)
        if interest_only:
            _check_interest(conn, provider, school_id, cohort)
        start = _when(attrs.get("start_date"), clock.today, "start_date")
        schedule = _text(attrs.get("schedule_identifier")) or default_schedule_identifier(
            start, role
        )
        if not family_allows_role(schedule, role):
            raise ApiError(
                422,
                [
                    (
                        "schedule_identifier",
                        f"'{schedule}' is not a schedule for {role}s; leave it out for the default",
                    )
                ],
            )
        teacher_id = _text(attrs.get("participant_id"))
        now = stamp(clock.now)
        before = snapshot(conn, [school_id])
        if teacher_id:
            if (
                conn.execute("SELECT 1 FROM teachers WHERE id = ?", (teacher_id,)).fetchone()
                is None
            ):
                raise ApiError(404, [NOT_FOUND])
        else:
            teacher_id = str(uuid.uuid4())
            insert(
                conn,
                "teachers",
                {
                    "id": teacher_id,
                    "trn": _text(attrs.get("teacher_reference_number")),
                    "full_name": _text(attrs.get("full_name")) or "Test Participant",
                    "created_at": now,
                    "api_updated_at": now,
                },
            )
        update(conn, "teachers", teacher_id, {f"{role}_training_record_id": str(uuid.uuid4())})
        if role == "mentor":
            update(conn, "teachers", teacher_id, {"unfunded_mentor_updated_at": now})
        if attrs.get("funding_eligible"):
            update(conn, "teachers", teacher_id, {f"{role}_eligible_at": now})
        email = _text(attrs.get("email")) or f"{teacher_id[:8]}@example.com"
        if interest_only:
            tp_id = _start_training(
                conn,
                teacher_id,
                role,
                str(school_id),
                None,
                None,
                cohort,
                start,
                schedule,
                email,
                clock,
            )
            update(conn, "training_periods", tp_id, {"eoi_lead_provider_id": provider})
        else:
            _start_training(
                conn,
                teacher_id,
                role,
                found["school_id"],
                found,
                provider,
                cohort,
                start,
                schedule,
                email,
                clock,
            )
        bump_participant(request, teacher_id, clock)
        touch_changed(conn, before, now)
        if interest_only:
            # Not visible through the API until a partnership exists, so only the id is given.
            return answer(
                request,
                {"id": teacher_id, "type": "participant", "expression_of_interest_only": True},
            )
        return answer(request, participant_view(request, teacher_id, provider, clock.today))


async def _participant_op(request: Request, teacher_id: str, operation) -> Response:
    provider = authenticate(request)
    clock = request_clock(request)
    attrs = await body_attributes(request)
    conn = db(request)
    with transaction(request):
        if not visible_participant(conn, teacher_id, provider):
            raise ApiError(404, [NOT_FOUND])
        joining = attrs.get("joining")
        before = snapshot(
            conn,
            [
                *schools_of(conn, teacher_id),
                joining.get("school_id") if isinstance(joining, dict) else None,
            ],
        )
        operation(conn, teacher_id, provider, attrs, clock)
        bump_participant(request, teacher_id, clock)
        touch_changed(conn, before, stamp(clock.now))
        return answer(request, participant_view(request, teacher_id, provider, clock.today))


def _leave(
    conn: sqlite3.Connection, teacher_id: str, provider: str, attrs: dict, clock: Clock
) -> None:
    role = _role(attrs)
    tp = _our_tp(conn, teacher_id, provider, role)
    last_day = _when(attrs.get("date"), clock.today, "date")
    conn.execute(
        "UPDATE school_periods SET end_date = ? WHERE id = ?",
        (last_day.isoformat(), tp.school_period_id),
    )
    ends = last_day if tp.end is None or tp.end > last_day else tp.end
    update(conn, "training_periods", tp.id, {"end_date": ends, "transfer_updated_at": clock.now})
    joining = attrs.get("joining")
    if not isinstance(joining, dict):
        return
    school_id = _text(joining.get("school_id"))
    if conn.execute("SELECT 1 FROM schools WHERE id = ?", (school_id,)).fetchone() is None:
        raise ApiError(
            422, [("joining", f"school '{school_id}' does not exist; send the id of a school")]
        )
    start = _when(joining.get("start_date"), last_day + timedelta(days=1), "joining.start_date")
    new_provider = _text(joining.get("lead_provider_id"))
    cohort = _cohort(joining.get("cohort", tp.cohort))
    if new_provider is None:
        # School-led training still belongs to a cohort: it is what makes a school school-led.
        _start_training(
            conn, teacher_id, role, school_id, None, None, cohort, start, None, None, clock
        )
        return
    found = _partnership_at(conn, new_provider, school_id, cohort)
    schedule = _text(joining.get("schedule_identifier")) or default_schedule_identifier(start, role)
    if not family_allows_role(schedule, role):
        raise ApiError(
            422,
            [
                (
                    "joining",
                    f"'{schedule}' is not a schedule for {role}s; leave it out for the default",
                )
            ],
        )
    _start_training(
        conn, teacher_id, role, school_id, found, new_provider, cohort, start, schedule, None, clock
    )


def _eligible(
    conn: sqlite3.Connection, teacher_id: str, provider: str, attrs: dict, clock: Clock
) -> None:
    role = _role(attrs)
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
    for declaration_id, changes in eligibility_moves(
        decls, cohort_of, statements, clock.today
    ).items():
        update(conn, "declarations", declaration_id, {**changes, "api_updated_at": clock.now})


def _mentor(
    conn: sqlite3.Connection, teacher_id: str, provider: str, attrs: dict, clock: Clock
) -> None:
    """A new mentorship at the ECT's latest school period; like a school's reassignment, it ends
    the mentorships still running there on its start date and replaces any starting later."""
    mentor_id = _text(attrs.get("mentor_id"))
    if conn.execute("SELECT 1 FROM teachers WHERE id = ?", (mentor_id,)).fetchone() is None:
        raise ApiError(
            422,
            [
                (
                    "mentor_id",
                    f"'{mentor_id}' is not a participant id; send the mentor's participant id",
                )
            ],
        )
    period = conn.execute(
        "SELECT id FROM school_periods WHERE teacher_id = ? AND role = 'ect'"
        " ORDER BY start_date DESC, created_at DESC LIMIT 1",
        (teacher_id,),
    ).fetchone()
    if period is None:
        raise ApiError(
            422,
            [
                (
                    "participant_id",
                    "only an ECT can be given a mentor; register the participant as an ECT first",
                )
            ],
        )
    start = _when(attrs.get("start_date"), clock.today, "start_date").isoformat()
    conn.execute(
        "DELETE FROM mentorships WHERE ect_school_period_id = ? AND start_date >= ?",
        (period["id"], start),
    )
    conn.execute(
        "UPDATE mentorships SET end_date = ? WHERE ect_school_period_id = ? AND (end_date IS NULL "
        "OR end_date > ?)",
        (start, period["id"], start),
    )
    insert(
        conn,
        "mentorships",
        {
            "id": str(uuid.uuid4()),
            "ect_teacher_id": teacher_id,
            "mentor_teacher_id": mentor_id,
            "start_date": start,
            "ect_school_period_id": period["id"],
        },
    )


def _induction(
    conn: sqlite3.Connection, teacher_id: str, provider: str, attrs: dict, clock: Clock
) -> None:
    update(
        conn,
        "teachers",
        teacher_id,
        {"induction_end_date": _when(attrs.get("date"), clock.today, "date")},
    )


OPERATION_FUNCS = {
    "leave": _leave,
    "funding-eligibility": _eligible,
    "mentor": _mentor,
    "induction-completion": _induction,
}


@router.post("/test-support/participants/{participant_id}/{operation}")
async def participant_operation(participant_id: str, operation: str, request: Request) -> Response:
    """Run one of the school/DfE operations on a participant the provider can see."""
    if operation not in OPERATION_FUNCS:
        return JSONResponse({"error": "Resource not found"}, status_code=404)
    return await _participant_op(request, participant_id, OPERATION_FUNCS[operation])


def move_statement(conn: sqlite3.Connection, statement_id: str, status: str, clock: Clock) -> None:
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
        moves = statement_moves(target, status, decls)
    except ValueError as exc:
        raise ApiError(422, [("status", str(exc))]) from None
    for declaration_id, changes in moves.items():
        update(conn, "declarations", declaration_id, {**changes, "api_updated_at": clock.now})
    update(conn, "statements", statement_id, {"status": status, "api_updated_at": clock.now})


@router.put("/test-support/statements/{statement_id}")
async def set_statement_status(statement_id: str, request: Request) -> Response:
    """Move one of the provider's statements to payable or paid."""
    provider = authenticate(request)
    clock = request_clock(request)
    conn = db(request)
    if (
        conn.execute(
            "SELECT 1 FROM statements WHERE id = ? AND lead_provider_id = ?",
            (statement_id, provider),
        ).fetchone()
        is None
    ):
        raise ApiError(404, [NOT_FOUND])
    attrs = await body_attributes(request)
    with transaction(request):
        move_statement(conn, statement_id, str(attrs.get("status")), clock)
        return answer(request, statement_view(request, statement_id))


@router.put("/test-support/participant-declarations/{declaration_id}")
async def set_declaration_state(declaration_id: str, request: Request) -> Response:
    """Shortcut: make a declaration payable or paid (via its statement) or clawed back."""
    provider = authenticate(request)
    clock = request_clock(request)
    conn = db(request)
    row = conn.execute(
        "SELECT * FROM declarations WHERE id = ? AND lead_provider_id = ?",
        (declaration_id, provider),
    ).fetchone()
    if row is None:
        raise ApiError(404, [NOT_FOUND])
    attrs = await body_attributes(request)
    wanted = attrs.get("state")
    with transaction(request):
        if wanted in ("payable", "paid"):
            if row["statement_id"] is None:
                raise ApiError(
                    422,
                    [
                        (
                            "state",
                            "the declaration has no statement yet; mark the participant "
                            "funding-eligible first",
                        )
                    ],
                )
            move_statement(conn, row["statement_id"], str(wanted), clock)
        elif wanted == "clawed-back":
            if row["clawback_statement_id"] is None:
                raise ApiError(
                    422,
                    [
                        (
                            "state",
                            "the declaration is not awaiting clawback; void it after it is paid",
                        )
                    ],
                )
            move_statement(conn, row["clawback_statement_id"], "paid", clock)
        else:
            raise ApiError(
                422, [("state", f"'{wanted}' cannot be set; send payable, paid or clawed-back")]
            )
        return answer(request, declaration_view(request, declaration_id))


def seed_minimal(conn: sqlite3.Connection, providers: int = 3) -> list[dict]:
    """A small deterministic world for the write side on its own: providers with tokens,
    delivery partners and partnerships in every cohort, schools, and output statements.

    Returns the providers as ``{"name", "id", "token"}``. The platform's seed replaces this when
    the full app is used.
    """

    def uid(*parts: object) -> str:
        """A stable id from a path of names, so the same seed gives the same ids."""
        return str(
            uuid.uuid5(uuid.NAMESPACE_URL, "rect-sandbox-writes/" + "/".join(map(str, parts)))
        )

    created = "2021-06-01T09:00:00Z"
    made = []
    for n in range(8):
        conn.execute(
            "INSERT INTO schools (id, urn, name, eligible, created_at) VALUES (?, ?, ?, ?, ?)",
            (uid("school", n), str(100000 + n), f"School {n}", int(n != 7), created),
        )
        for year in COHORTS:
            conn.execute(
                "INSERT INTO school_cohorts (school_id, cohort, pupil_premium_uplift,"
                " sparsity_uplift, api_updated_at) VALUES (?, ?, ?, ?, ?)",
                (uid("school", n), year, int(n == 0), 0, created),
            )
    # School 6 runs its own induction: a school-led ECT in every cohort makes it school-led.
    for year in COHORTS:
        teacher, period = uid("school-led ect", year), uid("school-led period", year)
        conn.execute(
            "INSERT INTO teachers (id, full_name, ect_training_record_id, created_at, "
            "api_updated_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (teacher, f"School-led ECT {year}", uid("school-led record", year), created, created),
        )
        conn.execute(
            "INSERT INTO school_periods (id, teacher_id, role, school_id, start_date, created_at)"
            " VALUES (?, 'ect', ?, ?, ?, ?)",
            (period, teacher, uid("school", 6), f"{year}-09-01", created),
        )
        conn.execute(
            "INSERT INTO training_periods (id, teacher_id, role, school_period_id, cohort, "
            "start_date, created_at)"
            " VALUES (?, ?, 'ect', ?, ?, ?, ?)",
            (uid("school-led tp", year), teacher, period, year, f"{year}-09-01", created),
        )
    for p in range(providers):
        provider = {
            "name": f"Provider {p + 1}",
            "id": uid("lp", p),
            "token": uuid.uuid5(uuid.NAMESPACE_DNS, f"t{p}").hex,
        }
        made.append(provider)
        conn.execute(
            "INSERT INTO lead_providers (id, name, token) VALUES (?, ?, ?)",
            (provider["id"], provider["name"], provider["token"]),
        )
        for d in range(3):
            conn.execute(
                "INSERT INTO delivery_partners (id, name, created_at, api_updated_at) VALUES (?, "
                "?, ?, ?)",
                (uid("dp", p, d), f"Partner {p}-{d}", created, created),
            )
        for year in COHORTS:
            for d in range(2):
                conn.execute(
                    "INSERT INTO delivery_partnerships VALUES (?, ?, ?)",
                    (provider["id"], uid("dp", p, d), year),
                )
            # Schools 0-2 are partnered in every cohort; schools 3+ are left free to partner.
            for n in range(3):
                conn.execute(
                    "INSERT INTO partnerships VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        uid("partnership", p, year, n),
                        provider["id"],
                        uid("school", n),
                        uid("dp", p, 0),
                        year,
                        created,
                        created,
                    ),
                )
            for k in range(40):
                month = (11 + k - 1) % 12 + 1
                pay_year = year + (10 + k) // 12
                paid_on = date(pay_year, month, 25)
                deadline = paid_on.replace(day=1) - timedelta(days=1)
                conn.execute(
                    "INSERT INTO statements VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        uid("statement", p, year, k),
                        provider["id"],
                        year,
                        deadline.isoformat(),
                        paid_on.isoformat(),
                        "open",
                        int(month in (1, 4, 8, 11)),
                        created,
                        created,
                    ),
                )
    conn.commit()
    return made


def write_routers() -> list[APIRouter]:
    """Every router of the write side, test support last (for the app's router list)."""
    from rect_sandbox.routers import declaration_writes, participant_actions, partnership_writes

    return [
        participant_actions.router,
        declaration_writes.router,
        partnership_writes.router,
        router,
    ]


def standalone_app(*, faults: tuple[str, ...] = ()):
    """Every API router on a small world of its own (``seed_minimal``) instead of the full seed:
    the write side's tests use it so that their setup does not depend on the big seed."""
    from fastapi import FastAPI

    from rect_sandbox._db import connect, new_lock
    from rect_sandbox._faults import faults_from
    from rect_sandbox.routers import all_routers

    app = FastAPI()
    conn = connect(":memory:")
    app.state.db = conn
    app.state.faults = faults_from(faults)
    app.state.db_lock = new_lock()
    app.state.lead_providers = seed_minimal(conn)
    app.state.tokens = {p["token"]: p["id"] for p in app.state.lead_providers}
    app.state.provider_names = {p["id"]: p["name"] for p in app.state.lead_providers}
    app.add_exception_handler(ApiError, error_response)
    for each in all_routers():
        app.include_router(each)
    return app
