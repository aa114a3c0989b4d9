"""Change of schedule (rules 14.4): checks in the API's order and the new-TP effect."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date

from rect_sandbox._reference import COHORTS, SCHEDULE_IDENTIFIERS, milestones, schedule_family
from rect_sandbox.rules._actions import (
    ActionOutcome,
    ParticipantFacts,
    course_prelude,
    grouped,
    yesterday,
)
from rect_sandbox.rules._model import (
    Clock,
    Error,
    Partnership,
    TrainingPeriod,
    is_live,
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


def _schedule_error(
    facts: ParticipantFacts,
    tp: TrainingPeriod,
    role: str,
    identifier: object,
    cohort: int | None,
    clock: Clock,
) -> str | None:
    if identifier is None or identifier == "":
        return SCHEDULE_MISSING
    if identifier not in SCHEDULE_IDENTIFIERS:
        return SCHEDULE_UNKNOWN
    new_milestones = milestones(cohort, identifier) if cohort is not None else {}
    if not new_milestones:
        return SCHEDULE_MISSING
    if identifier == tp.schedule_identifier and cohort == tp.cohort:
        return SCHEDULE_SAME
    family = schedule_family(identifier)
    if role == "ect" and family == "replacement":
        return SCHEDULE_WRONG_COURSE
    if role == "mentor" and family == "reduced":
        return MENTOR_REDUCED
    if tp.start >= clock.today:
        for decl in facts.declarations:
            if decl.training_period_id != tp.id or not is_live(decl):
                continue
            milestone = new_milestones.get(decl.declaration_type)
            if milestone is None or window_errors(decl.declaration_date, milestone):
                return SAME_DAY_DECLARATIONS
    return None


def _cohort_error(facts: ParticipantFacts, tp: TrainingPeriod, cohort: int) -> str | None:
    if cohort != tp.cohort and _target_partnership(facts, tp, cohort) is None:
        return NO_PARTNERSHIP_IN_COHORT
    if COHORTS[cohort].payments_frozen and facts.payments_frozen_cohort != cohort:
        return FROZEN_COHORT
    return None


def _participant_error(
    facts: ParticipantFacts, tp: TrainingPeriod, role: str, identifier: object, clock: Clock
) -> str | None:
    completed = facts.completed_on.get(role) is not None
    if completed and not (role == "ect" and schedule_family(str(identifier)) == "reduced"):
        return COMPLETED
    if facts.status_of(tp, clock.today) == "left":
        return STATUS_LEFT
    if training_status(tp) == "withdrawn":
        return WITHDRAWN
    later = [
        o for o in facts.training_periods if o.role == role and o.id != tp.id and o.start > tp.start
    ]
    if later:
        return FUTURE_ELSEWHERE
    return None


def change_schedule(facts: ParticipantFacts, attributes: dict, clock: Clock) -> ActionOutcome:
    """Move the provider's latest TP of a course onto another schedule and/or cohort."""
    errors, role, tp = course_prelude(facts, attributes.get("course_identifier"))
    identifier = attributes.get("schedule_identifier")
    if tp is None or role is None:
        if identifier is None or identifier == "":
            errors.append(("schedule_identifier", SCHEDULE_MISSING))
        elif identifier not in SCHEDULE_IDENTIFIERS:
            errors.append(("schedule_identifier", SCHEDULE_UNKNOWN))
        return ActionOutcome(errors=grouped(errors))
    cohort = target_cohort(attributes.get("cohort"), tp.cohort)
    found: list[Error] = []
    schedule_problem = _schedule_error(facts, tp, role, identifier, cohort, clock)
    if schedule_problem is not None:
        found.append(("schedule_identifier", schedule_problem))
    if cohort is not None:
        cohort_problem = _cohort_error(facts, tp, cohort)
        if cohort_problem is not None:
            found.append(("cohort", cohort_problem))
    participant_problem = _participant_error(facts, tp, role, identifier, clock)
    if participant_problem is not None:
        found.append(("participant_id", participant_problem))
    if found:
        return ActionOutcome(errors=grouped(found))
    return _apply(facts, tp, str(identifier), cohort, clock)


def _frozen_bookkeeping(facts: ParticipantFacts, old: int | None, new: int) -> dict[str, object]:
    if old is not None and old != new and COHORTS[old].payments_frozen:
        return {"payments_frozen_cohort": old}
    if COHORTS[new].payments_frozen and facts.payments_frozen_cohort == new:
        return {"payments_frozen_cohort": None}
    return {}


def _earliest_future(today: date, *ends: date | None) -> date | None:
    future = [end for end in ends if end is not None and end > today]
    return min(future) if future else None


def _apply(
    facts: ParticipantFacts, tp: TrainingPeriod, identifier: str, cohort: int | None, clock: Clock
) -> ActionOutcome:
    assert cohort is not None  # a TP always has a cohort once the checks pass
    partnership = _target_partnership(facts, tp, cohort)
    partnership_id = partnership.id if partnership is not None else tp.partnership_id
    teacher_changes = _frozen_bookkeeping(facts, tp.cohort, cohort)
    moved: dict[str, object] = {
        "schedule_identifier": identifier,
        "cohort": cohort,
        "partnership_id": partnership_id,
    }
    if tp.start >= clock.today:
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
