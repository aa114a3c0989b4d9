"""Defer, declare while deferred, resume (rules §13.3, §14.2, §14.3, §16.9).

The guidance says a deferred participant cannot be declared for; the server accepts it. That
is reported as a documentation mismatch (not failing) for as long as the server keeps doing it.
"""

from __future__ import annotations

from datetime import date

import pytest

from rect_conformance.lifecycle import Scenario, partnerships

from ._given import ECT, active_in, at

CHECK = "lifecycle-defer-resume"


@pytest.mark.rect_check(CHECK)
def test_defer_declare_while_deferred_and_resume(lifecycle: Scenario) -> None:
    s, d = lifecycle, lifecycle.driver
    if s.owns:
        # Given an ECT of the 2025 cohort the run registered, training since September 2025
        pid = s.register(
            "ect", 2025, date(2025, 9, 1), "ecf-standard-september", now=at(2025, 9, 1)
        )
        stopped, later = at(2026, 2, 2), at(2026, 2, 3)
    else:
        # Given an active 2025 ECT of the seed without declarations (acting yesterday, so that
        # the resume today falls on a later day)
        pid = s.claim(
            "an active 2025 ECT without declarations",
            "ect",
            active_in("2025", without_declarations=True),
        )
        stopped, later = s.now(days=-1), s.now()
    # When the provider defers them, Then they show deferred and left, and their partnership
    # counts one participant fewer in training from that day
    if s.owns:
        partnerships.training_counted(d, pid, "ect", stopped)
    d.defer(pid, ECT, "career-break", stopped)
    d.observe(pid, stopped)
    if s.owns:
        partnerships.training_counted(d, pid, "ect", stopped)
    # When it declares started while they are deferred, Then the server accepts it (the
    # guidance says it refuses: a documentation mismatch)
    d.declare(
        pid,
        ECT,
        "started",
        stopped.replace(hour=9),
        stopped.replace(hour=11),
        "training-event-attended",
    )
    # When it resumes them on the day of the deferral, Then that is refused
    d.resume(pid, ECT, stopped.replace(hour=12))
    # When it resumes them the next day, Then they are active again, on a new training period
    d.resume(pid, ECT, later)
    d.observe(pid, later)
    # When it defers them again that day, Then that is refused: the new period started today
    # (had resume reopened the old period, the deferral would go through)
    d.defer(pid, ECT, "parental-leave", later)


@pytest.mark.rect_check(CHECK)
def test_deferred_participant_withdrawn_then_declared_for_only_before(lifecycle: Scenario) -> None:
    s, d = lifecycle, lifecycle.driver
    s.needs_test_support("registering a participant to defer and withdraw")
    # Given a deferred 2025 ECT of the run's own
    pid = s.register("ect", 2025, date(2025, 9, 1), "ecf-standard-september", now=at(2025, 9, 1))
    d.defer(pid, ECT, "bereavement", at(2026, 1, 5))
    # When the provider declares retained-1 and completed while deferred, Then both are
    # accepted; extended-1 does not exist on a standard schedule
    d.declare(pid, ECT, "retained-1", at(2026, 1, 5, 9), at(2026, 1, 5, 11), "other")
    d.declare(pid, ECT, "completed", at(2026, 1, 5, 9), at(2026, 1, 5, 12), "one-term-induction")
    d.declare(pid, ECT, "extended-1", at(2026, 1, 5, 9), at(2026, 1, 5, 12), "other")
    # When it withdraws the deferred ECT, Then they are withdrawn (the deferral disappears)
    d.withdraw(pid, ECT, "left-teaching-profession", at(2026, 1, 7))
    d.observe(pid, at(2026, 1, 7))
    # When it declares started dated before the withdrawal, Then it is accepted; retained-2,
    # extended-1 and a second completed dated after it, Then each is refused
    d.declare(pid, ECT, "started", at(2025, 9, 20), at(2026, 1, 7, 11), "training-event-attended")
    d.declare(
        pid, ECT, "retained-2", at(2026, 1, 7, 12), at(2026, 1, 7, 13), "75-percent-engagement-met"
    )
    d.declare(pid, ECT, "extended-1", at(2026, 1, 7, 12), at(2026, 1, 7, 13), "other")
    d.declare(pid, ECT, "completed", at(2026, 1, 7, 12), at(2026, 1, 7, 13), "one-term-induction")
