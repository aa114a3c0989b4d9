"""Each lifecycle fault of the participant side changes what it names: a probe walks a participant
through the API and test support on a clean minimal-world sandbox and on one with the fault, and
the two observations differ as the table says (clean first, faulted second).

The rows cover the prelude of the four actions, withdraw, defer, resume, change-schedule, the
statuses the read side derives and what moves a participant's ``updated_at`` (rules 13, 14, 19).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.sandbox.helpers import NOV, Lifecycle

LATER = "2025-11-12T12:00:00Z"
OCT = "2025-10-01T12:00:00Z"


def _status(answer) -> int:
    return answer.status_code


# --- the prelude of the four actions ---


def unseen_participant(world: Lifecycle) -> int:
    pid = world.register()
    return _status(world.act(pid, "withdraw", provider=1, reason="other"))


def no_course(world: Lifecycle) -> int:
    pid = world.register()
    return _status(world.act(pid, "withdraw", course_identifier=None, reason="other"))


def other_course(world: Lifecycle) -> int:
    pid = world.register()
    return _status(world.act(pid, "withdraw", course_identifier="ecf-mentor", reason="other"))


# --- withdraw and defer ---


def stop(verb: str, **attributes) -> Callable[[Lifecycle], int]:
    def probe(world: Lifecycle) -> int:
        return _status(world.act(world.register(), verb, **attributes))

    return probe


def stop_twice(first: str, second: str) -> Callable[[Lifecycle], int]:
    def probe(world: Lifecycle) -> int:
        pid = world.register()
        assert _status(world.act(pid, first, reason="other")) == 200
        return _status(world.act(pid, second, LATER, reason="other"))

    return probe


def stop_joining(verb: str) -> Callable[[Lifecycle], int]:
    def probe(world: Lifecycle) -> int:
        pid = world.register(start="2025-12-01", when=NOV)
        return _status(world.act(pid, verb, reason="other"))

    return probe


def stop_on_start_day(verb: str) -> Callable[[Lifecycle], int]:
    def probe(world: Lifecycle) -> int:
        pid = world.register(start="2025-11-10", when=NOV)
        return _status(world.act(pid, verb, reason="other"))

    return probe


def withdraw_leaving_before_start(world: Lifecycle) -> int:
    pid = world.register(start="2025-12-01", when=NOV)
    world.support(f"participants/{pid}/leave", course_identifier="ecf-induction", date="2026-03-01")
    assert world.enrolment(pid)["participant_status"] == "leaving"
    return _status(world.act(pid, "withdraw", reason="other"))


def training_tomorrow(verb: str) -> Callable[[Lifecycle], int]:
    """How many the partnership counts as training the day after a stop."""

    def probe(world: Lifecycle) -> int:
        pid = world.register()
        assert _status(world.act(pid, verb, reason="other")) == 200
        partnership = world.client.app.state.db.execute(
            "SELECT partnership_id FROM training_periods WHERE teacher_id = ?", (pid,)
        ).fetchone()[0]
        shown = world.shown(f"/api/v3/partnerships/{partnership}", "2025-11-11T12:00:00Z")
        return shown["participants_currently_training"]

    return probe


# --- resume ---


def resume_active(world: Lifecycle) -> int:
    return _status(world.act(world.register(), "resume"))


def resume_active_elsewhere(world: Lifecycle) -> int:
    pid = world.register()
    assert _status(world.act(pid, "withdraw", OCT, reason="other")) == 200
    # The school moves them to another provider and they stay at the school.
    joining = {"school_id": world.school(0), "lead_provider_id": world.providers[1]["id"]}
    world.support(
        f"participants/{pid}/leave", OCT, course_identifier="ecf-induction", joining=joining
    )
    return _status(world.act(pid, "resume"))


def resume_same_day(world: Lifecycle) -> int:
    pid = world.register()
    assert _status(world.act(pid, "withdraw", reason="other")) == 200
    return _status(world.act(pid, "resume", "2025-11-10T15:00:00Z"))


def resume_after_leaving(world: Lifecycle) -> int:
    pid = world.register()
    assert _status(world.act(pid, "withdraw", OCT, reason="other")) == 200
    world.support(f"participants/{pid}/leave", course_identifier="ecf-induction", date="2025-10-15")
    return _status(world.act(pid, "resume"))


def withdraw_on_resume_day(world: Lifecycle) -> int:
    pid = world.register()
    assert _status(world.act(pid, "withdraw", OCT, reason="other")) == 200
    assert _status(world.act(pid, "resume")) == 200
    return _status(world.act(pid, "withdraw", "2025-11-10T15:00:00Z", reason="other"))


# --- change schedule ---


def change(
    schedule: str | None = "ecf-standard-january",
    *,
    course: str = "ecf-induction",
    cohort_to: str | None = None,
) -> Callable[[Lifecycle], int]:
    """Register a 2025 participant of ``course``, then change their schedule (and cohort)."""

    def probe(world: Lifecycle) -> int:
        pid = world.register(course=course)
        answer = world.act(
            pid,
            "change-schedule",
            course_identifier=course,
            schedule_identifier=schedule,
            cohort=cohort_to,
        )
        return _status(answer)

    return probe


def change_with_declaration_out_of_window(world: Lifecycle) -> int:
    pid = world.register(start="2025-11-10", when=NOV, schedule_identifier="ecf-standard-september")
    world.declared(pid, declaration_date="2025-11-10T09:00:00Z")
    answer = world.act(pid, "change-schedule", schedule_identifier="ecf-standard-january")
    return _status(answer)


def change_after_voided_out_of_window(world: Lifecycle) -> int:
    pid = world.register(start="2025-11-10", when=NOV, schedule_identifier="ecf-standard-september")
    made = world.declared(pid, declaration_date="2025-11-10T09:00:00Z")
    assert world.void(made["id"]).status_code == 200
    answer = world.act(pid, "change-schedule", schedule_identifier="ecf-standard-january")
    return _status(answer)


def change_dropping_a_declared_type(world: Lifecycle) -> int:
    pid = world.register(start="2025-11-10", when=NOV, schedule_identifier="ecf-extended-september")
    world.declared(pid, declaration_type="extended-1", declaration_date="2025-11-10T09:00:00Z")
    answer = world.act(pid, "change-schedule", schedule_identifier="ecf-standard-september")
    return _status(answer)


def change_on_the_other_course(world: Lifecycle) -> tuple[str, ...]:
    """The error titles of a change of schedule for an ECT sent with the mentor course."""
    pid = world.register()
    answer = world.act(
        pid,
        "change-schedule",
        course_identifier="ecf-mentor",
        schedule_identifier="ecf-standard-january",
    )
    return tuple(error["title"] for error in answer.json()["errors"])


def change_without_partnership(world: Lifecycle) -> int:
    made = world.send(
        "POST",
        "/api/v3/partnerships",
        cohort="2025",
        school_id=world.school(3),
        delivery_partner_id=world.client.app.state.db.execute(
            "SELECT delivery_partner_id FROM delivery_partnerships WHERE lead_provider_id = ?"
            " AND cohort = 2025",
            (world.providers[0]["id"],),
        ).fetchone()[0],
    )
    assert made.status_code == 200, made.text
    pid = world.register(school=3)
    answer = world.act(
        pid, "change-schedule", schedule_identifier="ecf-standard-september", cohort="2024"
    )
    return _status(answer)


def change_after(event: str, **attributes) -> Callable[[Lifecycle], int]:
    """Change to ``schedule`` after a school or an appropriate body recorded ``event``."""

    def probe(world: Lifecycle, schedule: str = "ecf-standard-january") -> int:
        pid = world.register()
        world.support(f"participants/{pid}/{event}", OCT, **attributes)
        return _status(world.act(pid, "change-schedule", schedule_identifier=schedule))

    return probe


def change_completed_to_reduced(world: Lifecycle) -> int:
    return change_after("induction-completion", date="2025-10-01")(world, "ecf-reduced-september")


def change_deferred(world: Lifecycle) -> int:
    pid = world.register()
    assert _status(world.act(pid, "defer", OCT, reason="other")) == 200
    return _status(world.act(pid, "change-schedule", schedule_identifier="ecf-standard-january"))


def change_withdrawn_earlier_in_time(world: Lifecycle) -> int:
    pid = world.register()
    assert _status(world.act(pid, "withdraw", reason="other")) == 200
    answer = world.act(
        pid, "change-schedule", "2025-11-05T12:00:00Z", schedule_identifier="ecf-standard-january"
    )
    return _status(answer)


def change_before_a_new_provider(world: Lifecycle) -> int:
    pid = world.register()
    joining = {
        "school_id": world.school(1),
        "lead_provider_id": world.providers[1]["id"],
        "start_date": "2026-01-01",
    }
    world.support(
        f"participants/{pid}/leave",
        course_identifier="ecf-induction",
        date="2025-12-31",
        joining=joining,
    )
    return _status(world.act(pid, "change-schedule", schedule_identifier="ecf-standard-january"))


def withdraw_after_change(world: Lifecycle) -> int:
    pid = world.register()
    moved = world.act(pid, "change-schedule", schedule_identifier="ecf-standard-january")
    assert moved.status_code == 200, moved.text
    return _status(world.act(pid, "withdraw", "2025-11-10T15:00:00Z", reason="other"))


def joining_after_change(world: Lifecycle) -> str:
    pid = world.register(start="2025-12-01", when=NOV)
    answer = world.act(pid, "change-schedule", schedule_identifier="ecf-standard-april")
    return answer.json()["data"]["attributes"]["ecf_enrolments"][0]["participant_status"]


def frozen_move_recorded(world: Lifecycle) -> bool:
    pid = world.register(cohort=2022, start="2022-09-01")
    answer = world.act(
        pid, "change-schedule", schedule_identifier="ecf-standard-september", cohort="2023"
    )
    assert answer.status_code == 200, answer.text
    return world.enrolment(pid)["cohort_changed_after_payments_frozen"]


def change_on_declaration_day(world: Lifecycle) -> int:
    pid = world.register()
    world.declared(pid)
    return _status(world.act(pid, "change-schedule", schedule_identifier="ecf-extended-september"))


# --- statuses the read side derives ---


def shown_after(
    field: str, steps: tuple = (), registration: dict | None = None
) -> Callable[[Lifecycle], object]:
    """``field`` of the ECT enrolment at NOV after ``steps``: ``(name, when, attributes)`` of
    an action (withdraw, defer) or of a school event of test support."""

    def probe(world: Lifecycle) -> object:
        pid = world.register(**(registration or {}))
        for name, when, values in steps:
            if name in ("withdraw", "defer"):
                assert _status(world.act(pid, name, when, **values)) == 200
            else:
                world.support(f"participants/{pid}/{name}", when, **values)
        return world.enrolment(pid)[field]

    return probe


def _leave(date: str) -> tuple:
    return ("leave", OCT, {"course_identifier": "ecf-induction", "date": date})


# --- updated_at ---


def declaration_untouched_by_action(world: Lifecycle) -> bool:
    pid = world.register()
    made = world.declared(pid)
    assert _status(world.act(pid, "defer", LATER, reason="other")) == 200
    return world.declaration(made["id"], LATER)["updated_at"] == made["updated_at"]


def updated_at_once_joined(world: Lifecycle) -> str:
    pid = world.register(start="2025-12-01", when=NOV)
    return world.shown(f"/api/v3/participants/{pid}", "2025-12-05T12:00:00Z")["updated_at"]


CASES: dict[str, tuple[Callable[[Lifecycle], object], object, object]] = {
    "action-on-unseen-participant-422": (unseen_participant, 404, 422),
    "action-course-identifier-optional": (no_course, 422, 200),
    "action-course-falls-back-to-other-role": (other_course, 422, 200),
    "withdraw-without-reason-accepted": (stop("withdraw"), 422, 200),
    "withdraw-unknown-reason-accepted": (stop("withdraw", reason="bored"), 422, 200),
    "withdraw-underscore-reason-accepted": (stop("withdraw", reason="moved_school"), 422, 200),
    "withdraw-twice-allowed": (stop_twice("withdraw", "withdraw"), 422, 200),
    "withdraw-before-start-accepted": (stop_joining("withdraw"), 422, 200),
    "withdraw-allowed-unless-joining": (withdraw_leaving_before_start, 422, 200),
    "withdraw-on-start-day-accepted": (stop_on_start_day("withdraw"), 422, 200),
    "mentor-reason-accepted-for-ect": (
        stop("withdraw", reason="mentor-no-longer-being-mentor"),
        422,
        200,
    ),
    "withdraw-leaves-training-open": (training_tomorrow("withdraw"), 0, 1),
    "defer-without-reason-accepted": (stop("defer"), 422, 200),
    "defer-unknown-reason-accepted": (stop("defer", reason="moved-school"), 422, 200),
    "defer-twice-allowed": (stop_twice("defer", "defer"), 422, 200),
    "defer-after-withdrawal-accepted": (stop_twice("withdraw", "defer"), 422, 200),
    "defer-before-start-accepted": (stop_joining("defer"), 422, 200),
    "defer-on-start-day-accepted": (stop_on_start_day("defer"), 422, 200),
    "defer-leaves-training-open": (training_tomorrow("defer"), 0, 1),
    "resume-of-active-accepted": (resume_active, 422, 200),
    "resume-despite-other-provider-accepted": (resume_active_elsewhere, 422, 200),
    "resume-same-day-accepted": (resume_same_day, 422, 200),
    "resume-after-leaving-school-accepted": (resume_after_leaving, 422, 200),
    "resume-reopens-old-period": (withdraw_on_resume_day, 422, 200),
    "change-schedule-missing-identifier-ignored": (change(None), 422, 200),
    "schedule-shorthand-accepted": (change("standard-january"), 422, 200),
    "change-schedule-same-schedule-accepted": (change("ecf-standard-september"), 422, 200),
    "replacement-schedule-accepted-for-ect": (change("ecf-replacement-january"), 422, 200),
    "reduced-schedule-accepted-for-mentor": (
        change("ecf-reduced-january", course="ecf-mentor"),
        422,
        200,
    ),
    "change-schedule-invalidates-declarations": (change_with_declaration_out_of_window, 422, 200),
    "change-schedule-counts-live-declarations-only": (
        change_after_voided_out_of_window,
        422,
        200,
    ),
    "change-schedule-type-without-milestone-invalidates": (
        change_dropping_a_declared_type,
        200,
        422,
    ),
    "change-schedule-without-training-skips-schedule-check": (
        change_on_the_other_course,
        ("course_identifier", "schedule_identifier"),
        ("course_identifier",),
    ),
    "cohort-change-without-partnership-accepted": (change_without_partnership, 422, 200),
    "move-into-frozen-cohort-accepted": (
        change("ecf-standard-september", cohort_to="2022"),
        422,
        200,
    ),
    "change-schedule-after-completion-accepted": (
        change_after("induction-completion", date="2025-10-01"),
        422,
        200,
    ),
    "completed-ect-reduced-refused": (change_completed_to_reduced, 200, 422),
    "change-schedule-for-left-accepted": (change_deferred, 422, 200),
    "change-schedule-for-withdrawn-accepted": (change_withdrawn_earlier_in_time, 422, 200),
    "change-schedule-despite-future-provider-accepted": (change_before_a_new_provider, 422, 200),
    "change-schedule-unknown-cohort-refused": (change(cohort_to="1999"), 200, 422),
    "change-schedule-always-in-place": (withdraw_after_change, 422, 200),
    "change-schedule-always-new-period": (joining_after_change, "joining", "left"),
    "cohort-change-refused": (change("ecf-standard-september", cohort_to="2024"), 200, 422),
    "frozen-cohort-move-not-recorded": (frozen_move_recorded, True, False),
    "change-schedule-refused-after-declaration-today": (change_on_declaration_day, 200, 422),
    "finished-period-shows-withdrawn": (
        shown_after("training_status", (_leave("2025-10-31"),)),
        "active",
        "withdrawn",
    ),
    "training-status-first-stamp-wins": (
        shown_after(
            "training_status",
            (
                ("defer", OCT, {"reason": "other"}),
                ("withdraw", "2025-10-02T12:00:00Z", {"reason": "other"}),
            ),
        ),
        "withdrawn",
        "deferred",
    ),
    "stopped-shown-as-withdrawn": (
        shown_after("participant_status", (("withdraw", OCT, {"reason": "other"}),)),
        "left",
        "withdrawn",
    ),
    "completed-shown-as-left": (
        shown_after(
            "participant_status",
            (("induction-completion", OCT, {"date": "2025-10-01"}), _leave("2025-10-31")),
        ),
        "active",
        "left",
    ),
    "leaving-shown-as-left-a-day-early": (
        shown_after("participant_status", (_leave("2025-11-11"),)),
        "leaving",
        "left",
    ),
    "joining-shown-as-active": (
        shown_after("participant_status", registration={"start": "2025-12-01", "when": NOV}),
        "joining",
        "active",
    ),
    "start-day-shown-as-joining": (
        shown_after("participant_status", registration={"start": "2025-11-10", "when": NOV}),
        "active",
        "joining",
    ),
    "participant-action-touches-declarations": (declaration_untouched_by_action, True, False),
    "updated-at-follows-status": (
        updated_at_once_joined,
        "2025-11-10T12:00:00Z",
        "2025-12-01T00:00:00Z",
    ),
}


@pytest.mark.parametrize("fault", sorted(CASES))
def test_the_fault_changes_what_the_sandbox_does(fault):
    probe, clean, faulted = CASES[fault]
    assert probe(Lifecycle()) == clean, f"the clean sandbox does not give {clean!r}"
    assert probe(Lifecycle([fault])) == faulted, f"{fault} does not give {faulted!r}"
