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
* ``tests/scenarios/test_lifecycle_faults.py``: the lifecycle rows (those naming a ``rule``),
  each replayed by a run of its scenario check that must exit 1 with a finding naming the rule;
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


NOT_MAPPED = NotYetCaught("lifecycle scenario not mapped yet")


def lifecycle(check: str, operation: str, text: str, rule: str) -> Symptom:
    """A row caught by a lifecycle scenario: replayed by a run of that check alone, whose
    finding must name ``rule`` (see ``tests/scenarios/test_lifecycle_faults.py``)."""
    return Symptom(check, operation, text, in_run=True, rule=rule)


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
    # lifecycle: the scenarios of scenarios/, each finding naming the oracle rule broken.
    "withdraw-twice-allowed": (
        lifecycle(
            "lifecycle-withdraw-resume",
            "withdrawParticipant",
            "is already withdrawn",
            "withdraw.already-withdrawn",
        ),
        lifecycle(
            "lifecycle-forbidden",
            "withdrawParticipant",
            "is already withdrawn",
            "withdraw.already-withdrawn",
        ),
    ),
    "declaration-after-withdrawal-accepted": (
        lifecycle(
            "lifecycle-withdraw-resume",
            "createDeclaration",
            "withdrew from this course",
            "declare.V14-after-withdrawal",
        ),
    ),
    "duplicate-declaration-accepted": (
        lifecycle(
            "lifecycle-bad-input",
            "createDeclaration",
            "A declaration has already been submitted",
            "declare.V8-duplicate",
        ),
        # The server now does what the spec claims (idempotent): a behaviour change, failing.
        lifecycle(
            "lifecycle-bad-input",
            "createDeclaration",
            "behaviour changed for documented claim 'duplicate-idempotent'",
            "declare.V8-duplicate",
        ),
    ),
    "void-paid-gives-voided": (
        lifecycle(
            "lifecycle-void",
            "voidDeclaration",
            "expected 'awaiting-clawback', got 'voided'",
            "void.paid-to-awaiting-clawback",
        ),
    ),
    "server-date-ignored": (
        lifecycle(
            "lifecycle-defer-resume",
            "deferParticipant",
            "enrolment deferral",
            "time-travel.server-date",
        ),
        lifecycle(
            "lifecycle-declarations",
            "createDeclaration",
            "created_at",
            "time-travel.server-date",
        ),
    ),
    # robustness
    "intermittent-500": (Symptom(OPERATIONS, "getUnfundedMentors", "answered 500", True),),
    # lifecycle, one fault per oracle rule a switch can break (the rule in LIFECYCLE_RULES)
    "action-on-unseen-participant-422": NOT_MAPPED,
    "action-course-identifier-optional": NOT_MAPPED,
    "action-course-falls-back-to-other-role": NOT_MAPPED,
    "withdraw-without-reason-accepted": NOT_MAPPED,
    "withdraw-unknown-reason-accepted": NOT_MAPPED,
    "withdraw-underscore-reason-accepted": NOT_MAPPED,
    "withdraw-before-start-accepted": NOT_MAPPED,
    "withdraw-allowed-unless-joining": NOT_MAPPED,
    "withdraw-on-start-day-accepted": NOT_MAPPED,
    "mentor-reason-accepted-for-ect": NOT_MAPPED,
    "withdraw-leaves-training-open": NOT_MAPPED,
    "defer-without-reason-accepted": NOT_MAPPED,
    "defer-unknown-reason-accepted": NOT_MAPPED,
    "defer-twice-allowed": NOT_MAPPED,
    "defer-after-withdrawal-accepted": NOT_MAPPED,
    "defer-before-start-accepted": NOT_MAPPED,
    "defer-on-start-day-accepted": NOT_MAPPED,
    "defer-leaves-training-open": NOT_MAPPED,
    "resume-of-active-accepted": NOT_MAPPED,
    "resume-despite-other-provider-accepted": NOT_MAPPED,
    "resume-same-day-accepted": NOT_MAPPED,
    "resume-after-leaving-school-accepted": NOT_MAPPED,
    "resume-reopens-old-period": NOT_MAPPED,
    "change-schedule-missing-identifier-ignored": NOT_MAPPED,
    "schedule-shorthand-accepted": NOT_MAPPED,
    "change-schedule-same-schedule-accepted": NOT_MAPPED,
    "replacement-schedule-accepted-for-ect": NOT_MAPPED,
    "reduced-schedule-accepted-for-mentor": NOT_MAPPED,
    "change-schedule-invalidates-declarations": NOT_MAPPED,
    "cohort-change-without-partnership-accepted": NOT_MAPPED,
    "move-into-frozen-cohort-accepted": NOT_MAPPED,
    "change-schedule-after-completion-accepted": NOT_MAPPED,
    "completed-ect-reduced-refused": NOT_MAPPED,
    "change-schedule-for-left-accepted": NOT_MAPPED,
    "change-schedule-for-withdrawn-accepted": NOT_MAPPED,
    "change-schedule-despite-future-provider-accepted": NOT_MAPPED,
    "change-schedule-unknown-cohort-refused": NOT_MAPPED,
    "change-schedule-always-in-place": NOT_MAPPED,
    "change-schedule-always-new-period": NOT_MAPPED,
    "cohort-change-refused": NOT_MAPPED,
    "frozen-cohort-move-not-recorded": NOT_MAPPED,
    "change-schedule-refused-after-declaration-today": NOT_MAPPED,
    "finished-period-shows-withdrawn": NOT_MAPPED,
    "training-status-first-stamp-wins": NOT_MAPPED,
    "stopped-shown-as-withdrawn": NOT_MAPPED,
    "completed-shown-as-left": NOT_MAPPED,
    "leaving-shown-as-left-a-day-early": NOT_MAPPED,
    "joining-shown-as-active": NOT_MAPPED,
    "start-day-shown-as-joining": NOT_MAPPED,
    "participant-action-touches-declarations": NOT_MAPPED,
    "updated-at-follows-status": NOT_MAPPED,
    "declaration-unknown-participant-404": NOT_MAPPED,
    "declaration-course-defaults-to-induction": NOT_MAPPED,
    "declaration-date-defaults-to-now": NOT_MAPPED,
    "declaration-for-untrained-role-accepted": NOT_MAPPED,
    "declaration-type-defaults-to-started": NOT_MAPPED,
    "unknown-declaration-type-accepted": NOT_MAPPED,
    "duplicate-declaration-returns-existing": NOT_MAPPED,
    "duplicate-declaration-shown-ineligible": NOT_MAPPED,
    "voided-declaration-blocks-slot": NOT_MAPPED,
    "other-providers-declarations-not-duplicates": NOT_MAPPED,
    "future-declaration-date-accepted": NOT_MAPPED,
    "declaration-before-milestone-accepted": NOT_MAPPED,
    "milestones-ignored-from-2025": NOT_MAPPED,
    "milestone-window-in-utc": NOT_MAPPED,
    "declaration-after-milestone-accepted": NOT_MAPPED,
    "date-only-declaration-accepted": NOT_MAPPED,
    "mentor-retained-accepted-in-2025": NOT_MAPPED,
    "evidence-optional-in-2025": NOT_MAPPED,
    "any-evidence-accepted": NOT_MAPPED,
    "retained-evidence-any-engagement-accepted": NOT_MAPPED,
    "withdrawal-day-counts-whole": NOT_MAPPED,
    "frozen-cohort-declaration-accepted": NOT_MAPPED,
    "declaration-without-open-statement-accepted": NOT_MAPPED,
    "extended-declaration-on-standard-schedule-accepted": NOT_MAPPED,
    "declaration-sequence-ignored": NOT_MAPPED,
    "equal-declaration-dates-refused": NOT_MAPPED,
    "declaration-for-other-providers-participant-accepted": NOT_MAPPED,
    "unparseable-declaration-date-gives-422": NOT_MAPPED,
    "declaration-joins-latest-statement": NOT_MAPPED,
    "submitted-declaration-gets-statement": NOT_MAPPED,
    "pre-2025-started-evidence-kept": NOT_MAPPED,
    "pre-2025-started-evidence-checked": NOT_MAPPED,
    "declaration-for-deferred-refused": NOT_MAPPED,
    "mentor-extended-refused-before-2025": NOT_MAPPED,
    "mentor-completion-not-recorded": NOT_MAPPED,
    "void-of-other-providers-declaration-allowed": NOT_MAPPED,
    "void-of-payable-refused": NOT_MAPPED,
    "void-refused-after-cohort-closure": NOT_MAPPED,
    "voided-keeps-statement-id": NOT_MAPPED,
    "void-paid-without-statement-accepted": NOT_MAPPED,
    "void-of-voided-gives-200": NOT_MAPPED,
    "void-of-awaiting-clawback-accepted": NOT_MAPPED,
    "void-keeps-mentor-completion": NOT_MAPPED,
    "eligibility-leaves-declarations-submitted": NOT_MAPPED,
    "payable-statement-leaves-declarations-eligible": NOT_MAPPED,
    "paid-statement-skips-clawbacks": NOT_MAPPED,
    "paid-declaration-hides-statement": (
        lifecycle(
            "lifecycle-seed",
            "getDeclarations",
            "paid but statement_id is null",
            "state.statement-matches-state",
        ),
    ),
    "clawback-statement-id-missing": NOT_MAPPED,
    "ineligible-reason-shown": NOT_MAPPED,
    "uplift-paid-before-payment": (
        lifecycle(
            "lifecycle-seed", "getDeclarations", "uplift_paid true on a", "state.uplift-paid"
        ),
    ),
    "void-keeps-declaration-updated-at": NOT_MAPPED,
    "declaration-touches-participant": NOT_MAPPED,
    "mentor-completion-keeps-participant-updated-at": NOT_MAPPED,
    "server-date-ignored-on-writes": NOT_MAPPED,
    "server-date-ignored-on-reads": NOT_MAPPED,
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
# failing instead (the sandbox's lifecycle faults grow with issue 8 point 6).
LIFECYCLE_CHECKS_NO_FAULT_SHOWS = {
    "lifecycle-register": "tests/lifecycle/test_driver.py: a world that expects other values",
    "lifecycle-change-schedule": "tests/lifecycle/test_driver.py: a world that expects "
    "other values",
    "lifecycle-partnerships": "tests/lifecycle/test_driver.py: a partnership step expecting "
    "a refusal the target does not send",
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


# The oracle rule (``rect_conformance.oracle.RULES``) each lifecycle fault breaks, so a finding
# can be matched to the rule it should name; updated-at-not-bumped (a sync fault) breaks a
# lifecycle rule too. Several faults may break one rule; tests/test_lifecycle_rules.py holds
# this both ways against the oracle's table and the sandbox's catalogue.
LIFECYCLE_RULES: dict[str, str] = {
    "action-on-unseen-participant-422": "action.participant-not-found",
    "action-course-identifier-optional": "action.course-identifier-missing",
    "action-course-falls-back-to-other-role": "action.course-identifier-not-recognised",
    "withdraw-without-reason-accepted": "withdraw.reason-missing",
    "withdraw-unknown-reason-accepted": "withdraw.reason-not-recognised",
    "withdraw-underscore-reason-accepted": "withdraw.reason-not-recognised",
    "withdraw-twice-allowed": "withdraw.already-withdrawn",
    "withdraw-before-start-accepted": "withdraw.not-started",
    "withdraw-allowed-unless-joining": "withdraw.not-started",
    "withdraw-on-start-day-accepted": "withdraw.changed-today",
    "mentor-reason-accepted-for-ect": "withdraw.mentor-only-reason",
    "withdraw-leaves-training-open": "withdraw.accepted",
    "defer-without-reason-accepted": "defer.reason-missing",
    "defer-unknown-reason-accepted": "defer.reason-not-recognised",
    "defer-twice-allowed": "defer.already-deferred",
    "defer-after-withdrawal-accepted": "defer.already-withdrawn",
    "defer-before-start-accepted": "defer.not-started",
    "defer-on-start-day-accepted": "defer.changed-today",
    "defer-leaves-training-open": "defer.accepted",
    "resume-of-active-accepted": "resume.already-active",
    "resume-despite-other-provider-accepted": "resume.active-with-another-provider",
    "resume-same-day-accepted": "resume.same-day",
    "resume-after-leaving-school-accepted": "resume.left-school",
    "resume-reopens-old-period": "resume.accepted",
    "change-schedule-missing-identifier-ignored": "change-schedule.identifier-missing",
    "schedule-shorthand-accepted": "change-schedule.identifier-unknown",
    "change-schedule-same-schedule-accepted": "change-schedule.already-on-profile",
    "replacement-schedule-accepted-for-ect": "change-schedule.replacement-for-ect",
    "reduced-schedule-accepted-for-mentor": "change-schedule.reduced-for-mentor",
    "change-schedule-invalidates-declarations": "change-schedule.would-invalidate-declarations",
    "cohort-change-without-partnership-accepted": "change-schedule.no-partnership-in-cohort",
    "move-into-frozen-cohort-accepted": "change-schedule.payments-frozen-cohort",
    "change-schedule-after-completion-accepted": "change-schedule.completed",
    "completed-ect-reduced-refused": "change-schedule.completed-ect-to-reduced",
    "change-schedule-for-left-accepted": "change-schedule.left",
    "change-schedule-for-withdrawn-accepted": "change-schedule.withdrawn",
    "change-schedule-despite-future-provider-accepted": "change-schedule.future-provider",
    "change-schedule-unknown-cohort-refused": "change-schedule.cohort-fallback",
    "change-schedule-always-in-place": "change-schedule.new-period",
    "change-schedule-always-new-period": "change-schedule.in-place",
    "cohort-change-refused": "change-schedule.cohort-changed",
    "frozen-cohort-move-not-recorded": "change-schedule.frozen-bookkeeping",
    "change-schedule-refused-after-declaration-today": (
        "change-schedule.allowed-after-declaration-today"
    ),
    "finished-period-shows-withdrawn": "status.training-active",
    "training-status-first-stamp-wins": "status.training-latest-stamp",
    "stopped-shown-as-withdrawn": "status.participant-stopped",
    "completed-shown-as-left": "status.participant-completed",
    "leaving-shown-as-left-a-day-early": "status.participant-end-date",
    "joining-shown-as-active": "status.participant-joining",
    "start-day-shown-as-joining": "status.participant-active",
    "participant-action-touches-declarations": "updated-at.declaration-not-on-participant-action",
    "updated-at-follows-status": "updated-at.participant-not-on-time",
    "declaration-unknown-participant-404": "declare.V2-participant-unknown",
    "declaration-course-defaults-to-induction": "declare.V3-course-identifier",
    "declaration-date-defaults-to-now": "declare.V4-date-missing",
    "declaration-for-untrained-role-accepted": "declare.V5-no-period-for-role",
    "declaration-type-defaults-to-started": "declare.V6-type-missing",
    "unknown-declaration-type-accepted": "declare.V7-type-unknown",
    "duplicate-declaration-accepted": "declare.V8-duplicate",
    "duplicate-declaration-returns-existing": "declare.V8-duplicate",
    "duplicate-declaration-shown-ineligible": "state.known-values",
    "voided-declaration-blocks-slot": "declare.V8-duplicate",
    "other-providers-declarations-not-duplicates": "declare.V8-duplicate",
    "future-declaration-date-accepted": "declare.V9-future-date",
    "declaration-before-milestone-accepted": "declare.V10-before-milestone",
    "milestones-ignored-from-2025": "declare.V10-before-milestone",
    "milestone-window-in-utc": "declare.V10-before-milestone",
    "declaration-after-milestone-accepted": "declare.V10-after-milestone",
    "date-only-declaration-accepted": "declare.V11-date-format",
    "mentor-retained-accepted-in-2025": "declare.V12-mentor-retained-or-extended",
    "evidence-optional-in-2025": "declare.V13-evidence-missing",
    "any-evidence-accepted": "declare.V13-evidence-not-allowed",
    "retained-evidence-any-engagement-accepted": "declare.V13-evidence-not-allowed",
    "declaration-after-withdrawal-accepted": "declare.V14-after-withdrawal",
    "withdrawal-day-counts-whole": "declare.V14-after-withdrawal",
    "frozen-cohort-declaration-accepted": "declare.V15-payments-frozen",
    "declaration-without-open-statement-accepted": "declare.V16-no-open-statement",
    "extended-declaration-on-standard-schedule-accepted": "declare.V17-no-milestone",
    "declaration-sequence-ignored": "declare.V18-out-of-sequence",
    "equal-declaration-dates-refused": "declare.V18-equal-dates-allowed",
    "declaration-for-other-providers-participant-accepted": "declare.V19-not-registered",
    "unparseable-declaration-date-gives-422": "declare.unparseable-date",
    "declaration-joins-latest-statement": "declare.eligible-with-statement",
    "submitted-declaration-gets-statement": "declare.submitted-without-statement",
    "pre-2025-started-evidence-kept": "declare.started-evidence-discarded",
    "pre-2025-started-evidence-checked": "declare.started-evidence-discarded",
    "declaration-for-deferred-refused": "declare.deferred-accepted",
    "mentor-extended-refused-before-2025": "declare.mentor-extended-allowed",
    "mentor-completion-not-recorded": "declare.mentor-completion",
    "void-of-other-providers-declaration-allowed": "void.not-own",
    "void-of-payable-refused": "void.unpaid-to-voided",
    "void-refused-after-cohort-closure": "void.unpaid-to-voided",
    "voided-keeps-statement-id": "void.statement-id-null",
    "void-paid-gives-voided": "void.paid-to-awaiting-clawback",
    "void-paid-without-statement-accepted": "void.paid-no-statement",
    "void-of-voided-gives-200": "void.already-voided",
    "void-of-awaiting-clawback-accepted": "void.refunded",
    "void-keeps-mentor-completion": "void.mentor-completion-reversed",
    "eligibility-leaves-declarations-submitted": "dfe.mark-eligible",
    "payable-statement-leaves-declarations-eligible": "dfe.statement-payable",
    "paid-statement-skips-clawbacks": "dfe.statement-paid",
    "paid-declaration-hides-statement": "state.statement-matches-state",
    "clawback-statement-id-missing": "state.clawback-statement",
    "ineligible-reason-shown": "state.ineligible-reason-null",
    "uplift-paid-before-payment": "state.uplift-paid",
    "void-keeps-declaration-updated-at": "updated-at.declaration-change",
    "declaration-touches-participant": "updated-at.participant-not-on-declaration",
    "mentor-completion-keeps-participant-updated-at": "updated-at.participant-mentor-completion",
    "server-date-ignored": "declare.V9-future-date",
    "server-date-ignored-on-writes": "declare.V9-future-date",
    "server-date-ignored-on-reads": "status.participant-joining",
    "updated-at-not-bumped": "updated-at.participant-action",
}

# The oracle rules no sandbox fault breaks, and why none can.
RULES_WITHOUT_FAULT: dict[str, str] = {
    "declare.V1-participant-missing": "there is no one to declare for: a switch could only "
    "change the refusal's text or status, not accept anything",
    "declare.V3-mentor-period-fallback": "it only decides which follow-on errors join a V3 "
    "refusal; the sandbox looks no further than the missing course, so there is nothing to "
    "switch off",
    "change-schedule.not-in-cohort": "every schedule exists in every cohort of the sandbox, so "
    "the check can never refuse and breaking it changes nothing",
}


def lifecycle_rows() -> dict[str, tuple[Symptom, ...]]:
    """The rows caught by lifecycle scenarios, by fault: each replayed by a run of its check."""
    found = {fault: tuple(row for row in rows if row.rule) for fault, rows in caught().items()}
    return {fault: rows for fault, rows in found.items() if rows}
