"""Rule rows for participants: the four actions, the two statuses, and their ``updated_at``."""

from __future__ import annotations

from rect_conformance.oracle._rule import RELEASE_NOTES, SCHEDULES, SPEC, STATES, UPDATE, VIEW, row

_NOT_FOUND = ("Resource not found", "Nothing could be found for the provided details")
_PID = "participant_id"
_CHANGED_TODAY = (
    _PID,
    "You cannot defer or withdraw this participant today. You need to try again tomorrow as the training was recently changed for this participant.",  # noqa: E501
)
_REASON_MISSING = ("reason", "Enter a '#/reason'.")
_REASON_UNKNOWN = (
    "reason",
    "The entered '#/reason' is not recognised for the given participant. Check details and try again.",  # noqa: E501
)
_ALREADY_WITHDRAWN = (_PID, "The '#/participant_id' is already withdrawn.")
_SCHEDULE_INVALID = (
    "schedule_identifier",
    "The property '#/schedule_identifier' must be present and correspond to a valid schedule.",
)

ROWS = (
    # --- the prelude every participant action shares (rules §14.1) ---
    row(
        "action.participant-not-found",
        "§14.1 #2, §4.1",
        SPEC,
        "the participant must be visible to the provider, or the action is a 404",
        _NOT_FOUND,
        status=404,
    ),
    row(
        "action.course-identifier-missing",
        "§14.1",
        UPDATE,
        "course_identifier must be ecf-induction or ecf-mentor (any other value counts as none)",
        ("course_identifier", "Enter a '#/course_identifier'."),
    ),
    row(
        "action.course-identifier-not-recognised",
        "§14.1",
        UPDATE,
        "the provider must have a training period in that role for the participant",
        (
            "course_identifier",
            "The entered '#/course_identifier' is not recognised for the given participant. Check details and try again.",  # noqa: E501
        ),
    ),
    # --- withdraw (rules §14.2) ---
    row(
        "withdraw.reason-missing",
        "§14.2 #1",
        UPDATE,
        "a withdrawal needs a reason",
        _REASON_MISSING,
    ),
    row(
        "withdraw.reason-not-recognised",
        "§14.2 #2",
        SPEC,
        "the reason must be one of the dashed withdrawal reasons",
        _REASON_UNKNOWN,
    ),
    row(
        "withdraw.already-withdrawn",
        "§14.2 #4, §13.3",
        UPDATE,
        "a withdrawn participant cannot be withdrawn again",
        _ALREADY_WITHDRAWN,
    ),
    row(
        "withdraw.not-started",
        "§14.2 #5",
        UPDATE,
        "a training period that starts after today cannot be withdrawn",
        (
            _PID,
            "You cannot withdraw #/participant_id. This is because they have not been training with you for at least one day.",  # noqa: E501
        ),
    ),
    row(
        "withdraw.changed-today",
        "§14.2 #6",
        UPDATE,
        "a training period that started today (e.g. made by resume or change-schedule) cannot "
        "be withdrawn until tomorrow",
        _CHANGED_TODAY,
    ),
    row(
        "withdraw.mentor-only-reason",
        "§14.2 #7",
        RELEASE_NOTES,
        "an ECT cannot be withdrawn with the mentor-only reason (checked only when nothing "
        "else failed)",
        ("reason", "You cannot withdraw an ECT for this reason. The ECT is not a mentor."),
    ),
    row(
        "withdraw.accepted",
        "§14.2 effects, §13.3",
        UPDATE,
        "withdraw stamps the withdrawal now with its reason and ends the period at the earlier "
        "of its end and today: training_status withdrawn, participant_status left",
    ),
    # --- defer (rules §14.2) ---
    row("defer.reason-missing", "§14.2 #1", UPDATE, "a deferral needs a reason", _REASON_MISSING),
    row(
        "defer.reason-not-recognised",
        "§14.2 #2",
        SPEC,
        "the reason must be one of the dashed deferral reasons",
        _REASON_UNKNOWN,
    ),
    row(
        "defer.already-deferred",
        "§14.2 #3, §13.3",
        UPDATE,
        "a deferred participant cannot be deferred again",
        (_PID, "The '#/participant_id' is already deferred."),
    ),
    row(
        "defer.already-withdrawn",
        "§14.2 #4, §13.3",
        UPDATE,
        "a withdrawn participant cannot be deferred",
        _ALREADY_WITHDRAWN,
    ),
    row(
        "defer.not-started",
        "§14.2 #5",
        UPDATE,
        "a training period that starts after today cannot be deferred",
        (
            _PID,
            "You cannot defer #/participant_id. This is because they have not been training with you for at least one day.",  # noqa: E501
        ),
    ),
    row(
        "defer.changed-today",
        "§14.2 #6",
        UPDATE,
        "a training period that started today cannot be deferred until tomorrow",
        _CHANGED_TODAY,
    ),
    row(
        "defer.accepted",
        "§14.2 effects, §13.3",
        UPDATE,
        "defer stamps the deferral now with its reason and ends the period at the earlier of "
        "its end and today: training_status deferred, participant_status left",
    ),
    # --- resume (rules §14.3) ---
    row(
        "resume.already-active",
        "§14.3 #1, §13.3",
        UPDATE,
        "only a withdrawn or deferred participant can be resumed",
        (_PID, "The '#/participant_id' is already active."),
    ),
    row(
        "resume.active-with-another-provider",
        "§14.3 #2",
        UPDATE,
        "no other training period at the same school stay may cover today",
        (
            _PID,
            "This participant cannot be resumed because they are already active with another provider.",  # noqa: E501
        ),
    ),
    row(
        "resume.same-day",
        "§14.3 #3",
        UPDATE,
        "a period that ended today (withdrawn or deferred today) cannot be resumed until tomorrow",
        (
            _PID,
            "You cannot resume a participant on the same day they were withdrawn or deferred. Resume them tomorrow or later.",  # noqa: E501
        ),
    ),
    row(
        "resume.left-school",
        "§14.3 #4",
        UPDATE,
        "the participant's school stay must still be current",
        (
            _PID,
            "The participant is no longer at the school. Please contact the induction tutor to resolve.",  # noqa: E501
        ),
    ),
    row(
        "resume.accepted",
        "§14.3 effects, §13.3",
        UPDATE,
        "resume opens a new training period from today (same partnership and schedule, ending "
        "with the school stay): training_status active, withdrawal and deferral null",
    ),
    # --- change schedule (rules §14.4) ---
    row(
        "change-schedule.identifier-missing",
        "§14.4 #1",
        UPDATE,
        "schedule_identifier is required",
        _SCHEDULE_INVALID,
    ),
    row(
        "change-schedule.identifier-unknown",
        "§14.4 #2, §15.1",
        SCHEDULES,
        "schedule_identifier must be one of the 12 ecf-* identifiers",
        ("schedule_identifier", "Enter a valid schedule identifier."),
    ),
    row(
        "change-schedule.not-in-cohort",
        "§14.4 #3",
        UPDATE,
        "the schedule must exist in the target cohort",
        _SCHEDULE_INVALID,
    ),
    row(
        "change-schedule.already-on-profile",
        "§14.4 #4",
        UPDATE,
        "the same identifier in the same cohort is refused",
        ("schedule_identifier", "Selected schedule is already on the profile"),
    ),
    row(
        "change-schedule.replacement-for-ect",
        "§14.4 #5, §15.1",
        SCHEDULES,
        "an ECT cannot move to a replacement schedule",
        ("schedule_identifier", "Selected schedule is not valid for the course_identifier"),
    ),
    row(
        "change-schedule.reduced-for-mentor",
        "§14.4 #6, §15.1",
        SCHEDULES,
        "a mentor cannot move to a reduced schedule",
        (
            "schedule_identifier",
            "Mentors cannot be placed on a reduced schedule. Assign them to a different schedule.",
        ),
    ),
    row(
        "change-schedule.would-invalidate-declarations",
        "§14.4 #7",
        UPDATE,
        "when the period started today or later, its declarations must stay inside the new "
        "schedule's milestone windows",
        (
            "schedule_identifier",
            "The change of schedule cannot be applied because a previous change of schedule and a declaration were made on the same day. Applying another change of schedule would invalidate existing declarations. Please contact DfE for assistance.",  # noqa: E501
        ),
    ),
    row(
        "change-schedule.no-partnership-in-cohort",
        "§14.4 #8",
        UPDATE,
        "a cohort change needs a partnership with the same school in the target cohort",
        (
            "cohort",
            "You cannot change a participant to this contract_period as you do not have a partnership with the school for the contract_period. Contact the DfE for assistance.",  # noqa: E501
        ),
    ),
    row(
        "change-schedule.payments-frozen-cohort",
        "§14.4 #9, §15.2",
        UPDATE,
        "a payments-frozen target cohort is allowed only for someone moved out of it",
        (
            "cohort",
            "You cannot move a participant to a payments frozen cohort unless they previously belonged to that cohort.",  # noqa: E501
        ),
    ),
    row(
        "change-schedule.completed",
        "§14.4 #10",
        UPDATE,
        "no change once induction (a finished induction period) or mentor training is "
        "complete, except a completed ECT moving to a reduced schedule",
        (
            _PID,
            "You cannot change this participant's schedule as they have completed their training or induction.",  # noqa: E501
        ),
    ),
    row(
        "change-schedule.left",
        "§14.4 #11",
        SCHEDULES,
        "no change while participant_status is left (resume a withdrawn or deferred one first)",
        (
            _PID,
            "You cannot change this participant's schedule. This is because the participant has a 'left' participant_status, so they are not training with you currently.",  # noqa: E501
        ),
    ),
    row(
        "change-schedule.withdrawn",
        "§14.4 #12",
        UPDATE,
        "no change for a withdrawn participant (normally caught by #11)",
        (_PID, "Cannot perform actions on a withdrawn participant"),
    ),
    row(
        "change-schedule.future-provider",
        "§14.4 #13",
        RELEASE_NOTES,
        "no change when a later training period in that role (any provider) is due to start",
        (
            _PID,
            "You cannot change this participant's schedule as they are due to start with another lead provider in the future.",  # noqa: E501
        ),
    ),
    row(
        "change-schedule.cohort-fallback",
        "§14.4 inputs",
        SPEC,
        "an absent, blank or unknown cohort silently means the participant's current cohort",
    ),
    row(
        "change-schedule.new-period",
        "§14.4 effects",
        UPDATE,
        "a period that started before today is closed yesterday and a new one starts today "
        "with the new schedule and cohort; declarations stay on the old one",
    ),
    row(
        "change-schedule.in-place",
        "§14.4 effects",
        UPDATE,
        "a period that starts today or later takes the new schedule and cohort in place",
    ),
    row(
        "change-schedule.cohort-changed",
        "§14.4 effects, §23",
        SPEC,
        "a change to another cohort is accepted (with a partnership there) although the spec "
        "says the cohort may not be changed",
    ),
    row(
        "change-schedule.completed-ect-to-reduced",
        "§14.4 #10",
        RELEASE_NOTES,
        "an ECT with completed induction may move to a reduced schedule, changed in place",
    ),
    row(
        "change-schedule.frozen-bookkeeping",
        "§14.4 effects",
        UPDATE,
        "leaving a payments-frozen cohort records it (cohort_changed_after_payments_frozen "
        "true); moving into a frozen cohort clears it",
    ),
    row(
        "change-schedule.allowed-after-declaration-today",
        "§14.4 #7, §23",
        RELEASE_NOTES,
        "a change on the day of a declaration is accepted unless #7 applies",
    ),
    # --- statuses (rules §13) ---
    row(
        "status.training-active",
        "§13.1",
        STATES,
        "training_status is active when the latest period has no withdrawal or deferral",
    ),
    row(
        "status.training-latest-stamp",
        "§13.1",
        STATES,
        "otherwise training_status is whichever of withdrawn and deferred was stamped later",
    ),
    row(
        "status.participant-stopped",
        "§13.2 #1",
        VIEW,
        "a withdrawn or deferred period shows leaving before its end date, left from it "
        "(never withdrawn)",
    ),
    row(
        "status.participant-completed",
        "§13.2 #2",
        VIEW,
        "completed induction or mentor training on or before the period end shows active",
    ),
    row(
        "status.participant-end-date",
        "§13.2 #3",
        VIEW,
        "a period with an end date shows leaving before it and left from that day",
    ),
    row(
        "status.participant-joining",
        "§13.2 #4",
        VIEW,
        "a period that starts after today shows joining",
    ),
    row("status.participant-active", "§13.2 #5", VIEW, "otherwise participant_status is active"),
    # --- updated_at (rules §19) ---
    row(
        "updated-at.participant-action",
        "§19",
        UPDATE,
        "every accepted withdraw, defer, resume and change-schedule moves the participant's "
        "updated_at",
    ),
    row(
        "updated-at.declaration-not-on-participant-action",
        "§19, §14.4 effects",
        VIEW,
        "participant actions leave declarations (and their updated_at) on the period they were "
        "made against",
    ),
    row(
        "updated-at.participant-not-on-time",
        "§19",
        VIEW,
        "participant_status moving with the date (joining to active, leaving to left) does "
        "not move updated_at",
    ),
)
