"""Participant action rules (withdraw, defer, resume, change-schedule) on plain records."""

from __future__ import annotations

from datetime import UTC, date, datetime

from rect_sandbox._faults import faults_from
from rect_sandbox.rules import (
    Clock,
    ParticipantFacts,
    Partnership,
    SchoolPeriod,
    TrainingPeriod,
    change_schedule,
    defer,
    resume,
    withdraw,
)

LP = "lp-1"
TODAY = date(2025, 11, 10)
CLOCK = Clock(now=datetime(2025, 11, 10, 12, 0, tzinfo=UTC), today=TODAY)


def _facts(
    *,
    role="ect",
    start=date(2025, 9, 1),
    cohort=2025,
    schedule="ecf-standard-september",
    **tp_fields,
):
    school_period = SchoolPeriod(
        id="sp-1", teacher_id="t-1", role=role, school_id="school-1", start=start
    )
    tp = TrainingPeriod(
        id="tp-1",
        teacher_id="t-1",
        role=role,
        school_period_id="sp-1",
        lead_provider_id=LP,
        partnership_id="p-1",
        cohort=cohort,
        schedule_identifier=schedule,
        start=start,
        **tp_fields,
    )
    partnerships = [
        Partnership(
            id="p-1",
            lead_provider_id=LP,
            school_id="school-1",
            delivery_partner_id="dp-1",
            cohort=cohort,
        ),
        Partnership(
            id="p-2",
            lead_provider_id=LP,
            school_id="school-1",
            delivery_partner_id="dp-1",
            cohort=2024,
        ),
    ]
    return ParticipantFacts(
        teacher_id="t-1",
        lead_provider_id=LP,
        training_periods=[tp],
        school_periods={"sp-1": school_period},
        partnerships=partnerships,
    )


def _withdrawn(**extra):
    return _facts(
        withdrawn_at=datetime(2025, 10, 1, tzinfo=UTC),
        withdrawal_reason="other",
        end=date(2025, 10, 1),
        **extra,
    )


def test_withdraw_stamps_reason_and_ends_training_today():
    outcome = withdraw(
        _facts(), {"course_identifier": "ecf-induction", "reason": "moved-school"}, CLOCK
    )
    assert outcome.ok
    assert outcome.tp_changes == {
        "withdrawn_at": CLOCK.now,
        "withdrawal_reason": "moved-school",
        "end": TODAY,
    }


def test_withdraw_without_course_or_reason_lists_both_errors():
    outcome = withdraw(_facts(), {}, CLOCK)
    assert outcome.errors == [
        ("course_identifier", "Enter a '#/course_identifier'."),
        ("reason", "Enter a '#/reason'."),
    ]


def test_withdraw_with_underscore_reason_is_not_recognised():
    outcome = withdraw(
        _facts(), {"course_identifier": "ecf-induction", "reason": "moved_school"}, CLOCK
    )
    assert outcome.errors == [
        (
            "reason",
            "The entered '#/reason' is not recognised for the given participant. Check details and try again.",  # noqa: E501 - the API's literal text
        )
    ]


def test_withdraw_of_an_ect_for_the_mentor_only_reason_is_refused():
    outcome = withdraw(
        _facts(),
        {"course_identifier": "ecf-induction", "reason": "mentor-no-longer-being-mentor"},
        CLOCK,
    )
    assert outcome.errors == [
        ("reason", "You cannot withdraw an ECT for this reason. The ECT is not a mentor.")
    ]


def test_withdraw_for_the_wrong_course_is_not_recognised():
    outcome = withdraw(_facts(), {"course_identifier": "ecf-mentor", "reason": "other"}, CLOCK)
    assert outcome.errors[0][0] == "course_identifier"
    assert "not recognised for the given participant" in outcome.errors[0][1]


