"""The state machine's menus: each label hypothesis draws means one concrete request value, read
from the model (the participant's schedule and milestones, the evidence matrix) and the clock.
Valid labels come first, so a failure shrinks towards ordinary input."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from rect_conformance.lifecycle import _choices as menu
from rect_conformance.lifecycle._choices import Member
from rect_conformance.lifecycle._world import registered
from rect_conformance.oracle import World, evidence_rule

NOW = datetime(2025, 10, 1, 9, tzinfo=UTC)


def _world(role: str = "ect", cohort: int = 2024, schedule: str = "ecf-standard-september"):
    world = registered(
        World(),
        "p",
        role=role,  # type: ignore[arg-type]
        cohort=cohort,
        schedule=schedule,
        start=date(cohort, 9, 1),
        school_id="s",
        eligible=False,
    )
    return world, Member("p", role, cohort)  # type: ignore[arg-type]


def test_every_menu_starts_with_its_valid_label():
    assert menu.COURSE_CHOICES[0] == "own"
    assert menu.TYPE_CHOICES[0] == "next" and menu.DATE_CHOICES[0] == "recent"
    assert menu.EVIDENCE_CHOICES[0] == "fitting" and menu.COHORT_CHOICES[0] == "same"
    assert menu.WITHDRAW_REASONS[0] == "left-teaching-profession"


@pytest.mark.parametrize(
    ("role", "choice", "course"),
    [
        ("ect", "own", "ecf-induction"),
        ("ect", "other", "ecf-mentor"),
        ("mentor", "other", "ecf-induction"),
        ("mentor", "unknown", "ecf-induction-and-mentoring"),
    ],
)
def test_a_course_label_names_the_course_for_the_role(role, choice, course):
    assert menu.course(role, choice) == course


def test_joining_starts_soon_in_2025_only():
    today = date(2025, 10, 1)
    assert menu.start_date(2025, "joining", today) == date(2025, 10, 11)
    assert menu.start_date(2024, "joining", today) == date(2024, 9, 1)
    assert menu.start_date(2025, "cohort", today) == date(2025, 9, 1)


def test_next_is_the_first_milestone_of_the_schedule_not_yet_declared():
    world, ect = _world()
    assert menu.declaration_type(world, ect, "next") == "started"
    assert menu.declaration_type(world, ect, "retained-4") == "retained-4"
    mentor_world, mentor = _world("mentor", 2025)
    assert menu.declaration_type(mentor_world, mentor, "next") == "started"


def test_dates_fall_on_the_edges_of_the_milestone_window_in_london_time():
    world, ect = _world()  # 2024 standard September: retained-1 runs 2025-01-01 to 2025-03-31
    opens = menu.declaration_date(world, ect, "retained-1", "window-opens", NOW)
    assert opens == datetime(2025, 1, 1, tzinfo=UTC) + timedelta(seconds=1)
    before = menu.declaration_date(world, ect, "retained-1", "before-window", NOW)
    assert before == datetime(2024, 12, 31, 23, 59, tzinfo=UTC)
    closes = menu.declaration_date(world, ect, "retained-1", "window-closes", NOW)
    after = menu.declaration_date(world, ect, "retained-1", "after-window", NOW)
    # 31 March 2025 ends at 23:00 UTC (British Summer Time began on the 30th)
    assert (closes, after) == (
        datetime(2025, 3, 31, 22, 59, tzinfo=UTC),
        datetime(2025, 3, 31, 23, 0, tzinfo=UTC),
    )
    started = menu.declaration_date(world, ect, "started", "window-opens", NOW)
    assert started == datetime(2024, 5, 31, 23, 0, tzinfo=UTC)  # midnight BST


def test_dates_without_a_window_or_with_no_end_are_an_hour_ago_and_the_future_is_tomorrow():
    world, ect = _world()
    recent = NOW - timedelta(hours=1)
    assert menu.declaration_date(world, ect, "extended-1", "window-opens", NOW) == recent
    assert menu.declaration_date(world, ect, "started", "recent", NOW) == recent
    assert menu.declaration_date(world, ect, "started", "future", NOW) == NOW + timedelta(days=1)
    open_ended, ect_2025 = _world(cohort=2025)
    assert menu.declaration_date(open_ended, ect_2025, "started", "after-window", NOW) == recent


def test_evidence_labels_follow_the_evidence_matrix():
    world, ect = _world(cohort=2025)
    engaged = evidence_rule("ect", 2025, "retained-2").allowed
    assert menu.evidence(world, ect, "retained-2", "fitting") in engaged
    assert menu.evidence(world, ect, "retained-2", "unfitting") not in engaged
    assert menu.evidence(world, ect, "retained-2", "none") is None
    assert menu.evidence(world, ect, "started", "fitting") == "training-event-attended"
    before_2025, ect_2024 = _world()
    assert menu.evidence(before_2025, ect_2024, "started", "fitting") is None  # not asked for
