"""Sections the lifecycle scenarios add to a summary (``lifecycle``: the transition matrix, the
scenarios, what was undone; ``documentation_mismatches``) are rendered when they are there."""

from __future__ import annotations

import copy

from rect_conformance.reporting import _render

LIFECYCLE = {
    "matrix": [
        {
            "subject": "ECT",
            "state": "deferred",
            "action": "declare started",
            "result": "passed",
            "reason": None,
            "rules": ["D-V14"],
            "steps": [1, 2, 3],
        },
        {
            "subject": "mentor",
            "state": "withdrawn",
            "action": "resume",
            "result": "not run",
            "reason": "no test support",
            "rules": ["P-R3"],
            "steps": [],
        },
    ],
    "scenarios": [
        {
            "name": "test_ect_withdrawn_then_resumed[dfe moved]",
            "check": "lifecycle-withdraw-resume",
            "result": "failed",
            "reason": None,
            "requests": 7,
            "participants": ["p-1"],
        }
    ],
    "undone": ["p-1 resumed"],
    "not_undone": [{"what": "declaration d-9", "why": "paid declarations cannot be voided"}],
}
MISMATCH = {
    "id": "Fdoc001",
    "check": "doc-deferred-declaration",
    "kind": "documentation",
    "severity": "minor",
    "operation": "createDeclaration",
    "message": "a declaration for a deferred participant was accepted",
    "expected": "the guidance says it is refused",
    "source_label": "Understanding declarations",
    "source_url": "https://example.invalid/understanding-declarations",
}


def test_the_lifecycle_matrix_and_documentation_mismatches_are_shown(clean_run):
    data = copy.deepcopy(clean_run.summary)
    data["lifecycle"] = LIFECYCLE
    data["documentation_mismatches"] = [MISMATCH]
    page = _render.html(data)
    assert "Lifecycles: 2 transitions" in page and "declare started" in page and "D-V14" in page
    assert "paid declarations cannot be voided" in page
    # the scenario's test name as a sentence (its parameters as given), the raw name as its
    # tooltip
    assert ">ECT withdrawn then resumed [dfe moved]</td>" in page
    assert 'title="test_ect_withdrawn_then_resumed[dfe moved]"' in page
    assert "Documentation mismatches: 1" in page and "deferred participant" in page
    text = _render.markdown(data)
    assert "## Lifecycle (2 transitions)" in text and "## Documentation mismatches (1)" in text


def test_without_them_the_pages_have_no_such_section(clean_run):
    data = copy.deepcopy(clean_run.summary)
    data["lifecycle"] = None
    data["documentation_mismatches"] = []
    page = _render.html(data)
    assert "Lifecycles:" not in page and "Documentation mismatches" not in page


def test_sparse_sections_render_too(clean_run):
    data = copy.deepcopy(clean_run.summary)
    data["lifecycle"] = {
        "matrix": [{"subject": "ECT", "state": "active", "action": "defer", "result": "failed"}]
    }
    data["documentation_mismatches"] = [{"operation": "createDeclaration", "message": "m"}]
    page = _render.html(data)
    assert "Lifecycles: 1 transitions" in page and "Documentation mismatches: 1" in page
    assert "## Lifecycle (1 transitions)" in _render.markdown(data)
