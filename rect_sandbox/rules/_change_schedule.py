"""Change of schedule (rules 14.4): checks in the API's order and the new-TP effect.

``faults`` are the catalogue's switches; each lifecycle fault named here breaks the check or
effect it sits beside.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date

from rect_sandbox._faults import NO_FAULTS, Faults
from rect_sandbox._reference import COHORTS, SCHEDULE_IDENTIFIERS, milestones, schedule_family
from rect_sandbox.rules._actions import (
    ActionOutcome,
    ParticipantFacts,
    course_prelude,
    grouped,
    yesterday,
)
from rect_sandbox.rules._model import (
    LONDON,
    Clock,
    Error,
    Partnership,
    TrainingPeriod,
    is_live,
    payments_frozen,
    training_status,
    window_errors,
)

SCHEDULE_MISSING = (
    "The property '#/schedule_identifier' must be present and correspond to a valid schedule."
)
SCHEDULE_UNKNOWN = "Enter a valid schedule identifier."
SCHEDULE_SAME = "Selected schedule is already on the profile"
SCHEDULE_WRONG_COURSE = "Selected schedule is not valid for the course_identifier"
MENTOR_REDUCED = (
    "Mentors cannot be placed on a reduced schedule. Assign them to a different schedule."
)
SAME_DAY_DECLARATIONS = (
    "The change of schedule cannot be applied because a previous change of schedule and a "
    "declaration were made on the same day. Applying another change of schedule would "
    "invalidate existing declarations. Please contact DfE for assistance."
)
# The API leaves "contract_period" untranslated in this one message.
NO_PARTNERSHIP_IN_COHORT = (
    "You cannot change a participant to this contract_period as you do not have a partnership "
    "with the school for the contract_period. Contact the DfE for assistance."
)
FROZEN_COHORT = (
    "You cannot move a participant to a payments frozen cohort unless they previously belonged "
    "to that cohort."
)
COMPLETED = (
    "You cannot change this participant's schedule as they have completed their training or "
    "induction."
)
STATUS_LEFT = (
    "You cannot change this participant's schedule. This is because the participant has a "
    "'left' participant_status, so they are not training with you currently."
)
WITHDRAWN = "Cannot perform actions on a withdrawn participant"
FUTURE_ELSEWHERE = (
    "You cannot change this participant's schedule as they are due to start with another lead "
    "provider in the future."
)
# Only faults say these two: the server never refuses a cohort change as such, nor an unknown one.
COHORT_FIXED = "The '#/cohort' of a participant cannot be changed."
COHORT_UNKNOWN = "The '#/cohort' is not a cohort; send one of the published years."


def target_cohort(requested: object, current: int | None) -> int | None:
    """The requested cohort when it names a known one, else silently the current cohort."""
    try:
        year = int(str(requested).strip()) if requested is not None else None
    except ValueError:
        year = None
    return year if year in COHORTS else current


def _school_of(facts: ParticipantFacts, tp: TrainingPeriod) -> str | None:
    period = facts.school_periods.get(tp.school_period_id)
    return period.school_id if period is not None else None


def _target_partnership(
    facts: ParticipantFacts, tp: TrainingPeriod, cohort: int
) -> Partnership | None:
    """Same partnership if the cohort stays; else ours at the same school in the target cohort,
    preferring the same delivery partner, then the most recently created."""
    current = next((p for p in facts.partnerships if p.id == tp.partnership_id), None)
    if current is not None and current.cohort == cohort:
        return current
    school_id = _school_of(facts, tp) if current is None else current.school_id
    candidates = [
        p
        for p in facts.partnerships
        if p.school_id == school_id
        and p.cohort == cohort
        and p.lead_provider_id == facts.lead_provider_id
    ]
    if not candidates:
        return None
    same_dp = [
        p
        for p in candidates
        if current is not None and p.delivery_partner_id == current.delivery_partner_id
    ]
    if same_dp:
        return same_dp[0]
    return max(candidates, key=lambda p: (p.created_at is not None, p.created_at or 0))


def _declared_today(facts: ParticipantFacts, role: str, clock: Clock) -> bool:
    """Whether a live declaration in ``role`` was made on the request's day."""
    return any(
        d.role == role
        and is_live(d)
        and d.created_at is not None
        and d.created_at.astimezone(LONDON).date() == clock.today
        for d in facts.declarations
    )


