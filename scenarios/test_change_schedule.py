"""Change schedule with and without declarations, and the refusals the oracle predicts (rules
§14.4, §15)."""

from __future__ import annotations

from datetime import date

import pytest

from rect_conformance.lifecycle import Scenario, partnerships

from ._given import ECT, MENTOR, active_in, at, movable_ect

CHECK = "lifecycle-change-schedule"
ACTIVITY = "training-event-attended"


@pytest.mark.rect_check(CHECK)
def test_change_schedule_without_declarations(lifecycle: Scenario) -> None:
    s, d = lifecycle, lifecycle.driver
    if s.owns:
        # Given a 2025 ECT of the run's own with no declaration
        pid = s.register(
            "ect", 2025, date(2025, 9, 1), "ecf-standard-september", now=at(2025, 9, 1)
        )
        now = at(2026, 2, 2)
    else:
        pid = s.claim(
            "an active 2025 ECT without declarations",
            "ect",
            active_in("2025", without_declarations=True),
        )
        now = s.now(days=-1)
    # When the provider moves them to the extended schedule, Then a new period starts today,
    # so they cannot be withdrawn until tomorrow
    d.change_schedule(pid, ECT, "ecf-extended-september", now)
    d.observe(pid, now)
    d.withdraw(pid, ECT, "other", now.replace(hour=11))
    # When it asks for the same schedule again, Then that is refused
    d.change_schedule(pid, ECT, "ecf-extended-september", now.replace(hour=11))
    # When it asks for a replacement schedule (mentors only), Then that is refused
    d.change_schedule(pid, ECT, "ecf-replacement-september", now.replace(hour=11))
    # When it names the schedule as the guidance spells it, Then the server does not know it
    # (a documentation mismatch)
    d.change_schedule(pid, ECT, "standard-september", now.replace(hour=11))
    # When it asks for a cohort where it has no partnership with the school, Then that is
    # refused; and a cohort where it has one is accepted (the spec says cohorts cannot change)
    world = d.world
    person = world.participant(pid)
    school = person.periods[-1].school if person else ""
    partnered = {year for sch, year in world.partnerships if sch == school}
    for year in (2023, 2024):
        if year not in partnered:
            d.change_schedule(
                pid, ECT, "ecf-standard-september", now.replace(hour=12), cohort=str(year)
            )
            break
    if s.owns:
        other = next((y for y in (2024, 2023) if y in partnered), None)
        if other is not None:
            d.change_schedule(
                pid, ECT, "ecf-standard-september", now.replace(hour=13), cohort=other
            )
            d.observe(pid, now.replace(hour=13))


@pytest.mark.rect_check(CHECK)
def test_change_schedule_with_declarations_keeps_them(lifecycle: Scenario) -> None:
    s, d = lifecycle, lifecycle.driver
    # Given a 2024 ECT of the run's own with a started declaration in the September window
    pid = s.register("ect", 2024, date(2024, 9, 1), "ecf-standard-september", now=at(2024, 9, 1))
    d.declare(pid, ECT, "started", at(2024, 10, 1), at(2024, 10, 2))
    # When the provider moves them to the January schedule, Then a new period starts and the
    # declaration stays where it was
    d.change_schedule(pid, ECT, "ecf-standard-january", at(2025, 3, 1))
    d.observe(pid, at(2025, 3, 1))
    # When it declares retained-1 inside the January schedule's window, Then it is accepted
    d.declare(pid, ECT, "retained-1", at(2025, 4, 10), at(2025, 4, 11), "training-event-attended")


@pytest.mark.rect_check(CHECK)
def test_change_schedule_refused_when_it_would_invalidate_declarations(lifecycle: Scenario) -> None:
    s, d = lifecycle, lifecycle.driver
    # Given a 2025 ECT due to start in October, declared started in September
    pid = s.register("ect", 2025, date(2025, 10, 1), "ecf-standard-september", now=at(2025, 9, 10))
    started = d.declare(pid, ECT, "started", at(2025, 9, 12), at(2025, 9, 15), ACTIVITY)
    # When the provider moves them to a schedule whose window opens after that date, Then it is
    # refused (the period has not started, so its declarations must stay valid)
    d.change_schedule(pid, ECT, "ecf-standard-january", at(2025, 9, 15, 11))
    # When it moves them to one that keeps the declaration valid, Then it changes in place
    d.change_schedule(pid, ECT, "ecf-extended-september", at(2025, 9, 15, 12))
    d.observe(pid, at(2025, 9, 15, 12))
    # When it voids started and asks for January again, Then that is still refused: the voided
    # declaration is held to the new windows like a live one (rules §14.4 #7)
    d.void(str(started.data.get("id")), at(2025, 9, 15, 12, 20))
    d.change_schedule(pid, ECT, "ecf-standard-january", at(2025, 9, 15, 12, 30))
    # When it declares extended-1 and moves them to the standard schedule, which has no
    # milestone for it, Then the change is made: a type without a milestone stays valid
    d.declare(pid, ECT, "extended-1", at(2025, 9, 15, 9), at(2025, 9, 15, 12, 40), ACTIVITY)
    d.change_schedule(pid, ECT, "ecf-standard-september", at(2025, 9, 15, 13))


