"""Known deviations: the published spec's own defects are each listed, and matching is exact."""

from __future__ import annotations

from pathlib import Path

import pytest

from rect_conformance._contract import load_contract
from rect_conformance._deviations import known, load_deviations
from rect_conformance._errors import UsageError
from rect_conformance.findings import Finding, Kind

FILE = Path(__file__).resolve().parents[2] / "contracts" / "known_deviations.yaml"


def test_every_entry_is_well_formed():
    entries = load_deviations(FILE)
    assert entries and len({e.id for e in entries}) == len(entries)


def test_every_defect_of_the_published_spec_is_a_known_deviation(published_spec_path):
    deviations = load_deviations(FILE)
    findings = load_contract(str(published_spec_path)).lint()
    assert findings
    assert [f.message for f in findings if known(deviations, f) is None] == []


def test_a_finding_on_another_operation_is_not_covered():
    deviations = load_deviations(FILE)
    undocumented = Finding(
        "status_code_conformance",
        Kind.CONTRACT,
        "getStatements",
        "GET /api/v3/statements: answered 400, which the spec does not document",
    )
    assert known(deviations, undocumented).id == "reads-answer-undocumented-400"
    on_write = Finding(
        "status_code_conformance",
        Kind.CONTRACT,
        "createPartnership",
        "POST /api/v3/partnerships: answered 201, which the spec does not document",
    )
    assert known(deviations, on_write) is None


def test_a_broken_entry_is_a_usage_error(tmp_path):
    path = tmp_path / "dev.yaml"
    path.write_text("- id: x\n  check: y\n")
    with pytest.raises(UsageError, match="lacks"):
        load_deviations(path)
