"""Every operation of the spec, exercised by schemathesis in positive and negative mode, and the
spec itself checked for defects. The engine is ``rect_conformance._operations``; what is judged
in which mode, and how writes are kept safe, is written there."""

from __future__ import annotations

import pytest

from rect_conformance._operations import MODES, NotApplicable, exercise


def _selected(request, name):
    chosen = request.config.getoption("rect_checks")
    if chosen and name not in {part.strip() for part in chosen.split(",")}:
        pytest.skip(f"{name} not selected with --checks")


@pytest.mark.parametrize("mode", MODES)
def test_operation_conforms(request, mode, rect_operation_id, rect_run, rect_findings):
    _selected(request, "operations")
    try:
        findings, stopped = exercise(rect_run, rect_operation_id, mode)
    except NotApplicable as reason:
        pytest.skip(str(reason))
    rect_findings.report(findings)
    if stopped is not None:
        raise stopped


def test_spec_is_sound(request, rect_contract, rect_findings):
    _selected(request, "spec")
    rect_findings.report(rect_contract.lint())
