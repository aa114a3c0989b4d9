"""The lifecycle as a state machine (issue 8, point 3): hypothesis interleaves the provider's
actions (withdraw, defer, resume, change schedule, declare, declare again, void, with valid and
forbidden inputs), DfE's moves (funding eligibility, statements payable and paid, clawbacks)
and time passing, on a small pool of participants each example registers afresh. The oracle is
the model; after every step, what the API shows must equal what it predicts.

A difference is shrunk to the shortest sequence found and reported as the requests that show
it, one ``curl`` line each, the token elided. Deterministic unless the run gives ``--seed``.
"""

from __future__ import annotations

import pytest

from rect_conformance import Run
from rect_conformance.lifecycle import Scenario, explore
from rect_conformance.plugin import FindingsRecorder

CHECK = "lifecycle-state-machine"


@pytest.mark.rect_check(CHECK)
def test_random_lifecycles_show_what_the_model_predicts(
    lifecycle: Scenario, rect_run: Run, rect_findings: FindingsRecorder
) -> None:
    # Given a target with test support, where every example registers its own ECTs and mentors
    # in the 2024 and 2025 cohorts (a target without it: not run)
    # When hypothesis runs random sequences of actions, DfE's moves and time passing on them,
    # each request sent at the model clock (as many examples as the request plan gives it)
    explored = explore(lifecycle, seed=rect_run.settings.seed)
    # Then every step was answered and shown as the oracle predicted; otherwise the finding
    # names the broken rule and lists the requests of the shortest failing sequence
    rect_findings.report(explored.findings)