def test_withdraw_twice_is_refused_unless_the_repeat_check_is_off():
    attributes = {"course_identifier": "ecf-induction", "reason": "other"}
    assert withdraw(_withdrawn(), attributes, CLOCK).errors == [
        ("participant_id", "The '#/participant_id' is already withdrawn.")
    ]
    repeat = faults_from(["withdraw-twice-allowed"])
    assert withdraw(_withdrawn(), attributes, CLOCK, faults=repeat).ok


def test_defer_of_a_joining_participant_is_refused():
    outcome = defer(
        _facts(start=date(2025, 12, 1)),
        {"course_identifier": "ecf-induction", "reason": "career-break"},
        CLOCK,
    )
    assert outcome.errors == [
        (
            "participant_id",
            "You cannot defer #/participant_id. This is because they have not been training with you for at least one day.",  # noqa: E501 - the API's literal text
        )
    ]


def test_withdraw_on_the_day_training_started_is_refused():
    outcome = withdraw(
        _facts(start=TODAY), {"course_identifier": "ecf-induction", "reason": "other"}, CLOCK
    )
    assert outcome.errors == [
        (
            "participant_id",
            "You cannot defer or withdraw this participant today. You need to try again tomorrow as the training was recently changed for this participant.",  # noqa: E501 - the API's literal text
        )
    ]


def test_defer_of_a_deferred_participant_says_already_deferred():
    facts = _facts(
        deferred_at=datetime(2025, 10, 1, tzinfo=UTC),
        deferral_reason="other",
        end=date(2025, 10, 1),
    )
    outcome = defer(facts, {"course_identifier": "ecf-induction", "reason": "other"}, CLOCK)
    assert outcome.errors == [("participant_id", "The '#/participant_id' is already deferred.")]


def test_resume_opens_a_new_training_period_from_today():
    outcome = resume(_withdrawn(), {"course_identifier": "ecf-induction"}, CLOCK)
    assert outcome.ok
    assert outcome.new_tp is not None
    assert (outcome.new_tp.start, outcome.new_tp.withdrawn_at, outcome.new_tp.partnership_id) == (
        TODAY,
        None,
        "p-1",
    )
    assert outcome.new_tp.id != "tp-1"


def test_resume_of_an_active_participant_says_already_active():
    outcome = resume(_facts(), {"course_identifier": "ecf-induction"}, CLOCK)
    assert outcome.errors == [("participant_id", "The '#/participant_id' is already active.")]


def test_resume_on_the_day_of_withdrawal_is_refused():
    facts = _facts(withdrawn_at=CLOCK.now, withdrawal_reason="other", end=TODAY)
    outcome = resume(facts, {"course_identifier": "ecf-induction"}, CLOCK)
    assert outcome.errors == [
        (
            "participant_id",
            "You cannot resume a participant on the same day they were withdrawn or deferred. Resume them tomorrow or later.",  # noqa: E501 - the API's literal text
        )
    ]


def test_resume_after_leaving_the_school_is_refused():
    facts = _withdrawn()
    facts.school_periods["sp-1"].end = date(2025, 10, 20)
    outcome = resume(facts, {"course_identifier": "ecf-induction"}, CLOCK)
    assert outcome.errors == [
        (
            "participant_id",
            "The participant is no longer at the school. Please contact the induction tutor to resolve.",  # noqa: E501 - the API's literal text
        )
    ]


def test_resume_when_another_provider_trains_them_now_is_refused():
    facts = _withdrawn()
    facts.training_periods.append(
        TrainingPeriod(
            id="tp-2",
            teacher_id="t-1",
            role="ect",
            school_period_id="sp-1",
            lead_provider_id="lp-2",
            partnership_id="p-9",
            cohort=2025,
            schedule_identifier="ecf-standard-september",
            start=date(2025, 10, 2),
        )
    )
    outcome = resume(facts, {"course_identifier": "ecf-induction"}, CLOCK)
    assert outcome.errors == [
        (
            "participant_id",
            "This participant cannot be resumed because they are already active with another provider.",  # noqa: E501 - the API's literal text
        )
    ]


