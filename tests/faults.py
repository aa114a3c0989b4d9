"""The fault -> symptom table: for every fault of the sandbox catalogue
(``python -m rect_sandbox --list-faults``), the checks that catch it and the text their finding
shows, or why nothing catches it yet.

This is the proof that each check can fail. It is read by:

* ``tests/checks/test_checks_on_sandbox.py``: every row whose check is in the registry, run
  check by check against a sandbox with the fault on;
* ``tests/checks/test_run_with_faults.py`` and ``tests/engine/test_run_embedded.py``: the rows
  marked ``in_run``, replayed by a whole ``rect-conformance run`` that must exit 1 and name
  the symptom (the engine's test takes the faults its per-operation checks catch, the checks'
  test the others);
* ``tests/scenarios/test_lifecycle_faults.py``: the lifecycle rows (those naming a ``rule``,
  built from ``tests/faults_lifecycle.py``), each fault replayed by a run of the scenario
  checks of its rows that must exit 1 with a finding naming the rule;
* ``tests/test_fault_table.py``: the table holds every fault of the catalogue and nothing else.

A plain module, not a conftest: tests import what they read from it.
"""

from __future__ import annotations

from dataclasses import dataclass

from rect_conformance._api import (
    ALL_OPERATION_IDS,
    LIST_OPS,
    PARTICIPANT_ACTIONS,
    SHOW_OPS,
    WRITES,
)
from tests.faults_lifecycle import ALSO, CAUGHT, LIFECYCLE_RULES, SUPPORT

# The operation of a lifecycle step test support took (a registration, DfE moving money).
TEST_SUPPORT = SUPPORT

# The check name of the engine's per-operation tests (schemathesis-driven: status, content type,
# schema, server errors); every other check name is one of the checks registry.
OPERATIONS = "operations"
# The operations a 404 probe reaches: every read by id and every write on a record.
NOT_FOUND_OPS = (*SHOW_OPS, *(write.operation_id for write in WRITES if write.takes_id))


@dataclass(frozen=True)
class Symptom:
    """A check that catches a fault on one operation, and the text its finding's message holds.

    ``in_run``: the row is also replayed by a whole ``rect-conformance run``. ``rule``: for a
    lifecycle check (a scenario of ``scenarios/``), the rule id its finding must name.
    """

    check: str
    operation: str
    text: str
    in_run: bool = False
    rule: str = ""


@dataclass(frozen=True)
class NotYetCaught:
    """A fault no check catches yet, and why."""

    reason: str


def lifecycle(check: str, operation: str, text: str, rule: str) -> Symptom:
    """A row caught by a lifecycle scenario: replayed by a run of the checks of the fault's
    lifecycle rows, whose finding must name ``rule`` (see
    ``tests/scenarios/test_lifecycle_faults.py``)."""
    return Symptom(check, operation, text, in_run=True, rule=rule)


def _lifecycle_rows(fault: str) -> tuple[Symptom, ...]:
    """The rows of a fault a lifecycle scenario catches (see ``tests/faults_lifecycle.py``)."""
    named = LIFECYCLE_RULES[fault]
    return (
        *(lifecycle(check, op, text, named) for check, op, text in CAUGHT[fault]),
        *(lifecycle(check, op, text, rule) for check, op, text, rule in ALSO.get(fault, ())),
    )


