"""Change-schedule: refusals #1-#13, errors of several titles together, and the effects."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from oracle_builders import (
    ECT,
    MENTOR,
    NOW,
    PID,
    TODAY,
    Case,
    at,
    check,
    declaration,
    exercised,
    period,
)
from oracle_builders import person as someone
from oracle_builders import world as small_world

from rect_conformance.oracle import OracleLimit, change_schedule, enrolment

SCHEDULE, COHORT, PID_ERR = "schedule_identifier", "cohort", "participant_id"
INVALID_SCHEDULE = (
    SCHEDULE,
    "The property '#/schedule_identifier' must be present and correspond to a valid schedule.",
)
LEFT = (
    PID_ERR,
    "You cannot change this participant's schedule. This is because the participant has a "
    "'left' participant_status, so they are not training with you currently.",
)
NO_PARTNERSHIP = (
    COHORT,
    "You cannot change a participant to this contract_period as you do not have a partnership "
    "with the school for the contract_period. Contact the DfE for assistance.",
)
WITHDRAWN = period(withdrawn_at=at(2025, 10, 1), end=date(2025, 10, 1))
MENTOR_PERIOD = period(role="mentor", id=f"{PID}/mentor/1")


def w(*periods, **changes):
    return small_world(someone(*periods, **changes))


def cs(world, schedule, cohort=None, course=ECT, now=NOW):
    return lambda: change_schedule(world, PID, course, schedule, cohort, now)


def _no_2023(world):
    return replace(world, partnerships=frozenset({("school", 2024), ("school", 2025)}))


STARTED_TODAY_WITH_DECLARATION = w(
    period(start=TODAY),
    declarations=(declaration(when=at(2025, 11, 10, 9), created_at=at(2025, 11, 10, 9, 30)),),
)
FROZEN_TO_2024 = frozenset({("school", 2022), ("school", 2024)})
LATER_ELSEWHERE = period(id="elsewhere", ours=False, start=date(2026, 1, 5))

CASES = [
    Case(
        "#1 no schedule",
        cs(w(period()), None),
        422,
        ("change-schedule.identifier-missing",),
        (INVALID_SCHEDULE,),
    ),
    Case(
        "#2 the guidance's shorthand",
        cs(w(period()), "standard-september"),
        422,
        ("change-schedule.identifier-unknown",),
        ((SCHEDULE, "Enter a valid schedule identifier."),),
    ),
    Case(
        "#3 no cohort to look the schedule up in",
        cs(w(period()), "ecf-standard-april", course=MENTOR),
        422,
        ("action.course-identifier-not-recognised", "change-schedule.not-in-cohort"),
        (
            (
                "course_identifier",
                "The entered '#/course_identifier' is not recognised for the "
                "given participant. Check details and try again.",
            ),
            INVALID_SCHEDULE,
        ),
    ),
    Case(
        "#4 the same schedule",
        cs(w(period()), "ecf-standard-september", "2025"),
        422,
        ("change-schedule.already-on-profile",),
        ((SCHEDULE, "Selected schedule is already on the profile"),),
    ),
    Case(
        "#4 an unknown cohort falls back to the current one",
        cs(w(period()), "ecf-standard-september", "1999"),
        422,
        ("change-schedule.already-on-profile", "change-schedule.cohort-fallback"),
    ),
    Case(
        "#5 an ECT on a replacement schedule",
        cs(w(period()), "ecf-replacement-january"),
        422,
        ("change-schedule.replacement-for-ect",),
        ((SCHEDULE, "Selected schedule is not valid for the course_identifier"),),
    ),
    Case(
        "#6 a mentor on a reduced schedule",
        cs(w(MENTOR_PERIOD), "ecf-reduced-january", course=MENTOR),
        422,
        ("change-schedule.reduced-for-mentor",),
        (
            (
                SCHEDULE,
                "Mentors cannot be placed on a reduced schedule. Assign them to a different "
                "schedule.",
            ),
        ),
    ),
    Case(
        "#7 a declaration would leave its window",
        cs(STARTED_TODAY_WITH_DECLARATION, "ecf-standard-april"),
        422,
        ("change-schedule.would-invalidate-declarations",),
        (
            (
                SCHEDULE,
                "The change of schedule cannot be applied because a previous change of "
                "schedule and a declaration were made on the same day. Applying another change of "
                "schedule would invalidate existing declarations. Please contact DfE for "
                "assistance.",
            ),
        ),
    ),
    Case(
        "#7 not when the declaration stays in its window",
        cs(STARTED_TODAY_WITH_DECLARATION, "ecf-extended-september"),
        200,
        ("change-schedule.in-place", "change-schedule.allowed-after-declaration-today"),
    ),
    Case(
        "#8 no partnership in the target cohort",
        cs(_no_2023(w(period())), "ecf-standard-september", "2023"),
        422,
        ("change-schedule.no-partnership-in-cohort",),
        (NO_PARTNERSHIP,),
    ),
    Case(
        "#9 into a payments-frozen cohort",
        cs(
            replace(w(period()), partnerships=frozenset({("school", 2022), ("school", 2025)})),
            "ecf-standard-september",
            2022,
        ),
        422,
        ("change-schedule.payments-frozen-cohort",),
        (
            (
                COHORT,
                "You cannot move a participant to a payments frozen cohort unless they "
                "previously belonged to that cohort.",
            ),
        ),
    ),
    Case(
        "#9 even without changing cohort",
        cs(w(period(cohort=2022, start=date(2022, 9, 1))), "ecf-extended-september"),
        422,
        ("change-schedule.payments-frozen-cohort",),
    ),
    Case(
        "#10 an ECT who completed induction",
        cs(w(period(), induction_end_date=date(2025, 10, 31)), "ecf-extended-september"),
        422,
        ("change-schedule.completed",),
        (
            (
                PID_ERR,
                "You cannot change this participant's schedule as they have completed "
                "their training or induction.",
            ),
        ),
    ),
    Case(
        "#10 a completion date only from the record service does not count",
        cs(
            w(
                period(),
                induction_end_date=date(2025, 10, 31),
                induction_end_from_record_service=True,
            ),
            "ecf-extended-september",
        ),
        200,
        ("change-schedule.new-period",),
    ),
    Case(
        "#10 a completed ECT may move to reduced, in place",
        cs(w(period(), induction_end_date=date(2025, 10, 31)), "ecf-reduced-september"),
        200,
        ("change-schedule.completed-ect-to-reduced", "change-schedule.in-place"),
    ),
    Case(
        "#10 a mentor with a funding end date",
        cs(
            w(MENTOR_PERIOD, mentor_funding_end_date=date(2025, 10, 31)),
            "ecf-extended-september",
            course=MENTOR,
        ),
        422,
        ("change-schedule.completed",),
    ),
    Case(
        "#11 a withdrawn participant is left",
        cs(w(WITHDRAWN), "ecf-extended-september"),
        422,
        ("change-schedule.left",),
        (LEFT,),
    ),
    Case(
        "#11 a participant whose period ended is left",
        cs(w(period(end=date(2025, 10, 31))), "ecf-extended-september"),
        422,
        ("change-schedule.left",),
    ),
    Case(
        "#12 withdrawn but not yet left",
        cs(w(period(withdrawn_at=at(2025, 10, 1), end=date(2026, 1, 1))), "ecf-extended-september"),
        422,
        ("change-schedule.withdrawn",),
        ((PID_ERR, "Cannot perform actions on a withdrawn participant"),),
    ),
    Case(
        "#13 due to start with another provider",
        cs(w(period(), LATER_ELSEWHERE), "ecf-extended-september"),
        422,
        ("change-schedule.future-provider",),
        (
            (
                PID_ERR,
                "You cannot change this participant's schedule as they are due to start "
                "with another lead provider in the future.",
            ),
        ),
    ),
    Case(
        "three titles at once",
        cs(_no_2023(w(WITHDRAWN)), None, "2023"),
        422,
        (
            "change-schedule.identifier-missing",
            "change-schedule.no-partnership-in-cohort",
            "change-schedule.left",
        ),
        (INVALID_SCHEDULE, NO_PARTNERSHIP, LEFT),
    ),
    Case(
        "a new period when the current one started before today",
        cs(w(period(school_period_end=date(2026, 7, 31))), "ecf-extended-september"),
        200,
        (
            "change-schedule.new-period",
            "change-schedule.cohort-fallback",
            "updated-at.participant-action",
            "updated-at.declaration-not-on-participant-action",
        ),
    ),
    Case(
        "in place for a joining participant",
        cs(w(period(start=date(2025, 12, 1))), "ecf-extended-january"),
        200,
        ("change-schedule.in-place",),
    ),
    Case(
        "a move to another cohort",
        cs(w(period()), "ecf-standard-september", "2024"),
        200,
        ("change-schedule.cohort-changed", "change-schedule.new-period"),
    ),
    Case(
        "leaving a payments-frozen cohort is recorded",
        cs(
            replace(w(period(cohort=2022, start=date(2022, 9, 1))), partnerships=FROZEN_TO_2024),
            "ecf-extended-september",
            "2024",
        ),
        200,
        ("change-schedule.frozen-bookkeeping", "change-schedule.cohort-changed"),
    ),
    Case(
        "someone invisible",
        lambda: change_schedule(w(period()), "nobody", ECT, "ecf-standard-april", None, NOW),
        404,
        ("action.participant-not-found",),
    ),
]

EXERCISED = exercised(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_change_schedule_case(case: Case) -> None:
    check(case)


def test_a_new_period_starts_today_and_the_old_one_ends_yesterday() -> None:
    world = w(period(school_period_end=date(2026, 7, 31)), declarations=(declaration(),))
    outcome = change_schedule(world, PID, ECT, "ecf-extended-september", "2024", NOW)
    old, new = outcome.world.participants[0].periods
    assert (old.end, old.schedule, old.cohort) == (
        date(2025, 11, 9),
        "ecf-standard-september",
        2025,
    )
    assert (new.start, new.end, new.schedule, new.cohort) == (
        TODAY,
        date(2026, 7, 31),
        "ecf-extended-september",
        2024,
    )
    assert outcome.world.participants[0].declarations[0].period_id == old.id
    shown = enrolment(outcome.world, PID, "ect", NOW)
    assert shown is not None and (shown.cohort, shown.schedule_identifier) == (
        "2024",
        "ecf-extended-september",
    )


def test_leaving_a_frozen_cohort_is_recorded_and_coming_back_clears_it() -> None:
    frozen = replace(
        w(period(cohort=2022, start=date(2022, 9, 1))),
        partnerships=frozenset({("school", 2022), ("school", 2024)}),
    )
    out = change_schedule(frozen, PID, ECT, "ecf-extended-september", "2024", NOW)
    assert out.accepted and "change-schedule.frozen-bookkeeping" in out.rules
    shown = enrolment(out.world, PID, "ect", NOW)
    assert shown is not None and shown.cohort_changed_after_payments_frozen
    tomorrow = at(2025, 11, 11)
    back = change_schedule(out.world, PID, ECT, "ecf-standard-september", "2022", tomorrow)
    assert back.accepted and "change-schedule.frozen-bookkeeping" in back.rules
    shown = enrolment(back.world, PID, "ect", tomorrow)
    assert shown is not None and not shown.cohort_changed_after_payments_frozen


def test_a_cohort_frozen_later_is_not_frozen_before_its_date() -> None:
    before = at(2025, 6, 15)
    world = w(period(cohort=2022, start=date(2022, 9, 1)))
    assert change_schedule(world, PID, ECT, "ecf-extended-september", None, before).accepted
    assert not change_schedule(world, PID, ECT, "ecf-extended-september", None, NOW).accepted


def test_cohort_2026_is_beyond_the_oracle() -> None:
    with pytest.raises(OracleLimit, match="2026"):
        change_schedule(w(period()), PID, ECT, "ecf-standard-september", "2026", NOW)