def test_change_schedule_closes_the_old_period_and_starts_a_new_one_today():
    outcome = change_schedule(
        _facts(),
        {"course_identifier": "ecf-induction", "schedule_identifier": "ecf-extended-september"},
        CLOCK,
    )
    assert outcome.ok
    assert outcome.tp_changes == {"end": date(2025, 11, 9)}
    assert (
        outcome.new_tp is not None
        and outcome.new_tp.schedule_identifier == "ecf-extended-september"
    )
    assert outcome.new_tp.start == TODAY


def test_change_schedule_to_the_current_schedule_is_refused():
    outcome = change_schedule(
        _facts(),
        {"course_identifier": "ecf-induction", "schedule_identifier": "ecf-standard-september"},
        CLOCK,
    )
    assert outcome.errors == [
        ("schedule_identifier", "Selected schedule is already on the profile")
    ]


def test_change_schedule_with_unknown_identifier_is_refused():
    outcome = change_schedule(
        _facts(),
        {"course_identifier": "ecf-induction", "schedule_identifier": "standard-september"},
        CLOCK,
    )
    assert outcome.errors == [("schedule_identifier", "Enter a valid schedule identifier.")]


def test_ect_cannot_move_to_a_replacement_schedule_nor_mentor_to_reduced():
    ect = change_schedule(
        _facts(),
        {"course_identifier": "ecf-induction", "schedule_identifier": "ecf-replacement-january"},
        CLOCK,
    )
    mentor = change_schedule(
        _facts(role="mentor"),
        {"course_identifier": "ecf-mentor", "schedule_identifier": "ecf-reduced-january"},
        CLOCK,
    )
    assert ect.errors == [
        ("schedule_identifier", "Selected schedule is not valid for the course_identifier")
    ]
    assert mentor.errors == [
        (
            "schedule_identifier",
            "Mentors cannot be placed on a reduced schedule. Assign them to a different schedule.",
        )
    ]


def test_change_to_a_cohort_without_a_partnership_names_contract_period():
    outcome = change_schedule(
        _facts(),
        {
            "course_identifier": "ecf-induction",
            "schedule_identifier": "ecf-standard-january",
            "cohort": "2023",
        },
        CLOCK,
    )
    assert outcome.errors == [
        (
            "cohort",
            "You cannot change a participant to this contract_period as you do not have a partnership with the school for the contract_period. Contact the DfE for assistance.",  # noqa: E501 - the API's literal text
        )
    ]


def test_change_to_a_partnered_cohort_moves_the_partnership():
    outcome = change_schedule(
        _facts(),
        {
            "course_identifier": "ecf-induction",
            "schedule_identifier": "ecf-standard-january",
            "cohort": 2024,
        },
        CLOCK,
    )
    assert outcome.ok and outcome.new_tp is not None
    assert (outcome.new_tp.cohort, outcome.new_tp.partnership_id) == (2024, "p-2")


def test_unknown_cohort_silently_means_the_current_one():
    outcome = change_schedule(
        _facts(),
        {
            "course_identifier": "ecf-induction",
            "schedule_identifier": "ecf-standard-january",
            "cohort": "1999",
        },
        CLOCK,
    )
    assert outcome.ok and outcome.new_tp is not None and outcome.new_tp.cohort == 2025


def test_change_schedule_of_a_withdrawn_participant_says_left():
    outcome = change_schedule(
        _withdrawn(),
        {"course_identifier": "ecf-induction", "schedule_identifier": "ecf-standard-january"},
        CLOCK,
    )
    assert outcome.errors == [
        (
            "participant_id",
            "You cannot change this participant's schedule. This is because the participant has a 'left' participant_status, so they are not training with you currently.",  # noqa: E501 - the API's literal text
        )
    ]


