"""Partnership create and update checks (rules 11.3, 11.4).

Create runs every check and may return several errors (the cohort checks stop at their first
failure, as do the school checks); update is a short chain. The side effects (attaching
expression-of-interest training periods, refreshing school metadata, touching timestamps) are
the router's, as listed in ``_touch.TOUCHES``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from rect_sandbox._faults import NO_FAULTS, Faults
from rect_sandbox._reference import COHORTS
from rect_sandbox.rules._actions import grouped
from rect_sandbox.rules._model import Error, Partnership

ENTER = "Enter a '#/{name}'."
COHORT_INVALID = "The '#/cohort' you have entered is invalid. Check cohort details and try again."
COHORT_FUTURE = "You cannot create a partnership for a future cohort."
COHORT_CLOSED = "You cannot create this partnership as the cohort is closed."
SCHOOL_INVALID = (
    "The '#/school_id' you have entered is invalid. Check school details and try again. "
    "Contact the DfE for support if you are unable to find the '#/school_id'."
)
SCHOOL_INELIGIBLE = (
    "The school you have entered is currently ineligible for DfE funding. "
    "Contact the school for more information."
)
DP_INVALID = (
    "The '#/delivery_partner_id' you have entered is invalid. Check delivery partner details and "
    "try again."
)
DP_NOT_OURS = (
    "The entered delivery partner is not recognised to be working in partnership with you for the "
    "given cohort. Contact the DfE for more information."
)
ALREADY_PARTNERED = (
    "You are already in a confirmed partnership with this school for the entered cohort."
)
SCHOOL_LED_ONLY = (
    "This school has only registered school-led participants. Contact the school for more "
    "information."
)
SAME_DP = (
    "We are unable to process this request. You are already confirmed to be in partnership with "
    "the entered delivery partner. Contact the DfE for support."
)


@dataclass
class SchoolFacts:
    """A school as the partnership checks see it."""

    id: str
    eligible: bool
    programme_choice: dict[int, str | None] = field(default_factory=dict)


@dataclass
class PartnershipFacts:
    """The provider's side: its delivery partnerships and partnerships, and what was looked up."""

    lead_provider_id: str
    school: SchoolFacts | None
    delivery_partner_exists: bool
    delivery_partnerships: set[tuple[str, int]] = field(default_factory=set)
    partnerships: list[Partnership] = field(default_factory=list)


def parse_cohort(value: object) -> int | None:
    """A cohort given as a string or a number; None when it is not a known cohort."""
    if isinstance(value, bool):
        return None
    try:
        year = int(str(value).strip())
    except ValueError:
        return None
    return year if year in COHORTS else None


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def create_errors(
    facts: PartnershipFacts, attributes: dict, today: date, faults: Faults = NO_FAULTS
) -> list[Error]:
    """Every failed check of POST /partnerships, grouped as the API groups them."""
    errors: list[Error] = []
    raw_cohort = attributes.get("cohort")
    school_id = attributes.get("school_id")
    dp_id = attributes.get("delivery_partner_id")
    for name, value in (
        ("cohort", raw_cohort),
        ("school_id", school_id),
        ("delivery_partner_id", dp_id),
    ):
        if _blank(value):
            errors.append((name, ENTER.format(name=name)))
    cohort = None
    if not _blank(raw_cohort):
        cohort = parse_cohort(raw_cohort)
        if cohort is None:
            errors.append(("cohort", COHORT_INVALID))
        elif COHORTS[cohort].start > today:
            errors.append(("cohort", COHORT_FUTURE))
        elif not COHORTS[cohort].open_for_new_partnerships:
            errors.append(("cohort", COHORT_CLOSED))
    school = facts.school
    if not _blank(school_id):
        if school is None:
            errors.append(("school_id", SCHOOL_INVALID))
        elif not school.eligible:
            errors.append(("school_id", SCHOOL_INELIGIBLE))
    if not _blank(dp_id):
        if not facts.delivery_partner_exists:
            errors.append(("delivery_partner_id", DP_INVALID))
        elif cohort is None or (dp_id, cohort) not in facts.delivery_partnerships:
            errors.append(("delivery_partner_id", DP_NOT_OURS))
    if school is not None and cohort is not None:
        partnered = any(p.school_id == school.id and p.cohort == cohort for p in facts.partnerships)
        if partnered and not faults.on("duplicate-partnership-accepted"):
            errors.append(("school_id", ALREADY_PARTNERED))
        if school.programme_choice.get(cohort) == "school_led":
            errors.append(("school_id", SCHOOL_LED_ONLY))
    return grouped(errors)


def update_errors(
    facts: PartnershipFacts, partnership: Partnership, attributes: dict, faults: Faults = NO_FAULTS
) -> list[Error]:
    """The failed check of PUT /partnerships/{id}, if any (the checks form a chain)."""
    dp_id = attributes.get("delivery_partner_id")
    if _blank(dp_id):
        return [("delivery_partner_id", ENTER.format(name="delivery_partner_id"))]
    if not facts.delivery_partner_exists:
        return [("delivery_partner_id", DP_INVALID)]
    ours = (dp_id, partnership.cohort) in facts.delivery_partnerships
    if not ours and not faults.on("partnership-foreign-delivery-partner-accepted"):
        return [("delivery_partner_id", DP_NOT_OURS)]
    duplicate = any(
        p.school_id == partnership.school_id
        and p.cohort == partnership.cohort
        and p.delivery_partner_id == dp_id
        for p in facts.partnerships
    )
    if duplicate and not faults.on("same-delivery-partner-accepted"):
        return [("delivery_partner_id", SAME_DP)]
    return []
