"""Each partnership fault changes what it names: a probe creates or moves one of the first
provider's partnerships of the minimal world on a clean sandbox and on one with the fault, and
the statuses differ as the table says (clean first, faulted second). Rules 11.3 and 11.4."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.sandbox.helpers import Lifecycle

COHORT = "2025"


def _listed(world: Lifecycle, path: str, provider: int = 0) -> list[dict]:
    answer = world.send("GET", f"{path}?filter[cohort]={COHORT}", provider=provider)
    assert answer.status_code == 200, answer.text
    return answer.json()["data"]


def _partners(world: Lifecycle, provider: int = 0) -> list[str]:
    return sorted(item["id"] for item in _listed(world, "/api/v3/delivery-partners", provider))


def _partnership(world: Lifecycle) -> dict:
    """The first provider's partnership with minimal-world school 0."""
    school = world.school(0)
    return next(
        item
        for item in _listed(world, "/api/v3/partnerships")
        if item["attributes"]["school_id"] == school
    )


def partnered_again(world: Lifecycle) -> int:
    current = _partnership(world)["attributes"]["delivery_partner_id"]
    other = next(dp for dp in _partners(world) if dp != current)
    answer = world.send(
        "POST",
        "/api/v3/partnerships",
        cohort=COHORT,
        school_id=world.school(0),
        delivery_partner_id=other,
    )
    return answer.status_code


def moved_to(choose: Callable[[Lifecycle, dict], str]) -> Callable[[Lifecycle], int]:
    def probe(world: Lifecycle) -> int:
        partnership = _partnership(world)
        answer = world.send(
            "PUT",
            f"/api/v3/partnerships/{partnership['id']}",
            delivery_partner_id=choose(world, partnership),
        )
        return answer.status_code

    return probe


def someone_elses_partner(world: Lifecycle, partnership: dict) -> str:
    return next(dp for dp in _partners(world, provider=1) if dp not in _partners(world))


def the_current_partner(world: Lifecycle, partnership: dict) -> str:
    return partnership["attributes"]["delivery_partner_id"]


CASES: dict[str, tuple[Callable[[Lifecycle], object], object, object]] = {
    "duplicate-partnership-accepted": (partnered_again, 422, 200),
    "partnership-foreign-delivery-partner-accepted": (moved_to(someone_elses_partner), 422, 200),
    "same-delivery-partner-accepted": (moved_to(the_current_partner), 422, 200),
}


@pytest.mark.parametrize("fault", sorted(CASES))
def test_the_fault_changes_what_the_sandbox_does(fault):
    probe, clean, faulted = CASES[fault]
    assert probe(Lifecycle()) == clean, f"the clean sandbox does not give {clean!r}"
    assert probe(Lifecycle([fault])) == faulted, f"{fault} does not give {faulted!r}"
