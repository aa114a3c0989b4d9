"""The planner's data: what each kind of test costs, which families come first, which tests
write. One table, read by :func:`cost_of`, :func:`writes` and :func:`rank`.

The costs are requests actually sent per test (answers shared within the run not counted),
measured on the embedded sandbox's full world (``bench/bench_budget.py --calibrate`` prints
them from a run). A target with bigger lists costs a little more per whole-list read; the plan
corrects itself as it goes (``_plan.Plan.admit``), so an estimate only has to be about right.
"""

from __future__ import annotations

from dataclasses import dataclass

from rect_conformance._api import BY_SHOW_OP, WRITE_OPS

GENERATED = ("valid", "invalid")  # the coverage matrix's families of generated requests
SPEC = "spec"  # the spec's own soundness: no request at all

# Targeted families, most severe first: a missing token check or a leak between providers is
# critical; a lifecycle rule broken means wrong payments; then sync, error bodies, and what a
# release note promised. A team's own checks ("other") come last.
FAMILY_RANK = {
    SPEC: 0,
    "auth": 1,
    "tenancy": 2,
    "lifecycle": 3,
    "sync": 4,
    "envelopes": 5,
    "release-notes": 6,
    "other": 7,
}
# Families taken whole once every family has its first test and every operation its generated
# floor: authentication and tenancy straight away; the lifecycle scenarios once every other
# check has its first test too (a sync or envelope fault shows on the first operation a check
# reads, and costs a few requests to find, where a scenario costs twenty). What is left is
# shared breadth first (round k takes the k-th operation of every check).
WHOLE_FIRST = ("auth", "tenancy")
WHOLE_AFTER_FIRSTS = ("lifecycle",)
# The check whose first test stands for its family when the budget allows only one: the one that
# shows the most with one test (a whole list walked in pages, a record read with the other
# provider's token). A family not named here is represented by its cheapest first test.
LEAD_CHECK = {
    "auth": "auth-missing-token",
    "tenancy": "tenancy-hidden-by-id",
    "sync": "sync-page-walk",
    "envelopes": "envelope-not-found",
}

# When a check cannot run on every operation, the operations it runs on first: the records a
# lead provider syncs and acts on: participants, the partnerships that say which schools it
# trains at, the declarations that move money, then what moves between providers, and the
# reference lists last.
OPERATION_PRIORITY = (
    "getParticipants",
    "getPartnerships",
    "getDeclarations",
    "getTransfers",
    "getUnfundedMentors",
    "getStatements",
    "getSchools",
    "getDeliveryPartners",
)


def operation_priority(item: PlanItem) -> int:
    """Where the item's operation (or the list its by-id read belongs to) comes in
    :data:`OPERATION_PRIORITY`; unknown ones after."""
    operation = item.operation or ""
    listed = BY_SHOW_OP[operation].list_op if operation in BY_SHOW_OP else operation
    if listed in OPERATION_PRIORITY:
        return OPERATION_PRIORITY.index(listed)
    return len(OPERATION_PRIORITY)


# Requests one test sends, by check (measured; see the module docstring).
CHECK_COST: dict[str, float] = {
    "auth-missing-token": 1.3,
    "auth-wrong-token": 1.0,
    "tenancy-hidden-by-id": 8,
    "tenancy-list-isolated": 2,
    "tenancy-own-delivery-partners": 1,
    "tenancy-schools-shared": 4,
    "sync-page-walk": 7.5,
    "sync-page-size": 5,
    "sync-page-invalid": 5,
    "sync-updated-since": 2,
    "sync-sort": 4,
    "sync-filters": 4,
    "sync-fixed-order": 1,
    "sync-updated-at-bumped": 5,
    "envelope-not-found": 1,
    "envelope-bad-body": 1.2,
    "envelope-bad-filter": 1.2,
    "envelope-unprocessable": 1,
    "release-notes": 0.3,  # most answers are shared with the sync and tenancy reads
    "lifecycle-register": 6,
    "lifecycle-declarations": 18,
    "lifecycle-defer-resume": 24,
    "lifecycle-withdraw-resume": 17.5,
    "lifecycle-forbidden": 7,
    "lifecycle-change-schedule": 10.5,
    "lifecycle-void": 22,
    "lifecycle-partnerships": 8,
    "lifecycle-bad-input": 19,
    "lifecycle-seed": 8,
}
# Tests that scale with what they are given, like generated ones: check -> (requests per
# example, the fewest examples worth running). The state machine's example is a fresh pool of
# participants driven through twenty steps, about 31 requests.
SCALED: dict[str, tuple[float, int]] = {"lifecycle-state-machine": (31.0, 2)}
# A scaled test runs last and is given examples for what is left divided by this much more
# than its mean cost per example, so that an unlucky draw does not run out of budget mid-way.
SCALED_MARGIN = 1.3
FAMILY_COST = {"lifecycle": 20.0, "other": 5.0, SPEC: 0.0}
DEFAULT_COST = 3.0

