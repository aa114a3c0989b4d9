"""Participant actions: withdraw, defer, resume (rules 13.3, 14.1-14.3).

Each function takes the facts about one person and the request's attributes and returns an
``ActionOutcome``: either errors (in the order the API lists them) or the changes to make. The
caller stores the changes; nothing here touches storage. Change-schedule lives in
``_change_schedule.py`` because it is longer than the other three together. ``faults`` are the
catalogue's switches; each lifecycle fault named here breaks the check it sits beside.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from rect_sandbox._faults import NO_FAULTS, Faults
from rect_sandbox._reference import (
    COURSE_IDENTIFIERS,
    DEFERRAL_REASONS,
    MENTOR_ONLY_WITHDRAWAL_REASON,
    WITHDRAWAL_REASONS,
)
from rect_sandbox.rules._model import (
    Clock,
    Declaration,
    Error,
    Partnership,
    SchoolPeriod,
    TrainingPeriod,
    latest,
    participant_status,
    training_status,
)

ENTER_COURSE = "Enter a '#/course_identifier'."
COURSE_NOT_RECOGNISED = (
    "The entered '#/course_identifier' is not recognised for the given participant. "
    "Check details and try again."
)
ENTER_REASON = "Enter a '#/reason'."
REASON_NOT_RECOGNISED = "The entered '#/reason' is not recognised for the given participant. Check details and try again."  # noqa: E501 - the API's literal text
ALREADY_WITHDRAWN = "The '#/participant_id' is already withdrawn."
ALREADY_DEFERRED = "The '#/participant_id' is already deferred."
NOT_TRAINING_A_DAY = (
    "You cannot {verb} #/participant_id. This is because they have not been training with you "
    "for at least one day."
)
CHANGED_TODAY = (
    "You cannot defer or withdraw this participant today. You need to try again tomorrow as the "
    "training was recently changed for this participant."
)
ECT_NOT_MENTOR = "You cannot withdraw an ECT for this reason. The ECT is not a mentor."
ALREADY_ACTIVE = "The '#/participant_id' is already active."
ACTIVE_ELSEWHERE = (
    "This participant cannot be resumed because they are already active with another provider."
)
RESUME_SAME_DAY = (
    "You cannot resume a participant on the same day they were withdrawn or deferred. "
    "Resume them tomorrow or later."
)
LEFT_SCHOOL = (
    "The participant is no longer at the school. Please contact the induction tutor to resolve."
)


@dataclass
class ParticipantFacts:
    """Everything the action rules need to know about one person, seen by one lead provider."""

    teacher_id: str
    lead_provider_id: str
    training_periods: list[TrainingPeriod]
    school_periods: dict[str, SchoolPeriod]
    partnerships: list[Partnership] = field(default_factory=list)
    declarations: list[Declaration] = field(default_factory=list)
    # ECT: end of a finished induction period with an outcome; mentor: funding end date.
    completed_on: dict[str, date | None] = field(default_factory=dict)
    payments_frozen_cohort: int | None = None

    def provider_tps(self, role: str) -> list[TrainingPeriod]:
        """This provider's partnership TPs of ``role`` (school-led and EOI-only ones excluded)."""
        return [
            tp
            for tp in self.training_periods
            if tp.role == role
            and tp.lead_provider_id == self.lead_provider_id
            and tp.partnership_id is not None
        ]

    def status_of(self, tp: TrainingPeriod, today: date) -> str:
        """participant_status of one of this person's TPs on ``today``."""
        return participant_status(tp, today, completed_by=self.completed_on.get(tp.role))