def _invalidated(
    facts: ParticipantFacts, tp: TrainingPeriod, new_milestones: dict, faults: Faults
) -> bool:
    """#7: whether a declaration on ``tp`` would be dated outside its window on the new
    schedule. Every declaration on the period counts, voided or clawed back too (the server
    re-validates each one it holds); a type the new schedule has no milestone for is not
    checked, so it stays valid."""
    for decl in facts.declarations:
        if decl.training_period_id != tp.id:
            continue
        if not is_live(decl) and faults.on("change-schedule-counts-live-declarations-only"):
            continue
        milestone = new_milestones.get(decl.declaration_type)
        if milestone is None:
            if faults.on("change-schedule-type-without-milestone-invalidates"):
                return True
            continue
        if window_errors(decl.declaration_date, milestone):
            return True
    return False


def _schedule_error(
    facts: ParticipantFacts,
    tp: TrainingPeriod,
    role: str,
    identifier: object,
    cohort: int | None,
    clock: Clock,
    faults: Faults,
) -> str | None:
    if identifier is None or identifier == "":
        return SCHEDULE_MISSING
    if identifier not in SCHEDULE_IDENTIFIERS:
        return SCHEDULE_UNKNOWN
    new_milestones = milestones(cohort, identifier) if cohort is not None else {}
    if not new_milestones:
        return SCHEDULE_MISSING
    same = identifier == tp.schedule_identifier and cohort == tp.cohort
    if same and not faults.on("change-schedule-same-schedule-accepted"):
        return SCHEDULE_SAME
    family = schedule_family(identifier)
    if (
        role == "ect"
        and family == "replacement"
        and not faults.on("replacement-schedule-accepted-for-ect")
    ):
        return SCHEDULE_WRONG_COURSE
    if (
        role == "mentor"
        and family == "reduced"
        and not faults.on("reduced-schedule-accepted-for-mentor")
    ):
        return MENTOR_REDUCED
    if (
        tp.start >= clock.today
        and not faults.on("change-schedule-invalidates-declarations")
        and _invalidated(facts, tp, new_milestones, faults)
    ):
        return SAME_DAY_DECLARATIONS
    if faults.on("change-schedule-refused-after-declaration-today") and _declared_today(
        facts, role, clock
    ):
        return SAME_DAY_DECLARATIONS
    return None


def _cohort_error(
    facts: ParticipantFacts, tp: TrainingPeriod, cohort: int, today: date, faults: Faults
) -> str | None:
    if cohort != tp.cohort and faults.on("cohort-change-refused"):
        return COHORT_FIXED
    if (
        cohort != tp.cohort
        and _target_partnership(facts, tp, cohort) is None
        and not faults.on("cohort-change-without-partnership-accepted")
    ):
        return NO_PARTNERSHIP_IN_COHORT
    if (
        payments_frozen(cohort, today, faults)
        and facts.payments_frozen_cohort != cohort
        and not faults.on("move-into-frozen-cohort-accepted")
    ):
        return FROZEN_COHORT
    return None


def _participant_error(
    facts: ParticipantFacts,
    tp: TrainingPeriod,
    role: str,
    identifier: object,
    clock: Clock,
    faults: Faults,
) -> str | None:
    completed = facts.completed_on.get(role) is not None
    to_reduced = role == "ect" and schedule_family(str(identifier)) == "reduced"
    if to_reduced and faults.on("completed-ect-reduced-refused"):
        to_reduced = False
    if completed and not to_reduced and not faults.on("change-schedule-after-completion-accepted"):
        return COMPLETED
    if facts.status_of(tp, clock.today) == "left" and not faults.on(
        "change-schedule-for-left-accepted"
    ):
        return STATUS_LEFT
    if training_status(tp) == "withdrawn" and not faults.on(
        "change-schedule-for-withdrawn-accepted"
    ):
        return WITHDRAWN
    later = [
        o for o in facts.training_periods if o.role == role and o.id != tp.id and o.start > tp.start
    ]
    if later and not faults.on("change-schedule-despite-future-provider-accepted"):
        return FUTURE_ELSEWHERE
    return None


def _identifier(attributes: dict, faults: Faults) -> object:
    identifier = attributes.get("schedule_identifier")
    prefixed = f"ecf-{identifier}" if isinstance(identifier, str) else None
    if prefixed in SCHEDULE_IDENTIFIERS and faults.on("schedule-shorthand-accepted"):
        return prefixed
    return identifier


def _unknown_cohort(requested: object, faults: Faults) -> bool:
    """Whether a cohort was sent that names none (only the fault refuses that)."""
    blank = requested is None or str(requested).strip() == ""
    return (
        not blank
        and target_cohort(requested, None) is None
        and faults.on("change-schedule-unknown-cohort-refused")
    )


