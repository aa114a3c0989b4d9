"""Void in every declaration state, including paid -> awaiting-clawback -> clawed-back (rules
§8, §16.10, §16.11). DfE's side (funding eligibility, statements payable and paid) is played by
the embedded sandbox's test support; without it, only seed declarations already in a final
state are tried (a void of anything else cannot be undone)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from rect_conformance.lifecycle import Driver, Scenario
from rect_conformance.oracle import World

from ._given import ECT, MENTOR, at

CHECK = "lifecycle-void"
ENGAGED = "75-percent-engagement-met"


def _declared(d: Driver, pid: str, kind: str, day: int, evidence: str, now_day: int) -> str:
    step = d.declare(pid, ECT, kind, at(2027, 6, day), at(2027, 6, now_day), evidence)
    return str(step.data.get("id"))


def _statement_of(world: World, declaration_id: str) -> str:
    found = world.declaration(declaration_id)
    assert found is not None and found[1].statement_id, declaration_id
    return found[1].statement_id


def _clawback_of(world: World, declaration_id: str) -> str:
    found = world.declaration(declaration_id)
    assert found is not None and found[1].clawback_statement_id, declaration_id
    return found[1].clawback_statement_id


@pytest.mark.rect_check(CHECK)
def test_void_in_every_state_through_clawback(lifecycle: Scenario) -> None:
    s, d = lifecycle, lifecycle.driver
    s.needs_test_support("moving declarations to payable, paid and clawed-back")
    # Given a 2025 ECT who is not funding-eligible, declared started (submitted)
    unfunded = s.register(
        "ect", 2025, date(2025, 9, 1), "ecf-standard-september", now=at(2025, 9, 1)
    )
    submitted = _declared(d, unfunded, "started", 1, "training-event-attended", 10)
    # When the provider voids it, Then it is voided; voiding it again is refused
    d.void(submitted, at(2027, 6, 10, 11))
    d.void(submitted, at(2027, 6, 10, 12))
    # When it declares started again, Then the voided declaration does not stand in the way
    _declared(d, unfunded, "started", 2, "training-event-attended", 11)
    # Given a funding-eligible 2025 ECT with started, retained-1 and retained-2 (eligible, on
    # the earliest open statement)
    pid = s.register(
        "ect", 2025, date(2025, 9, 1), "ecf-standard-september", eligible=True, now=at(2025, 9, 1)
    )
    started = _declared(d, pid, "started", 1, "training-event-attended", 10)
    retained_1 = _declared(d, pid, "retained-1", 2, "self-study-material-completed", 10)
    retained_2 = _declared(d, pid, "retained-2", 3, "75-percent-engagement-met", 10)
    # When the provider voids an eligible one, Then it is voided
    d.void(retained_2, at(2027, 6, 11))
    # When DfE makes the statement payable, Then the others are payable; voiding one voids it
    statement = _statement_of(d.world, started)
    d.statement(statement, "payable", at(2027, 8, 1))
    d.void(retained_1, at(2027, 8, 2))
    # When DfE pays the statement, Then started is paid; voiding it awaits a clawback on the
    # next statement, and voiding it again is refused
    d.statement(statement, "paid", at(2027, 8, 3))
    d.void(started, at(2027, 8, 15))
    d.void(started, at(2027, 8, 15, 11))
    # When DfE pays the clawback statement, Then it is clawed back, and a void is refused
    clawback = _clawback_of(d.world, started)
    d.statement(clawback, "payable", at(2027, 11, 1))
    d.statement(clawback, "paid", at(2027, 11, 2))
    d.void(started, at(2027, 11, 3))


@pytest.mark.rect_check(CHECK)
def test_void_is_refused_for_seed_declarations_in_final_states(lifecycle: Scenario) -> None:
    s = lifecycle
    seen = s.seen_driver()
    # Given the provider's own seed declarations that are voided, awaiting clawback or clawed
    # back (one of each, where the seed has one)
    picked: dict[str, str] = {}
    for person in seen.world.participants:
        for declaration in person.declarations:
            if declaration.ours and declaration.state in (
                "voided",
                "awaiting-clawback",
                "clawed-back",
            ):
                picked.setdefault(declaration.state, declaration.id)
    if not picked:
        s.not_run(
            "the provider can see no declaration of its own that is voided, awaiting "
            "clawback or clawed back"
        )
    # When the provider voids each, Then each is refused with its exact error
    for state in sorted(picked):
        seen.void(picked[state], s.now())


@pytest.mark.rect_check(CHECK)
def test_paid_declaration_needs_a_statement_left_for_its_clawback(lifecycle: Scenario) -> None:
    s, d = lifecycle, lifecycle.driver
    s.needs_test_support("paying a declaration")
    # Given a funding-eligible 2025 ECT of the run's own, declared started and paid
    pid = s.register(
        "ect", 2025, date(2025, 9, 1), "ecf-standard-september", eligible=True, now=at(2025, 9, 1)
    )
    # Statements are shared by the run's scenarios, which pay some of them: take the cohort's
    # last one still open, so the declaration below is paid on it and on no other.
    open_ = [st for st in d.world.statements if st.cohort == 2025 and st.status == "open"]
    if not open_:
        s.not_run("no 2025 output statement is still open to pay a declaration on")
    target = max(open_, key=lambda st: st.deadline)
    day = target.deadline - timedelta(days=1)
    step = d.declare(
        pid,
        ECT,
        "started",
        at(day.year, day.month, day.day, 8),
        at(day.year, day.month, day.day),
        "training-event-attended",
    )
    started = str(step.data.get("id"))
    statement = _statement_of(d.world, started)
    after = target.deadline + timedelta(days=1)
    d.statement(statement, "payable", at(after.year, after.month, after.day))
    d.statement(statement, "paid", at(after.year, after.month, after.day, 11))
    # When the provider voids it after the deadline of the cohort's last statement, Then that is
    # refused: there is no statement left to claw it back on
    last = max(st.deadline for st in d.world.statements if st.cohort == 2025)
    d.void(started, at(last.year + 1, 3, 1))


@pytest.mark.rect_check(CHECK)
def test_unpaid_declaration_of_a_frozen_cohort_can_be_voided(lifecycle: Scenario) -> None:
    s, d = lifecycle, lifecycle.driver
    # Given a 2022 ECT of the run's own declared started in August 2022, before their training
    # began (no period covered that day, so the cohort's later freeze did not stop it)
    pid = s.register("ect", 2022, date(2022, 9, 1), "ecf-standard-september", now=at(2022, 8, 10))
    step = d.declare(pid, ECT, "started", at(2022, 8, 1), at(2022, 8, 15))
    # When the provider voids it in 2026, with 2022 payments frozen, Then it is voided (the
    # guidance says a closed cohort's declarations cannot be voided: a documentation mismatch)
    d.void(str(step.data.get("id")), at(2026, 1, 5))


@pytest.mark.rect_check(CHECK)
def test_void_of_a_mentor_completion_reopens_their_training(lifecycle: Scenario) -> None:
    s, d = lifecycle, lifecycle.driver
    # Given a 2025 mentor of the run's own who starts on 1 October, declared completed that
    # morning: their training ends that day, not the next (rules §16.10)
    first = s.register(
        "mentor", 2025, date(2025, 10, 1), "ecf-standard-september", now=at(2025, 10, 1)
    )
    step = d.declare(first, MENTOR, "completed", at(2025, 10, 1, 8), at(2025, 10, 1, 9), ENGAGED)
    # When the provider voids it the next day, Then training opens again from that day: active
    d.void(str(step.data.get("id")), at(2025, 10, 2))
    d.observe(first, at(2025, 10, 2))
    # Given a 2025 mentor deferred on 1 October and then declared completed
    second = s.register(
        "mentor", 2025, date(2025, 9, 1), "ecf-standard-september", now=at(2025, 9, 1)
    )
    d.defer(second, MENTOR, "bereavement", at(2025, 10, 1))
    step = d.declare(second, MENTOR, "completed", at(2025, 9, 30), at(2025, 10, 2), ENGAGED)
    # When the provider voids it, Then they are no longer in training, so a new period opens
    # the day after the deferred one ended, without the deferral (rules §16.11)
    d.void(str(step.data.get("id")), at(2025, 10, 3))
    d.observe(second, at(2025, 10, 3))
