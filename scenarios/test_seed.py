"""Seed declarations: every declaration the provider can see, held to the rules its creation
would have enforced (``oracle.declaration_problems``)."""

from __future__ import annotations

import pytest

from rect_conformance.lifecycle import Scenario, judge_seed
from rect_conformance.oracle import london_date
from rect_conformance.plugin import FindingsRecorder

CHECK = "lifecycle-seed"


@pytest.mark.rect_check(CHECK)
def test_every_visible_declaration_obeys_the_rules(
    lifecycle: Scenario, rect_findings: FindingsRecorder
) -> None:
    s = lifecycle
    # Given every declaration and participant the provider can see
    judged = judge_seed(s.client, london_date(s.now()))
    if not judged.judged:
        s.not_run(f"no declaration could be judged: {judged.not_judged}")
    # Then each of its own declarations breaks none of the rules
    rect_findings.report(judged.findings)
