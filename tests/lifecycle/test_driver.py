"""The driver against a real sandbox on loopback: a step whose answer the oracle did not
predict is a finding naming the rule (shown here with worlds that expect other values, for the
checks no sandbox fault breaks yet); answers an unseen fact explains are "not run"; a change to a
record the run does not own is journaled and undone; what the oracle cannot predict is not
sent."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from rect_conformance.lifecycle import Driver, Ledger, partnerships, read_all
from rect_conformance.lifecycle._reads import provider_world, register
from rect_conformance.oracle import World, london_date
from tests.checks.helpers import sandbox_context

ECT = "ecf-induction"


def at(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


@pytest.fixture
def driver(contract):
    with sandbox_context(contract) as context:
        ledger = Ledger()
        world = provider_world(context.client, ledger, london_date(datetime.now(UTC)))
        yield Driver(context.client, contract, world, "lifecycle-register", ledger=ledger)


def _ect(
    driver: Driver, start: date = date(2025, 9, 1), schedule: str = "ecf-standard-september"
) -> str:
    school = sorted(s for s, year in driver.world.partnerships if year == 2025)[0]
    return register(
        driver,
        role="ect",
        cohort=2025,
        school_id=school,
        start=start,
        schedule=schedule,
        now=at(2025, 9, 1),
    )


def test_a_world_expecting_another_schedule_gives_a_finding_naming_the_rule(driver):
    pid = _ect(driver)
    assert driver.observe(pid, at(2025, 9, 2)).result == "passed"
    person = driver.world.participant(pid)
    assert person is not None
    wrong = replace(person.periods[0], schedule="ecf-extended-september")
    driver.world = driver.world.put(replace(person, periods=(wrong,)))
    step = driver.observe(pid, at(2025, 9, 2))
    (finding,) = [f for f in step.findings if f.fails_run]
    assert step.result == "failed" and finding.rule == "visibility.own-participant"
    assert "schedule_identifier" in finding.message and finding.check == "lifecycle-register"
    assert finding.reproduction is not None and "X-With-Server-Date" in finding.reproduction.curl()


def test_a_change_schedule_the_world_did_not_expect_names_its_rule(driver):
    pid = _ect(driver)
    person = driver.world.participant(pid)
    assert person is not None
    # the oracle is told the participant is on the extended schedule already; the target is not
    moved = replace(person.periods[0], schedule="ecf-extended-september")
    driver.world = driver.world.put(replace(person, periods=(moved,)))
    step = driver.change_schedule(pid, ECT, "ecf-extended-september", at(2026, 2, 2))
    assert step.accepted and step.broken_rules == ("change-schedule.already-on-profile",)


def test_a_partnership_step_expecting_a_refusal_the_target_does_not_send_fails(driver, contract):
    free = [
        s["id"]
        for s in read_all(driver.client, "schools", {"filter[cohort]": "2025"})
        if not s["attributes"]["in_partnership"]
        and s["attributes"]["induction_programme_choice"] != "school_led"
    ]
    partner = read_all(driver.client, "delivery-partners", {"filter[cohort]": "2025"})[0]["id"]
    step = partnerships.create(driver, 2025, free[0], partner, at(2026, 2, 2), duplicate=True)
    assert step.broken_rules == ("partnership.duplicate",)


def test_an_answer_an_unseen_fact_explains_is_not_run(driver):
    pid = _ect(driver, start=date(2026, 1, 10), schedule="ecf-standard-january")
    person = driver.world.participant(pid)
    assert person is not None
    # the driver is told the period started long ago, as a seed participant's dates are guessed
    guessed = replace(person.periods[0], start=date(2025, 9, 1))
    driver.world = driver.world.put(replace(person, periods=(guessed,)))
    driver.partial.add(pid)
    stopped = []
    driver.on_not_run = stopped.append
    step = driver.withdraw(pid, ECT, "other", at(2025, 12, 2))
    assert step.result == "not run" and step.findings == [] and stopped == [step]
    assert "the training period's start date" in (step.not_run or "")


def test_a_change_to_a_record_the_run_does_not_own_is_noted_and_undone(driver):
    pid = _ect(driver)
    driver.owned.discard(pid)  # as if it were a seed participant
    assert driver.defer(pid, ECT, "other", datetime.now(UTC).replace(microsecond=0)).accepted
    assert driver.ledger is not None
    (change,) = driver.ledger.changes
    assert change.undo is not None and not change.done
    driver.ledger.undo_all()
    assert driver.ledger.not_undone == [] and driver.ledger.undone == [change.what]
    shown = driver.client.request("GET", f"/api/v3/participants/{pid}").json()
    assert shown["data"]["attributes"]["ecf_enrolments"][0]["training_status"] == "active"


def test_what_the_oracle_cannot_predict_is_not_sent(driver):
    school = sorted(s for s, year in driver.world.partnerships if year == 2026)[0]
    pid = register(
        driver,
        role="ect",
        cohort=2026,
        school_id=school,
        start=date(2026, 9, 1),
        schedule="ecf-standard-september",
        now=at(2026, 9, 1),
    )
    sent = driver.client.requests_sent
    step = driver.declare(pid, ECT, "started", at(2026, 9, 10), at(2026, 9, 11), "other")
    assert step.result == "not run" and "cohort 2026" in (step.not_run or "")
    assert driver.client.requests_sent == sent and step.response is None
    assert isinstance(driver.world, World)
