"""What a school or an appropriate body does to a participant, for the test-support API: register
an ECT or mentor, report a leaver (and a joiner elsewhere), assign a mentor, record the end of
induction.

In the real service these come from other users, never from a lead provider, so there is no
published rule to follow beyond the data model (rules 12, 17, 18): these functions write the
stored facts directly, through ``_storage``, on a connection inside the caller's transaction.
A request the facts do not allow raises ``Refused`` (the caller answers 422 with its errors);
a person that does not exist raises ``Unknown`` (404). Nothing here knows of HTTP.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable
from datetime import date, timedelta

from rect_sandbox._faults import NO_FAULTS, Faults
from rect_sandbox._programme import schools_of, snapshot, touch_changed
from rect_sandbox._reference import (
    COHORTS,
    COURSE_IDENTIFIERS,
    default_schedule_identifier,
    family_allows_role,
)
from rect_sandbox.rules._model import Clock, Error, TrainingPeriod, latest
from rect_sandbox.rules._storage import (
    insert,
    insert_training_period,
    rows,
    stamp,
    training_period,
    update,
)


class Refused(Exception):
    """The stored facts do not allow the event; ``errors`` are ``(title, detail)`` pairs."""

    def __init__(self, *errors: Error):
        super().__init__("; ".join(detail for _, detail in errors))
        self.errors = list(errors)


class Unknown(Exception):
    """The event names a person that does not exist."""


def text(value: object) -> str | None:
    """Text attributes only; anything else counts as absent (and is then refused or defaulted)."""
    return value if isinstance(value, str) and value else None


def day_of(value: object, default: date, name: str) -> date:
    """A ``YYYY-MM-DD`` attribute, ``default`` when absent; ``Refused`` when not a date."""
    if value in (None, ""):
        return default
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise Refused((name, f"'{value}' is not a date; send YYYY-MM-DD")) from None


def role_of(attributes: dict) -> str:
    """The role a ``course_identifier`` attribute names; ``Refused`` for anything else."""
    course = attributes.get("course_identifier")
    role = COURSE_IDENTIFIERS.get(course) if isinstance(course, str) else None
    if role is None:
        raise Refused(
            ("course_identifier", "Send course_identifier 'ecf-induction' or 'ecf-mentor'")
        )
    return role


def _cohort(value: object) -> int:
    try:
        year = int(str(value))
    except ValueError:
        year = 0
    if year not in COHORTS:
        raise Refused(
            ("cohort", f"'{value}' is not a cohort; send one of {', '.join(map(str, COHORTS))}")
        )
    return year


def _schedule(value: object, start: date, role: str, title: str) -> str:
    """The schedule asked for, or the default for the start date; it must suit the role."""
    schedule = text(value) or default_schedule_identifier(start, role)
    if not family_allows_role(schedule, role):
        raise Refused(
            (title, f"'{schedule}' is not a schedule for {role}s; leave it out for the default")
        )
    return schedule


def _our_tp(conn: sqlite3.Connection, teacher_id: str, provider: str, role: str) -> TrainingPeriod:
    ours = [
        training_period(r)
        for r in rows(
            conn,
            "SELECT * FROM training_periods WHERE teacher_id = ? AND role = ? AND "
            "lead_provider_id = ? AND partnership_id IS NOT NULL",
            teacher_id,
            role,
            provider,
        )
    ]
    tp = latest(ours)
    if tp is None:
        raise Refused(
            (
                "course_identifier",
                f"this provider does not train the participant as {role}; register them first",
            )
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
        raise Refused(
            (
                "school_id",
                f"provider has no partnership with school {school_id} in cohort {cohort}; "
                "create one with POST /api/v3/partnerships",
            )
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
        raise Refused(
            ("school_id", f"school '{school_id}' does not exist; send the id of a school")
        )
    taken = conn.execute(
        "SELECT 1 FROM partnerships WHERE lead_provider_id = ? AND school_id = ? AND cohort = ?",
        (provider, school_id, cohort),
    ).fetchone()
    if taken is not None:
        raise Refused(
            (
                "expression_of_interest",
                "the provider already partners this school in this cohort; leave "
                "expression_of_interest out",
            )
        )


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
    *,
    period_id: str | None = None,
) -> str:
    """A TP (school-led when there is no partnership) in the school period ``period_id``, or in
    a new one starting with it; the TP id."""
    if period_id is None:
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
    insert_training_period(
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
        clock.now,
    )
    return tp_id


def _person(conn: sqlite3.Connection, attrs: dict, role: str, now: str) -> str:
    """The person being registered: an existing one (``participant_id``) or a new one."""
    teacher_id = text(attrs.get("participant_id"))
    if teacher_id:
        if conn.execute("SELECT 1 FROM teachers WHERE id = ?", (teacher_id,)).fetchone() is None:
            raise Unknown(teacher_id)
    else:
        teacher_id = str(uuid.uuid4())
        insert(
            conn,
            "teachers",
            {
                "id": teacher_id,
                "trn": text(attrs.get("teacher_reference_number")),
                "full_name": text(attrs.get("full_name")) or "Test Participant",
                "created_at": now,
                "api_updated_at": now,
            },
        )
    update(conn, "teachers", teacher_id, {f"{role}_training_record_id": str(uuid.uuid4())})
    if role == "mentor":
        update(conn, "teachers", teacher_id, {"unfunded_mentor_updated_at": now})
    if attrs.get("funding_eligible"):
        update(conn, "teachers", teacher_id, {f"{role}_eligible_at": now})
    return teacher_id


def _email_on_file(conn: sqlite3.Connection, teacher_id: str) -> str:
    """The address a school registering this person gives when the request names none: the one
    on their latest school period, or a made-up one for someone new. A school cannot register
    anyone without an email, and every enrolment shows one (rules 12.2)."""
    found = conn.execute(
        "SELECT email FROM school_periods WHERE teacher_id = ? AND email IS NOT NULL"
        " ORDER BY start_date DESC, created_at DESC LIMIT 1",
        (teacher_id,),
    ).fetchone()
    return found["email"] if found is not None else f"{teacher_id[:8]}@example.com"


def register(conn: sqlite3.Connection, provider: str, attrs: dict, clock: Clock) -> str:
    """A school registers an ECT or mentor (or a new role of an existing person) trained by
    ``provider`` at a school it partners, or, with ``expression_of_interest``, only names the
    provider (no partnership yet, so the person stays invisible to it). The person's id."""
    role = role_of(attrs)
    cohort = _cohort(attrs.get("cohort"))
    interest_only = attrs.get("expression_of_interest") is True
    school_id = text(attrs.get("school_id"))
    found = None if interest_only else _partnership_at(conn, provider, school_id, cohort)
    if interest_only:
        _check_interest(conn, provider, school_id, cohort)
    start = day_of(attrs.get("start_date"), clock.today, "start_date")
    schedule = _schedule(attrs.get("schedule_identifier"), start, role, "schedule_identifier")
    now = stamp(clock.now)
    before = snapshot(conn, [school_id])
    teacher_id = _person(conn, attrs, role, now)
    email = text(attrs.get("email")) or _email_on_file(conn, teacher_id)
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
        school_id = found["school_id"]
        _start_training(
            conn,
            teacher_id,
            role,
            school_id,
            found,
            provider,
            cohort,
            start,
            schedule,
            email,
            clock,
        )
    update(conn, "teachers", teacher_id, {"api_updated_at": now})
    touch_changed(conn, before, now)
    return teacher_id


