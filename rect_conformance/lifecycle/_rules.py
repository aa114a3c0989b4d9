"""The rules a lifecycle finding can name: the oracle's table, and the few the scenarios check
that the oracle does not model (time travel, visibility, partnerships, transfers, unfunded
mentors), in the same shape.

A finding names its rule by id; :func:`rule_of` finds it in either table and :func:`source_of`
says where a reader can check it (the rulebook section and the public guidance page).
"""

from __future__ import annotations

from rect_conformance.oracle import RULES, Rule
from rect_conformance.oracle._rule import GUIDANCE, SPEC, TESTING, VIEW, row

PARTNERSHIPS = GUIDANCE + "create-view-and-update-partnerships"
UNFUNDED = GUIDANCE + "understanding-unfunded-mentors"

_DUPLICATE_PARTNERSHIP = (
    "school_id",
    "You are already in a confirmed partnership with this school for the entered cohort.",
)
_SAME_PARTNER = (
    "delivery_partner_id",
    "We are unable to process this request. You are already confirmed to be in partnership with the entered delivery partner. Contact the DfE for support.",  # noqa: E501
)
_NOT_OUR_PARTNER = (
    "delivery_partner_id",
    "The entered delivery partner is not recognised to be working in partnership with you for the given cohort. Contact the DfE for more information.",  # noqa: E501
)
_NOT_FOUND = ("Resource not found", "Nothing could be found for the provided details")

LOCAL_ROWS: tuple[Rule, ...] = (
    row(
        "time-travel.server-date",
        "§20",
        TESTING,
        "X-With-Server-Date freezes the server's clock for the request: what it writes is "
        "stamped with that instant",
    ),
    row(
        "visibility.own-participant",
        "§2.2, §12.1",
        VIEW,
        "a participant registered with the provider is visible to it, by id and in its list",
    ),
    row(
        "visibility.updated-since",
        "§5.2, §19",
        VIEW,
        "a participant registered after an updated_since instant appears in that poll",
    ),
    row(
        "visibility.other-provider",
        "§2.2",
        SPEC,
        "another provider sees neither the participant nor can it act on it",
        _NOT_FOUND,
        status=404,
    ),
    row(
        "partnership.created",
        "§11.3",
        PARTNERSHIPS,
        "a partnership with a school not yet partnered in an open cohort is created as asked",
    ),
    row(
        "partnership.duplicate",
        "§11.3 #11",
        PARTNERSHIPS,
        "a second partnership with the same school in the same cohort is refused",
        _DUPLICATE_PARTNERSHIP,
    ),
    row(
        "partnership.delivery-partner-changed",
        "§11.4",
        PARTNERSHIPS,
        "PUT changes only the delivery partner, to one the provider works with in the cohort",
    ),
    row(
        "partnership.same-delivery-partner",
        "§11.4",
        PARTNERSHIPS,
        "re-sending the partnership's current delivery partner is refused",
        _SAME_PARTNER,
    ),
    row(
        "partnership.not-our-partner",
        "§11.4",
        PARTNERSHIPS,
        "PUT refuses a delivery partner the provider does not work with in the partnership's "
        "cohort",
        _NOT_OUR_PARTNER,
    ),
    row(
        "partnership.currently-training",
        "§11.2, §14.2 effects",
        PARTNERSHIPS,
        "participants_currently_training counts the training periods under the partnership "
        "whose dates contain today, so a withdrawal or deferral takes one off from that day",
    ),
    row(
        "transfer.listed-after-leaving",
        "§17.1, §17.2",
        VIEW,
        "a participant the school reports leaving for another provider's school appears in the "
        "provider's transfers as new_provider, with the leaving and joining dates",
    ),
    row(
        "unfunded-mentor.listed",
        "§18, §12.2",
        UNFUNDED,
        "a mentor another provider trains, assigned to the provider's ECT, is an unfunded "
        "mentor of the provider and the ECT's mentor_id",
    ),
)

LOCAL_RULES: dict[str, Rule] = {rule.id: rule for rule in LOCAL_ROWS}


def rule_of(rule_id: str) -> Rule:
    """The rule with this id, from the oracle's table or the lifecycle's own."""
    found = RULES.get(rule_id) or LOCAL_RULES.get(rule_id)
    if found is None:
        raise KeyError(f"no lifecycle rule {rule_id!r}")
    return found


def source_of(rule_id: str) -> str:
    """Where rule ``rule_id`` is written: the rulebook section and the public page."""
    rule = rule_of(rule_id)
    return f"{rule.section} ({rule.id}); {rule.guidance_url}"


def refusing(rule_ids: tuple[str, ...] | list[str]) -> list[str]:
    """The ids among ``rule_ids`` of rules that refuse a request (they carry an error)."""
    return [r for r in rule_ids if rule_of(r).status is not None and rule_of(r).status != 200]