@dataclass
class ActionOutcome:
    """What an action decided: errors, or the edits to the acted-on TP and any new TP."""

    errors: list[Error] = field(default_factory=list)
    training_period: TrainingPeriod | None = None
    tp_changes: dict[str, object] = field(default_factory=dict)
    new_tp: TrainingPeriod | None = None
    teacher_changes: dict[str, object] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when the action may be applied."""
        return not self.errors


def course_prelude(
    facts: ParticipantFacts, course_identifier: object, faults: Faults = NO_FAULTS
) -> tuple[list[Error], str | None, TrainingPeriod | None]:
    """The checks shared by all four actions: a known course, and a TP of that role with us."""
    role = COURSE_IDENTIFIERS.get(course_identifier) if isinstance(course_identifier, str) else None
    if role is None and faults.on("action-course-identifier-optional"):
        role = "ect"
    if role is None:
        return [("course_identifier", ENTER_COURSE)], None, None
    tp = latest(facts.provider_tps(role))
    if tp is None and faults.on("action-course-falls-back-to-other-role"):
        tp = latest(facts.provider_tps("mentor" if role == "ect" else "ect"))
    if tp is None:
        return [("course_identifier", COURSE_NOT_RECOGNISED)], role, None
    return [], role, tp


def _reason(
    reason: object, allowed: tuple[str, ...], verb: str, faults: Faults
) -> tuple[list[Error], object]:
    """The reason errors, and the reason to store (as sent, unless a fault stands in for it)."""
    if reason is None or reason == "":
        if faults.on(f"{verb}-without-reason-accepted"):
            return [], "other"
        return [("reason", ENTER_REASON)], reason
    if reason in allowed:
        return [], reason
    dashed = reason.replace("_", "-") if isinstance(reason, str) else reason
    if (
        verb == "withdraw"
        and dashed in allowed
        and faults.on("withdraw-underscore-reason-accepted")
    ):
        return [], dashed
    if faults.on(f"{verb}-unknown-reason-accepted"):
        return [], "other"
    return [("reason", REASON_NOT_RECOGNISED)], reason


def _stop_checks(
    facts: ParticipantFacts, tp: TrainingPeriod, clock: Clock, verb: str, faults: Faults
) -> Error | None:
    status = training_status(tp)
    if verb == "defer" and status == "deferred" and not faults.on("defer-twice-allowed"):
        return ("participant_id", ALREADY_DEFERRED)
    repeat = "withdraw-twice-allowed" if verb == "withdraw" else "defer-after-withdrawal-accepted"
    if status == "withdrawn" and not faults.on(repeat):
        return ("participant_id", ALREADY_WITHDRAWN)
    not_started = tp.start > clock.today
    if verb == "withdraw" and faults.on("withdraw-allowed-unless-joining"):
        # The guidance's reading: only a joining participant is refused.
        not_started = facts.status_of(tp, clock.today) == "joining"
    if not_started and not faults.on(f"{verb}-before-start-accepted"):
        return ("participant_id", NOT_TRAINING_A_DAY.format(verb=verb))
    if tp.start == clock.today and not faults.on(f"{verb}-on-start-day-accepted"):
        return ("participant_id", CHANGED_TODAY)
    return None


def _stop(
    facts: ParticipantFacts, attributes: dict, clock: Clock, verb: str, faults: Faults
) -> ActionOutcome:
    errors, role, tp = course_prelude(facts, attributes.get("course_identifier"), faults)
    allowed = WITHDRAWAL_REASONS if verb == "withdraw" else DEFERRAL_REASONS
    reason_errors, reason = _reason(attributes.get("reason"), allowed, verb, faults)
    errors += reason_errors
    if tp is not None:
        stop_error = _stop_checks(facts, tp, clock, verb, faults)
        if stop_error is not None:
            errors.append(stop_error)
    if (
        not errors
        and verb == "withdraw"
        and role == "ect"
        and reason == MENTOR_ONLY_WITHDRAWAL_REASON
        and not faults.on("mentor-reason-accepted-for-ect")
    ):
        errors.append(("reason", ECT_NOT_MENTOR))
    if errors or tp is None:
        return ActionOutcome(errors=grouped(errors))
    end = clock.today if tp.end is None or tp.end > clock.today else tp.end
    if faults.on(f"{verb}-leaves-training-open"):
        end = tp.end
    if verb == "withdraw":
        changes: dict[str, object] = {
            "withdrawn_at": clock.now,
            "withdrawal_reason": reason,
            "end": end,
        }
    else:
        changes = {"deferred_at": clock.now, "deferral_reason": reason, "end": end}
    return ActionOutcome(training_period=tp, tp_changes=changes)


def withdraw(
    facts: ParticipantFacts, attributes: dict, clock: Clock, *, faults: Faults = NO_FAULTS
) -> ActionOutcome:
    """Withdraw the provider's latest TP of the given course (rules 14.2)."""
    return _stop(facts, attributes, clock, "withdraw", faults)


