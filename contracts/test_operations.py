"""Every operation of the spec, exercised by schemathesis in positive and negative mode, and the
spec itself checked for defects. The engine is ``rect_conformance.exercise``; what is judged in
which mode, and how writes are kept safe, is written there."""

from __future__ import annotations

import pytest

from rect_conformance import MODES, Contract, NotApplicable, Run, exercise
from rect_conformance.plugin import FindingsRecorder


@pytest.mark.rect_check("operations")
@pytest.mark.parametrize("mode", MODES)
def test_operation_conforms(
    mode: str, rect_operation_id: str, rect_run: Run, rect_findings: FindingsRecorder
) -> None:
    try:
        findings, stopped = exercise(rect_run, rect_operation_id, mode)
    except NotApplicable as reason:
        pytest.skip(str(reason))
    rect_findings.report(findings)
    if stopped is not None:
        raise stopped


@pytest.mark.rect_check("spec")
def test_spec_is_sound(rect_contract: Contract, rect_findings: FindingsRecorder) -> None:
    rect_findings.report(rect_contract.lint())
