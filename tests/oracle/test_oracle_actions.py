"""Withdraw, defer and resume: every allowed and forbidden transition, with exact errors."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from oracle_builders import ECT, MENTOR, NOW, PID, TODAY, Case, at, check, exercised, period
from oracle_builders import person as someone
from oracle_builders import world as small_world

from rect_conformance.oracle import (
    DEFERRAL_REASONS,
    TRANSITIONS,
    WITHDRAWAL_REASONS,
    change_schedule,
    defer,
    enrolment,
    resume,
    withdraw,
)

PID_ERR = "participant_id"
WITHDRAWN = period(withdrawn_at=at(2025, 10, 1), withdrawal_reason="other", end=date(2025, 10, 1))
DEFERRED = period(deferred_at=at(2025, 10, 1), deferral_reason="bereavement", end=date(2025, 10, 1))
JOINING = period(start=date(2025, 12, 1))
STARTED_TODAY = period(start=TODAY)
MENTOR_PERIOD = period(role="mentor", id=f"{PID}/mentor/1")

ALREADY_WITHDRAWN = (PID_ERR, "The '#/participant_id' is already withdrawn.")
CHANGED_TODAY = (
    PID_ERR,
    "You cannot defer or withdraw this participant today. You need to try again tomorrow as the "
    "training was recently changed for this participant.",
)
REASON_MISSING = ("reason", "Enter a '#/reason'.")
REASON_UNKNOWN = (
    "reason",
    "The entered '#/reason' is not recognised for the given participant. Check details and try "
    "again.",
)
COURSE_MISSING = ("course_identifier", "Enter a '#/course_identifier'.")
COURSE_UNKNOWN = (
    "course_identifier",
    "The entered '#/course_identifier' is not recognised for the given participant. Check "
    "details and try again.",
)
NOT_FOUND = ("Resource not found", "Nothing could be found for the provided details")


def w(*periods):
    return small_world(someone(*periods))


WITHDRAW_CASES = [
    Case(
        "withdraw active",
        lambda: withdraw(w(period()), PID, ECT, "moved-school", NOW),
        200,
        (
            "withdraw.accepted",
            "updated-at.participant-action",
            "updated-at.declaration-not-on-participant-action",
        ),
    ),
    Case(
        "withdraw without reason",
        lambda: withdraw(w(period()), PID, ECT, None, NOW),
        422,
        ("withdraw.reason-missing",),
        (REASON_MISSING,),
    ),
    Case(
        "withdraw with the underscore reason",
        lambda: withdraw(w(period()), PID, ECT, "changed_lead_provider", NOW),
        422,
        ("withdraw.reason-not-recognised",),
        (REASON_UNKNOWN,),
    ),
    Case(
        "withdraw twice",
        lambda: withdraw(w(WITHDRAWN), PID, ECT, "other", NOW),
        422,
        ("withdraw.already-withdrawn",),
        (ALREADY_WITHDRAWN,),
    ),
    Case(
        "withdraw joining",
        lambda: withdraw(w(JOINING), PID, ECT, "other", NOW),
        422,
        ("withdraw.not-started",),
        (
            (
                PID_ERR,
                "You cannot withdraw #/participant_id. This is because they have not been "
                "training with you for at least one day.",
            ),
        ),
    ),
    Case(
        "withdraw a period that started today",
        lambda: withdraw(w(STARTED_TODAY), PID, ECT, "other", NOW),
        422,
        ("withdraw.changed-today",),
        (CHANGED_TODAY,),
    ),
    Case(
        "withdraw an ECT with the mentor-only reason",
        lambda: withdraw(w(period()), PID, ECT, "mentor-no-longer-being-mentor", NOW),
        422,
        ("withdraw.mentor-only-reason",),
        (("reason", "You cannot withdraw an ECT for this reason. The ECT is not a mentor."),),
    ),
    Case(
        "mentor-only reason waits for every other check",
        lambda: withdraw(w(WITHDRAWN), PID, ECT, "mentor-no-longer-being-mentor", NOW),
        422,
        ("withdraw.already-withdrawn",),
        (ALREADY_WITHDRAWN,),
    ),
    Case(
        "reason and participant errors come together",
        lambda: withdraw(w(JOINING), PID, ECT, "", NOW),
        422,
        ("withdraw.reason-missing", "withdraw.not-started"),
    ),
    Case(
        "withdraw with no course_identifier and no reason",
        lambda: withdraw(w(period()), PID, None, None, NOW),
        422,
        ("action.course-identifier-missing", "withdraw.reason-missing"),
        (COURSE_MISSING, REASON_MISSING),
    ),
    Case(
        "withdraw with an unknown course_identifier",
        lambda: withdraw(w(period()), PID, "ecf-foo", "other", NOW),
        422,
        ("action.course-identifier-missing",),
        (COURSE_MISSING,),
    ),
    Case(
        "withdraw in a role the provider does not train",
        lambda: withdraw(w(period()), PID, MENTOR, "other", NOW),
        422,
        ("action.course-identifier-not-recognised",),
        (COURSE_UNKNOWN,),
    ),
    Case(
        "withdraw someone invisible",
        lambda: withdraw(w(period()), "p-x", ECT, "other", NOW),
        404,
        ("action.participant-not-found",),
        (NOT_FOUND,),
    ),
    Case(
        "withdraw someone trained only by another provider",
        lambda: withdraw(w(period(ours=False)), PID, ECT, "other", NOW),
        404,
        ("action.participant-not-found",),
    ),
    Case(
        "withdraw a deferred participant",
        lambda: withdraw(w(DEFERRED), PID, ECT, "other", NOW),
        200,
        ("withdraw.accepted",),
    ),
]

DEFER_CASES = [
    Case(
        "defer active",
        lambda: defer(w(period()), PID, ECT, "career-break", NOW),
        200,
        ("defer.accepted", "updated-at.participant-action"),
    ),
    Case(
        "defer without reason",
        lambda: defer(w(period()), PID, ECT, None, NOW),
        422,
        ("defer.reason-missing",),
        (REASON_MISSING,),
    ),
    Case(
        "defer with a withdrawal reason",
        lambda: defer(w(period()), PID, ECT, "left-teaching-profession", NOW),
        422,
        ("defer.reason-not-recognised",),
        (REASON_UNKNOWN,),
    ),
    Case(
        "defer twice",
        lambda: defer(w(DEFERRED), PID, ECT, "other", NOW),
        422,
        ("defer.already-deferred",),
        ((PID_ERR, "The '#/participant_id' is already deferred."),),
    ),
    Case(
        "defer a withdrawn participant",
        lambda: defer(w(WITHDRAWN), PID, ECT, "other", NOW),
        422,
        ("defer.already-withdrawn",),
        (ALREADY_WITHDRAWN,),
    ),
    Case(
        "defer someone deferred then withdrawn",
        lambda: defer(
            w(
                period(
                    deferred_at=at(2025, 9, 20), withdrawn_at=at(2025, 10, 1), end=date(2025, 9, 20)
                )
            ),
            PID,
            ECT,
            "other",
            NOW,
        ),
        422,
        ("defer.already-withdrawn",),
        (ALREADY_WITHDRAWN,),
    ),
    Case(
        "defer joining",
        lambda: defer(w(JOINING), PID, ECT, "other", NOW),
        422,
        ("defer.not-started",),
        (
            (
                PID_ERR,
                "You cannot defer #/participant_id. This is because they have not been "
                "training with you for at least one day.",
            ),
        ),
    ),
    Case(
        "defer a period that started today",
        lambda: defer(w(STARTED_TODAY), PID, ECT, "other", NOW),
        422,
        ("defer.changed-today",),
        (CHANGED_TODAY,),
    ),
]

YESTERDAY = TODAY - timedelta(days=1)
OTHER_PROVIDER_NOW = period(id="other", ours=False, start=date(2025, 11, 1))
RESUME_CASES = [
    Case(
        "resume withdrawn",
        lambda: resume(w(WITHDRAWN), PID, ECT, NOW),
        200,
        ("resume.accepted", "updated-at.participant-action"),
    ),
    Case("resume deferred", lambda: resume(w(DEFERRED), PID, ECT, NOW), 200, ("resume.accepted",)),
    Case(
        "resume active",
        lambda: resume(w(period()), PID, ECT, NOW),
        422,
        ("resume.already-active",),
        ((PID_ERR, "The '#/participant_id' is already active."),),
    ),
    Case(
        "resume a period that simply ended",
        lambda: resume(w(period(end=date(2025, 10, 1))), PID, ECT, NOW),
        422,
        ("resume.already-active",),
    ),
    Case(
        "resume someone now training with another provider at the same school",
        lambda: resume(w(WITHDRAWN, OTHER_PROVIDER_NOW), PID, ECT, NOW),
        422,
        ("resume.active-with-another-provider",),
        (
            (
                PID_ERR,
                "This participant cannot be resumed because they are already active with "
                "another provider.",
            ),
        ),
    ),
    Case(
        "resume on the day of the withdrawal",
        lambda: resume(w(period(withdrawn_at=NOW, end=TODAY)), PID, ECT, NOW),
        422,
        ("resume.same-day",),
        (
            (
                PID_ERR,
                "You cannot resume a participant on the same day they were withdrawn or "
                "deferred. Resume them tomorrow or later.",
            ),
        ),
    ),
    Case(
        "resume someone who left the school",
        lambda: resume(
            w(
                period(
                    deferred_at=at(2025, 10, 1), end=date(2025, 10, 1), school_period_end=YESTERDAY
                )
            ),
            PID,
            ECT,
            NOW,
        ),
        422,
        ("resume.left-school",),
        (
            (
                PID_ERR,
                "The participant is no longer at the school. Please contact the induction "
                "tutor to resolve.",
            ),
        ),
    ),
    Case(
        "resume someone whose school stay ends later",
        lambda: resume(
            w(
                period(
                    deferred_at=at(2025, 10, 1),
                    end=date(2025, 10, 1),
                    school_period_end=date(2026, 7, 31),
                )
            ),
            PID,
            ECT,
            NOW,
        ),
        200,
        ("resume.accepted",),
    ),
    Case(
        "resume in an unknown role",
        lambda: resume(w(WITHDRAWN), PID, "", NOW),
        422,
        ("action.course-identifier-missing",),
        (COURSE_MISSING,),
    ),
    Case(
        "resume someone invisible",
        lambda: resume(w(WITHDRAWN), "nobody", ECT, NOW),
        404,
        ("action.participant-not-found",),
    ),
]

EXERCISED = exercised(WITHDRAW_CASES + DEFER_CASES + RESUME_CASES)


@pytest.mark.parametrize("case", WITHDRAW_CASES + DEFER_CASES + RESUME_CASES, ids=lambda c: c.name)
def test_participant_action_case(case: Case) -> None:
    outcome = check(case)
    if not outcome.accepted:
        assert outcome.world == case.run().world  # a refusal changes nothing


def test_withdraw_stamps_now_ends_today_and_shows_left() -> None:
    outcome = withdraw(w(period()), PID, ECT, "moved-school", NOW)
    shown = enrolment(outcome.world, PID, "ect", NOW)
    assert shown is not None
    assert (shown.training_status, shown.participant_status) == ("withdrawn", "left")
    assert shown.withdrawal == {"reason": "moved-school", "date": "2025-11-10T12:00:00Z"}
    assert shown.deferral is None
    assert outcome.world.participants[0].periods[0].end == TODAY
    assert outcome.touched == {f"participant:{PID}"}


def test_withdraw_keeps_an_earlier_end_date() -> None:
    outcome = withdraw(w(period(end=date(2025, 10, 31))), PID, ECT, "other", NOW)
    assert outcome.world.participants[0].periods[0].end == date(2025, 10, 31)


def test_withdrawing_a_deferred_participant_hides_the_deferral() -> None:
    outcome = withdraw(w(DEFERRED), PID, ECT, "other", NOW)
    shown = enrolment(outcome.world, PID, "ect", NOW)
    assert shown is not None and shown.training_status == "withdrawn" and shown.deferral is None
    assert outcome.world.participants[0].periods[0].end == date(2025, 10, 1)


def test_resume_opens_a_new_period_from_today() -> None:
    outcome = resume(
        w(
            period(
                deferred_at=at(2025, 10, 1),
                end=date(2025, 10, 1),
                school_period_end=date(2026, 7, 31),
            )
        ),
        PID,
        ECT,
        NOW,
    )
    old, new = outcome.world.participants[0].periods
    assert old.deferred_at is not None and old.end == date(2025, 10, 1)
    assert (new.start, new.end, new.schedule) == (TODAY, date(2026, 7, 31), old.schedule)
    shown = enrolment(outcome.world, PID, "ect", NOW)
    assert shown is not None
    assert (shown.training_status, shown.participant_status) == ("active", "leaving")
    assert shown.withdrawal is None and shown.deferral is None


def test_a_resumed_participant_cannot_be_withdrawn_the_same_day() -> None:
    resumed = resume(w(WITHDRAWN), PID, ECT, NOW).world
    again = withdraw(resumed, PID, ECT, "other", NOW)
    assert again.rules == ("withdraw.changed-today",)
    assert withdraw(resumed, PID, ECT, "other", NOW + timedelta(days=1)).accepted


@pytest.mark.parametrize("reason", WITHDRAWAL_REASONS)
@pytest.mark.parametrize(("course", "role"), [(ECT, "ect"), (MENTOR, "mentor")])
def test_every_withdrawal_reason_per_participant_type(reason: str, course: str, role: str) -> None:
    outcome = withdraw(w(period(role=role)), PID, course, reason, NOW)
    mentor_only = reason == "mentor-no-longer-being-mentor"
    assert outcome.accepted == (role == "mentor" or not mentor_only)
    if not outcome.accepted:
        assert outcome.rules == ("withdraw.mentor-only-reason",)


@pytest.mark.parametrize("reason", DEFERRAL_REASONS)
@pytest.mark.parametrize(("course", "role"), [(ECT, "ect"), (MENTOR, "mentor")])
def test_every_deferral_reason_per_participant_type(reason: str, course: str, role: str) -> None:
    assert defer(w(period(role=role)), PID, course, reason, NOW).accepted


@pytest.mark.parametrize("reason", [r.replace("-", "_") for r in WITHDRAWAL_REASONS if "-" in r])
def test_underscore_spellings_are_refused(reason: str) -> None:
    assert withdraw(w(MENTOR_PERIOD), PID, MENTOR, reason, NOW).rules == (
        "withdraw.reason-not-recognised",
    )


def _in_status(status: str):
    if status == "withdrawn":
        return WITHDRAWN
    if status == "deferred":
        return DEFERRED
    return period()


@pytest.mark.parametrize(("status", "action"), sorted(TRANSITIONS))
def test_transition_table_matches_the_predictions(status: str, action: str) -> None:
    world = w(_in_status(status))
    if action == "withdraw":
        outcome = withdraw(world, PID, ECT, "other", NOW)
    elif action == "defer":
        outcome = defer(world, PID, ECT, "other", NOW)
    elif action == "resume":
        outcome = resume(world, PID, ECT, NOW)
    else:
        outcome = change_schedule(world, PID, ECT, "ecf-extended-september", None, NOW)
    assert TRANSITIONS[(status, action)] in outcome.rules