def defer(
    facts: ParticipantFacts, attributes: dict, clock: Clock, *, faults: Faults = NO_FAULTS
) -> ActionOutcome:
    """Defer the provider's latest TP of the given course (rules 14.2)."""
    return _stop(facts, attributes, clock, "defer", faults)


def _resume_error(
    facts: ParticipantFacts, tp: TrainingPeriod, clock: Clock, faults: Faults
) -> str | None:
    if training_status(tp) == "active" and not faults.on("resume-of-active-accepted"):
        return ALREADY_ACTIVE
    today = clock.today
    for other in facts.training_periods:
        covers_today = other.start <= today and (other.end is None or other.end > today)
        if (
            other.id != tp.id
            and other.school_period_id == tp.school_period_id
            and covers_today
            and not faults.on("resume-despite-other-provider-accepted")
        ):
            return ACTIVE_ELSEWHERE
    if tp.end == today and not faults.on("resume-same-day-accepted"):
        return RESUME_SAME_DAY
    school_period = facts.school_periods.get(tp.school_period_id)
    left = school_period is not None and school_period.end is not None
    if (
        left
        and school_period.end <= today
        and not faults.on("resume-after-leaving-school-accepted")
    ):
        return LEFT_SCHOOL
    return None


def resume(
    facts: ParticipantFacts, attributes: dict, clock: Clock, *, faults: Faults = NO_FAULTS
) -> ActionOutcome:
    """Resume a withdrawn or deferred TP by opening a new TP from today (rules 14.3)."""
    errors, _role, tp = course_prelude(facts, attributes.get("course_identifier"), faults)
    if tp is None:
        return ActionOutcome(errors=errors)
    problem = _resume_error(facts, tp, clock, faults)
    if problem is not None:
        return ActionOutcome(errors=[("participant_id", problem)])
    school_period = facts.school_periods.get(tp.school_period_id)
    school_end = school_period.end if school_period is not None else None
    if faults.on("resume-reopens-old-period"):
        stamps = ("withdrawn_at", "withdrawal_reason", "deferred_at", "deferral_reason")
        changes: dict[str, object] = {**dict.fromkeys(stamps), "end": school_end}
        return ActionOutcome(training_period=tp, tp_changes=changes)
    new_tp = replace(
        tp,
        id=str(uuid.uuid4()),
        start=clock.today,
        end=school_end,
        withdrawn_at=None,
        withdrawal_reason=None,
        deferred_at=None,
        deferral_reason=None,
    )
    return ActionOutcome(training_period=tp, new_tp=new_tp)


def yesterday(day: date) -> date:
    """The day before ``day``."""
    return day - timedelta(days=1)


def grouped(errors: list[Error]) -> list[Error]:
    """Group errors by title in order of first appearance, dropping exact repeats."""
    order: list[str] = []
    by_title: dict[str, list[str]] = {}
    for title, detail in errors:
        if title not in by_title:
            order.append(title)
            by_title[title] = []
        if detail not in by_title[title]:
            by_title[title].append(detail)
    return [(title, detail) for title in order for detail in by_title[title]]
