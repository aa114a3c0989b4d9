"""Rule rows for declarations: the V1-V19 pipeline, what acceptance does, void, DfE-side
transitions, what a stored declaration must look like, and their ``updated_at``."""

from __future__ import annotations

from rect_conformance.oracle._rule import (
    CLOSURES,
    DECLARATIONS,
    RELEASE_NOTES,
    SCHEDULES,
    SPEC,
    STATES,
    SYNC,
    TESTING,
    row,
)

_PID, _TYPE, _DATE, _COHORT = "participant_id", "declaration_type", "declaration_date", "cohort"
_NOT_RECOGNISED = (
    _PID,
    "Your update cannot be made as the '#/participant_id' is not recognised. Check participant details and try again.",  # noqa: E501
)
_DECLARATION_ID = "participant_declaration_id"

ROWS = (
    # --- creation: the validation pipeline, in the server's order (rules §16.3) ---
    row(
        "declare.V1-participant-missing",
        "§16.3 V1",
        SPEC,
        "participant_id is required",
        (_PID, "Enter a '#/participant_id'."),
    ),
    row(
        "declare.V2-participant-unknown",
        "§16.3 V2",
        SPEC,
        "the participant must exist (an unknown one is a 422, never a 404)",
        _NOT_RECOGNISED,
    ),
    row(
        "declare.V3-course-identifier",
        "§16.3 V3",
        SPEC,
        "course_identifier must be ecf-induction or ecf-mentor",
        ("course_identifier", "Enter a '#/course_identifier'."),
    ),
    row(
        "declare.V3-mentor-period-fallback",
        "§16.3 V3, §16.2",
        SPEC,
        "with no usable course_identifier the later checks look at the provider's mentor period",
    ),
    row(
        "declare.V4-date-missing",
        "§16.3 V4",
        SPEC,
        "declaration_date is required",
        (_DATE, "Enter a '#/declaration_date'."),
    ),
    row(
        "declare.V5-no-period-for-role",
        "§16.3 V5, §16.2",
        SPEC,
        "the provider must train the person in the role the course_identifier names",
        (
            "course_identifier",
            "The entered '#/course_identifier' is not recognised for the given participant. Check details and try again.",  # noqa: E501
        ),
    ),
    row(
        "declare.V6-type-missing",
        "§16.3 V6",
        SPEC,
        "declaration_type is required",
        (_TYPE, "Enter a '#/declaration_type'."),
    ),
    row(
        "declare.V7-type-unknown",
        "§16.3 V7, §16.1",
        DECLARATIONS,
        "declaration_type must be one of the nine types",
        (_TYPE, "Enter a valid declaration type."),
    ),
    row(
        "declare.V8-duplicate",
        "§16.3 V8, §16.8",
        DECLARATIONS,
        "no second live declaration of a type for the person in a role, under any provider; "
        "voided, awaiting-clawback and clawed-back ones free the slot",
        (
            _TYPE,
            "A declaration has already been submitted that will be, or has been, paid for this event.",  # noqa: E501
        ),
    ),
    row(
        "declare.V9-future-date",
        "§16.3 V9",
        TESTING,
        "declaration_date cannot be after now",
        (
            _DATE,
            "The '#/declaration_date' value cannot be a future date. Check the date and try again.",
        ),
    ),
    row(
        "declare.V10-before-milestone",
        "§16.3 V10, §16.5",
        SCHEDULES,
        "declaration_date cannot be before 00:00 London on the milestone start date "
        "(enforced for 2025+ too)",
        (
            _DATE,
            "Declaration date must be on or after the milestone start date for the same declaration type.",  # noqa: E501
        ),
    ),
    row(
        "declare.V10-after-milestone",
        "§16.3 V10, §16.5",
        SCHEDULES,
        "declaration_date must be before the end of the milestone end date, London time",
        (
            _DATE,
            "Declaration date must be on or before the milestone date for the same declaration type.",  # noqa: E501
        ),
    ),
    row(
        "declare.V11-date-format",
        "§16.3 V11",
        SPEC,
        "declaration_date must be an RFC 3339 date-time (a date alone is refused)",
        (_DATE, "Enter a valid RCF3339 '#/declaration_date'."),
    ),
    row(
        "declare.V12-mentor-retained-or-extended",
        "§16.3 V12, §16.1",
        DECLARATIONS,
        "a mentor in a mentor-funding cohort (2025+) can only be declared started or completed",
        (
            _TYPE,
            "You cannot send retained or extended declarations for participants who began their mentor training after June 2025. Resubmit this declaration with either a started or completed declaration.",  # noqa: E501
        ),
    ),
    row(
        "declare.V13-evidence-missing",
        "§16.3 V13, §16.6",
        DECLARATIONS,
        "evidence_held is required (every type in 2025+, every type but started before)",
        ("evidence_held", "Enter a '#/evidence_held' value for this participant."),
    ),
    row(
        "declare.V13-evidence-not-allowed",
        "§16.3 V13, §16.6",
        DECLARATIONS,
        "evidence_held must be allowed for the role, cohort and type",
        ("evidence_held", "Enter an available '#/evidence_held' type for this participant."),
    ),
    row(
        "declare.V14-after-withdrawal",
        "§16.3 V14, §16.9",
        STATES,
        "for a withdrawn participant only dates strictly before the withdrawal instant count",
        (
            _PID,
            "This participant withdrew from this course on {withdrawn_at}. Enter a '#/declaration_date' that's on or before the withdrawal date.",  # noqa: E501
        ),
    ),
    row(
        "declare.V15-payments-frozen",
        "§16.3 V15, §15.2",
        CLOSURES,
        "no declaration while the person's current period in the role is in a "
        "payments-frozen cohort",
        (
            _COHORT,
            "You cannot submit declarations for the {cohort} cohort. The funding contract for this cohort has ended. Get in touch if you need to discuss this with us.",  # noqa: E501
        ),
    ),
    row(
        "declare.V16-no-open-statement",
        "§16.3 V16, §16.10",
        CLOSURES,
        "a funding-eligible person needs an open output statement for the cohort with a "
        "deadline on or after today",
        (
            _COHORT,
            "You cannot submit or void declarations for the {cohort} cohort. The funding contract for this cohort has ended. Get in touch if you need to discuss this with us.",  # noqa: E501
        ),
    ),
    row(
        "declare.V17-no-milestone",
        "§16.3 V17, §15.1",
        SCHEDULES,
        "the schedule must define the type (extended-* only on extended schedules)",
        (_TYPE, "The property '#/declaration_type' does not exist for this schedule."),
    ),
    row(
        "declare.V18-out-of-sequence",
        "§16.3 V18, §16.7",
        DECLARATIONS,
        "2025+: not before a live earlier type's date, not after a live later type's date",
        (
            _DATE,
            "This '#/declaration_date' is invalid. Check that it is in sequence with existing declaration dates for this participant.",  # noqa: E501
        ),
    ),
    row(
        "declare.V19-not-registered",
        "§16.3 V19",
        SPEC,
        "the person must have a training period with the provider",
        _NOT_RECOGNISED,
    ),
    row(
        "declare.unparseable-date",
        "§16.3 date notes",
        SPEC,
        "a date the server cannot read at all ends in a bare 400 (only the status is predicted)",
        status=400,
    ),
    # --- creation: what acceptance does (rules §16.6-§16.10) ---
    row(
        "declare.eligible-with-statement",
        "§16.10",
        DECLARATIONS,
        "a funding-eligible person's declaration is eligible, on the open statement with the "
        "earliest deadline on or after today",
    ),
    row(
        "declare.submitted-without-statement",
        "§16.10",
        DECLARATIONS,
        "otherwise it is submitted with no statement",
    ),
    row(
        "declare.started-evidence-discarded",
        "§16.6, §23",
        DECLARATIONS,
        "before 2025 a started declaration's evidence is dropped unread and shown as null",
    ),
    row(
        "declare.deferred-accepted",
        "§16.9, §23",
        STATES,
        "a deferred participant can still be declared for",
    ),
    row(
        "declare.mentor-extended-allowed",
        "§16.1, §23",
        SCHEDULES,
        "before 2025 a mentor on an extended schedule can be declared extended-*",
    ),
    row(
        "declare.V18-equal-dates-allowed",
        "§16.7, §23",
        DECLARATIONS,
        "a date equal to a neighbouring type's date is in sequence",
    ),
    row(
        "declare.mentor-completion",
        "§16.10, §12.2",
        SPEC,
        "a live mentor completed declaration sets mentor_funding_end_date and ends the "
        "provider's ongoing mentor period on its date",
    ),
    # --- void (rules §16.11) ---
    row(
        "void.not-own",
        "§16.11, §2.2",
        SPEC,
        "only the provider's own declarations can be voided; anything else is a 404",
        ("Resource not found", "Nothing could be found for the provided details"),
        status=404,
    ),
    row(
        "void.unpaid-to-voided",
        "§16.11",
        DECLARATIONS,
        "submitted, eligible and payable declarations become voided, with no cohort check",
    ),
    row(
        "void.statement-id-null",
        "§16.11, §16.12",
        DECLARATIONS,
        "a voided declaration shows statement_id null",
    ),
    row(
        "void.paid-to-awaiting-clawback",
        "§16.11",
        DECLARATIONS,
        "a paid declaration becomes awaiting-clawback on the cohort's output statement with "
        "the earliest deadline on or after today, any status",
    ),
    row(
        "void.paid-no-statement",
        "§16.11",
        CLOSURES,
        "a paid declaration with no such statement cannot be voided",
        (
            _DECLARATION_ID,
            "You cannot submit or void declarations for the {cohort} cohort. The funding contract for this cohort has ended. Get in touch if you need to discuss this with us",  # noqa: E501
        ),
    ),
    row(
        "void.already-voided",
        "§16.11",
        STATES,
        "a voided declaration cannot be voided again",
        (_DECLARATION_ID, "The declaration has already been voided."),
    ),
    row(
        "void.refunded",
        "§16.11",
        STATES,
        "awaiting-clawback and clawed-back declarations cannot be voided",
        (_DECLARATION_ID, "The declaration will or has been refunded"),
    ),
    row(
        "void.mentor-completion-reversed",
        "§16.11",
        SPEC,
        "voiding a mentor's completed declaration recomputes mentor completion from the live "
        "ones left, reopening training when none is",
    ),
    # --- what DfE does outside the API (rules §8, §16.10) ---
    row(
        "dfe.mark-eligible",
        "§16.10",
        DECLARATIONS,
        "when DfE marks a person eligible, their submitted declarations become eligible on the "
        "earliest open statement from that day",
    ),
    row(
        "dfe.statement-payable",
        "§8",
        STATES,
        "a statement past its deadline turns its eligible declarations payable",
    ),
    row(
        "dfe.statement-paid",
        "§8",
        STATES,
        "a paid statement turns payable declarations paid and awaiting-clawback ones whose "
        "clawback statement it is clawed-back",
    ),
    # --- what a stored declaration must look like (rules §16.11, §16.12) ---
    row(
        "state.known-values",
        "§16.11, §23",
        STATES,
        "state is one of the seven values (never ineligible)",
    ),
    row(
        "state.statement-matches-state",
        "§16.12",
        DECLARATIONS,
        "statement_id is null when submitted or voided and set in every other state",
    ),
    row(
        "state.clawback-statement",
        "§16.11, §16.12",
        DECLARATIONS,
        "clawback_statement_id is set exactly when awaiting-clawback or clawed-back",
    ),
    row(
        "state.ineligible-reason-null",
        "§16.11",
        SPEC,
        "ineligible_for_funding_reason is always null",
    ),
    row(
        "state.uplift-paid",
        "§16.12",
        RELEASE_NOTES,
        "uplift_paid only on paid, awaiting-clawback or clawed-back started declarations in an "
        "uplift cohort (2021-2024)",
    ),
    # --- updated_at (rules §19) ---
    row(
        "updated-at.declaration-change",
        "§19",
        SYNC,
        "creating a declaration, voiding it or any change of its state moves its updated_at",
    ),
    row(
        "updated-at.participant-not-on-declaration",
        "§19",
        SYNC,
        "declaration activity does not move the participant's updated_at",
    ),
    row(
        "updated-at.participant-mentor-completion",
        "§19",
        SYNC,
        "a change of mentor completion (funding end date, training period end) moves the "
        "participant's updated_at",
    ),
    row(
        "updated-at.participant-funding-eligibility",
        "§19",
        SYNC,
        "funding eligibility recorded by DfE moves the participant's updated_at",
    ),
)
