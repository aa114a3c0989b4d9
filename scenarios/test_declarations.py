"""Declarations from started to completed (and extended), for ECTs and mentors, pre-2025 and
2025+ cohorts, inside and outside the milestone windows (rules §15.3, §16.1-§16.10). Time is a
test dimension: every declaration is sent with ``X-With-Server-Date`` set inside (or just
outside) the window it is about, so the same scenario holds whatever today's date is."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from rect_conformance.lifecycle import Scenario, partnerships

from ._given import ECT, MENTOR, active_in, at, movable_ect

CHECK = "lifecycle-declarations"
ACTIVITY = "training-event-attended"
ENGAGED = "75-percent-engagement-met"


@pytest.mark.rect_check(CHECK)
def test_ect_2025_declared_from_started_to_completed(lifecycle: Scenario) -> None:
    s, d = lifecycle, lifecycle.driver
    # Given a funding-eligible 2025 ECT of the run's own (declarations become eligible)
    pid = s.register(
        "ect", 2025, date(2025, 9, 1), "ecf-standard-september", eligible=True, now=at(2025, 9, 1)
    )
    # When the provider declares each milestone in turn, a day after its date, Then each is
    # accepted, eligible, on the earliest open statement, with the evidence the 2025 rules allow
    d.declare(pid, ECT, "started", at(2025, 9, 15), at(2025, 9, 16), ACTIVITY)
    # (engagement evidence is for retained-2 only: the request schema allows it, the server
    # does not; a documentation mismatch)
    d.declare(pid, ECT, "retained-1", at(2025, 11, 10), at(2025, 11, 11), ENGAGED)
    d.declare(
        pid, ECT, "retained-1", at(2025, 11, 10), at(2025, 11, 11), "materials-engaged-with-offline"
    )
    d.declare(pid, ECT, "retained-2", at(2026, 1, 20), at(2026, 1, 21), ENGAGED)
    d.declare(
        pid, ECT, "retained-3", at(2026, 4, 20), at(2026, 4, 21), "self-study-material-completed"
    )
    d.declare(pid, ECT, "retained-4", at(2026, 7, 10), at(2026, 7, 11), "other")
    # When a date falls before the previous milestone's (2025+ sequence rule), Then it is refused
    d.declare(pid, ECT, "completed", at(2026, 7, 1), at(2026, 9, 11), "one-term-induction")
    d.declare(pid, ECT, "completed", at(2026, 9, 10), at(2026, 9, 11), "one-term-induction")
    # When extended-1 is declared on a standard schedule, Then the schedule has no such milestone
    d.declare(pid, ECT, "extended-1", at(2026, 9, 12), at(2026, 9, 13), ACTIVITY)
    d.observe(pid, at(2026, 9, 13))


@pytest.mark.rect_check(CHECK)
def test_ect_2024_declarations_inside_and_outside_the_windows(lifecycle: Scenario) -> None:
    s, d = lifecycle, lifecycle.driver
    # Given a 2024 ECT of the run's own on the standard September schedule (closed windows)
    pid = s.register("ect", 2024, date(2024, 9, 1), "ecf-standard-september", now=at(2024, 9, 1))
    # When started is sent with a 2025-only evidence type, Then it is accepted and the evidence
    # dropped (a documentation mismatch: the guidance says it is refused)
    d.declare(
        pid, ECT, "started", at(2024, 10, 1), at(2024, 10, 2), "materials-engaged-with-offline"
    )
    # When retained-1 is dated before its window, Then it is refused; inside it, accepted
    d.declare(pid, ECT, "retained-1", at(2024, 12, 15), at(2024, 12, 16), ACTIVITY)
    d.declare(pid, ECT, "retained-1", at(2025, 2, 1), at(2025, 2, 2), ACTIVITY)
    # When retained-2 is dated after its window, Then it is refused; inside it, accepted
    d.declare(pid, ECT, "retained-2", at(2025, 8, 1), at(2025, 8, 2), ACTIVITY)
    d.declare(pid, ECT, "retained-2", at(2025, 5, 1), at(2025, 8, 2), ACTIVITY)
    # When retained-3 is dated in the future, Then it is refused
    d.declare(pid, ECT, "retained-3", at(2025, 9, 3), at(2025, 9, 2), ACTIVITY)
    d.declare(pid, ECT, "retained-3", at(2025, 9, 1), at(2025, 9, 2), ACTIVITY)
    d.declare(
        pid, ECT, "retained-4", at(2026, 2, 1), at(2026, 2, 2), "self-study-material-completed"
    )
    d.declare(pid, ECT, "completed", at(2026, 5, 1), at(2026, 5, 2), "other")
    d.observe(pid, at(2026, 5, 2))


@pytest.mark.rect_check(CHECK)
def test_extended_schedules_take_extended_declarations(lifecycle: Scenario) -> None:
    s, d = lifecycle, lifecycle.driver
    # Given a 2024 ECT and a 2024 mentor of the run's own on the extended September schedule
    ect = s.register("ect", 2024, date(2024, 9, 1), "ecf-extended-september", now=at(2024, 9, 1))
    mentor = s.register(
        "mentor", 2024, date(2024, 9, 1), "ecf-extended-september", now=at(2024, 9, 1)
    )
    # When extended-1 and -2 are declared, Then they are accepted (for the mentor too: the
    # guidance says mentors get none, the server allows it; a documentation mismatch)
    for pid, course in ((ect, ECT), (mentor, MENTOR)):
        d.declare(pid, course, "started", at(2024, 10, 1), at(2024, 10, 2))
        d.declare(pid, course, "extended-1", at(2026, 10, 1), at(2026, 10, 2), ACTIVITY)
        d.declare(pid, course, "extended-2", at(2026, 10, 5), at(2026, 10, 6), ACTIVITY)


@pytest.mark.rect_check(CHECK)
def test_mentor_2025_is_declared_started_and_completed_only(lifecycle: Scenario) -> None:
    s, d = lifecycle, lifecycle.driver
    # Given a 2025 mentor of the run's own
    pid = s.register("mentor", 2025, date(2025, 9, 1), "ecf-standard-september", now=at(2025, 9, 1))
    # When started is declared, Then it is accepted; retained-1 is refused for 2025 mentors
    d.declare(pid, MENTOR, "started", at(2025, 10, 1), at(2025, 10, 2), ACTIVITY)
    d.declare(pid, MENTOR, "retained-1", at(2025, 12, 1), at(2025, 12, 2), ACTIVITY)
    # When completed is declared, Then mentor training is complete: a funding end date, and the
    # participant's updated_at moves (mentor completion)
    step = d.declare(pid, MENTOR, "completed", at(2026, 6, 1), at(2026, 6, 2), ENGAGED)
    d.observe(pid, at(2026, 6, 2))
    # When the completed declaration is voided, Then the completion is reversed
    d.void(str(step.data.get("id")), at(2026, 6, 3))
    d.observe(pid, at(2026, 6, 3))


@pytest.mark.rect_check(CHECK)
def test_joining_ect_can_be_declared_for(lifecycle: Scenario) -> None:
    s, d = lifecycle, lifecycle.driver
    # Given a 2025 ECT registered in December to start on 10 January (joining until then)
    pid = s.register("ect", 2025, date(2026, 1, 10), "ecf-standard-january", now=at(2025, 12, 1))
    # When the provider declares them before the start, Then the declarations attach to the
    # future period (rules §16.2); extended ones do not exist on a standard schedule
    d.declare(pid, ECT, "started", at(2026, 1, 5), at(2026, 1, 6), ACTIVITY)
    d.declare(pid, ECT, "retained-1", at(2026, 1, 6), at(2026, 1, 7), ACTIVITY)
    d.declare(pid, ECT, "completed", at(2026, 1, 7), at(2026, 1, 8), ENGAGED)
    d.declare(pid, ECT, "extended-1", at(2026, 1, 7), at(2026, 1, 8), ACTIVITY)


@pytest.mark.rect_check(CHECK)
def test_seed_ect_declared_and_voided(lifecycle: Scenario) -> None:
    s, d = lifecycle, lifecycle.driver
    # Given an active 2025 ECT of the seed without declarations (how the scenarios work on a
    # shared target; on the embedded sandbox the seed is the run's own)
    pid = s.claim(
        "an active 2025 ECT without declarations",
        "ect",
        active_in("2025", without_declarations=True),
    )
    now = s.now()
    # When the provider declares started dated yesterday, Then it is accepted
    step = d.declare(pid, ECT, "started", now - timedelta(days=1), now, ACTIVITY)
    # When it voids it (which is also the undo), Then it is voided
    d.void(str(step.data.get("id")), now + timedelta(minutes=1))


@pytest.mark.rect_check(CHECK)
def test_the_server_clock_decides_what_is_in_the_future(lifecycle: Scenario) -> None:
    s, d = lifecycle, lifecycle.driver
    s.needs_test_support("registering a participant declared for on a travelled clock")
    # Given a 2025 ECT of the run's own, and the server clock set to 2 October 2025
    pid = s.register("ect", 2025, date(2025, 9, 1), "ecf-standard-september", now=at(2025, 9, 1))
    # When started is dated the day after the server's today (long past in real time), Then it
    # is a future date; dated the day before, it is accepted
    d.declare(pid, ECT, "started", at(2025, 10, 3), at(2025, 10, 2), ACTIVITY)
    d.declare(pid, ECT, "started", at(2025, 10, 1), at(2025, 10, 2), ACTIVITY)


@pytest.mark.rect_check(CHECK)
def test_milestone_window_opens_at_midnight_london_time(lifecycle: Scenario) -> None:
    s, d = lifecycle, lifecycle.driver
    # Given two 2025 ECTs of the run's own; the started window opens on 1 June 2025 (BST)
    first, second = (
        s.register("ect", 2025, date(2025, 9, 1), "ecf-standard-september", now=at(2025, 5, 20))
        for _ in range(2)
    )
    # When started is dated 23:30 on 31 May London time (22:30 UTC), Then it is too early;
    # dated 00:30 on 1 June London time (still 31 May in UTC), Then it is inside the window
    d.declare(first, ECT, "started", at(2025, 5, 31, 22, 30), at(2025, 6, 2), ACTIVITY)
    d.declare(second, ECT, "started", at(2025, 5, 31, 23, 30), at(2025, 6, 2), ACTIVITY)


@pytest.mark.rect_check(CHECK)
def test_declarations_are_refused_once_the_cohort_is_frozen_or_no_statement_is_left(
    lifecycle: Scenario,
) -> None:
    s, d = lifecycle, lifecycle.driver
    # Given a 2022 ECT of the run's own still training in January 2026, when 2022 payments are
    # frozen, and a funding-eligible 2025 ECT
    frozen = s.register("ect", 2022, date(2022, 9, 1), "ecf-standard-september", now=at(2022, 9, 1))
    eligible = s.register(
        "ect", 2025, date(2025, 9, 1), "ecf-standard-september", eligible=True, now=at(2025, 9, 1)
    )
    # When the 2022 ECT is declared started, Then the cohort's funding contract has ended
    d.declare(frozen, ECT, "started", at(2022, 10, 1), at(2026, 1, 5), ACTIVITY)
    # When it is declared started with the server clock before 16 June 2025, the day 2022
    # payments froze, Then it is accepted
    d.declare(frozen, ECT, "started", at(2022, 10, 1), at(2025, 6, 15), ACTIVITY)
    # When the eligible ECT is declared after the deadline of the cohort's last statement, Then
    # there is no statement to pay it on
    last = max(st.deadline for st in d.world.statements if st.cohort == 2025)
    after = last + timedelta(days=30)
    late = at(after.year, after.month, after.day)
    d.declare(eligible, ECT, "started", at(2025, 10, 1), late, ACTIVITY)


@pytest.mark.rect_check(CHECK)
def test_declarations_become_eligible_when_dfe_finds_the_participant_eligible(
    lifecycle: Scenario,
) -> None:
    s, d = lifecycle, lifecycle.driver
    # Given a 2025 ECT of the run's own, not (yet) funding-eligible, declared started
    pid = s.register("ect", 2025, date(2025, 9, 1), "ecf-standard-september", now=at(2025, 9, 1))
    d.declare(pid, ECT, "started", at(2025, 10, 1), at(2025, 10, 2), ACTIVITY)
    # When DfE finds them eligible, Then the submitted declaration is eligible, on a statement
    d.funding_eligible(pid, "ect", at(2025, 10, 3))


@pytest.mark.rect_check(CHECK)
def test_declarations_made_under_another_provider_still_count_as_duplicates(
    lifecycle: Scenario,
) -> None:
    s, d = lifecycle, lifecycle.driver
    # Given a 2025 ECT of the run's own, declared started, whom the school moves to the other
    # provider at the same school from November
    pid, school, theirs = movable_ect(s)
    d.declare(pid, ECT, "started", at(2025, 10, 1), at(2025, 10, 2), ACTIVITY)
    partnerships.leave(d, pid, "ect", date(2025, 10, 31), school, at(2025, 10, 30), provider=theirs)
    # When the other provider declares started for them, Then it is a duplicate of the first
    # provider's (duplicates count across providers, rules §16.8)
    s.other_provider().declare(pid, ECT, "started", at(2025, 11, 5), at(2025, 11, 6), ACTIVITY)
