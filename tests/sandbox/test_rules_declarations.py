"""Declaration create pipeline (V1-V19) and void on plain records."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from rect_sandbox._faults import faults_from
from rect_sandbox.rules import (
    Clock,
    Declaration,
    DeclarationFacts,
    NewDeclaration,
    Statement,
    TrainingPeriod,
    UnparseableDate,
    create_declaration,
    parse_declaration_date,
    statement_moves,
    void,
)

LP = "lp-1"
CLOCK = Clock(now=datetime(2025, 11, 10, 12, 0, tzinfo=UTC), today=date(2025, 11, 10))


def _tp(role="ect", cohort=2025, schedule="ecf-standard-september", **extra):
    return TrainingPeriod(
        id=f"tp-{role}",
        teacher_id="t-1",
        role=role,
        school_period_id="sp-1",
        lead_provider_id=LP,
        partnership_id="p-1",
        cohort=cohort,
        schedule_identifier=schedule,
        start=date(2025, 9, 1),
        **extra,
    )


def _facts(*tps, eligible=False, declarations=()):
    statements = [
        Statement(
            id="st-nov",
            lead_provider_id=LP,
            cohort=2025,
            deadline=date(2025, 11, 30),
            payment_date=date(2025, 12, 25),
        )
    ]
    return DeclarationFacts(
        lead_provider_id=LP,
        teacher_id="t-1",
        training_periods=list(tps or [_tp()]),
        declarations=list(declarations),
        funding_eligible={"ect": eligible, "mentor": eligible},
        statements=statements,
        delivery_partner_of={"p-1": "dp-1"},
    )


def _body(**overrides):
    body = {
        "participant_id": "t-1",
        "declaration_type": "started",
        "declaration_date": "2025-10-01T10:00:00Z",
        "course_identifier": "ecf-induction",
        "evidence_held": "training-event-attended",
    }
    body.update(overrides)
    return body


def _existing(kind, when, status="eligible", clawback="no_clawback", lead_provider="lp-other"):
    return Declaration(
        id=f"d-{kind}",
        teacher_id="t-1",
        role="ect",
        training_period_id="tp-ect",
        lead_provider_id=lead_provider,
        declaration_type=kind,
        declaration_date=when,
        payment_status=status,
        clawback_status=clawback,
    )


def test_eligible_participant_declaration_joins_the_open_statement():
    result = create_declaration(_facts(eligible=True), _body(), CLOCK)
    assert isinstance(result, NewDeclaration)
    assert (result.payment_status, result.statement_id, result.delivery_partner_id) == (
        "eligible",
        "st-nov",
        "dp-1",
    )


def test_not_yet_eligible_declaration_is_submitted_without_statement():
    result = create_declaration(_facts(), _body(), CLOCK)
    assert isinstance(result, NewDeclaration)
    assert (result.payment_status, result.statement_id) == ("no_payment", None)


def test_missing_participant_id_stops_the_pipeline():
    assert create_declaration(
        _facts(), _body(participant_id=None, course_identifier=None), CLOCK
    ) == [
        ("participant_id", "Enter a '#/participant_id'."),
    ]


def test_without_a_usable_course_the_later_checks_use_the_mentor_training():
    # A 2025 mentor declared retained-1 with no course: V3, then V12 on the mentor's training,
    # as the server goes on past V3 (rules 16.3); the fault stops at V3.
    body = _body(course_identifier="ecf-foo", declaration_type="retained-1")
    v3 = ("course_identifier", "Enter a '#/course_identifier'.")
    found = create_declaration(_facts(_tp(role="mentor")), body, CLOCK)
    assert [title for title, _ in found] == ["course_identifier", "declaration_type"]
    assert found[0] == v3 and "after June 2025" in found[1][1]
    skipped = faults_from(["missing-course-skips-mentor-period"])
    assert create_declaration(_facts(_tp(role="mentor")), body, CLOCK, faults=skipped) == [v3]
    # Someone the provider trains only as an ECT has no mentor training to look at.
    assert create_declaration(_facts(), body, CLOCK) == [v3]


def test_unknown_participant_is_a_422_not_recognised():
    facts = _facts()
    facts.teacher_id = None
    assert create_declaration(facts, _body(), CLOCK) == [
        (
            "participant_id",
            "Your update cannot be made as the '#/participant_id' is not recognised. Check participant details and try again.",  # noqa: E501 - the API's literal text
        ),
    ]


def test_future_dated_declaration_is_refused():
    result = create_declaration(_facts(), _body(declaration_date="2025-11-11T10:00:00Z"), CLOCK)
    assert result == [
        (
            "declaration_date",
            "The '#/declaration_date' value cannot be a future date. Check the date and try again.",
        )
    ]


def test_declaration_before_the_milestone_start_is_refused():
    result = create_declaration(_facts(), _body(declaration_date="2025-05-31T10:00:00Z"), CLOCK)
    assert result == [
        (
            "declaration_date",
            "Declaration date must be on or after the milestone start date for the same declaration type.",  # noqa: E501 - the API's literal text
        )
    ]


def test_declaration_after_a_closed_milestone_is_refused():
    facts = _facts(_tp(cohort=2024))
    facts.training_periods[0].start = date(2024, 9, 1)
    result = create_declaration(facts, _body(declaration_date="2025-01-01T10:00:00Z"), CLOCK)
    assert result == [
        (
            "declaration_date",
            "Declaration date must be on or before the milestone date for the same declaration type.",  # noqa: E501 - the API's literal text
        )
    ]


def test_date_only_value_is_refused_with_the_rcf_message():
    result = create_declaration(_facts(), _body(declaration_date="2025-10-01"), CLOCK)
    assert result == [("declaration_date", "Enter a valid RCF3339 '#/declaration_date'.")]


def test_garbage_date_is_not_a_422():
    with pytest.raises(UnparseableDate):
        create_declaration(_facts(), _body(declaration_date="yesterday"), CLOCK)


def test_garbage_date_is_a_422_when_no_check_compares_it():
    # A live started makes the type a duplicate (V8); the future-date check, the one that
    # would compare the date, then stands down, and V11 reports the format (rules 16.3 notes).
    facts = _facts(declarations=[_existing("started", datetime(2025, 10, 1, tzinfo=UTC))])
    found = create_declaration(facts, _body(declaration_date="yesterday"), CLOCK)
    assert [title for title, _ in found] == ["declaration_type", "declaration_date"]
    assert "RCF3339" in found[1][1]


def test_offset_dates_are_normalised_to_utc():
    moment, ok = parse_declaration_date("2025-10-01T10:00:00+01:00")
    assert ok and moment.astimezone(UTC) == datetime(2025, 10, 1, 9, 0, tzinfo=UTC)


def test_duplicate_live_declaration_from_another_provider_is_refused_unless_skipped():
    facts = _facts(declarations=[_existing("started", datetime(2025, 9, 20, tzinfo=UTC))])
    assert create_declaration(facts, _body(), CLOCK) == [
        (
            "declaration_type",
            "A declaration has already been submitted that will be, or has been, paid for this event.",  # noqa: E501 - the API's literal text
        ),
    ]
    assert isinstance(
        create_declaration(
            facts, _body(), CLOCK, faults=faults_from(["duplicate-declaration-accepted"])
        ),
        NewDeclaration,
    )


def test_voided_declaration_frees_the_slot():
    facts = _facts(
        declarations=[_existing("started", datetime(2025, 9, 20, tzinfo=UTC), status="voided")]
    )
    assert isinstance(create_declaration(facts, _body(), CLOCK), NewDeclaration)


def test_declaration_after_withdrawal_is_refused_with_the_withdrawal_instant():
    withdrawn = _tp(
        withdrawn_at=datetime(2025, 10, 1, 9, 0, tzinfo=UTC),
        withdrawal_reason="other",
        end=date(2025, 10, 1),
    )
    result = create_declaration(
        _facts(withdrawn), _body(declaration_date="2025-10-02T10:00:00Z"), CLOCK
    )
    assert result == [
        (
            "participant_id",
            "This participant withdrew from this course on 2025-10-01T09:00:00Z. Enter a '#/declaration_date' that's on or before the withdrawal date.",  # noqa: E501 - the API's literal text
        )
    ]
    skipped = create_declaration(
        _facts(withdrawn),
        _body(declaration_date="2025-10-02T10:00:00Z"),
        CLOCK,
        faults=faults_from(["declaration-after-withdrawal-accepted"]),
    )
    assert isinstance(skipped, NewDeclaration)


def test_backdated_declaration_for_withdrawn_participant_is_accepted():
    withdrawn = _tp(
        withdrawn_at=datetime(2025, 10, 1, 9, 0, tzinfo=UTC),
        withdrawal_reason="other",
        end=date(2025, 10, 1),
    )
    assert isinstance(
        create_declaration(
            _facts(withdrawn), _body(declaration_date="2025-09-30T10:00:00Z"), CLOCK
        ),
        NewDeclaration,
    )


def test_deferred_participant_can_still_be_declared_for():
    deferred = _tp(
        deferred_at=datetime(2025, 10, 1, tzinfo=UTC),
        deferral_reason="other",
        end=date(2025, 10, 1),
    )
    assert isinstance(create_declaration(_facts(deferred), _body(), CLOCK), NewDeclaration)


def test_evidence_is_required_and_checked_in_detailed_evidence_cohorts():
    assert create_declaration(_facts(), _body(evidence_held=None), CLOCK) == [
        ("evidence_held", "Enter a '#/evidence_held' value for this participant."),
    ]
    assert create_declaration(_facts(), _body(evidence_held="one-term-induction"), CLOCK) == [
        ("evidence_held", "Enter an available '#/evidence_held' type for this participant."),
    ]


def test_pre_2025_started_evidence_is_discarded():
    facts = _facts(_tp(cohort=2024))
    facts.training_periods[0].start = date(2024, 9, 1)
    result = create_declaration(
        facts, _body(declaration_date="2024-10-01T10:00:00Z", evidence_held="nonsense"), CLOCK
    )
    assert isinstance(result, NewDeclaration) and result.evidence_held is None


def test_mentor_in_a_mentor_funding_cohort_cannot_send_retained():
    result = create_declaration(
        _facts(_tp(role="mentor")),
        _body(course_identifier="ecf-mentor", declaration_type="retained-1"),
        CLOCK,
    )
    assert result == [
        (
            "declaration_type",
            "You cannot send retained or extended declarations for participants who began their mentor training after June 2025. Resubmit this declaration with either a started or completed declaration.",  # noqa: E501 - the API's literal text
        )
    ]


def test_extended_declaration_on_a_standard_schedule_does_not_exist():
    result = create_declaration(_facts(), _body(declaration_type="extended-1"), CLOCK)
    assert result == [
        ("declaration_type", "The property '#/declaration_type' does not exist for this schedule.")
    ]


def test_out_of_sequence_date_is_refused_in_2025():
    facts = _facts(declarations=[_existing("started", datetime(2025, 10, 5, tzinfo=UTC))])
    result = create_declaration(
        facts, _body(declaration_type="retained-1", declaration_date="2025-10-01T10:00:00Z"), CLOCK
    )
    assert result == [
        (
            "declaration_date",
            "This '#/declaration_date' is invalid. Check that it is in sequence with existing declaration dates for this participant.",  # noqa: E501 - the API's literal text
        )
    ]


def test_eligible_participant_without_open_statement_is_refused():
    facts = _facts(eligible=True)
    facts.statements.clear()
    assert create_declaration(facts, _body(), CLOCK) == [
        (
            "cohort",
            "You cannot submit or void declarations for the 2025 cohort. The funding contract for this cohort has ended. Get in touch if you need to discuss this with us.",  # noqa: E501 - the API's literal text
        ),
    ]


def test_payments_frozen_cohort_refuses_declarations():
    facts = _facts(_tp(cohort=2022, schedule="ecf-extended-september"))
    result = create_declaration(facts, _body(declaration_date="2022-10-01T10:00:00Z"), CLOCK)
    assert result == [
        (
            "cohort",
            "You cannot submit declarations for the 2022 cohort. The funding contract for this cohort has ended. Get in touch if you need to discuss this with us.",  # noqa: E501 - the API's literal text
        )
    ]


def test_mentor_completed_declaration_records_the_funding_end():
    result = create_declaration(
        _facts(_tp(role="mentor")),
        _body(
            course_identifier="ecf-mentor",
            declaration_type="completed",
            evidence_held="75-percent-engagement-met",
        ),
        CLOCK,
    )
    assert isinstance(result, NewDeclaration)
    assert result.mentor_completion == {
        "mentor_funding_end_date": date(2025, 10, 1),
        "mentor_ineligible_for_funding_reason": "completed_declaration_received",
    }
    assert result.close_tp_on == date(2025, 10, 1)


def test_void_of_paid_goes_to_awaiting_clawback_and_the_fault_voids_it():
    paid = _existing("started", datetime(2025, 9, 20, tzinfo=UTC), status="paid", lead_provider=LP)
    statements = _facts().statements
    assert void(paid, 2025, statements, CLOCK.today).changes == {
        "clawback_status": "awaiting_clawback",
        "clawback_statement_id": "st-nov",
    }
    assert (
        void(
            paid, 2025, statements, CLOCK.today, faults=faults_from(["void-paid-gives-voided"])
        ).changes["payment_status"]
        == "voided"
    )


def test_void_of_paid_without_a_statement_left_is_refused():
    paid = _existing("started", datetime(2025, 9, 20, tzinfo=UTC), status="paid")
    assert void(paid, 2025, [], CLOCK.today).errors == [
        (
            "participant_declaration_id",
            "You cannot submit or void declarations for the 2025 cohort. The funding contract for this cohort has ended. Get in touch if you need to discuss this with us",  # noqa: E501 - the API's literal text
        ),
    ]


def test_void_twice_and_void_of_clawback_are_refused():
    voided = _existing("started", datetime(2025, 9, 20, tzinfo=UTC), status="voided")
    clawing = _existing(
        "started", datetime(2025, 9, 20, tzinfo=UTC), status="paid", clawback="awaiting_clawback"
    )
    assert void(voided, 2025, [], CLOCK.today).errors == [
        ("participant_declaration_id", "The declaration has already been voided.")
    ]
    assert void(clawing, 2025, [], CLOCK.today).errors == [
        ("participant_declaration_id", "The declaration will or has been refunded")
    ]


def test_paying_a_statement_pays_its_declarations_and_completes_clawbacks():
    statement = _facts().statements[0]
    owed = _existing("started", datetime(2025, 9, 20, tzinfo=UTC), status="payable")
    owed.statement_id = statement.id
    clawing = _existing(
        "retained-1", datetime(2025, 9, 21, tzinfo=UTC), status="paid", clawback="awaiting_clawback"
    )
    clawing.clawback_statement_id = statement.id
    assert statement_moves(statement, "paid", [owed, clawing]) == {
        owed.id: {"payment_status": "paid"},
        clawing.id: {"clawback_status": "clawed_back"},
    }


def test_course_the_provider_does_not_train_them_in_is_not_recognised():
    result = create_declaration(_facts(_tp(role="mentor")), _body(), CLOCK)
    assert result == [
        (
            "course_identifier",
            "The entered '#/course_identifier' is not recognised for the given participant. Check details and try again.",  # noqa: E501 - the API's literal text
        )
    ]


def test_person_never_trained_by_the_provider_is_not_recognised():
    other = _tp()
    other.lead_provider_id = "lp-2"
    result = create_declaration(_facts(other), _body(), CLOCK)
    assert result == [
        (
            "participant_id",
            "Your update cannot be made as the '#/participant_id' is not recognised. Check participant details and try again.",  # noqa: E501 - the API's literal text
        )
    ]


def test_joining_participant_can_be_declared_for_on_the_future_training():
    joining = _tp()
    joining.start = date(2026, 1, 5)
    assert isinstance(create_declaration(_facts(joining), _body(), CLOCK), NewDeclaration)


def test_uplifts_are_copied_only_onto_started_in_uplift_cohorts():
    def declare(cohort, kind, when, evidence=None):
        tp = _tp(cohort=cohort)
        tp.start = date(cohort, 9, 1)
        facts = _facts(tp)
        facts.uplifts = (True, False)
        return create_declaration(
            facts,
            _body(declaration_type=kind, declaration_date=when, evidence_held=evidence),
            CLOCK,
        )

    started_2024 = declare(2024, "started", "2024-10-01T10:00:00Z")
    retained_2024 = declare(2024, "retained-1", "2025-01-10T10:00:00Z", "other")
    started_2025 = declare(2025, "started", "2025-10-01T10:00:00Z", "other")
    assert (started_2024.pupil_premium_uplift, started_2024.sparsity_uplift) == (True, False)
    assert retained_2024.pupil_premium_uplift is False
    assert started_2025.pupil_premium_uplift is False
