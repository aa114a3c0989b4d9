"""A registered ECT and mentor are visible to their provider, by id and in ``updated_since``
polls, and invisible to another (rules §2.2, §5.2, §12, §19)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from rect_conformance.lifecycle import Scenario, partnerships

from ._given import at

CHECK = "lifecycle-register"


def _registered(s: Scenario) -> tuple[list[str], datetime]:
    when = s.now(days=-2)
    ect = s.register("ect", 2025, date(2025, 9, 1), "ecf-standard-september", now=when)
    mentor = s.register("mentor", 2025, date(2025, 9, 1), "ecf-standard-september", now=when)
    return [ect, mentor], when


@pytest.mark.rect_check(CHECK)
def test_registered_participants_are_visible_to_their_provider(lifecycle: Scenario) -> None:
    s, d = lifecycle, lifecycle.driver
    # Given an ECT and a mentor the school registered with the provider
    ids, when = _registered(s)
    now = s.now()
    # When the provider reads each, Then it sees it as the oracle does
    for pid in ids:
        d.observe(pid, now)
    # When it polls for participants updated since just before, Then both are in the poll
    d.listed(ids, since=when, now=now)


@pytest.mark.rect_check(CHECK)
def test_registered_participants_are_invisible_to_another_provider(lifecycle: Scenario) -> None:
    s = lifecycle
    s.needs_second_token("checking that another provider cannot see the participants")
    ids, when = _registered(s)
    other = s.other_provider()
    # When the other provider reads them or polls, Then it finds neither
    for pid in ids:
        other.hidden(pid, s.now(), since=when)


@pytest.mark.rect_check(CHECK)
def test_joining_participant_becomes_active_on_the_start_date(lifecycle: Scenario) -> None:
    s, d = lifecycle, lifecycle.driver
    # Given an ECT registered in December to start on 10 January
    pid = s.register("ect", 2025, date(2026, 1, 10), "ecf-standard-january", now=at(2025, 12, 1))
    # When the provider reads them before and on the start date, Then they are joining, then
    # active, while updated_at stays where it was (rules §13.2, §19)
    d.observe(pid, at(2026, 1, 9))
    d.observe(pid, at(2026, 1, 10))


@pytest.mark.rect_check(CHECK)
def test_leaving_participant_is_left_from_the_end_date(lifecycle: Scenario) -> None:
    s, d = lifecycle, lifecycle.driver
    # Given an ECT of the run's own whose school reports in March that they leave on 31 March
    pid = s.register("ect", 2025, date(2025, 9, 1), "ecf-standard-september", now=at(2025, 9, 1))
    partnerships.leave(d, pid, "ect", date(2026, 3, 31), None, at(2026, 3, 1))
    # When the provider reads them the day before, on and after that date, Then they are
    # leaving, then left (rules §13.2)
    for day in (30, 31):
        d.observe(pid, at(2026, 3, day))
    d.observe(pid, at(2026, 4, 1))