def change_schedule(
    facts: ParticipantFacts, attributes: dict, clock: Clock, *, faults: Faults = NO_FAULTS
) -> ActionOutcome:
    """Move the provider's latest TP of a course onto another schedule and/or cohort."""
    errors, role, tp = course_prelude(facts, attributes.get("course_identifier"), faults)
    identifier = _identifier(attributes, faults)
    if tp is None or role is None:
        # Checks #1-#3 still run: with no training period there is no current cohort, so
        # unless a known cohort was sent no schedule can be found (#3).
        without_cohort = target_cohort(attributes.get("cohort"), None) is None
        if identifier is None or identifier == "":
            errors.append(("schedule_identifier", SCHEDULE_MISSING))
        elif identifier not in SCHEDULE_IDENTIFIERS:
            errors.append(("schedule_identifier", SCHEDULE_UNKNOWN))
        elif without_cohort and not faults.on(
            "change-schedule-without-training-skips-schedule-check"
        ):
            errors.append(("schedule_identifier", SCHEDULE_MISSING))
        return ActionOutcome(errors=grouped(errors))
    if identifier in (None, "") and faults.on("change-schedule-missing-identifier-ignored"):
        return ActionOutcome()
    cohort = target_cohort(attributes.get("cohort"), tp.cohort)
    found: list[Error] = []
    schedule_problem = _schedule_error(facts, tp, role, identifier, cohort, clock, faults)
    if schedule_problem is not None:
        found.append(("schedule_identifier", schedule_problem))
    if _unknown_cohort(attributes.get("cohort"), faults):
        found.append(("cohort", COHORT_UNKNOWN))
    elif cohort is not None:
        cohort_problem = _cohort_error(facts, tp, cohort, clock.today, faults)
        if cohort_problem is not None:
            found.append(("cohort", cohort_problem))
    participant_problem = _participant_error(facts, tp, role, identifier, clock, faults)
    if participant_problem is not None:
        found.append(("participant_id", participant_problem))
    if found:
        return ActionOutcome(errors=grouped(found))
    return _apply(facts, tp, str(identifier), cohort, clock, faults)


def _frozen_bookkeeping(
    facts: ParticipantFacts, old: int | None, new: int, today: date, faults: Faults
) -> dict[str, object]:
    if old is not None and old != new and payments_frozen(old, today, faults):
        return {"payments_frozen_cohort": old}
    if payments_frozen(new, today, faults) and facts.payments_frozen_cohort == new:
        return {"payments_frozen_cohort": None}
    return {}


def _earliest_future(today: date, *ends: date | None) -> date | None:
    future = [end for end in ends if end is not None and end > today]
    return min(future) if future else None


def _apply(
    facts: ParticipantFacts,
    tp: TrainingPeriod,
    identifier: str,
    cohort: int | None,
    clock: Clock,
    faults: Faults,
) -> ActionOutcome:
    assert cohort is not None  # a TP always has a cohort once the checks pass
    partnership = _target_partnership(facts, tp, cohort)
    partnership_id = partnership.id if partnership is not None else tp.partnership_id
    teacher_changes = _frozen_bookkeeping(facts, tp.cohort, cohort, clock.today, faults)
    if faults.on("frozen-cohort-move-not-recorded"):
        teacher_changes = {}
    moved: dict[str, object] = {
        "schedule_identifier": identifier,
        "cohort": cohort,
        "partnership_id": partnership_id,
    }
    in_place = tp.start >= clock.today
    if faults.on("change-schedule-always-in-place"):
        in_place = True
    if faults.on("change-schedule-always-new-period"):
        in_place = False
    if in_place:
        return ActionOutcome(training_period=tp, tp_changes=moved, teacher_changes=teacher_changes)
    day_before = yesterday(clock.today)
    closed_end = day_before if tp.end is None or tp.end > day_before else tp.end
    school_period = facts.school_periods.get(tp.school_period_id)
    new_end = _earliest_future(clock.today, tp.end, school_period.end if school_period else None)
    new_tp = replace(
        tp,
        id=str(uuid.uuid4()),
        start=clock.today,
        end=new_end,
        schedule_identifier=identifier,
        cohort=cohort,
        partnership_id=partnership_id,
    )
    return ActionOutcome(
        training_period=tp,
        tp_changes={"end": closed_end},
        new_tp=new_tp,
        teacher_changes=teacher_changes,
    )
