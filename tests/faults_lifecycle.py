"""The lifecycle half of the fault -> symptom table: for every lifecycle fault of the sandbox
catalogue (and the sync faults a lifecycle scenario catches), the oracle rule it breaks and
where a scenario shows it, naming that rule. ``tests/faults.py`` builds its rows from here.

``CAUGHT``: fault -> ``(check, operation, text)`` of each finding that names the rule
``LIFECYCLE_RULES`` gives for the fault (the text is part of its message); a documented claim
the server does not keep (``oracle.DOC_CLAIMS``) that a fault makes the sandbox keep is shown by
the failing "behaviour changed" finding. ``ALSO``: rows naming another rule the fault breaks.
"""

from __future__ import annotations

BAD = "lifecycle-bad-input"
FORBIDDEN = "lifecycle-forbidden"
WITHDRAW = "lifecycle-withdraw-resume"
DEFER = "lifecycle-defer-resume"
SCHEDULE = "lifecycle-change-schedule"
DECLARE = "lifecycle-declarations"
VOID = "lifecycle-void"
REGISTER = "lifecycle-register"
PARTNERSHIPS = "lifecycle-partnerships"
SEED = "lifecycle-seed"
SUPPORT = "test-support"  # a step of test support: a registration, DfE moving declarations


def changed(claim: str) -> str:
    """The text of the failing finding of a documented claim the server no longer keeps."""
    return f"behaviour changed for documented claim '{claim}'"


WITHDRAW_OP, DEFER_OP, RESUME_OP = "withdrawParticipant", "deferParticipant", "resumeParticipant"
SCHEDULE_OP, DECLARE_OP, VOID_OP = (
    "changeScheduleParticipant",
    "createDeclaration",
    "voidDeclaration",
)
PARTICIPANT_OP = "getParticipant"
CHANGED_TODAY = "training was recently changed"

