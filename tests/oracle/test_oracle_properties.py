"""Properties over random lifecycles: what an accepted action may never leave behind."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oracle_builders import ECT, PID, at, period
from oracle_builders import person as someone

from rect_conformance.oracle import (
    DECLARATION_TYPES,
    EVIDENCE_VALUES,
    SCHEDULE_IDENTIFIERS,
    TRANSITIONS,
    WITHDRAWAL_REASONS,
    Outcome,
    Statement,
    World,
    change_schedule,
    declaration_problems,
    declaration_view,
    declare,
    defer,
    evidence_rule,
    mark_eligible,
    resume,
    statement_paid,
    statement_payable,
    training_status,
    void,
    withdraw,
)
from rect_conformance.oracle._status import latest_period

EXERCISED: set[str] = set()  # the properties check invariants, not particular rules
START = at(2025, 9, 15, 10)
STATEMENTS = tuple(
    Statement(f"s-{month}", 2025, date(2025 + (month > 12), (month - 1) % 12 + 1, 28))
    for month in range(10, 30, 3)
)
LIVE = {"submitted", "eligible", "payable", "paid"}
FIRST_STATEMENT = STATEMENTS[0].id

steps = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "withdraw",
                "defer",
                "resume",
                "change",
                "declare",
                "declare",
                "void",
                "void",
                "dfe",
                "dfe",
            ]
        ),
        st.integers(min_value=0, max_value=45),  # days that pass before the step
        st.integers(min_value=0, max_value=400),  # a choice within the action
    ),
    max_size=30,
)


def _status(world: World) -> str:
    person = world.participant(PID)
    assert person is not None
    tp = latest_period(person, "ect")
    assert tp is not None
    return training_status(tp)


def _act(world: World, name: str, choice: int, now: datetime) -> Outcome:
    if name == "withdraw":
        return withdraw(world, PID, ECT, WITHDRAWAL_REASONS[choice % 6], now)
    if name == "defer":
        return defer(world, PID, ECT, "career-break", now)
    if name == "resume":
        return resume(world, PID, ECT, now)
    if name == "change":
        schedule = SCHEDULE_IDENTIFIERS[choice % len(SCHEDULE_IDENTIFIERS)]
        return change_schedule(world, PID, ECT, schedule, None, now)
    if name == "declare":
        kind = DECLARATION_TYPES[choice % len(DECLARATION_TYPES)]
        fitting = sorted(evidence_rule("ect", 2025, kind).allowed) or list(EVIDENCE_VALUES)
        evidence = (fitting if choice % 5 else EVIDENCE_VALUES)[choice % 7 % len(fitting)]
        when = now - timedelta(days=choice % 200, hours=choice % 7)
        return declare(world, PID, ECT, kind, when, evidence, now, new_id=f"d-{now}-{choice}")
    if name == "void":
        person = world.participant(PID)
        ids = [d.id for d in person.declarations] if person else []
        return void(world, ids[choice % len(ids)] if ids else "none", now)
    if choice % 4 == 0:
        return mark_eligible(world, PID, "ect", now)
    # Mostly move a statement some declaration sits on, so paid and clawed-back states occur.
    person = world.participant(PID)
    assert person is not None
    on = [s for d in person.declarations for s in (d.statement_id, d.clawback_statement_id) if s]
    statement = on[choice % len(on)] if on and choice % 5 else STATEMENTS[choice % 7].id
    if choice % 4 == 1:
        return statement_payable(world, statement)
    if choice % 4 == 2:
        return statement_paid(world, statement)
    return statement_paid(statement_payable(world, statement).world, statement)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps, st.booleans())
def test_accepted_actions_keep_every_invariant(
    plan: list[tuple[str, int, int]], eligible: bool
) -> None:
    roles = frozenset({"ect"}) if eligible else frozenset()
    person = someone(period(school_period_end=date(2027, 8, 31)), eligible_roles=roles)
    world = World((person,), STATEMENTS)
    now = START
    voided: set[str] = set()
    for name, days, choice in plan:
        now += timedelta(days=days)
        before = _status(world)
        outcome = _act(world, name, choice, now)
        if not outcome.accepted:
            assert (outcome.world == world and outcome.errors) or outcome.status == 400
            continue
        action = {"change": "change-schedule"}.get(name, name)
        if action in ("withdraw", "defer", "resume", "change-schedule"):
            # An accepted action is one the transition table allows, and lands where it says.
            allowed = TRANSITIONS[(before, action)]
            assert allowed.endswith(".accepted") or allowed == "change-schedule.new-period"
            expected = {"withdraw": "withdrawn", "defer": "deferred"}.get(action, "active")
            assert _status(outcome.world) == expected
        if name == "void":
            assert outcome.declaration_id not in voided, "a declaration was voided twice"
            voided.add(str(outcome.declaration_id))
        world = outcome.world
        _check_declarations(world, now)


def _check_declarations(world: World, now: datetime) -> None:
    person = world.participant(PID)
    assert person is not None
    live = [d for d in person.declarations if d.state in LIVE]
    kinds = [d.declaration_type for d in live]
    assert len(kinds) == len(set(kinds)), f"two live declarations of a type: {kinds}"
    shown = [
        {
            "id": d.id,
            "attributes": {
                **declaration_view(world, d.id).attributes(),
                "created_at": d.created_at.isoformat() if d.created_at else None,
            },
        }
        for d in person.declarations
    ]
    for declaration, resource in zip(person.declarations, shown, strict=True):
        tp = person.period(declaration.period_id)
        assert tp is not None
        if declaration.state == "awaiting-clawback" or declaration.clawback_statement_id:
            assert declaration.clawback_statement_id is not None
        problems = declaration_problems(
            resource, cohort_year=tp.cohort, schedule=tp.schedule, others=shown
        )
        assert problems == [], (declaration, problems)
        if tp.withdrawn_at is not None and declaration.created_at and tp.withdrawn_at < now:
            assert declaration.declaration_date < tp.withdrawn_at or (
                declaration.created_at <= tp.withdrawn_at
            )


def test_the_plan_runner_reaches_every_action() -> None:
    world = World((someone(period()),), STATEMENTS)
    for name in ("withdraw", "defer", "resume", "change", "declare", "void", "dfe"):
        outcome = _act(world, name, 1, START)
        assert outcome.status in (200, 400, 404, 422)
    assert replace(world) == world