def participant_event(
    conn: sqlite3.Connection,
    event: Callable[..., None],
    teacher_id: str,
    provider: str,
    attrs: dict,
    clock: Clock,
    *,
    faults: Faults = NO_FAULTS,
    touches_participant: bool = True,
) -> None:
    """Apply ``event`` to a person the provider can see, with the timestamps it moves: the
    participant's (unless a fault says otherwise: ``touches_participant``), and the per-cohort
    ones of every school whose derived facts change. ``faults`` reach the event; only DfE's
    eligibility move has faults of its own."""
    joining = attrs.get("joining")
    joined = joining.get("school_id") if isinstance(joining, dict) else None
    before = snapshot(conn, [*schools_of(conn, teacher_id), joined])
    event(conn, teacher_id, provider, attrs, clock, faults=faults)
    if touches_participant:
        update(conn, "teachers", teacher_id, {"api_updated_at": stamp(clock.now)})
    touch_changed(conn, before, stamp(clock.now))


def leave(
    conn: sqlite3.Connection,
    teacher_id: str,
    provider: str,
    attrs: dict,
    clock: Clock,
    *,
    faults: Faults = NO_FAULTS,
) -> None:
    """The school reports the person's last day of training with this provider; ``joining``
    starts them at a school with another provider, this one, or school-led (no
    ``lead_provider_id``). Joining at the same school keeps their stay there: the school only
    changed who trains them, so the new TP shares the school period, which goes on."""
    role = role_of(attrs)
    tp = _our_tp(conn, teacher_id, provider, role)
    last_day = day_of(attrs.get("date"), clock.today, "date")
    joining = attrs.get("joining")
    school_id = text(joining.get("school_id")) if isinstance(joining, dict) else None
    stay = conn.execute(
        "SELECT school_id FROM school_periods WHERE id = ?", (tp.school_period_id,)
    ).fetchone()
    stays = stay is not None and school_id == stay["school_id"]
    if not stays:
        conn.execute(
            "UPDATE school_periods SET end_date = ? WHERE id = ?",
            (last_day.isoformat(), tp.school_period_id),
        )
    ends = last_day if tp.end is None or tp.end > last_day else tp.end
    update(conn, "training_periods", tp.id, {"end_date": ends, "transfer_updated_at": clock.now})
    if not isinstance(joining, dict):
        return
    if conn.execute("SELECT 1 FROM schools WHERE id = ?", (school_id,)).fetchone() is None:
        raise Refused(("joining", f"school '{school_id}' does not exist; send the id of a school"))
    start = day_of(joining.get("start_date"), last_day + timedelta(days=1), "joining.start_date")
    email = text(joining.get("email")) or _email_on_file(conn, teacher_id)
    new_provider = text(joining.get("lead_provider_id"))
    cohort = _cohort(joining.get("cohort", tp.cohort))
    # School-led training (no provider) has neither partnership nor schedule, yet still belongs
    # to a cohort: it is what makes a school school-led.
    found, schedule = None, None
    if new_provider is not None:
        found = _partnership_at(conn, new_provider, school_id, cohort)
        schedule = _schedule(joining.get("schedule_identifier"), start, role, "joining")
    _start_training(
        conn,
        teacher_id,
        role,
        school_id,
        found,
        new_provider,
        cohort,
        start,
        schedule,
        email,
        clock,
        period_id=tp.school_period_id if stays else None,
    )


