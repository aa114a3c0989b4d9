"""The pure parts of the tenancy checks on small hand-made views of two providers (rules §2.2,
§10.2): no sandbox fault breaks schools or declaration visibility, so these show the rules fail."""

from __future__ import annotations

from rect_conformance.checks._tenancy import _compare_schools, stray_declarations


def school(sid: str, eoi: bool, tutor: str | None = None, name: str = "A school") -> dict:
    return {
        "id": sid,
        "type": "school",
        "attributes": {
            "name": name,
            "urn": "100001",
            "cohort": "2025",
            "in_partnership": True,
            "induction_programme_choice": "provider_led",
            "expression_of_interest": eoi,
            "induction_tutor_name": tutor,
            "induction_tutor_email": None,
        },
    }


def messages(seen: dict) -> list[str]:
    return [f.message for f in _compare_schools("getSchools", "2025", seen)]


def test_schools_seen_alike_with_own_tutor_details_pass() -> None:
    seen = {"primary": [school("s1", True, "Pat Tutor")], "secondary": [school("s1", False)]}
    assert messages(seen) == []


def test_school_missing_for_one_provider_is_reported() -> None:
    seen = {
        "primary": [school("s1", True, "Pat"), school("s2", False)],
        "secondary": [school("s1", False)],
    }
    assert messages(seen) == ["schools of cohort 2025 differ between providers: ['s2']"]


def test_shared_field_that_differs_is_reported() -> None:
    seen = {"primary": [school("s1", False)], "secondary": [school("s1", False, name="Other")]}
    assert messages(seen) == ["school s1 shows different ['name'] to the two providers"]


def test_tutor_details_without_an_expression_of_interest_are_a_leak() -> None:
    seen = {"primary": [school("s1", True, "Pat")], "secondary": [school("s1", False, "Pat")]}
    found = messages(seen)
    assert len(found) == 1
    assert "induction tutor details ['induction_tutor_name'] to the secondary provider" in found[0]


def test_declaration_of_a_participant_the_provider_cannot_see_is_a_stray() -> None:
    declarations = [
        {"id": "d1", "attributes": {"participant_id": "p1"}},
        {"id": "d2", "attributes": {"participant_id": "p9"}},
    ]
    assert stray_declarations(declarations, ["p1", "p2"]) == ["d2 (participant p9)"]
    assert stray_declarations(declarations[:1], ["p1"]) == []


def test_records_on_a_delivery_partner_the_provider_does_not_work_with_are_foreign() -> None:
    from rect_conformance.checks._tenancy import foreign_partner_references

    partnerships = [
        {"id": "p1", "attributes": {"delivery_partner_id": "dp-own"}},
        {"id": "p2", "attributes": {"delivery_partner_id": "dp-other"}},
    ]
    assert foreign_partner_references("partnerships", partnerships, ["dp-own"]) == [
        "p2 (delivery partner dp-other)"
    ]
    participant = {
        "id": "t1",
        "attributes": {
            "ecf_enrolments": [{"delivery_partner_id": "dp-own"}, {"delivery_partner_id": None}]
        },
    }
    assert foreign_partner_references("participants", [participant], ["dp-own"]) == []
