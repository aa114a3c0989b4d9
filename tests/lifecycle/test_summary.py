"""The lifecycle part of the summary: every cell of the state x action grid, with what reached
it."""

from __future__ import annotations

from rect_conformance.lifecycle import (
    DECLARATION_STATES,
    PARTICIPANT_ACTIONS,
    PARTICIPANT_STATES,
    StepRecord,
    matrix,
)


def test_every_cell_is_listed_and_says_passed_failed_or_why_not_run():
    steps = [
        StepRecord("lifecycle-a", "participant", "active", "withdraw", "passed"),
        StepRecord("lifecycle-a", "participant", "active", "withdraw", "failed", None, ("r.x",)),
        StepRecord("lifecycle-b", "declaration", "paid", "void", "not run", "no seed", ()),
        StepRecord("lifecycle-b", "participant", "another provider's", "withdraw", "passed"),
    ]
    cells = {(c["subject"], c["state"], c["action"]): c for c in matrix(steps)}
    grid = len(PARTICIPANT_STATES) * len(PARTICIPANT_ACTIONS) + len(DECLARATION_STATES)
    assert len(cells) == grid + 1
    failed = cells[("participant", "active", "withdraw")]
    assert (failed["result"], failed["rules"], failed["steps"]) == ("failed", ["r.x"], 2)
    assert cells[("declaration", "paid", "void")]["reason"] == "no seed"
    untouched = cells[("participant", "joining", "resume")]
    assert untouched["result"] == "not run" and untouched["reason"] and untouched["steps"] == 0
