"""Withdraw, declare only before the withdrawal, resume ("reinstate") (rules §13.3, §14.2,
§14.3, §16.9 and V14)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from rect_conformance.lifecycle import Scenario, partnerships
from rect_conformance.oracle import Participant

from ._given import ECT, active_in, at, movable_ect

CHECK = "lifecycle-withdraw-resume"


def without_started(person: Participant, shown: dict[str, Any]) -> bool:
    """An active 2025 ECT with no live declaration of a later type than started (V18)."""
    live = [d for d in person.declarations if d.role == "ect" and d.state != "voided"]
    return active_in("2025")(person, shown) and not live


@pytest.mark.rect_check(CHECK)
def test_withdraw_declare_before_it_only_and_reinstate(lifecycle: Scenario) -> None:
    s, d = lifecycle, lifecycle.driver
    if s.owns:
        # Given a 2025 ECT of the run's own, with a started declaration
        pid = s.register(
            "ect", 2025, date(2025, 9, 1), "ecf-standard-september", now=at(2025, 9, 1)
        )
        d.declare(pid, ECT, "started", at(2025, 10, 1), at(2025, 10, 2), "training-event-attended")
        withdrawn, later = at(2026, 2, 2), at(2026, 2, 3)
    else:
        # Given an active 2025 ECT of the seed without a live started declaration (acting
        # yesterday)
        pid = s.claim("an active 2025 ECT without a live started", "ect", without_started)
        withdrawn, later = s.now(days=-1), s.now()
    # When the provider withdraws them, Then they show withdrawn and left (never
    # participant_status withdrawn, whatever the old guidance says), and their partnership
    # counts one participant fewer in training from that day
    if s.owns:
        partnerships.training_counted(d, pid, "ect", withdrawn)
    d.withdraw(pid, ECT, "moved-school", withdrawn)
    d.observe(pid, withdrawn)
    if s.owns:
        partnerships.training_counted(d, pid, "ect", withdrawn)
    # When it declares retained-1 dated before the withdrawal, Then it is accepted
    kind = "retained-1" if s.owns else "started"
    d.declare(
        pid,
        ECT,
        kind,
        withdrawn - timedelta(hours=1),
        withdrawn + timedelta(minutes=30),
        "training-event-attended",
    )
    # When it declares one dated after the withdrawal, Then V14 refuses it
    d.declare(
        pid,
        ECT,
        "retained-2",
        withdrawn + timedelta(hours=1),
        withdrawn + timedelta(hours=2),
        "75-percent-engagement-met",
    )
    # When it sends one without a date, Then the withdrawal check cannot compare it: a bare 400
    # (rules §16.3 notes)
    d.declare(
        pid,
        ECT,
        "retained-2",
        None,
        withdrawn + timedelta(hours=2),
        "75-percent-engagement-met",
    )
    # When it withdraws, defers or changes the schedule of the withdrawn ECT, Then each is refused
    d.withdraw(pid, ECT, "other", withdrawn + timedelta(hours=3))
    d.defer(pid, ECT, "other", withdrawn + timedelta(hours=3))
    d.change_schedule(pid, ECT, "ecf-extended-september", withdrawn + timedelta(hours=3))
    if s.owns:
        # (even with the server clock before the withdrawal, when they were not yet left)
        d.change_schedule(pid, ECT, "ecf-extended-september", withdrawn - timedelta(days=5))
    # When it resumes them the next day, Then they are active on a new period and can be
    # declared for again
    d.resume(pid, ECT, later)
    d.observe(pid, later)
    if s.owns:
        d.declare(
            pid,
            ECT,
            "retained-2",
            later + timedelta(hours=1),
            later + timedelta(hours=2),
            "75-percent-engagement-met",
        )


@pytest.mark.rect_check(CHECK)
def test_no_resume_once_the_school_says_they_left(lifecycle: Scenario) -> None:
    s, d = lifecycle, lifecycle.driver
    # Given a 2025 ECT of the run's own, withdrawn on 2 February 2026, whose school then
    # reports that they left it on 10 February
    pid = s.register("ect", 2025, date(2025, 9, 1), "ecf-standard-september", now=at(2025, 9, 1))
    d.withdraw(pid, ECT, "moved-school", at(2026, 2, 2))
    partnerships.leave(d, pid, "ect", date(2026, 2, 10), None, at(2026, 2, 11))
    # When the provider resumes them, Then that is refused: they are no longer at the school
    d.resume(pid, ECT, at(2026, 2, 12))


@pytest.mark.rect_check(CHECK)
def test_no_resume_once_the_school_moved_them_to_another_provider(lifecycle: Scenario) -> None:
    s, d = lifecycle, lifecycle.driver
    # Given a 2025 ECT of the run's own, withdrawn on 2 February 2026, whom the school then
    # moves to the other provider at the same school
    pid, school, theirs = movable_ect(s)
    d.withdraw(pid, ECT, "moved-school", at(2026, 2, 2))
    partnerships.leave(d, pid, "ect", date(2026, 2, 2), school, at(2026, 2, 2, 12), provider=theirs)
    # When the provider resumes them, Then that is refused: they are active with another
    d.resume(pid, ECT, at(2026, 2, 5))
