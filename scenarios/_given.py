"""What the scenarios share: travelled instants, the two courses, and the seed participants a
scenario may claim on a target without test support."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from rect_conformance.lifecycle import Scenario
from rect_conformance.oracle import Participant

ECT, MENTOR = "ecf-induction", "ecf-mentor"
Fits = Callable[[Participant, dict[str, Any]], bool]


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    """An instant for the server clock (``X-With-Server-Date``), UTC."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def active_in(cohort: str, *, without_declarations: bool = False) -> Fits:
    """A seed enrolment that is active (training and participant status) in ``cohort``, never
    moved out of a payments-frozen cohort, and (optionally) without any declaration."""

    def fits(person: Participant, shown: dict[str, Any]) -> bool:
        return (
            shown["cohort"] == cohort
            and shown["training_status"] == "active"
            and shown["participant_status"] == "active"
            and not shown["cohort_changed_after_payments_frozen"]
            and not (without_declarations and person.declarations)
        )

    return fits


def in_state(training_status: str, participant_status: str | None = None) -> Fits:
    """A seed enrolment with this training status (and participant status), in a cohort the
    oracle models."""

    def fits(person: Participant, shown: dict[str, Any]) -> bool:
        return (
            shown["training_status"] == training_status
            and (participant_status is None or shown["participant_status"] == participant_status)
            and shown["cohort"] in ("2021", "2022", "2023", "2024", "2025")
        )

    return fits


def movable_ect(s: Scenario) -> tuple[str, str, str]:
    """A 2025 ECT of the run's own at a school both providers partner, so that the school can
    move them to the other provider without a change of school: (their id, the school, the other
    provider's id)."""
    school = s.school_of_both(2025)
    theirs = s.provider_id()
    pid = s.register(
        "ect", 2025, date(2025, 9, 1), "ecf-standard-september", school=school, now=at(2025, 9, 1)
    )
    return pid, school, theirs