@pytest.mark.rect_check(CHECK)
def test_mentor_cannot_move_to_a_reduced_schedule(lifecycle: Scenario) -> None:
    s, d = lifecycle, lifecycle.driver
    if s.owns:
        pid = s.register(
            "mentor", 2025, date(2025, 9, 1), "ecf-standard-september", now=at(2025, 9, 1)
        )
    else:
        pid = s.claim("an active 2025 mentor", "mentor", active_in("2025"))
    # When the provider moves a mentor to a reduced schedule, Then that is refused
    d.change_schedule(
        pid, MENTOR, "ecf-reduced-september", s.now(days=-1) if not s.owns else at(2026, 2, 2)
    )


@pytest.mark.rect_check(CHECK)
def test_change_schedule_to_another_cohort(lifecycle: Scenario) -> None:
    s, d = lifecycle, lifecycle.driver
    # Given 2025 ECTs of the run's own at schools the provider also partners in 2024, and in
    # 2022
    pid, frozen = (
        s.register(
            "ect",
            2025,
            date(2025, 9, 1),
            "ecf-standard-september",
            school=s.school(2025, also_in=(year,)),
            now=at(2025, 9, 1),
        )
        for year in (2024, 2022)
    )
    # When the provider moves them to the 2024 cohort, Then the change is made (the spec says a
    # cohort cannot change: a documentation mismatch)
    d.change_schedule(pid, ECT, "ecf-standard-september", at(2026, 2, 2), cohort="2024")
    d.observe(pid, at(2026, 2, 2))
    # When it names a cohort the server does not know, Then the current one is meant
    d.change_schedule(pid, ECT, "ecf-extended-september", at(2026, 2, 2, 11), cohort="1999")
    # When it moves the other into 2022, whose payments are frozen, Then that is refused: they
    # never belonged to it
    d.change_schedule(frozen, ECT, "ecf-standard-september", at(2026, 2, 2, 12), cohort="2022")


@pytest.mark.rect_check(CHECK)
def test_leaving_a_frozen_cohort_is_recorded_and_allows_the_way_back(lifecycle: Scenario) -> None:
    s, d = lifecycle, lifecycle.driver
    # Given a 2022 ECT of the run's own at a school the provider also partners in 2023
    school = s.school(2022, also_in=(2023,))
    pid = s.register(
        "ect", 2022, date(2022, 9, 1), "ecf-standard-september", school=school, now=at(2022, 9, 1)
    )
    # When the provider moves them to 2023, Then they show cohort_changed_after_payments_frozen
    d.change_schedule(pid, ECT, "ecf-standard-september", at(2026, 2, 2), cohort="2023")
    d.observe(pid, at(2026, 2, 2))
    # When it moves them back into 2022 the next day, Then that is allowed (they came from it),
    # and the mark is cleared
    d.change_schedule(pid, ECT, "ecf-standard-september", at(2026, 2, 3), cohort="2022")
    d.observe(pid, at(2026, 2, 3))


@pytest.mark.rect_check(CHECK)
def test_completed_induction_allows_only_a_reduced_schedule(lifecycle: Scenario) -> None:
    s, d = lifecycle, lifecycle.driver
    # Given a 2025 ECT of the run's own whose appropriate body recorded the end of induction
    pid = s.register("ect", 2025, date(2025, 9, 1), "ecf-standard-september", now=at(2025, 9, 1))
    partnerships.complete_induction(d, pid, date(2026, 1, 10), at(2026, 1, 20))
    # When the provider moves them to the January schedule, Then that is refused: completed;
    # to a reduced schedule, Then that is the one change allowed
    d.change_schedule(pid, ECT, "ecf-standard-january", at(2026, 1, 21))
    d.change_schedule(pid, ECT, "ecf-reduced-september", at(2026, 1, 21, 11))


@pytest.mark.rect_check(CHECK)
def test_no_change_while_another_provider_is_due_to_take_over(lifecycle: Scenario) -> None:
    s, d = lifecycle, lifecycle.driver
    # Given a 2025 ECT of the run's own whom the school moves to the other provider from April
    pid, school, theirs = movable_ect(s)
    partnerships.leave(d, pid, "ect", date(2026, 3, 31), school, at(2026, 2, 1), provider=theirs)
    # When the provider changes their schedule before then, Then that is refused
    d.change_schedule(pid, ECT, "ecf-extended-september", at(2026, 2, 2))