CAUGHT: dict[str, tuple[tuple[str, str, str], ...]] = {
    # the prelude of the participant actions
    "action-on-unseen-participant-422": ((BAD, WITHDRAW_OP, "expected '404 [Resource not found"),),
    "action-course-identifier-optional": ((BAD, WITHDRAW_OP, "[course_identifier: Enter a"),),
    "action-course-falls-back-to-other-role": (
        (BAD, WITHDRAW_OP, "[course_identifier: The entered"),
    ),
    # withdraw
    "withdraw-without-reason-accepted": ((BAD, WITHDRAW_OP, "[reason: Enter a"),),
    "withdraw-unknown-reason-accepted": ((BAD, WITHDRAW_OP, "[reason: The entered"),),
    "withdraw-underscore-reason-accepted": (
        (BAD, WITHDRAW_OP, changed("withdrawal-reason-underscore")),
    ),
    "withdraw-twice-allowed": (
        (WITHDRAW, WITHDRAW_OP, "is already withdrawn"),
        (FORBIDDEN, WITHDRAW_OP, "is already withdrawn"),
    ),
    "withdraw-before-start-accepted": ((FORBIDDEN, WITHDRAW_OP, "for at least one day"),),
    "withdraw-allowed-unless-joining": ((FORBIDDEN, WITHDRAW_OP, changed("withdraw-not-joining")),),
    "withdraw-on-start-day-accepted": ((FORBIDDEN, WITHDRAW_OP, CHANGED_TODAY),),
    "mentor-reason-accepted-for-ect": ((BAD, WITHDRAW_OP, "cannot withdraw an ECT for this"),),
    "withdraw-leaves-training-open": (
        (WITHDRAW, "getPartnerships", "participants_currently_training at"),
    ),
    # defer
    "defer-without-reason-accepted": ((BAD, DEFER_OP, "[reason: Enter a"),),
    "defer-unknown-reason-accepted": ((BAD, DEFER_OP, "[reason: The entered"),),
    "defer-twice-allowed": ((FORBIDDEN, DEFER_OP, "is already deferred"),),
    "defer-after-withdrawal-accepted": ((FORBIDDEN, DEFER_OP, "is already withdrawn"),),
    "defer-before-start-accepted": ((FORBIDDEN, DEFER_OP, "You cannot defer #/participant_id"),),
    "defer-on-start-day-accepted": ((FORBIDDEN, DEFER_OP, CHANGED_TODAY),),
    "defer-leaves-training-open": (
        (DEFER, "getPartnerships", "participants_currently_training at"),
    ),
    # resume
    "resume-of-active-accepted": ((FORBIDDEN, RESUME_OP, "is already active"),),
    "resume-despite-other-provider-accepted": (
        (WITHDRAW, RESUME_OP, "already active with another provider"),
    ),
    "resume-same-day-accepted": ((DEFER, RESUME_OP, "on the same day they were withdrawn"),),
    "resume-after-leaving-school-accepted": ((WITHDRAW, RESUME_OP, "no longer at the school"),),
    # (the deferral the day after a resume goes through: the old period was reopened)
    "resume-reopens-old-period": ((DEFER, DEFER_OP, "the training period resume.accepted opened"),),
    # change schedule
    "change-schedule-missing-identifier-ignored": (
        (BAD, SCHEDULE_OP, "must be present and correspond to a valid schedule"),
    ),
    "schedule-shorthand-accepted": ((SCHEDULE, SCHEDULE_OP, changed("schedule-shorthand")),),
    "change-schedule-same-schedule-accepted": (
        (SCHEDULE, SCHEDULE_OP, "Selected schedule is already on the profile"),
    ),
    "replacement-schedule-accepted-for-ect": (
        (SCHEDULE, SCHEDULE_OP, "Selected schedule is not valid for the course_identifier"),
    ),
    "reduced-schedule-accepted-for-mentor": (
        (SCHEDULE, SCHEDULE_OP, "Mentors cannot be placed on a reduced schedule"),
    ),
    "change-schedule-invalidates-declarations": (
        (SCHEDULE, SCHEDULE_OP, "would invalidate existing declarations"),
    ),
    "change-schedule-counts-live-declarations-only": (
        (SCHEDULE, SCHEDULE_OP, "would invalidate existing declarations"),
    ),
    "change-schedule-type-without-milestone-invalidates": (
        (SCHEDULE, SCHEDULE_OP, "refused by change-schedule.would-invalidate-declarations"),
    ),
    # (the other role's course: the schedule error that comes with the course error is missing)
    "change-schedule-without-training-skips-schedule-check": (
        (BAD, SCHEDULE_OP, "errors: expected [course_identifier: The entered"),
    ),
    "cohort-change-without-partnership-accepted": (
        (SCHEDULE, SCHEDULE_OP, "do not have a partnership with the school"),
    ),
    "move-into-frozen-cohort-accepted": ((SCHEDULE, SCHEDULE_OP, "to a payments frozen cohort"),),
    "change-schedule-after-completion-accepted": (
        (SCHEDULE, SCHEDULE_OP, "they have completed their training or induction"),
    ),
    "completed-ect-reduced-refused": ((SCHEDULE, SCHEDULE_OP, "status: expected 200, got"),),
    "change-schedule-for-left-accepted": (
        (FORBIDDEN, SCHEDULE_OP, "so they are not training with you currently"),
    ),
    "change-schedule-for-withdrawn-accepted": (
        (WITHDRAW, SCHEDULE_OP, "Cannot perform actions on a withdrawn participant"),
    ),
    "change-schedule-despite-future-provider-accepted": (
        (SCHEDULE, SCHEDULE_OP, "due to start with another lead provider"),
    ),
    "change-schedule-unknown-cohort-refused": (
        (SCHEDULE, SCHEDULE_OP, "cohort '1999': expected 'ignored (the current cohort)'"),
    ),
    # (a withdrawal the day of a change goes through: the old period was edited in place)
    "change-schedule-always-in-place": (
        (SCHEDULE, WITHDRAW_OP, "the training period change-schedule.new-period opened"),
    ),
    "change-schedule-always-new-period": (
        (SCHEDULE, SCHEDULE_OP, "enrolment schedule_identifier: expected"),
    ),
    "cohort-change-refused": ((SCHEDULE, SCHEDULE_OP, changed("cohort-change")),),
    "frozen-cohort-move-not-recorded": (
        (SCHEDULE, SCHEDULE_OP, "cohort_changed_after_payments_frozen: expected True, got False"),
    ),
    "change-schedule-refused-after-declaration-today": (
        (SCHEDULE, SCHEDULE_OP, changed("change-after-declaration-today")),
    ),
    # statuses the read side derives
    "finished-period-shows-withdrawn": (
        (REGISTER, PARTICIPANT_OP, "training_status: expected 'active', got 'withdrawn'"),
    ),
    "training-status-first-stamp-wins": (
        (DEFER, WITHDRAW_OP, "training_status: expected 'withdrawn', got 'deferred'"),
    ),
    "stopped-shown-as-withdrawn": (
        (WITHDRAW, WITHDRAW_OP, changed("participant-status-withdrawn")),
    ),
    "completed-shown-as-left": (
        (DECLARE, DECLARE_OP, "participant_status: expected 'active', got 'left'"),
    ),
    "leaving-shown-as-left-a-day-early": (
        (REGISTER, PARTICIPANT_OP, "participant_status: expected 'leaving', got 'left'"),
    ),
    "joining-shown-as-active": (
        (REGISTER, PARTICIPANT_OP, "participant_status: expected 'joining', got 'active'"),
    ),
    "start-day-shown-as-joining": (
        (REGISTER, PARTICIPANT_OP, "participant_status: expected 'active', got 'joining'"),
    ),
    # what moves updated_at on the participant side
    "participant-action-touches-declarations": ((DEFER, WITHDRAW_OP, "updated_at: expected"),),
    "updated-at-follows-status": ((REGISTER, PARTICIPANT_OP, "updated_at read back"),),
    # declarations: V1-V19
    "declaration-unknown-participant-404": ((BAD, DECLARE_OP, "Check participant details"),),
    "declaration-course-defaults-to-induction": ((BAD, DECLARE_OP, "[course_identifier: Enter a"),),
    "missing-course-skips-mentor-period": (
        (BAD, DECLARE_OP, "errors: expected [course_identifier: Enter a"),
    ),
    "declaration-date-defaults-to-now": ((BAD, DECLARE_OP, "[declaration_date: Enter a"),),
    "declaration-for-untrained-role-accepted": (
        (BAD, DECLARE_OP, "[course_identifier: The entered"),
    ),
    "declaration-type-defaults-to-started": ((BAD, DECLARE_OP, "[declaration_type: Enter a"),),
    "unknown-declaration-type-accepted": ((BAD, DECLARE_OP, "Enter a valid declaration type"),),
    "duplicate-declaration-accepted": (
        (BAD, DECLARE_OP, "A declaration has already been submitted"),
        # The server now does what the spec claims (idempotent): a behaviour change, failing.
        (BAD, DECLARE_OP, changed("duplicate-idempotent")),
    ),
    "duplicate-declaration-returns-existing": ((BAD, DECLARE_OP, changed("duplicate-idempotent")),),
    # (the seed judge sees the duplicates the bad-input scenarios leave: one run with both)
    "duplicate-declaration-shown-ineligible": (
        (SEED, "getDeclarations", "state 'ineligible' is not one of"),
    ),
    "voided-declaration-blocks-slot": ((VOID, DECLARE_OP, "refused by declare.V8-duplicate"),),
    "other-providers-declarations-not-duplicates": (
        (DECLARE, DECLARE_OP, "A declaration has already been submitted"),
    ),
    "future-declaration-date-accepted": ((BAD, DECLARE_OP, "cannot be a future date"),),
    "declaration-before-milestone-accepted": (
        (DECLARE, DECLARE_OP, "must be on or after the milestone start date"),
    ),
    "milestones-ignored-from-2025": ((DECLARE, DECLARE_OP, changed("milestones-2025")),),
    "milestone-window-in-utc": ((DECLARE, DECLARE_OP, "refused by declare.V10-before-milestone"),),
    "declaration-after-milestone-accepted": (
        (DECLARE, DECLARE_OP, "must be on or before the milestone date"),
    ),
    "date-only-declaration-accepted": ((BAD, DECLARE_OP, "Enter a valid RCF3339"),),
    "mentor-retained-accepted-in-2025": (
        (DECLARE, DECLARE_OP, "cannot send retained or extended declarations"),
    ),
    "evidence-optional-in-2025": ((BAD, DECLARE_OP, "[evidence_held: Enter a"),),
    "any-evidence-accepted": ((DECLARE, DECLARE_OP, "Enter an available"),),
    "retained-evidence-any-engagement-accepted": (
        (DECLARE, DECLARE_OP, changed("retained-evidence-2025")),
    ),
    "declaration-after-withdrawal-accepted": ((WITHDRAW, DECLARE_OP, "withdrew from this course"),),
    "withdrawal-day-counts-whole": ((WITHDRAW, DECLARE_OP, "withdrew from this course"),),
    "frozen-cohort-declaration-accepted": (
        (DECLARE, DECLARE_OP, "You cannot submit declarations for the 2022 cohort"),
    ),
    "payments-frozen-before-freeze-date": (
        (DECLARE, DECLARE_OP, "refused by declare.V15-payments-frozen"),
    ),
    "declaration-without-open-statement-accepted": (
        (DECLARE, DECLARE_OP, "You cannot submit or void declarations for the 2025 cohort"),
    ),
    "extended-declaration-on-standard-schedule-accepted": (
        (DECLARE, DECLARE_OP, "does not exist for this schedule"),
    ),
    "declaration-sequence-ignored": (
        (DECLARE, DECLARE_OP, "in sequence with existing declaration dates"),
    ),
    "equal-declaration-dates-refused": ((DEFER, DECLARE_OP, changed("sequence-equal-dates")),),
    "declaration-for-other-providers-participant-accepted": (
        (BAD, DECLARE_OP, "Check participant details"),
    ),
    "unparseable-declaration-date-gives-422": ((BAD, DECLARE_OP, "status: expected 400, got"),),
    "missing-date-of-withdrawn-gives-422": ((WITHDRAW, DECLARE_OP, "status: expected 400, got"),),
    # declarations: what acceptance stores
    "declaration-joins-latest-statement": (
        (DECLARE, DECLARE_OP, "declaration statement_id: expected"),
    ),
    "submitted-declaration-gets-statement": (
        (BAD, DECLARE_OP, "declaration statement_id: expected None"),
    ),
    "pre-2025-started-evidence-kept": (
        (DECLARE, DECLARE_OP, changed("pre-2025-started-evidence")),
    ),
    "pre-2025-started-evidence-checked": (
        (DECLARE, DECLARE_OP, changed("pre-2025-started-evidence")),
    ),
    "declaration-for-deferred-refused": ((DEFER, DECLARE_OP, changed("deferred-declarations")),),
    "mentor-extended-refused-before-2025": ((DECLARE, DECLARE_OP, changed("mentor-extended")),),
    "mentor-completion-not-recorded": (
        (DECLARE, DECLARE_OP, "mentor_funding_end_date: expected '2026-06-01', got None"),
    ),
    # void
    "void-of-other-providers-declaration-allowed": (
        (BAD, VOID_OP, "expected '404 [Resource not found"),
    ),
    "void-of-payable-refused": ((VOID, VOID_OP, "status: expected 200, got"),),
    "void-refused-after-cohort-closure": ((VOID, VOID_OP, changed("void-after-closure")),),
    "voided-keeps-statement-id": ((VOID, VOID_OP, "declaration statement_id: expected None"),),
    "void-paid-gives-voided": ((VOID, VOID_OP, "expected 'awaiting-clawback', got 'voided'"),),
    "void-paid-without-statement-accepted": (
        (VOID, VOID_OP, "You cannot submit or void declarations"),
    ),
    "void-of-voided-gives-200": ((VOID, VOID_OP, "The declaration has already been voided"),),
    "void-of-awaiting-clawback-accepted": (
        (VOID, VOID_OP, "The declaration will or has been refunded"),
    ),
    "void-keeps-mentor-completion": ((DECLARE, VOID_OP, "mentor_funding_end_date: expected None"),),
    "void-keeps-stopped-mentor-stopped": ((VOID, VOID_OP, "enrolment deferral: expected None"),),
    # (the period ends a day late, so the one the void opens starts a day late: joining)
    "mentor-completion-on-start-day-ends-next-day": (
        (VOID, VOID_OP, "participant_status: expected 'active', got 'joining'"),
    ),
    # what DfE does (test support)
    "eligibility-leaves-declarations-submitted": (
        (DECLARE, SUPPORT, "declaration state: expected 'eligible', got 'submitted'"),
    ),
    "funding-eligibility-keeps-participant-updated-at": (
        (DECLARE, SUPPORT, "updated_at (should move)"),
    ),
    "payable-statement-leaves-declarations-eligible": (
        (VOID, SUPPORT, "declaration state: expected 'payable', got 'eligible'"),
    ),
    "paid-statement-skips-clawbacks": (
        (VOID, SUPPORT, "expected 'clawed-back', got 'awaiting-clawback'"),
    ),
    # declaration attributes as shown
    "paid-declaration-hides-statement": (
        (SEED, "getDeclarations", "paid but statement_id is null"),
    ),
    "clawback-statement-id-missing": (
        (VOID, VOID_OP, "declaration clawback_statement_id: expected"),
    ),
    "ineligible-reason-shown": ((VOID, VOID_OP, "ineligible_for_funding_reason: expected None"),),
    "uplift-paid-before-payment": ((SEED, "getDeclarations", "uplift_paid true on a"),),
    # what moves updated_at on the declaration side
    "void-keeps-declaration-updated-at": ((VOID, VOID_OP, "updated_at (should move)"),),
    "declaration-touches-participant": ((DECLARE, DECLARE_OP, "updated_at (should stay)"),),
    "mentor-completion-keeps-participant-updated-at": (
        (DECLARE, DECLARE_OP, "updated_at (should move)"),
    ),
    # partnerships
    "duplicate-partnership-accepted": ((PARTNERSHIPS, "createPartnership", "expected 422, got"),),
    "partnership-foreign-delivery-partner-accepted": (
        (PARTNERSHIPS, "updatePartnership", "expected 422, got"),
    ),
    "same-delivery-partner-accepted": ((PARTNERSHIPS, "updatePartnership", "expected 422, got"),),
    # time travel: a date after the travelled clock is in the future, whatever the real one
    "server-date-ignored": ((DECLARE, DECLARE_OP, "cannot be a future date"),),
    "server-date-ignored-on-writes": ((DECLARE, DECLARE_OP, "cannot be a future date"),),
    "server-date-ignored-on-reads": (
        (REGISTER, PARTICIPANT_OP, "participant_status: expected 'joining', got 'active'"),
    ),
    # sync, as a registration's poll sees it
    "updated-since-exclusive": (
        (REGISTER, "getParticipants", "in the updated_since poll: expected 'listed'"),
    ),
}

