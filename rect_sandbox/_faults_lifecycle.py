"""The lifecycle faults of the catalogue: each breaks one documented rule of the write side or
of a status the read side derives, at the one place in ``rules/`` (or the read model) where that
rule is kept.

A row is ``(name, what it breaks)``; ``_faults.CATALOGUE`` gives every row the category
``lifecycle``. Several rows imitate what the guidance says where the server does otherwise
(rules 23), so a suite that tells documentation from behaviour can be shown to notice a server
that starts to agree with its documents.
"""

from __future__ import annotations

LIFECYCLE: tuple[tuple[str, str], ...] = (
    # The prelude of the four participant actions (rules 14.1).
    (
        "action-on-unseen-participant-422",
        "an action on another provider's participant answers 422, not 404",
    ),
    (
        "action-course-identifier-optional",
        "an action without a valid course_identifier acts on the ECT training",
    ),
    (
        "action-course-falls-back-to-other-role",
        "an action for a role the provider does not train acts on the other role",
    ),
    # Withdraw (rules 14.2).
    ("withdraw-without-reason-accepted", "a withdrawal without a reason is stored as other"),
    ("withdraw-unknown-reason-accepted", "an unknown withdrawal reason is stored as other"),
    (
        "withdraw-underscore-reason-accepted",
        "withdrawal reasons spelt with underscores are accepted",
    ),
    ("withdraw-twice-allowed", "withdrawing an already withdrawn participant answers 200"),
    ("withdraw-before-start-accepted", "a training period starting after today can be withdrawn"),
    (
        "withdraw-allowed-unless-joining",
        "withdraw refuses only a joining participant (as the guidance says), not a leaving one",
    ),
    ("withdraw-on-start-day-accepted", "a training period that started today can be withdrawn"),
    ("mentor-reason-accepted-for-ect", "an ECT can be withdrawn as mentor-no-longer-being-mentor"),
    ("withdraw-leaves-training-open", "withdraw does not end the training period"),
    # Defer (rules 14.2).
    ("defer-without-reason-accepted", "a deferral without a reason is stored as other"),
    ("defer-unknown-reason-accepted", "an unknown deferral reason is stored as other"),
    ("defer-twice-allowed", "deferring an already deferred participant answers 200"),
    ("defer-after-withdrawal-accepted", "a withdrawn participant can be deferred"),
    ("defer-before-start-accepted", "a training period starting after today can be deferred"),
    ("defer-on-start-day-accepted", "a training period that started today can be deferred"),
    ("defer-leaves-training-open", "defer does not end the training period"),
    # Resume (rules 14.3).
    ("resume-of-active-accepted", "resuming an active participant answers 200"),
    (
        "resume-despite-other-provider-accepted",
        "a participant training with another provider at the school can be resumed",
    ),
    ("resume-same-day-accepted", "a participant can be resumed the day they were stopped"),
    (
        "resume-after-leaving-school-accepted",
        "a participant who left the school can be resumed",
    ),
    ("resume-reopens-old-period", "resume clears the old period's stamps instead of a new period"),
    # Change schedule (rules 14.4).
    (
        "change-schedule-missing-identifier-ignored",
        "change-schedule without schedule_identifier answers 200 and changes nothing",
    ),
    (
        "schedule-shorthand-accepted",
        "schedule identifiers without the ecf- prefix are accepted (as the guidance spells them)",
    ),
    ("change-schedule-same-schedule-accepted", "a change to the current schedule answers 200"),
    ("replacement-schedule-accepted-for-ect", "an ECT can be moved to a replacement schedule"),
    ("reduced-schedule-accepted-for-mentor", "a mentor can be moved to a reduced schedule"),
    (
        "change-schedule-invalidates-declarations",
        "a period that started today can move although its declarations leave their windows",
    ),
    (
        "change-schedule-counts-live-declarations-only",
        "the declarations a period starting today or later must keep valid leave out voided "
        "and clawed-back ones",
    ),
    (
        "change-schedule-type-without-milestone-invalidates",
        "a declaration whose type the new schedule has no milestone for counts as invalidated",
    ),
    (
        "change-schedule-without-training-skips-schedule-check",
        "for a course the provider does not train the person in, change-schedule answers the "
        "course error alone (no schedule is looked for without a cohort)",
    ),
    (
        "cohort-change-without-partnership-accepted",
        "a cohort change keeps the old partnership when there is none in the new cohort",
    ),
    ("move-into-frozen-cohort-accepted", "anyone can be moved into a payments-frozen cohort"),
    (
        "change-schedule-after-completion-accepted",
        "a participant who completed training or induction can change schedule",
    ),
    (
        "completed-ect-reduced-refused",
        "an ECT with completed induction cannot move to a reduced schedule",
    ),
    ("change-schedule-for-left-accepted", "a participant shown as left can change schedule"),
    ("change-schedule-for-withdrawn-accepted", "a withdrawn participant can change schedule"),
    (
        "change-schedule-despite-future-provider-accepted",
        "a change is allowed while a later training period is due to start",
    ),
    ("change-schedule-unknown-cohort-refused", "an unknown cohort is refused, not ignored"),
    (
        "change-schedule-always-in-place",
        "change-schedule edits a period that started before today instead of opening a new one",
    ),
    (
        "change-schedule-always-new-period",
        "change-schedule opens a new period even for one starting today or later",
    ),
    ("cohort-change-refused", "change-schedule refuses any cohort change (as the spec says)"),
    (
        "frozen-cohort-move-not-recorded",
        "leaving a payments-frozen cohort leaves cohort_changed_after_payments_frozen false",
    ),
    (
        "change-schedule-refused-after-declaration-today",
        "no change of schedule on a day a declaration was made (as a release note says)",
    ),
    # Statuses the read side derives (rules 13).
    (
        "finished-period-shows-withdrawn",
        "a training period that simply ended shows training_status withdrawn",
    ),
    (
        "training-status-first-stamp-wins",
        "deferred then withdrawn shows deferred (the earlier stamp wins)",
    ),
    (
        "stopped-shown-as-withdrawn",
        "withdrawn participants show participant_status withdrawn (as old guidance says)",
    ),
    ("completed-shown-as-left", "a completed participant whose period ended shows left"),
    ("leaving-shown-as-left-a-day-early", "participant_status is left from the day before the end"),
    ("joining-shown-as-active", "a period that starts after today shows active, not joining"),
    ("start-day-shown-as-joining", "a period that starts today shows joining, not active"),
    # What moves updated_at on the participant side (rules 19).
    (
        "participant-action-touches-declarations",
        "participant actions move the updated_at of the participant's declarations",
    ),
    (
        "updated-at-follows-status",
        "participant updated_at moves when joining turns active with the date",
    ),
    # Declaration create, V1-V19 and what acceptance does (rules 16.2-16.10).
    ("declaration-unknown-participant-404", "a declaration for an unknown participant answers 404"),
    (
        "declaration-course-defaults-to-induction",
        "a declaration without a valid course_identifier is taken as ecf-induction",
    ),
    (
        "missing-course-skips-mentor-period",
        "a declaration without a usable course_identifier gets the V3 error alone: the checks "
        "after it never look at the provider's mentor training",
    ),
    (
        "declaration-date-defaults-to-now",
        "a declaration without declaration_date is dated now",
    ),
    (
        "declaration-for-untrained-role-accepted",
        "a declaration for a role the provider does not train uses the other role's period",
    ),
    ("declaration-type-defaults-to-started", "a declaration without a type is taken as started"),
    ("unknown-declaration-type-accepted", "an unknown declaration_type is stored as sent"),
    (
        "duplicate-declaration-accepted",
        "a second live declaration of the same type is accepted (V8 skipped)",
    ),
    (
        "duplicate-declaration-returns-existing",
        "a repeated declaration answers 200 with the live one (as the spec's idempotency says)",
    ),
    (
        "duplicate-declaration-shown-ineligible",
        "a duplicate is stored and shown with state ineligible (as old guidance says)",
    ),
    ("voided-declaration-blocks-slot", "a voided declaration still blocks a new one of its type"),
    (
        "other-providers-declarations-not-duplicates",
        "only the provider's own declarations count as duplicates",
    ),
    ("future-declaration-date-accepted", "a declaration dated after now is accepted"),
    (
        "declaration-before-milestone-accepted",
        "a declaration dated before its milestone start is accepted",
    ),
    (
        "milestones-ignored-from-2025",
        "2025+ declarations are not held to milestone dates (as the guidance says)",
    ),
    (
        "milestone-window-in-utc",
        "milestone windows open at midnight UTC, not midnight London time",
    ),
    (
        "declaration-after-milestone-accepted",
        "a declaration dated after its milestone end is accepted",
    ),
    ("date-only-declaration-accepted", "a declaration_date without a time is accepted"),
    (
        "mentor-retained-accepted-in-2025",
        "2025+ mentors can be declared retained or extended (V12 skipped)",
    ),
    ("evidence-optional-in-2025", "2025+ declarations need no evidence_held"),
    ("any-evidence-accepted", "any evidence_held value is accepted for any declaration"),
    (
        "retained-evidence-any-engagement-accepted",
        "2025+ ECT retained declarations take every evidence type (as the spec's schema says)",
    ),
    (
        "declaration-after-withdrawal-accepted",
        "declarations dated after the withdrawal are accepted (V14 skipped)",
    ),
    (
        "withdrawal-day-counts-whole",
        "declarations dated later on the day of the withdrawal are accepted",
    ),
    (
        "frozen-cohort-declaration-accepted",
        "declarations in a payments-frozen cohort are accepted",
    ),
    (
        "payments-frozen-before-freeze-date",
        "2021 and 2022 count as payments-frozen before the dates their payments froze",
    ),
    (
        "declaration-without-open-statement-accepted",
        "an eligible participant is declared for although no statement is open",
    ),
    (
        "extended-declaration-on-standard-schedule-accepted",
        "extended-* declarations are accepted on schedules without them",
    ),
    ("declaration-sequence-ignored", "2025+ declarations may be dated out of sequence"),
    (
        "equal-declaration-dates-refused",
        "a 2025+ declaration dated the same as its neighbour is refused (as the guidance says)",
    ),
    (
        "declaration-for-other-providers-participant-accepted",
        "a provider can declare for a participant only another provider trains",
    ),
    (
        "unparseable-declaration-date-gives-422",
        "a declaration_date that is no date at all answers 422, not 400",
    ),
    (
        "missing-date-of-withdrawn-gives-422",
        "a withdrawn participant declared without declaration_date gets the 422 of a missing "
        "date, not the 400 of a date the withdrawal check cannot compare",
    ),
    (
        "declaration-joins-latest-statement",
        "a new eligible declaration joins the open statement with the latest deadline",
    ),
    (
        "submitted-declaration-gets-statement",
        "a submitted declaration is given a statement_id",
    ),
    (
        "pre-2025-started-evidence-kept",
        "pre-2025 started declarations keep and show their evidence_held",
    ),
    (
        "pre-2025-started-evidence-checked",
        "pre-2025 started evidence is validated (as the guidance says), not discarded",
    ),
    (
        "declaration-for-deferred-refused",
        "deferred participants cannot be declared for (as old guidance says)",
    ),
    (
        "mentor-extended-refused-before-2025",
        "pre-2025 mentors cannot be declared extended-* (as the guidance says)",
    ),
    (
        "mentor-completion-not-recorded",
        "a mentor's completed declaration sets no mentor_funding_end_date",
    ),
    (
        "mentor-completion-on-start-day-ends-next-day",
        "a mentor's completed declaration dated on their period's first day ends it the day "
        "after, not that day",
    ),
    # Void (rules 16.11).
    (
        "void-of-other-providers-declaration-allowed",
        "a provider can void another provider's declaration",
    ),
    ("void-of-payable-refused", "payable declarations cannot be voided"),
    (
        "void-refused-after-cohort-closure",
        "unpaid declarations of a payments-frozen cohort cannot be voided (as the guidance says)",
    ),
    ("voided-keeps-statement-id", "a voided declaration keeps its statement_id"),
    (
        "void-paid-gives-voided",
        "voiding a paid declaration gives voided, not awaiting-clawback",
    ),
    (
        "void-paid-without-statement-accepted",
        "a paid declaration with no statement left for the clawback is voided",
    ),
    ("void-of-voided-gives-200", "voiding a voided declaration answers 200"),
    ("void-of-awaiting-clawback-accepted", "awaiting-clawback declarations can be voided again"),
    (
        "void-keeps-mentor-completion",
        "voiding a mentor's completed declaration keeps the funding end date",
    ),
    (
        "void-keeps-stopped-mentor-stopped",
        "voiding a withdrawn or deferred mentor's completed declaration opens no new training",
    ),
    # What DfE does to declarations (rules 8, 16.10), through test support.
    (
        "eligibility-leaves-declarations-submitted",
        "a participant made funding-eligible keeps submitted declarations",
    ),
    (
        "payable-statement-leaves-declarations-eligible",
        "a statement made payable leaves its declarations eligible",
    ),
    (
        "paid-statement-skips-clawbacks",
        "a paid statement leaves its awaiting-clawback declarations as they are",
    ),
    (
        "funding-eligibility-keeps-participant-updated-at",
        "a participant made funding-eligible keeps their updated_at",
    ),
    # Declaration attributes as shown (rules 16.11, 16.12).
    ("paid-declaration-hides-statement", "paid declarations show statement_id null"),
    (
        "clawback-statement-id-missing",
        "voiding a paid declaration records no clawback_statement_id",
    ),
    (
        "ineligible-reason-shown",
        "voided declarations show ineligible_for_funding_reason duplicate_declaration",
    ),
    (
        "uplift-paid-before-payment",
        "uplift_paid is true on declarations not paid yet",
    ),
    # What moves updated_at on the declaration side (rules 19).
    ("void-keeps-declaration-updated-at", "voiding a declaration leaves its updated_at"),
    ("declaration-touches-participant", "a new declaration moves the participant's updated_at"),
    (
        "mentor-completion-keeps-participant-updated-at",
        "a mentor's completed declaration leaves the participant's updated_at",
    ),
    # Partnerships (rules 11.3, 11.4).
    (
        "duplicate-partnership-accepted",
        "a second partnership with a school the provider already partners in the cohort is created",
    ),
    (
        "partnership-foreign-delivery-partner-accepted",
        "a partnership can be moved to a delivery partner the provider does not work with in "
        "its cohort",
    ),
    (
        "same-delivery-partner-accepted",
        "re-sending a partnership's current delivery partner answers 200",
    ),
    # Time travel (rules 20).
    ("server-date-ignored", "the X-With-Server-Date header has no effect"),
    ("server-date-ignored-on-writes", "X-With-Server-Date has no effect on writes"),
    ("server-date-ignored-on-reads", "X-With-Server-Date has no effect on reads"),
)
