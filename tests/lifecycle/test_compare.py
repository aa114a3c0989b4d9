"""The pure comparisons: each difference between an answer and the oracle's prediction names
the rule that decides the value."""

from __future__ import annotations

from datetime import UTC, date, datetime

from rect_conformance.lifecycle._compare import (
    TIME_TRAVEL,
    compare_answer,
    compare_enrolment,
    compare_updated_at,
    rules_for_errors,
)
from rect_conformance.oracle import (
    ApiError,
    Participant,
    TrainingPeriod,
    World,
    declare,
    enrolment,
    withdraw,
)

NOW = datetime(2026, 2, 2, 10, tzinfo=UTC)
ECT = "ecf-induction"


def _world(**changes: object) -> World:
    period = TrainingPeriod("p/ect/1", "ect", 2025, "ecf-standard-september", date(2025, 9, 1))
    for key, value in changes.items():
        period = period.__class__(**{**period.__dict__, key: value})
    return World((Participant("p", (period,)),))


def test_an_accepted_refusal_names_the_refusing_rule():
    refused = withdraw(_world(withdrawn_at=NOW, withdrawal_reason="other"), "p", ECT, "other", NOW)
    (mismatch,) = compare_answer(refused, 200, ())
    assert mismatch.rule == "withdraw.already-withdrawn" and mismatch.what == "status"


def test_a_refused_acceptance_names_the_accepting_rule_and_the_rule_it_was_refused_by():
    accepted = withdraw(_world(), "p", ECT, "other", NOW)
    error = (ApiError("participant_id", "The '#/participant_id' is already withdrawn."),)
    status, applied = compare_answer(accepted, 422, error)
    assert status.rule == "withdraw.accepted" and status.what == "status"
    assert applied.rule == "withdraw.already-withdrawn" and "no such refusal" in applied.message()
    # An error no rule sends names only the acceptance.
    (mismatch,) = compare_answer(accepted, 422, (ApiError("reason", "Something else."),))
    assert mismatch.rule == "withdraw.accepted"


def test_without_a_course_the_missing_follow_on_errors_name_the_mentor_fallback():
    mentor = TrainingPeriod("p/mentor/1", "mentor", 2025, "ecf-standard-september", NOW.date())
    world = World((Participant("p", (mentor,)),))
    refused = declare(world, "p", None, "retained-1", NOW, "other", NOW)
    assert "declare.V3-mentor-period-fallback" in refused.rules and len(refused.errors) == 2
    (mismatch,) = compare_answer(refused, 422, refused.errors[:1])
    assert mismatch.rule == "declare.V3-mentor-period-fallback"
    # Without the V3 error itself, it is V3 that broke.
    (mismatch,) = compare_answer(refused, 422, refused.errors[1:])
    assert mismatch.rule == "declare.V3-course-identifier"


def test_the_exact_errors_are_compared_and_a_wrong_one_names_the_expected_rule():
    refused = withdraw(_world(), "p", ECT, "sabbatical", NOW)
    assert compare_answer(refused, 422, refused.errors) == []
    (mismatch,) = compare_answer(refused, 422, (ApiError("reason", "Enter a '#/reason'."),))
    assert mismatch.rule == "withdraw.reason-not-recognised" and mismatch.what == "errors"


def test_errors_with_placeholders_are_matched_to_their_rule():
    detail = (
        "This participant withdrew from this course on 2026-02-02T10:00:00Z. Enter a "
        "'#/declaration_date' that's on or before the withdrawal date."
    )
    assert rules_for_errors((ApiError("participant_id", detail),)) == [
        "declare.V14-after-withdrawal"
    ]


def test_enrolment_fields_name_the_status_rules():
    world = withdraw(_world(), "p", ECT, "other", NOW).world
    view = enrolment(world, "p", "ect", NOW)
    assert view is not None
    shown = {**view.attributes(), "training_status": "active", "participant_status": "active"}
    rules = {m.what: m.rule for m in compare_enrolment(view, shown, "withdraw.accepted")}
    assert rules == {
        "enrolment training_status": "status.training-latest-stamp",
        "enrolment participant_status": "status.participant-stopped",
    }


def test_updated_at_moves_to_the_travelled_instant_or_says_which_rule_broke():
    stamp = "2026-02-02T10:00:00Z"
    before = "2025-09-01T10:00:00Z"
    rule = "updated-at.participant-action"
    assert compare_updated_at(before, stamp, True, NOW, rule) == []
    assert [m.rule for m in compare_updated_at(before, before, True, NOW, rule)] == [rule]
    moved_elsewhere = compare_updated_at(before, "2026-12-01T19:00:00Z", True, NOW, rule)
    assert [m.rule for m in moved_elsewhere] == [TIME_TRAVEL]
    assert compare_updated_at(before, before, False, NOW, rule) == []
    assert [m.rule for m in compare_updated_at(before, stamp, False, NOW, rule)] == [rule]
