"""Prediction for ``POST /participant-declarations``: the V1-V19 pipeline (rules §16.3).

The checks run in order and most stand down once an earlier one failed; each gate below is the
server's own (which titles must be clear for the check to run), so the errors predicted are the
exact set the server sends. A few gates make the server compare a date it cannot read; it then
answers a bare 400, predicted as ``status=400`` with no errors (rules §16.3 date notes).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from rect_conformance.oracle._completion import OPEN, first_statement, settle
from rect_conformance.oracle._milestones import milestone, window_errors
from rect_conformance.oracle._model import (
    Declaration,
    Outcome,
    Participant,
    TrainingPeriod,
    World,
)
from rect_conformance.oracle._reference import (
    COURSE_IDENTIFIERS,
    DECLARATION_TYPES,
    LIVE_STATES,
    MENTOR_FUNDING_TYPES,
    OracleLimit,
    cohort,
    evidence_rule,
)
from rect_conformance.oracle._rules import Refusals
from rect_conformance.oracle._status import latest_period, training_status
from rect_conformance.oracle._time import (
    DeclarationDate,
    UnparseableDate,
    format_timestamp,
    london_date,
    parse_declaration_date,
    require_aware,
)

PID, COURSE, TYPE, DATE, COHORT = (
    "participant_id",
    "course_identifier",
    "declaration_type",
    "declaration_date",
    "cohort",
)


def _read(value: datetime | str | None) -> DeclarationDate:
    """The date as the server's comparisons see it; a missing one cannot be compared either."""
    if value is None or value == "":
        raise UnparseableDate(repr(value))
    return parse_declaration_date(value)


def _well_formed(value: datetime | str) -> bool:
    try:
        return parse_declaration_date(value).well_formed
    except UnparseableDate:
        return False


def _live(person: Participant, role: str) -> list[Declaration]:
    return [d for d in person.declarations if d.role == role and d.state in LIVE_STATES]


def declare(
    world: World,
    participant_id: str | None,
    course_identifier: str | None,
    declaration_type: str | None,
    declaration_date: datetime | str | None,
    evidence_held: str | None,
    now: datetime,
    *,
    new_id: str = "new-declaration",
) -> Outcome:
    """Predict ``POST /participant-declarations`` with these attributes (``None`` = absent).

    An accepted declaration joins the world under ``new_id``; adopt the id the server returns
    with ``World.rename_declaration``.
    """
    require_aware(now)
    try:
        return _declare(
            world,
            participant_id,
            course_identifier,
            declaration_type,
            declaration_date,
            evidence_held,
            now,
            new_id,
        )
    except UnparseableDate:
        return Outcome(400, (), ("declare.unparseable-date",), world)


