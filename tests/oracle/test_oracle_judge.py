"""Stored declarations held to the rules: the two seed bugs of issue 8, and every other check."""

from __future__ import annotations

from typing import Any

import pytest

from rect_conformance.oracle import declaration_problems


def shown(ident: str = "d-1", **attributes: Any) -> dict[str, Any]:
    """A declaration resource as the API returns it: a clean 2025 ECT started by default."""
    base = {
        "participant_id": "p-1",
        "declaration_type": "started",
        "course_identifier": "ecf-induction",
        "declaration_date": "2025-10-01T10:00:00Z",
        "state": "eligible",
        "statement_id": "s-1",
        "clawback_statement_id": None,
        "ineligible_for_funding_reason": None,
        "uplift_paid": False,
        "evidence_held": "training-event-attended",
        "created_at": "2025-10-02T09:00:00Z",
    }
    return {"id": ident, "type": "participant-declaration", "attributes": {**base, **attributes}}


SEPT, APRIL = "ecf-standard-september", "ecf-standard-april"
CLAWBACK = {"state": "awaiting-clawback", "clawback_statement_id": "s-2"}
PRE_2025_STARTED = {"declaration_date": "2024-10-01T10:00:00Z", "evidence_held": None}

# name, the declaration, cohort, schedule, the person's other declarations, expected rule ids
CASES = [
    ("a clean declaration", shown(), 2025, SEPT, [], []),
    (
        "seed bug: awaiting-clawback without a clawback statement",
        shown(state="awaiting-clawback"),
        2025,
        SEPT,
        [],
        ["state.clawback-statement"],
    ),
    (
        "seed bug: a 2025 standard-april retained-1 before its window",
        shown(declaration_type="retained-1"),
        2025,
        APRIL,
        [],
        ["declare.V10-before-milestone"],
    ),
    (
        "a state the API never shows",
        shown(state="ineligible"),
        2025,
        SEPT,
        [],
        ["state.known-values"],
    ),
    (
        "submitted with a statement",
        shown(state="submitted"),
        2025,
        SEPT,
        [],
        ["state.statement-matches-state"],
    ),
    (
        "voided still showing its statement",
        shown(state="voided"),
        2025,
        SEPT,
        [],
        ["state.statement-matches-state"],
    ),
    (
        "paid without a statement",
        shown(state="paid", statement_id=None),
        2025,
        SEPT,
        [],
        ["state.statement-matches-state"],
    ),
    (
        "a clawback statement on an eligible one",
        shown(clawback_statement_id="s-2"),
        2025,
        SEPT,
        [],
        ["state.clawback-statement"],
    ),
    ("awaiting-clawback with its clawback statement", shown(**CLAWBACK), 2025, SEPT, [], []),
    (
        "an ineligible reason",
        shown(ineligible_for_funding_reason="duplicate_declaration"),
        2025,
        SEPT,
        [],
        ["state.ineligible-reason-null"],
    ),
    (
        "uplift paid while only eligible",
        shown(uplift_paid=True, **PRE_2025_STARTED),
        2024,
        SEPT,
        [],
        ["state.uplift-paid"],
    ),
    (
        "uplift paid on a paid 2024 started",
        shown(state="paid", uplift_paid=True, **PRE_2025_STARTED),
        2024,
        SEPT,
        [],
        [],
    ),
    (
        "an unknown type",
        shown(declaration_type="retained-9"),
        2025,
        SEPT,
        [],
        ["declare.V7-type-unknown"],
    ),
    (
        "an unknown course",
        shown(course_identifier="npq-leading"),
        2025,
        SEPT,
        [],
        ["declare.V3-course-identifier"],
    ),
    (
        "a 2025 mentor retained-1",
        shown(course_identifier="ecf-mentor", declaration_type="retained-1"),
        2025,
        SEPT,
        [],
        ["declare.V12-mentor-retained-or-extended"],
    ),
    (
        "extended-1 on a standard schedule",
        shown(declaration_type="extended-1"),
        2025,
        SEPT,
        [],
        ["declare.V17-no-milestone"],
    ),
    (
        "after a pre-2025 window",
        shown(declaration_date="2025-01-05T10:00:00Z", evidence_held=None),
        2024,
        SEPT,
        [],
        ["declare.V10-after-milestone"],
    ),
    (
        "dated after it was created",
        shown(created_at="2025-09-30T10:00:00Z"),
        2025,
        SEPT,
        [],
        ["declare.V9-future-date"],
    ),
    (
        "pre-2025 started evidence kept",
        shown(declaration_date="2024-10-01T10:00:00Z"),
        2024,
        SEPT,
        [],
        ["declare.started-evidence-discarded"],
    ),
    (
        "2025 evidence missing",
        shown(evidence_held=None),
        2025,
        SEPT,
        [],
        ["declare.V13-evidence-missing"],
    ),
    (
        "2025 evidence not allowed",
        shown(evidence_held="one-term-induction"),
        2025,
        SEPT,
        [],
        ["declare.V13-evidence-not-allowed"],
    ),
    (
        "two live declarations of a type",
        shown(),
        2025,
        SEPT,
        [shown("d-2")],
        ["declare.V8-duplicate"],
    ),
    (
        "a voided twin is no duplicate",
        shown(),
        2025,
        SEPT,
        [shown("d-2", state="voided", statement_id=None)],
        [],
    ),
    (
        "the other role's declaration is no duplicate",
        shown(),
        2025,
        SEPT,
        [shown("d-2", course_identifier="ecf-mentor")],
        [],
    ),
    (
        "out of sequence in 2025",
        shown(),
        2025,
        SEPT,
        [shown("d-2", declaration_type="retained-1", declaration_date="2025-09-01T10:00:00Z")],
        ["declare.V18-out-of-sequence"],
    ),
    (
        "no sequence rule before 2025",
        shown(**PRE_2025_STARTED),
        2024,
        SEPT,
        [
            shown(
                "d-2",
                declaration_type="retained-1",
                declaration_date="2024-09-01T10:00:00Z",
                evidence_held="other",
            )
        ],
        [],
    ),
]

EXERCISED = {rule for *_, rules in CASES for rule in rules}


@pytest.mark.parametrize(
    ("name", "declaration", "cohort", "schedule", "others", "expected"),
    CASES,
    ids=[c[0] for c in CASES],
)
def test_stored_declaration(
    name: str,
    declaration: dict[str, Any],
    cohort: int,
    schedule: str,
    others: list[dict[str, Any]],
    expected: list[str],
) -> None:
    problems = declaration_problems(
        declaration, cohort_year=cohort, schedule=schedule, others=others
    )
    assert [p.rule_id for p in problems] == expected
    assert all(p.declaration_id == declaration["id"] and p.message for p in problems)


def test_problems_show_the_offending_values() -> None:
    problem = declaration_problems(
        shown(declaration_type="retained-1"), cohort_year=2025, schedule=APRIL
    )[0]
    assert "2025-10-01T10:00:00Z" in problem.message and "2026-04-01" in problem.message


def test_bare_attributes_with_an_id_are_judged_too() -> None:
    attributes = {**shown()["attributes"], "id": "d-9", "state": "awaiting-clawback"}
    problems = declaration_problems(attributes, cohort_year=2025, schedule=SEPT)
    assert [(p.rule_id, p.declaration_id) for p in problems] == [
        ("state.clawback-statement", "d-9")
    ]