FAULTS: dict[str, tuple[Symptom, ...] | NotYetCaught] = {
    # schema: the engine validates every answer against the spec.
    "enrolment-missing-field": (
        Symptom(
            OPERATIONS, "getParticipants", "'schedule_identifier' is a required property", True
        ),
    ),
    "wrong-type": (
        Symptom(OPERATIONS, "getPartnerships", "participants_currently_training", True),
    ),
    "unexpected-null": (Symptom(OPERATIONS, "getDeclarations", "delivery_partner_id", True),),
    "enum-out-of-range": (
        Symptom(OPERATIONS, "getParticipant", "'suspended' is not one of", True),
    ),
    "bad-datetime": (Symptom(OPERATIONS, "getStatements", "is not a 'date-time'", True),),
    # status
    "create-returns-201": (Symptom(OPERATIONS, "createPartnership", "answered 201", True),),
    "wrong-content-type": (
        Symptom(OPERATIONS, "getStatements", "content type 'text/plain'", True),
    ),
    # The spec's error schemas require nothing, so a wrong 404 body still validates; the
    # envelope checks name it.
    "error-envelope": (
        *(
            Symptom(
                "envelope-not-found",
                op,
                "must hold only an 'errors' array",
                in_run=op == "getStatement",
            )
            for op in NOT_FOUND_OPS
        ),
        *(
            Symptom("envelope-unprocessable", op, "must hold only an 'errors' array")
            for op in ("createPartnership", "createDeclaration")
        ),
    ),
    # auth
    "auth-ignored": tuple(
        Symptom(check, op, "answered 200, not 401", True)
        for check in ("auth-missing-token", "auth-wrong-token")
        for op in ("getStatements", "getStatement")
    ),
    "auth-envelope": tuple(
        Symptom(
            check,
            op,
            "401 body is {'errors'",
            in_run=check == "auth-missing-token" and op in ("getStatements", "createPartnership"),
        )
        for check in ("auth-missing-token", "auth-wrong-token")
        for op in ALL_OPERATION_IDS
    ),
    # tenancy
    "tenancy-leak-list": (
        Symptom(
            "tenancy-list-isolated", "getPartnerships", "appear in both providers' lists", True
        ),
        Symptom(
            "tenancy-own-delivery-partners",
            "getPartnerships",
            "on delivery partners the provider does not work with",
        ),
    ),
    "tenancy-leak-show": (
        Symptom(
            "tenancy-hidden-by-id", "getParticipant", "the other provider's record was served", True
        ),
    ),
    # sync
    "page-duplicates": tuple(
        Symptom("sync-page-walk", op, "came back more than once", in_run=op == "getParticipants")
        for op in LIST_OPS
    ),
    "page-gap": tuple(
        Symptom(
            "sync-page-walk", op, "never appeared in the walk (gap)", in_run=op == "getDeclarations"
        )
        for op in LIST_OPS
    ),
    "per-page-ignored": (
        *(
            Symptom("sync-page-size", op, "page[per_page]=1: got", in_run=op == "getStatements")
            for op in LIST_OPS
        ),
        Symptom("sync-page-walk", "getParticipants", "page 1 held"),
    ),
    "updated-since-ignored": (
        Symptom("sync-updated-since", "getParticipants", "older than updated_since", True),
    ),
    "updated-at-not-bumped": tuple(
        Symptom("sync-updated-at-bumped", op, "updated_at stayed", op == "withdrawParticipant")
        for op in PARTICIPANT_ACTIONS
    ),
    "sort-ignored": (Symptom("sync-sort", "getParticipants", "is not honoured", True),),
    "filter-ignored": (Symptom("sync-filters", "getPartnerships", "not matching cohort=", True),),
    # robustness
    "intermittent-500": (Symptom(OPERATIONS, "getUnfundedMentors", "answered 500", True),),
    # lifecycle: the scenarios of scenarios/ (tests/faults_lifecycle.py), each finding
    # naming the rule the fault breaks.
    **{fault: _lifecycle_rows(fault) for fault in CAUGHT},
}

# Registry checks that no fault of the catalogue makes fail, so not yet trusted that way. Each
# is shown failing another way: the 400 checks against a wrong token
# (test_checks_on_sandbox.py), tenancy-schools-shared on small data (test_tenancy_rules.py),
# sync-fixed-order through its ordering rule (test_oracle.py).
CHECKS_NO_FAULT_SHOWS = frozenset(
    {
        "envelope-bad-body",
        "envelope-bad-filter",
        "sync-fixed-order",
        "sync-page-invalid",
        "tenancy-schools-shared",
    }
)


# Lifecycle checks that no fault of the catalogue makes fail yet, each with how it is shown
# failing instead. Every scenario check is shown failing by a fault of the table; the state machine
# is shown failing by its own tests, which find, shrink and replay several lifecycle faults.
LIFECYCLE_CHECKS_NO_FAULT_SHOWS = {
    "lifecycle-state-machine": "tests/statemachine/test_state_machine_faults.py: found, "
    "shrunk and replayed for several lifecycle faults",
}


def caught() -> dict[str, tuple[Symptom, ...]]:
    """Every fault some check catches, with its symptoms."""
    return {fault: rows for fault, rows in FAULTS.items() if isinstance(rows, tuple)}


def symptoms_of_checks(checks: set[str] | frozenset[str]) -> dict[str, tuple[Symptom, ...]]:
    """The rows whose check is one of ``checks``, by fault (faults without such rows left out)."""
    found = {
        fault: tuple(row for row in rows if row.check in checks) for fault, rows in caught().items()
    }
    return {fault: rows for fault, rows in found.items() if rows}


@dataclass(frozen=True)
class Replay:
    """What a whole run restricted to one fault's ``in_run`` rows selects and must show."""

    checks: tuple[str, ...]
    operations: tuple[str, ...]
    symptoms: tuple[Symptom, ...]


def runs(*, engine: bool) -> dict[str, Replay]:
    """The run replays: with ``engine``, of the faults the per-operation checks catch
    (``operations`` among the checks of their ``in_run`` rows); without, of the others caught
    by registered checks (the lifecycle rows are :func:`lifecycle_rows`)."""
    replays = {}
    for fault, rows in caught().items():
        chosen = tuple(row for row in rows if row.in_run and not row.rule)
        if chosen and (OPERATIONS in {row.check for row in chosen}) == engine:
            replays[fault] = Replay(
                tuple(dict.fromkeys(row.check for row in chosen)),
                tuple(dict.fromkeys(row.operation for row in chosen)),
                chosen,
            )
    return replays


def lifecycle_rows() -> dict[str, tuple[Symptom, ...]]:
    """The rows caught by lifecycle scenarios, by fault: each fault replayed by one run of the
    checks of its rows."""
    found = {fault: tuple(row for row in rows if row.rule) for fault, rows in caught().items()}
    return {fault: rows for fault, rows in found.items() if rows}
