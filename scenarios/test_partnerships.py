"""Partnerships created, duplicated and moved to another delivery partner (rules §11.3, §11.4);
transfers and unfunded mentors as they appear after school-side events (rules §17, §18), played
by the embedded sandbox's test support."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from rect_conformance.lifecycle import Scenario, partnerships, read_all

from ._given import at

CHECK = "lifecycle-partnerships"
COHORT = 2025


def _delivery_partners(s: Scenario) -> list[str]:
    found = read_all(s.client, "delivery-partners", {"filter[cohort]": str(COHORT)})
    ids = sorted(str(item.get("id")) for item in found)
    if len(ids) < 2:
        s.not_run(f"the provider works with fewer than two delivery partners in {COHORT}")
    return ids


def _free_school(s: Scenario) -> str:
    """A school no provider partners in the cohort (not run when there is none)."""
    schools = read_all(s.client, "schools", {"filter[cohort]": str(COHORT)})
    free = [
        str(item["id"])
        for item in schools
        if not item["attributes"].get("in_partnership")
        and item["attributes"].get("induction_programme_choice") != "school_led"
    ]
    if not free:
        s.not_run(f"every school of {COHORT} is partnered already")
    return free[0]


@pytest.mark.rect_check(CHECK)
def test_partnership_created_duplicated_and_moved(lifecycle: Scenario) -> None:
    s, d = lifecycle, lifecycle.driver
    s.needs_test_support("creating a partnership (it cannot be removed again through the API)")
    first, second = _delivery_partners(s)[:2]
    # Given a school no provider partners in the cohort
    free = _free_school(s)
    now = s.now()
    # When the provider partners it, Then the partnership is as asked
    made = partnerships.create(d, COHORT, free, first, now, duplicate=False)
    # When it partners it again, Then that is refused as a duplicate
    partnerships.create(d, COHORT, free, second, now, duplicate=True)
    # When it moves the partnership to another delivery partner, Then it shows that one; and
    # moving it to the one it has is refused
    partnerships.change_delivery_partner(d, made.subject_id, second, now, same=False)
    partnerships.change_delivery_partner(d, made.subject_id, second, now, same=True)


@pytest.mark.rect_check(CHECK)
def test_existing_partnership_moved_and_moved_back(lifecycle: Scenario) -> None:
    s, d = lifecycle, lifecycle.driver
    partners = _delivery_partners(s)
    # Given one of the provider's partnerships in the cohort
    ours = read_all(s.client, "partnerships", {"filter[cohort]": str(COHORT)})
    if not ours:
        s.not_run(f"the provider has no partnership in {COHORT}")
    partnership = ours[0]
    pid, school = str(partnership["id"]), str(partnership["attributes"]["school_id"])
    current = str(partnership["attributes"]["delivery_partner_id"])
    other = next(p for p in partners if p != current)
    now = s.now()
    # When the provider partners the school again, Then it is a duplicate
    partnerships.create(d, COHORT, school, other, now, duplicate=True)
    # When it moves the partnership to another delivery partner and back, Then each is shown
    change = s.note_partnership(pid, current)
    partnerships.change_delivery_partner(d, pid, other, now, same=False)
    partnerships.change_delivery_partner(d, pid, current, now, same=False)
    s.undone(change)


@pytest.mark.rect_check(CHECK)
def test_partnership_cannot_move_to_another_providers_delivery_partner(
    lifecycle: Scenario,
) -> None:
    s, d = lifecycle, lifecycle.driver
    s.needs_test_support("creating a partnership (it cannot be removed again through the API)")
    s.needs_second_token("finding a delivery partner the provider does not work with")
    ours = _delivery_partners(s)
    theirs = read_all(s.client, "delivery-partners", {"filter[cohort]": str(COHORT)}, "secondary")
    foreign = sorted(str(item["id"]) for item in theirs if str(item["id"]) not in ours)
    if not foreign:
        s.not_run(f"the other provider works with no delivery partner this one lacks in {COHORT}")
    # Given a partnership the provider made with a free school
    now = s.now()
    made = partnerships.create(d, COHORT, _free_school(s), ours[0], now, duplicate=False)
    # When it moves the partnership to a delivery partner only the other provider works with,
    # Then that is refused: not recognised as working with this provider in the cohort
    partnerships.change_delivery_partner(
        d, made.subject_id, foreign[0], now, same=False, foreign=True
    )


@pytest.mark.rect_check(CHECK)
def test_transfer_appears_after_the_school_reports_leaving(lifecycle: Scenario) -> None:
    s, d = lifecycle, lifecycle.driver
    # Given a 2025 ECT of the run's own
    school = s.school(COHORT)
    pid = s.register(
        "ect", COHORT, date(2025, 9, 1), "ecf-standard-september", school=school, now=at(2025, 9, 1)
    )
    schools = {
        str(item["attributes"]["school_id"]): str(item["attributes"]["urn"])
        for item in read_all(s.client, "partnerships", {"filter[cohort]": str(COHORT)})
    }
    elsewhere = [
        item
        for item in read_all(s.client, "schools", {"filter[cohort]": str(COHORT)})
        if str(item["id"]) not in schools
    ]
    if not elsewhere:
        s.not_run("no school outside the provider's partnerships to move to")
    target = elsewhere[0]
    last_day = date(2026, 3, 31)
    # When the school reports that they left for school-led training elsewhere, Then they are
    # left, and the provider sees a new_provider transfer with both dates
    partnerships.leave(d, pid, "ect", last_day, str(target["id"]), at(2026, 4, 1))
    d.observe(pid, at(2026, 4, 5))
    urns = (schools[school], str(target["attributes"]["urn"]))
    partnerships.transfer_listed(d, pid, urns, last_day, at(2026, 4, 5))
    # When the provider tries to resume them, Then they are still active in training terms
    d.resume(pid, "ecf-induction", at(2026, 4, 5, 11))


@pytest.mark.rect_check(CHECK)
def test_unfunded_mentor_appears_after_assignment(lifecycle: Scenario) -> None:
    s, d = lifecycle, lifecycle.driver
    s.needs_second_token("registering a mentor with another provider")
    # Given a 2025 ECT of the run's own, and a mentor the other provider trains
    ect = s.register("ect", COHORT, date(2025, 9, 1), "ecf-standard-september", now=at(2025, 9, 1))
    mentor = s.register_elsewhere("mentor", COHORT, date(2025, 9, 1), "ecf-standard-september")
    start = s.now().date() - timedelta(days=1)
    # When the school assigns that mentor to the ECT, Then the provider sees them as an unfunded
    # mentor and as the ECT's mentor
    partnerships.assign_mentor(d, ect, mentor, start, s.now())
    partnerships.unfunded_mentor_listed(d, ect, mentor, s.now())
