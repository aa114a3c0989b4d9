"""What a participant action leaves behind, judged after the driver compared its answer: the
declarations it must not touch (rules §14.2 effects, §19), and the earlier action a
"changed today" refusal rests on (rules §14.2 #6: resume and change-schedule open a period that
starts today).

Module functions taking the :class:`~rect_conformance.lifecycle.Driver`, called from its
participant actions.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from rect_conformance.lifecycle._compare import Mismatch
from rect_conformance.lifecycle._declaring import listed_declarations
from rect_conformance.oracle import Outcome

if TYPE_CHECKING:
    from rect_conformance.lifecycle._driver import Driver
    from rect_conformance.lifecycle._step import Step

# The accepted actions that open a training period starting the day they are sent.
OPENS_TODAY = ("resume.accepted", "change-schedule.new-period")
UNTOUCHED = "updated-at.declaration-not-on-participant-action"
FALLBACK = "change-schedule.cohort-fallback"


def opened_today(driver: Driver, step: Step, participant_id: str) -> list[Mismatch]:
    """When the oracle refused because the period started today, the target accepted, and the
    participant's last accepted action was one that opens a period today: that action broke
    its rule too (it reopened or edited the old period instead of starting a new one)."""
    outcome = step.outcome
    if outcome is None or outcome.accepted or not step.accepted:
        return []
    if not any(rule.endswith(".changed-today") for rule in outcome.rules):
        return []
    earlier = driver.last_rule.get(participant_id)
    if earlier not in OPENS_TODAY:
        return []
    return [
        Mismatch(
            earlier,
            f"the training period {earlier} opened on {step.now.date().isoformat()}",
            "a new period starting that day (so a withdrawal or deferral waits a day)",
            "a period that started before (the action was accepted)",
        )
    ]


def cohort_ignored(step: Step, cohort: object) -> list[Mismatch]:
    """A change-schedule naming a cohort the server does not know is taken in the current
    cohort (rules §14.4): a refusal of it breaks that fallback as well."""
    outcome = step.outcome
    if cohort is None or outcome is None or not outcome.accepted or step.accepted:
        return []
    if FALLBACK not in outcome.rules:
        return []
    return [Mismatch(FALLBACK, f"cohort {cohort!r}", "ignored (the current cohort)", step.status)]


def declarations_untouched(
    driver: Driver, participant_id: str, outcome: Outcome, now: datetime
) -> list[Mismatch]:
    """After an accepted participant action: every declaration of the participant whose
    ``updated_at`` the run has seen still shows it (the action moved only the participant)."""
    keys = {
        d.id: f"declaration:{d.id}"
        for person in [driver.world.participant(participant_id)]
        if person is not None
        for d in person.declarations
        if d.ours and f"declaration:{d.id}" in driver.seen
    }
    if not keys or UNTOUCHED not in outcome.rules:
        return []
    found = []
    for item in listed_declarations(driver, participant_id, now) or []:
        key = keys.get(str(item.get("id")))
        shown = (item.get("attributes") or {}).get("updated_at") if key else None
        if key is not None and shown != driver.seen[key]:
            found.append(Mismatch(UNTOUCHED, f"{key} updated_at", driver.seen[key], shown))
    return found
