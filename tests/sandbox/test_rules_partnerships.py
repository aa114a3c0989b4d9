"""Partnership create/update checks and the reference tables they lean on."""

from __future__ import annotations

from datetime import date

from rect_sandbox._reference import (
    COHORTS,
    SCHEDULE_IDENTIFIERS,
    default_schedule_identifier,
    milestones,
)
from rect_sandbox.rules import (
    Partnership,
    PartnershipFacts,
    SchoolFacts,
    create_errors,
    update_errors,
)

LP = "lp-1"
TODAY = date(2025, 11, 10)


def _facts(school=None, dp_exists=True, partnerships=()):
    return PartnershipFacts(
        lead_provider_id=LP,
        school=school if school is not None else SchoolFacts(id="s-1", eligible=True),
        delivery_partner_exists=dp_exists,
        delivery_partnerships={("dp-1", 2025), ("dp-2", 2025), ("dp-1", 2022)},
        partnerships=list(partnerships),
    )


def test_create_with_an_empty_body_lists_all_three_missing_fields():
    assert create_errors(_facts(), {}, TODAY) == [
        ("cohort", "Enter a '#/cohort'."),
        ("school_id", "Enter a '#/school_id'."),
        ("delivery_partner_id", "Enter a '#/delivery_partner_id'."),
    ]


def test_create_accepts_cohort_as_a_number():
    assert (
        create_errors(
            _facts(), {"cohort": 2025, "school_id": "s-1", "delivery_partner_id": "dp-1"}, TODAY
        )
        == []
    )


def test_create_for_a_closed_cohort_and_a_future_cohort_are_refused():
    closed = create_errors(
        _facts(), {"cohort": "2022", "school_id": "s-1", "delivery_partner_id": "dp-1"}, TODAY
    )
    future = create_errors(
        _facts(), {"cohort": "2026", "school_id": "s-1", "delivery_partner_id": "dp-1"}, TODAY
    )
    assert closed == [("cohort", "You cannot create this partnership as the cohort is closed.")]
    assert ("cohort", "You cannot create a partnership for a future cohort.") in future


def test_create_reports_several_fields_at_once():
    facts = _facts(school=SchoolFacts(id="s-1", eligible=False), dp_exists=False)
    errors = create_errors(
        facts, {"cohort": "1999", "school_id": "s-1", "delivery_partner_id": "dp-x"}, TODAY
    )
    assert [title for title, _ in errors] == ["cohort", "school_id", "delivery_partner_id"]


def test_create_a_second_partnership_with_the_same_school_is_refused():
    existing = Partnership(
        id="p-1", lead_provider_id=LP, school_id="s-1", delivery_partner_id="dp-2", cohort=2025
    )
    errors = create_errors(
        _facts(partnerships=[existing]),
        {"cohort": "2025", "school_id": "s-1", "delivery_partner_id": "dp-1"},
        TODAY,
    )
    assert errors == [
        (
            "school_id",
            "You are already in a confirmed partnership with this school for the entered cohort.",
        )
    ]


def test_create_with_a_school_led_school_is_refused():
    school = SchoolFacts(id="s-1", eligible=True, programme_choice={2025: "school_led"})
    errors = create_errors(
        _facts(school=school),
        {"cohort": "2025", "school_id": "s-1", "delivery_partner_id": "dp-1"},
        TODAY,
    )
    assert errors == [
        (
            "school_id",
            "This school has only registered school-led participants. Contact the school for more information.",  # noqa: E501 - the API's literal text
        )
    ]


def test_update_to_the_current_delivery_partner_is_refused():
    current = Partnership(
        id="p-1", lead_provider_id=LP, school_id="s-1", delivery_partner_id="dp-1", cohort=2025
    )
    assert update_errors(
        _facts(partnerships=[current]), current, {"delivery_partner_id": "dp-1"}
    ) == [
        (
            "delivery_partner_id",
            "We are unable to process this request. You are already confirmed to be in partnership with the entered delivery partner. Contact the DfE for support.",  # noqa: E501 - the API's literal text
        ),
    ]
    assert (
        update_errors(_facts(partnerships=[current]), current, {"delivery_partner_id": "dp-2"})
        == []
    )


def test_update_to_a_partner_we_do_not_work_with_in_that_cohort_is_refused():
    current = Partnership(
        id="p-1", lead_provider_id=LP, school_id="s-1", delivery_partner_id="dp-1", cohort=2022
    )
    errors = update_errors(_facts(partnerships=[current]), current, {"delivery_partner_id": "dp-2"})
    assert errors == [
        (
            "delivery_partner_id",
            "The entered delivery partner is not recognised to be working in partnership with you for the given cohort. Contact the DfE for more information.",  # noqa: E501 - the API's literal text
        )
    ]


def test_reference_has_twelve_schedules_in_every_cohort():
    for year in COHORTS:
        for identifier in SCHEDULE_IDENTIFIERS:
            assert milestones(year, identifier), (year, identifier)
    assert len(SCHEDULE_IDENTIFIERS) == 12


def test_only_extended_schedules_carry_extended_milestones():
    assert "extended-3" in milestones(2024, "ecf-extended-april")
    assert "extended-1" not in milestones(2024, "ecf-standard-april")


def test_cohort_2026_mirrors_2025_a_year_later():
    for identifier in SCHEDULE_IDENTIFIERS:
        start_2025 = milestones(2025, identifier)["started"].start
        assert milestones(2026, identifier)["started"].start == start_2025.replace(
            year=start_2025.year + 1
        )


def test_default_schedule_follows_the_start_month():
    assert default_schedule_identifier(date(2025, 9, 3)) == "ecf-standard-september"
    assert default_schedule_identifier(date(2026, 2, 3)) == "ecf-standard-january"
    assert (
        default_schedule_identifier(date(2026, 4, 3), "mentor", replacement=True)
        == "ecf-replacement-april"
    )