# Further rows naming another rule the fault breaks: (check, operation, text, rule).
ALSO: dict[str, tuple[tuple[str, str, str, str], ...]] = {
    # The sandbox keeps what old guidance says of duplicates: a failing behaviour change.
    "duplicate-declaration-shown-ineligible": (
        (BAD, DECLARE_OP, changed("duplicate-ineligible"), "declare.V8-duplicate"),
    ),
    # What the server wrote carries the real instant, not the travelled one.
    "server-date-ignored": ((DECLARE, DECLARE_OP, "created_at", "time-travel.server-date"),),
}


# The rule each lifecycle fault breaks (one of ``rect_conformance.oracle.RULES``, or of the
# lifecycle's own ``LOCAL_RULES`` for partnerships and visibility), so a finding can be matched
# to the rule it should name; updated-at-not-bumped and updated-since-exclusive (sync faults)
# break a lifecycle rule too. Several faults may break one rule; tests/test_lifecycle_rules.py holds
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
    "change-schedule-counts-live-declarations-only": (
        "change-schedule.would-invalidate-declarations"
    ),
    "change-schedule-type-without-milestone-invalidates": (
        "change-schedule.would-invalidate-declarations"
    ),
    "change-schedule-without-training-skips-schedule-check": "change-schedule.not-in-cohort",
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
    "payments-frozen-before-freeze-date": "declare.V15-payments-frozen",
    "declaration-without-open-statement-accepted": "declare.V16-no-open-statement",
    "extended-declaration-on-standard-schedule-accepted": "declare.V17-no-milestone",
    "declaration-sequence-ignored": "declare.V18-out-of-sequence",
    "equal-declaration-dates-refused": "declare.V18-equal-dates-allowed",
    "declaration-for-other-providers-participant-accepted": "declare.V19-not-registered",
    "unparseable-declaration-date-gives-422": "declare.unparseable-date",
    "missing-date-of-withdrawn-gives-422": "declare.unparseable-date",
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
    "void-keeps-stopped-mentor-stopped": "void.mentor-completion-reversed",
    "mentor-completion-on-start-day-ends-next-day": "status.participant-active",
    "eligibility-leaves-declarations-submitted": "dfe.mark-eligible",
    "funding-eligibility-keeps-participant-updated-at": (
        "updated-at.participant-funding-eligibility"
    ),
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
    "missing-course-skips-mentor-period": "declare.V3-mentor-period-fallback",
    "duplicate-partnership-accepted": "partnership.duplicate",
    "partnership-foreign-delivery-partner-accepted": "partnership.not-our-partner",
    "same-delivery-partner-accepted": "partnership.same-delivery-partner",
    "updated-since-exclusive": "visibility.updated-since",
}

# The oracle rules no sandbox fault breaks, and why none can.
RULES_WITHOUT_FAULT: dict[str, str] = {
    "declare.V1-participant-missing": "there is no one to declare for: a switch could only "
    "change the refusal's text or status, not accept anything",
}
