"""Every forbidden training-status transition, with its exact error (rules §13.3, §14.2, §14.3,
§14.4): a participant is brought into each state, and every action that state refuses is sent.

Which actions a state refuses comes from the oracle's transition table, so a new row there is a
new step here."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from rect_conformance.lifecycle import Driver, Scenario, partnerships
from rect_conformance.oracle import RULES, TRANSITIONS

from ._given import ECT, at, in_state

CHECK = "lifecycle-forbidden"
# The refused (state, action) pairs of the transition table, plus a joining participant, whom
# neither withdraw nor defer may touch (rules §14.2 #5) and who is already active.
REFUSED = {
    state: [a for (s, a), rule in TRANSITIONS.items() if s == state and RULES[rule].title]
    for state in ("active", "deferred", "withdrawn")
}
REFUSED["joining"] = ["withdraw", "defer", "resume"]
# A period that starts the day of the request cannot be stopped until the next day (§14.2 #6);
# one that has not started cannot be, even when the school has already reported its end (the
# guidance says only a joining participant is refused: a documentation mismatch).
REFUSED["started today"] = ["withdraw", "defer"]
REFUSED["leaving before the start"] = ["withdraw", "defer"]


def _act(d: Driver, action: str, pid: str, now: datetime) -> None:
    if action == "withdraw":
        d.withdraw(pid, ECT, "other", now)
    elif action == "defer":
        d.defer(pid, ECT, "other", now)
    elif action == "resume":
        d.resume(pid, ECT, now)
    else:
        d.change_schedule(pid, ECT, "ecf-extended-september", now)


def _given(s: Scenario, state: str) -> tuple[str, datetime]:
    """A participant in ``state``, and the instant to act at."""
    d = s.driver
    if state in ("started today", "leaving before the start"):
        s.needs_test_support(f"a participant {state} (the API shows no start date to claim by)")
    if not s.owns:
        wanted = {"active": ("active", "active"), "joining": ("active", "joining")}
        training, shown = wanted.get(state, (state, None))
        return s.claim(f"a seed ECT that is {state}", "ect", in_state(training, shown)), s.now()
    if state in ("joining", "leaving before the start"):
        start = date(2026, 1, 10)
        pid = s.register("ect", 2025, start, "ecf-standard-january", now=at(2025, 12, 1))
        if state != "joining":
            partnerships.leave(d, pid, "ect", date(2026, 3, 31), None, at(2025, 12, 1, 11))
        return pid, at(2025, 12, 2)
    if state == "started today":
        start = date(2026, 1, 5)
        pid = s.register("ect", 2025, start, "ecf-standard-january", now=at(2026, 1, 5, 9))
        return pid, at(2026, 1, 5, 10)
    pid = s.register("ect", 2025, date(2025, 9, 1), "ecf-standard-september", now=at(2025, 9, 1))
    if state == "deferred":
        d.defer(pid, ECT, "long-term-sickness", at(2026, 1, 5))
    elif state == "withdrawn":
        d.withdraw(pid, ECT, "left-teaching-profession", at(2026, 1, 5))
    return pid, at(2026, 1, 6)


@pytest.mark.rect_check(CHECK)
@pytest.mark.parametrize("state", sorted(REFUSED))
def test_every_action_a_state_forbids_is_refused_with_its_error(
    lifecycle: Scenario, state: str
) -> None:
    # Given a participant in the state
    pid, now = _given(lifecycle, state)
    # When each action that state forbids is sent, Then each is refused with the exact error
    # and the participant is unchanged
    for n, action in enumerate(REFUSED[state]):
        _act(lifecycle.driver, action, pid, now + timedelta(minutes=n))