def _declare(
    world: World,
    participant_id: str | None,
    course_identifier: str | None,
    declaration_type: str | None,
    declaration_date: datetime | str | None,
    evidence_held: str | None,
    now: datetime,
    new_id: str,
) -> Outcome:
    today = london_date(now)
    r = Refusals()
    person = world.participant(participant_id) if participant_id else None
    if not participant_id:
        r.add("declare.V1-participant-missing")
    elif person is None:
        r.add("declare.V2-participant-unknown")
    role = COURSE_IDENTIFIERS.get(course_identifier or "")
    if not r and role is None:
        r.add("declare.V3-course-identifier")
    if not r and not declaration_date:
        r.add("declare.V4-date-missing")
    extra: list[str] = []
    # With no usable course_identifier the server looks the period up as a mentor's.
    period = latest_period(person, role or "mentor") if person else None
    if role is None and period is not None:
        extra.append("declare.V3-mentor-period-fallback")
    registered = person is not None and any(p.ours for p in person.periods)
    if not r.any(COURSE, PID, TYPE, DATE) and period is None and registered:
        r.add("declare.V5-no-period-for-role")
    if not r and not declaration_type:
        r.add("declare.V6-type-missing")
    elif not r and declaration_type not in DECLARATION_TYPES:
        r.add("declare.V7-type-unknown")
    live = _live(person, period.role) if period and person else []
    if not r.any(TYPE, DATE) and any(d.declaration_type == declaration_type for d in live):
        r.add("declare.V8-duplicate")
    if (
        not r.any(DATE, TYPE, PID, COURSE)
        and declaration_date
        and _read(declaration_date).compared > now
    ):
        r.add("declare.V9-future-date")
    window = None
    if period and declaration_type in DECLARATION_TYPES:
        window = milestone(period.cohort, period.schedule, declaration_type or "")
    if not r.any(DATE, TYPE, COHORT) and window is not None and declaration_date:
        too_early, too_late = window_errors(window, _read(declaration_date).compared)
        if too_early:
            r.add("declare.V10-before-milestone")
        if too_late:
            r.add("declare.V10-after-milestone")
    if not r.any(DATE) and declaration_date and not _well_formed(declaration_date):
        r.add("declare.V11-date-format")
    if (
        not r.any(TYPE, COHORT)
        and declaration_type not in MENTOR_FUNDING_TYPES
        and period
        and period.role == "mentor"
        and cohort(period.cohort).mentor_funding
    ):
        r.add("declare.V12-mentor-retained-or-extended")
    rule = evidence_rule(period.role, period.cohort, declaration_type or "") if period else None
    if not r and rule is not None:
        if rule.required and not evidence_held:
            r.add("declare.V13-evidence-missing")
        elif evidence_held and not rule.discarded and evidence_held not in rule.allowed:
            r.add("declare.V13-evidence-not-allowed")
    if not r.any(PID) and period and training_status(period) == "withdrawn":
        stamp = period.withdrawn_at
        assert stamp is not None
        if stamp <= _read(declaration_date).compared:
            r.add("declare.V14-after-withdrawal", withdrawn_at=format_timestamp(stamp))
    if not r.any(COHORT) and person:
        current = sorted(
            (p for p in person.periods if p.role == (role or "mentor") and p.covers(today)),
            key=lambda p: p.start,
        )
        if current and cohort(current[0].cohort).payments_frozen(now):
            r.add("declare.V15-payments-frozen", cohort=current[0].cohort)
    eligible = period is not None and person is not None and period.role in person.eligible_roles
    statement = first_statement(world, period.cohort, today, OPEN) if period else None
    if not r.any(TYPE, COHORT) and period and eligible and statement is None:
        r.add("declare.V16-no-open-statement", cohort=period.cohort)
    if not r.any(DATE, TYPE, PID, COURSE, COHORT) and period and window is None:
        r.add("declare.V17-no-milestone")
    if (
        not r.any(DATE, TYPE)
        and declaration_date
        and declaration_type
        and period
        and person
        and cohort(period.cohort).sequence_rule
    ):
        extra += _sequence(r, person, period.role, declaration_type, declaration_date)
    if not r.any(PID) and person and not registered:
        r.add("declare.V19-not-registered")
    if r or period is None or person is None:
        return r.outcome(world, tuple(extra))
    return _accept(
        world,
        person,
        period,
        declaration_type or "",
        declaration_date,
        evidence_held,
        now,
        new_id,
        eligible,
        statement.id if statement else None,
        extra,
    )


def _sequence(
    r: Refusals, person: Participant, role: str, declaration_type: str, value: datetime | str
) -> list[str]:
    """V18 (2025+): not before a live earlier type's date, not after a live later type's."""
    if declaration_type not in DECLARATION_TYPES:
        raise OracleLimit("V18 with an unknown declaration_type: the server fails with a 500")
    position = DECLARATION_TYPES.index(declaration_type)
    moment = _read(value).stored
    live = _live(person, role)
    before = [
        d.declaration_date for d in live if DECLARATION_TYPES.index(d.declaration_type) < position
    ]
    after = [
        d.declaration_date for d in live if DECLARATION_TYPES.index(d.declaration_type) > position
    ]
    if (before and moment < max(before)) or (after and moment > min(after)):
        r.add("declare.V18-out-of-sequence")
        return []
    if (before and moment == max(before)) or (after and moment == min(after)):
        return ["declare.V18-equal-dates-allowed"]
    return []


def _accept(
    world: World,
    person: Participant,
    period: TrainingPeriod,
    declaration_type: str,
    value: datetime | str | None,
    evidence_held: str | None,
    now: datetime,
    new_id: str,
    eligible: bool,
    statement_id: str | None,
    rules: list[str],
) -> Outcome:
    """The declaration the server creates, and what creating it changes (rules §16.10)."""
    assert value is not None
    rule = evidence_rule(period.role, period.cohort, declaration_type)
    if rule.discarded:
        rules.append("declare.started-evidence-discarded")
    rules.append(
        "declare.eligible-with-statement" if eligible else "declare.submitted-without-statement"
    )
    if training_status(period) == "deferred":
        rules.append("declare.deferred-accepted")
    if period.role == "mentor" and declaration_type.startswith("extended"):
        rules.append("declare.mentor-extended-allowed")
    created = Declaration(
        id=new_id,
        role=period.role,
        declaration_type=declaration_type,
        declaration_date=parse_declaration_date(value).stored,
        state="eligible" if eligible else "submitted",
        cohort=period.cohort,
        period_id=period.id,
        statement_id=statement_id if eligible else None,
        evidence_held=None if rule.discarded else evidence_held,
        created_at=now,
    )
    after = replace(person, declarations=(*person.declarations, created))
    return settle(world, after, created, now, rules, "declare.mentor-completion")