# Requests a generated test sends before its generated examples: the reads of records the
# target lists (a list and three reads by id), or the setup of a valid write (reads, a
# participant registered through test support, a deferral before a resume).
SHOW_OVERHEAD = 4
WRITE_OVERHEAD = {
    "createPartnership": 4,
    "updatePartnership": 6,
    "createDeclaration": 3,
    "voidDeclaration": 4,
    "withdrawParticipant": 3,
    "deferParticipant": 3,
    "resumeParticipant": 4,
    "changeScheduleParticipant": 0,
}
# The fewest generated examples every generated test keeps when the budget is short, and how
# what is left after the targeted checks is shared: valid requests judge the answers a client
# lives on (schemas, statuses), so they get twice the share of invalid ones.
MIN_EXAMPLES = {"positive": 1, "negative": 1}
MODE_WEIGHT = {"positive": 2, "negative": 1}
# Lifecycle scenarios on a target without test support change seed records and undo the change
# at the end of the run; this many requests per scenario are held back for that.
UNDO_PER_SCENARIO = 2


@dataclass(frozen=True)
class PlanItem:
    """One test as the planner sees it (no pytest in here)."""

    nodeid: str
    family: str
    check: str | None
    operation: str | None
    mode: str | None = None  # positive / negative, for generated tests
    index: int = 0  # collection order
    applicable: bool = True  # False: it will skip without a request (no second token, ...)
    # What breadth-first spreads over: the check, or for release notes each note's promise.
    group: str | None = None

    @property
    def generated(self) -> bool:
        """A schemathesis test of one operation and mode."""
        return self.family in GENERATED

    @property
    def scaled(self) -> bool:
        """A targeted test whose examples the plan chooses (:data:`SCALED`)."""
        return self.check in SCALED


def rank(item: PlanItem) -> int:
    """The family's place in severity order (generated families after every targeted one)."""
    return FAMILY_RANK.get(item.family, len(FAMILY_RANK))


def writes(item: PlanItem) -> bool:
    """Whether the test may send a write the target acts on (which empties the shared answers).
    Authentication probes of writes are refused with 401 before anything happens, so they count
    as reads."""
    if item.family == "lifecycle":
        # Every scenario counts as a write, the seed judge too although it only reads: it
        # judges every declaration the target shows, so it runs among the scenarios, after
        # those whose declarations it judges as well.
        return True
    if item.family == "auth":
        return False
    if item.check == "sync-updated-at-bumped":
        return True
    return item.operation in WRITE_OPS


def overhead(item: PlanItem) -> int:
    """Requests a generated test sends besides its generated examples."""
    if item.mode != "positive" or not item.applicable:
        return 0
    if item.operation in BY_SHOW_OP:
        return SHOW_OVERHEAD
    return WRITE_OVERHEAD.get(item.operation or "", 0)


def cost_of(item: PlanItem, examples: int = 0) -> float:
    """The requests ``item`` is expected to send (``examples``: a generated test's examples)."""
    if not item.applicable:
        return 0.0
    if item.generated:
        return float(overhead(item) + examples)
    if item.check in SCALED:
        return SCALED[item.check][0] * examples
    if item.check in CHECK_COST:
        return CHECK_COST[item.check]
    return FAMILY_COST.get(item.family, DEFAULT_COST)
