"""Documentation against behaviour, both directions, through the public judge: the server doing
what it is known to do is a documentation mismatch that does not fail; the server doing what
the docs say, or something else, is a failing lifecycle finding naming the claim. (The "server
changed" direction is shown with hand-built observations here, and with the sandbox's
``duplicate-declaration-accepted`` fault in ``tests/scenarios/test_lifecycle_faults.py``.)"""

from __future__ import annotations

import pytest

from rect_conformance.findings import Kind
from rect_conformance.lifecycle import (
    DocumentationContext,
    documentation_finding,
    judge_documentation,
)
from rect_conformance.oracle import (
    MISMATCH_OBSERVED,
    SERVER_AGREES_WITH_DOCS,
    SERVER_CHANGED,
    ApiError,
)

DUPLICATE = (
    ApiError(
        "declaration_type",
        "A declaration has already been submitted that will be, or has been, paid for this event.",
    ),
)


def _only(rule: str, status: int, errors=(), **context):  # type: ignore[no-untyped-def]
    (verdict,) = judge_documentation([rule], status, errors, DocumentationContext(**context))
    return verdict


def test_the_known_server_behaviour_is_a_mismatch_that_does_not_fail():
    verdict = _only("declare.deferred-accepted", 200)
    assert verdict.verdict == MISMATCH_OBSERVED and not verdict.failing
    finding = documentation_finding(verdict, "lifecycle-x", "createDeclaration", None, "200")
    assert finding.kind == Kind.DOCUMENTATION and finding.fails_run is False
    assert finding.rule == "declare.deferred-accepted"
    assert finding.source.startswith("docs: https://") and "server: rules §16.9" in finding.source


@pytest.mark.parametrize(
    ("rule", "status", "errors", "context", "verdict"),
    [
        ("declare.deferred-accepted", 422, (), {}, SERVER_AGREES_WITH_DOCS),
        ("declare.deferred-accepted", 404, (), {}, SERVER_CHANGED),
        (
            "status.participant-stopped",
            200,
            (),
            {"shown": {"training_status": "withdrawn", "participant_status": "withdrawn"}},
            SERVER_AGREES_WITH_DOCS,
        ),
    ],
)
def test_a_server_that_changed_is_a_failing_finding_naming_the_claim(
    rule, status, errors, context, verdict
):
    judged = _only(rule, status, errors, **context)
    assert judged.verdict == verdict and judged.failing
    finding = documentation_finding(judged, "lifecycle-x", "createDeclaration", None, str(status))
    assert finding.kind == Kind.LIFECYCLE and finding.fails_run
    assert judged.claim.id in finding.message and finding.rule == rule
    assert f"({rule})" in finding.source  # where the rule is written, as for any finding


def test_a_duplicate_answers_both_duplicate_claims():
    verdicts = judge_documentation(["declare.V8-duplicate"], 422, DUPLICATE, DocumentationContext())
    assert {v.claim.id for v in verdicts} == {"duplicate-idempotent", "duplicate-ineligible"}
    assert not any(v.failing for v in verdicts)


def test_a_claim_is_judged_only_in_its_situation():
    deferred = {"shown": {"training_status": "deferred", "participant_status": "left"}}
    assert (
        judge_documentation(
            ["status.participant-stopped"], 200, (), DocumentationContext(**deferred)
        )
        == []
    )
    assert (
        judge_documentation(
            ["withdraw.reason-not-recognised"],
            422,
            (),
            DocumentationContext(attributes={"reason": "x"}),
        )
        == []
    )
