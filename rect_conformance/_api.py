"""The shape of the RECT Lead Provider API v3 as one table: its 24 operations, their methods and
paths, which list and read-by-id belong together, and how each write is reached.

Everything in the engine that names a path of the API reads it from here (the examples, the
checks, the tenancy comparisons, the participant the run owns), so a path is written once.
``tests/checks/test_api_shape.py`` holds the table against the published spec.
"""

from __future__ import annotations

from dataclasses import dataclass

PREFIX = "/api/v3"
SPEC_PATH = "/api/docs/v3/swagger.yaml"  # where a target serves its own description


def _path(relative: str) -> str:
    return f"{PREFIX}/{relative}"


def fill(path: str, record_id: str) -> str:
    """``path`` with its ``{id}`` replaced by ``record_id``."""
    return path.replace("{id}", record_id)


@dataclass(frozen=True)
class Resource:
    """One resource of the API: the list and the read by id that show it, and how they behave.

    ``tenancy`` names the visibility rule (rules §2.2): "exclusive" records belong to exactly
    one provider, "overlapping" ones may be visible to several, "shared" ones to every provider.
    """

    name: str
    list_op: str
    show_op: str
    segment: str  # the list's path below /api/v3
    tenancy: str
    filters: tuple[str, ...]
    sortable: bool
    needs_cohort: bool = False
    # The sort keys whose order a list shows (rules §5.4, §17.2): participants do not show their
    # creation time at the top level, and transfers sort by the participant's timestamps while
    # the updated_at they show is the newest transfer's, so sorting them can only be checked for
    # keeping the same records.
    sort_shown: tuple[str, ...] = ("created_at", "updated_at")
    show_segment: str = ""  # the read by id below /api/v3, when it is not ``segment/{id}``

    @property
    def list_path(self) -> str:
        """The path of the list, e.g. ``/api/v3/statements``."""
        return _path(self.segment)

    @property
    def show_path(self) -> str:
        """The path of the read by id, with ``{id}``."""
        return _path(self.show_segment or f"{self.segment}/{{id}}")

    def path_for(self, record_id: str) -> str:
        """The read-by-id path of record ``record_id``."""
        return fill(self.show_path, record_id)


RESOURCES: tuple[Resource, ...] = (
    Resource(
        "statements",
        "getStatements",
        "getStatement",
        "statements",
        "exclusive",
        ("cohort", "updated_since"),
        sortable=False,
    ),
    Resource(
        "delivery-partners",
        "getDeliveryPartners",
        "getDeliveryPartner",
        "delivery-partners",
        "overlapping",
        ("cohort",),
        sortable=True,
    ),
    Resource(
        "schools",
        "getSchools",
        "getSchool",
        "schools",
        "shared",
        ("cohort", "urn", "updated_since"),
        sortable=True,
        needs_cohort=True,
    ),
    Resource(
        "partnerships",
        "getPartnerships",
        "getPartnership",
        "partnerships",
        "exclusive",
        ("cohort", "updated_since", "delivery_partner_id"),
        sortable=True,
    ),
    Resource(
        "participants",
        "getParticipants",
        "getParticipant",
        "participants",
        "overlapping",
        ("cohort", "updated_since", "training_status", "from_participant_id"),
        sortable=True,
        sort_shown=("updated_at",),
    ),
    Resource(
        "transfers",
        "getTransfers",
        "getTransfer",
        "participants/transfers",
        "overlapping",
        ("updated_since",),
        sortable=True,
        sort_shown=(),
        show_segment="participants/{id}/transfers",
    ),
    Resource(
        "unfunded-mentors",
        "getUnfundedMentors",
        "getUnfundedMentor",
        "unfunded-mentors",
        "overlapping",
        ("updated_since",),
        sortable=True,
    ),
    Resource(
        "declarations",
        "getDeclarations",
        "getDeclaration",
        "participant-declarations",
        "overlapping",
        ("cohort", "participant_id", "delivery_partner_id", "updated_since"),
        sortable=False,
    ),
)

BY_LIST_OP = {r.list_op: r for r in RESOURCES}
BY_SHOW_OP = {r.show_op: r for r in RESOURCES}
BY_NAME = {r.name: r for r in RESOURCES}


@dataclass(frozen=True)
class Write:
    """One write operation: its method, the resource it changes and, for an action on a
    record, the action's segment after ``{id}``.

    ``body_first`` writes check the body's shape before they look the id up (rules §4.3), so a
    probe for their 404 needs a well-formed body.
    """

    operation_id: str
    method: str
    resource: str
    action: str = ""  # "" for a create (POST to the list) or an update (PUT to the record)
    body_first: bool = False

    @property
    def path(self) -> str:
        """The path, with ``{id}`` when the write acts on one record."""
        resource = BY_NAME[self.resource]
        if self.method == "POST":
            return resource.list_path
        return resource.show_path + (f"/{self.action}" if self.action else "")

    @property
    def takes_id(self) -> bool:
        """Whether the path names a record."""
        return "{id}" in self.path

    def path_for(self, record_id: str) -> str:
        """The path of this write on record ``record_id``."""
        return fill(self.path, record_id)


WRITES: tuple[Write, ...] = (
    Write("createPartnership", "POST", "partnerships"),
    Write("updatePartnership", "PUT", "partnerships"),
    Write("withdrawParticipant", "PUT", "participants", "withdraw", body_first=True),
    Write("deferParticipant", "PUT", "participants", "defer", body_first=True),
    Write("resumeParticipant", "PUT", "participants", "resume", body_first=True),
    Write("changeScheduleParticipant", "PUT", "participants", "change-schedule", body_first=True),
    Write("createDeclaration", "POST", "declarations"),
    Write("voidDeclaration", "PUT", "declarations", "void"),
)

BY_WRITE_OP = {w.operation_id: w for w in WRITES}

LIST_OPS = tuple(r.list_op for r in RESOURCES)
SHOW_OPS = tuple(r.show_op for r in RESOURCES)
WRITE_OPS = tuple(w.operation_id for w in WRITES)
# Every operation of the published spec, so tests can be parametrized before a contract loads.
ALL_OPERATION_IDS: tuple[str, ...] = (
    *(op for r in RESOURCES for op in (r.list_op, r.show_op)),
    *WRITE_OPS,
)
PARTICIPANT_ACTIONS = tuple(w.operation_id for w in WRITES if w.resource == "participants")


def method_and_path(operation_id: str) -> tuple[str, str]:
    """The method and path (with ``{id}``) of any operation of the table; ``KeyError`` else."""
    if operation_id in BY_LIST_OP:
        return "GET", BY_LIST_OP[operation_id].list_path
    if operation_id in BY_SHOW_OP:
        return "GET", BY_SHOW_OP[operation_id].show_path
    write = BY_WRITE_OP[operation_id]
    return write.method, write.path