def assign_mentor(
    conn: sqlite3.Connection,
    teacher_id: str,
    provider: str,
    attrs: dict,
    clock: Clock,
    *,
    faults: Faults = NO_FAULTS,
) -> None:
    """A new mentorship at the ECT's latest school period; like a school's reassignment, it ends
    the mentorships still running there on its start date and replaces any starting later."""
    mentor_id = text(attrs.get("mentor_id"))
    if conn.execute("SELECT 1 FROM teachers WHERE id = ?", (mentor_id,)).fetchone() is None:
        raise Refused(
            (
                "mentor_id",
                f"'{mentor_id}' is not a participant id; send the mentor's participant id",
            )
        )
    period = conn.execute(
        "SELECT id FROM school_periods WHERE teacher_id = ? AND role = 'ect'"
        " ORDER BY start_date DESC, created_at DESC LIMIT 1",
        (teacher_id,),
    ).fetchone()
    if period is None:
        raise Refused(
            (
                "participant_id",
                "only an ECT can be given a mentor; register the participant as an ECT first",
            )
        )
    start = day_of(attrs.get("start_date"), clock.today, "start_date").isoformat()
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


def complete_induction(
    conn: sqlite3.Connection,
    teacher_id: str,
    provider: str,
    attrs: dict,
    clock: Clock,
    *,
    faults: Faults = NO_FAULTS,
) -> None:
    """An appropriate body records the end of the person's induction."""
    ended = day_of(attrs.get("date"), clock.today, "date")
    update(conn, "teachers", teacher_id, {"induction_end_date": ended})
