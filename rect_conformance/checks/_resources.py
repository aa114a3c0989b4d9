"""The API's resources as one data table: which operations list and show them, and how.

The checks read this table instead of guessing from paths, so a rule such as "statements have no
sort" or "schools need ``filter[cohort]``" is written once, with the rules section it comes from.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Resource:
    """One resource of the API as the sync and tenancy checks see it."""

    name: str
    list_op: str
    show_op: str
    list_path: str
    show_path: str  # with ``{id}``
    # Which tenancy rule applies (rules §2.2): "exclusive" records belong to exactly one provider,
    # "overlapping" ones may be visible to several, "shared" ones to every provider.
    tenancy: str
    filters: tuple[str, ...]
    sortable: bool
    needs_cohort: bool = False
    # The sort keys whose order a list shows (rules §5.4, §17.2): participants do not show their
    # creation time at the top level, and transfers sort by the participant's timestamps while
    # the updated_at they show is the newest transfer's, so sorting them can only be checked for
    # keeping the same records.
    sort_shown: tuple[str, ...] = ("created_at", "updated_at")


RESOURCES: tuple[Resource, ...] = (
    Resource(
        "statements",
        "getStatements",
        "getStatement",
        "/api/v3/statements",
        "/api/v3/statements/{id}",
        "exclusive",
        ("cohort", "updated_since"),
        False,
    ),
    Resource(
        "delivery-partners",
        "getDeliveryPartners",
        "getDeliveryPartner",
        "/api/v3/delivery-partners",
        "/api/v3/delivery-partners/{id}",
        "overlapping",
        ("cohort",),
        True,
    ),
    Resource(
        "schools",
        "getSchools",
        "getSchool",
        "/api/v3/schools",
        "/api/v3/schools/{id}",
        "shared",
        ("cohort", "urn", "updated_since"),
        True,
        needs_cohort=True,
    ),
    Resource(
        "partnerships",
        "getPartnerships",
        "getPartnership",
        "/api/v3/partnerships",
        "/api/v3/partnerships/{id}",
        "exclusive",
        ("cohort", "updated_since", "delivery_partner_id"),
        True,
    ),
    Resource(
        "participants",
        "getParticipants",
        "getParticipant",
        "/api/v3/participants",
        "/api/v3/participants/{id}",
        "overlapping",
        ("cohort", "updated_since", "training_status", "from_participant_id"),
        True,
        sort_shown=("updated_at",),
    ),
    Resource(
        "transfers",
        "getTransfers",
        "getTransfer",
        "/api/v3/participants/transfers",
        "/api/v3/participants/{id}/transfers",
        "overlapping",
        ("updated_since",),
        True,
        sort_shown=(),
    ),
    Resource(
        "unfunded-mentors",
        "getUnfundedMentors",
        "getUnfundedMentor",
        "/api/v3/unfunded-mentors",
        "/api/v3/unfunded-mentors/{id}",
        "overlapping",
        ("updated_since",),
        True,
    ),
    Resource(
        "declarations",
        "getDeclarations",
        "getDeclaration",
        "/api/v3/participant-declarations",
        "/api/v3/participant-declarations/{id}",
        "overlapping",
        ("cohort", "participant_id", "delivery_partner_id", "updated_since"),
        False,
    ),
)

BY_LIST_OP = {r.list_op: r for r in RESOURCES}
BY_SHOW_OP = {r.show_op: r for r in RESOURCES}
BY_NAME = {r.name: r for r in RESOURCES}

# Writes: how to reach each one without changing anything (rules §4.3). "body_first" writes check
# the body shape before looking the id up, so a 404 probe needs a well-formed body.
WRITE_OPS: dict[str, dict[str, object]] = {
    "createPartnership": {"method": "POST", "path": "/api/v3/partnerships", "id": False},
    "updatePartnership": {
        "method": "PUT",
        "path": "/api/v3/partnerships/{id}",
        "id": True,
        "body_first": False,
    },
    "withdrawParticipant": {
        "method": "PUT",
        "path": "/api/v3/participants/{id}/withdraw",
        "id": True,
        "body_first": True,
    },
    "deferParticipant": {
        "method": "PUT",
        "path": "/api/v3/participants/{id}/defer",
        "id": True,
        "body_first": True,
    },
    "resumeParticipant": {
        "method": "PUT",
        "path": "/api/v3/participants/{id}/resume",
        "id": True,
        "body_first": True,
    },
    "changeScheduleParticipant": {
        "method": "PUT",
        "path": "/api/v3/participants/{id}/change-schedule",
        "id": True,
        "body_first": True,
    },
    "createDeclaration": {
        "method": "POST",
        "path": "/api/v3/participant-declarations",
        "id": False,
    },
    "voidDeclaration": {
        "method": "PUT",
        "path": "/api/v3/participant-declarations/{id}/void",
        "id": True,
        "body_first": False,
    },
}

# Every operation of the published spec, so tests can be parametrized before the contract loads.
ALL_OPERATION_IDS: tuple[str, ...] = (
    *(op for r in RESOURCES for op in (r.list_op, r.show_op)),
    *WRITE_OPS,
)

LIST_OPS = tuple(r.list_op for r in RESOURCES)
SHOW_OPS = tuple(r.show_op for r in RESOURCES)
PARTICIPANT_ACTIONS = (
    "withdrawParticipant",
    "deferParticipant",
    "resumeParticipant",
    "changeScheduleParticipant",
)

# Well-formed bodies that reach the id lookup of a body-first write (rules §7). They are only ever
# sent with ids that cannot exist, so they change nothing.
PROBE_BODIES: dict[str, dict[str, object]] = {
    "withdrawParticipant": {
        "data": {
            "type": "participant-withdraw",
            "attributes": {"reason": "other", "course_identifier": "ecf-induction"},
        }
    },
    "deferParticipant": {
        "data": {
            "type": "participant-defer",
            "attributes": {"reason": "other", "course_identifier": "ecf-induction"},
        }
    },
    "resumeParticipant": {
        "data": {"type": "participant-resume", "attributes": {"course_identifier": "ecf-induction"}}
    },
    "changeScheduleParticipant": {
        "data": {
            "type": "participant-change-schedule",
            "attributes": {
                "schedule_identifier": "ecf-extended-september",
                "course_identifier": "ecf-induction",
            },
        }
    },
    "updatePartnership": {
        "data": {
            "type": "partnership",
            "attributes": {"delivery_partner_id": "00000000-0000-4000-8000-000000000000"},
        }
    },
}