def test_moving_into_a_payments_frozen_cohort_is_refused():
    facts = _facts()
    facts.partnerships.append(
        Partnership(
            id="p-3",
            lead_provider_id=LP,
            school_id="school-1",
            delivery_partner_id="dp-1",
            cohort=2022,
        )
    )
    outcome = change_schedule(
        facts,
        {
            "course_identifier": "ecf-induction",
            "schedule_identifier": "ecf-standard-january",
            "cohort": "2022",
        },
        CLOCK,
    )
    assert outcome.errors == [
        (
            "cohort",
            "You cannot move a participant to a payments frozen cohort unless they previously belonged to that cohort.",  # noqa: E501 - the API's literal text
        )
    ]


def test_change_schedule_on_a_period_starting_today_edits_it_in_place():
    outcome = change_schedule(
        _facts(start=TODAY),
        {"course_identifier": "ecf-induction", "schedule_identifier": "ecf-standard-january"},
        CLOCK,
    )
    assert outcome.ok and outcome.new_tp is None
    assert outcome.tp_changes["schedule_identifier"] == "ecf-standard-january"


def test_leaving_a_payments_frozen_cohort_is_remembered_and_allows_the_way_back():
    facts = _facts(cohort=2022, start=date(2022, 9, 1), schedule="ecf-standard-september")
    facts.partnerships.append(
        Partnership(
            id="p-22",
            lead_provider_id=LP,
            school_id="school-1",
            delivery_partner_id="dp-1",
            cohort=2022,
        )
    )
    facts.training_periods[0].partnership_id = "p-22"
    out = change_schedule(
        facts,
        {
            "course_identifier": "ecf-induction",
            "schedule_identifier": "ecf-extended-september",
            "cohort": "2024",
        },
        CLOCK,
    )
    assert out.ok and out.teacher_changes == {"payments_frozen_cohort": 2022}
    facts.payments_frozen_cohort = 2022
    facts.training_periods[0] = out.new_tp
    back = change_schedule(
        facts,
        {
            "course_identifier": "ecf-induction",
            "schedule_identifier": "ecf-extended-september",
            "cohort": "2022",
        },
        CLOCK,
    )
    assert back.ok and back.teacher_changes == {"payments_frozen_cohort": None}


def test_second_change_on_the_same_day_must_keep_existing_declarations_valid():
    from rect_sandbox.rules import Declaration

    facts = _facts(start=TODAY, schedule="ecf-standard-september")
    facts.declarations.append(
        Declaration(
            id="d-1",
            teacher_id="t-1",
            role="ect",
            training_period_id="tp-1",
            lead_provider_id=LP,
            declaration_type="started",
            declaration_date=datetime(2025, 11, 10, 9, 0, tzinfo=UTC),
        )
    )
    refused = change_schedule(
        facts,
        {"course_identifier": "ecf-induction", "schedule_identifier": "ecf-standard-january"},
        CLOCK,
    )
    assert refused.errors == [
        (
            "schedule_identifier",
            "The change of schedule cannot be applied because a previous change of schedule and a declaration were made on the same day. Applying another change of schedule would invalidate existing declarations. Please contact DfE for assistance.",  # noqa: E501 - the API's literal text
        )
    ]
    allowed = change_schedule(
        facts,
        {"course_identifier": "ecf-induction", "schedule_identifier": "ecf-extended-september"},
        CLOCK,
    )
    assert allowed.ok


def test_completed_ect_may_only_move_to_a_reduced_schedule():
    facts = _facts()
    facts.completed_on["ect"] = date(2025, 10, 1)
    refused = change_schedule(
        facts,
        {"course_identifier": "ecf-induction", "schedule_identifier": "ecf-extended-september"},
        CLOCK,
    )
    assert refused.errors == [
        (
            "participant_id",
            "You cannot change this participant's schedule as they have completed their training or induction.",  # noqa: E501 - the API's literal text
        )
    ]
    assert change_schedule(
        facts,
        {"course_identifier": "ecf-induction", "schedule_identifier": "ecf-reduced-september"},
        CLOCK,
    ).ok
