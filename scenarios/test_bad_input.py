"""Bad input (issue 8): every forbidden request is refused with the documented status and
error, and a finding says which rule was broken. Nothing here should change a record; each
step reads the participant back to show it."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest

from rect_conformance.lifecycle import Scenario
from rect_conformance.oracle import Participant

from ._given import ECT, MENTOR, active_in, at

CHECK = "lifecycle-bad-input"
ACTIVITY = "training-event-attended"
UNKNOWN = "00000000-0000-4000-8000-000000000000"


def _given_ect(s: Scenario) -> tuple[str, datetime]:
    """A 2025 ECT with a live started declaration, and the instant to act at. On a target
    without test support the seed ECT is shared with other scenarios that only send requests
    that must be refused."""
    if s.owns:
        pid = s.register(
            "ect", 2025, date(2025, 9, 1), "ecf-standard-september", now=at(2025, 9, 1)
        )
        s.driver.declare(pid, ECT, "started", at(2025, 10, 1), at(2025, 10, 2), ACTIVITY)
        return pid, at(2026, 2, 2)
    wanted = "an active 2025 ECT with a live started declaration"
    return s.claim(wanted, "ect", with_live_started, shared=True), s.now()


def with_live_started(person: Participant, shown: dict[str, Any]) -> bool:
    """An active 2025 ECT of the seed with a live started declaration of the provider's own."""
    return active_in("2025")(person, shown) and any(
        d.declaration_type == "started"
        and d.state in ("submitted", "eligible", "payable", "paid")
        and d.role == "ect"
        and d.ours
        for d in person.declarations
    )


@pytest.mark.rect_check(CHECK)
def test_participant_actions_with_bad_input_are_refused(lifecycle: Scenario) -> None:
    s, d = lifecycle, lifecycle.driver
    pid, now = _given_ect(s)
    # When the course is not one of the two, or is the other role's, Then course_identifier
    d.withdraw(pid, "ecf-wrong", "other", now)
    d.withdraw(pid, MENTOR, "other", now)
    # When the reason is missing, unknown, spelt with underscores (as a release note did), or
    # another action's, Then reason
    d.withdraw(pid, ECT, None, now)
    d.withdraw(pid, ECT, "sabbatical", now)
    d.withdraw(pid, ECT, "changed_lead_provider", now)
    d.defer(pid, ECT, "moved-school", now)
    d.defer(pid, ECT, None, now)
    # When an ECT is withdrawn for the mentor-only reason, Then that is refused
    d.withdraw(pid, ECT, "mentor-no-longer-being-mentor", now)
    # When change-schedule names no schedule, Then schedule_identifier
    d.change_schedule(pid, ECT, None, now)
    # When it names the other role's course, Then the course is not recognised, and with no
    # training in that role there is no cohort to find the schedule in either (rules §14.4 #3)
    d.change_schedule(pid, MENTOR, "ecf-extended-september", now)


@pytest.mark.rect_check(CHECK)
def test_declarations_with_bad_input_are_refused(lifecycle: Scenario) -> None:
    s, d = lifecycle, lifecycle.driver
    pid, now = _given_ect(s)
    yesterday = now - timedelta(days=1)
    # When the course is the mentor's, which the provider does not train them in, Then it is
    # not recognised
    d.declare(pid, MENTOR, "retained-1", yesterday, now, ACTIVITY)
    # When the course is wrong, the type unknown, the date in the future, before the
    # schedule's first milestone, or a date without a time, Then each is refused
    d.declare(pid, "ecf-wrong", "retained-1", yesterday, now, ACTIVITY)
    d.declare(pid, ECT, "retained-9", yesterday, now, ACTIVITY)
    d.declare(pid, ECT, "retained-1", now + timedelta(days=2), now, ACTIVITY)
    d.declare(pid, ECT, "retained-1", at(2025, 5, 20), now, ACTIVITY)
    d.declare(pid, ECT, "retained-1", yesterday.date().isoformat(), now, ACTIVITY)
    # When evidence is missing where 2025 needs it, Then evidence_held
    d.declare(pid, ECT, "retained-1", yesterday, now, None)
    # When the date or the type is missing, or the date is no date at all, Then each is refused
    # (the last with a bare 400: the server cannot compare it)
    d.declare(pid, ECT, "retained-1", None, now, ACTIVITY)
    d.declare(pid, ECT, None, yesterday, now, ACTIVITY)
    d.declare(pid, ECT, "retained-1", "yesterday", now, ACTIVITY)
    # When the participant does not exist, Then it is not recognised
    d.declare(UNKNOWN, ECT, "retained-1", yesterday, now, ACTIVITY)
    # When started is sent again, Then it is a duplicate (the spec calls the endpoint
    # idempotent, the guidance says duplicates become ineligible: both documentation mismatches)
    d.declare(pid, ECT, "started", yesterday, now, ACTIVITY)


@pytest.mark.rect_check(CHECK)
def test_another_providers_participant_is_out_of_reach(lifecycle: Scenario) -> None:
    s = lifecycle
    pid, now = _given_ect(s)
    other = s.other_provider()
    # When the second provider reads, withdraws or declares for the participant, Then it is
    # not found, or not recognised
    other.withdraw(pid, ECT, "other", now)
    other.declare(pid, ECT, "retained-1", now - timedelta(days=1), now, ACTIVITY)
    other.hidden(pid, now)
    # When it voids the provider's declaration, Then it is not found
    person = s.driver.world.participant(pid)
    live = [d.id for d in (person.declarations if person else ()) if d.ours and d.state != "voided"]
    if live:
        other.void(live[0], now)


@pytest.mark.rect_check(CHECK)
def test_void_of_a_voided_or_unknown_declaration_is_refused(lifecycle: Scenario) -> None:
    s, d = lifecycle, lifecycle.driver
    if s.owns:
        pid, now = _given_ect(s)
    else:
        # (a declaration is made, so the seed ECT is this scenario's alone)
        pid = s.claim("an active 2025 ECT", "ect", with_live_started)
        now = s.now()
    later = now + timedelta(minutes=5)
    # Given a declaration the run made and voided
    step = d.declare(pid, ECT, "retained-1", now - timedelta(days=1), now, ACTIVITY)
    d.void(str(step.data.get("id")), later)
    # When it is voided again, or an id nobody has is voided, Then each is refused
    d.void(str(step.data.get("id")), later)
    d.void(UNKNOWN, later)


@pytest.mark.rect_check(CHECK)
def test_declaration_without_a_course_is_checked_against_the_mentor_training(
    lifecycle: Scenario,
) -> None:
    s, d = lifecycle, lifecycle.driver
    # Given a 2025 mentor
    if s.owns:
        pid = s.register(
            "mentor", 2025, date(2025, 9, 1), "ecf-standard-september", now=at(2025, 9, 1)
        )
        now = at(2026, 2, 2)
    else:
        wanted = "an active 2025 mentor"
        pid, now = s.claim(wanted, "mentor", active_in("2025"), shared=True), s.now()
    # When retained-1 is declared without a course_identifier, Then the course is refused, and
    # the checks after it, which go on with the mentor training, refuse retained-1 for a 2025
    # mentor as well (rules §16.3 V3 and V12)
    d.declare(pid, None, "retained-1", now - timedelta(days=1), now, ACTIVITY)
