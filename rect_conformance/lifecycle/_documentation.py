"""Documentation against behaviour (issue 8 point 5): each documented claim the server does not
keep (``oracle.DOC_CLAIMS``) is judged whenever a step meets its situation.

The oracle says which rule a step applied; a claim belongs to one rule, but some rules cover
more than the claim's situation (``status.participant-stopped`` covers deferred participants
too, while the claim is about withdrawn ones), so each such claim has a guard here that reads
the step's context. A step whose answer is what the server is known to do gives a
documentation finding that does not fail the run; any other answer is a behaviour change and a
failing lifecycle finding naming the claim, until ``oracle/_docs.py`` is brought up to date.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rect_conformance.findings import Finding, Kind, Reproduction, Severity
from rect_conformance.lifecycle._rules import source_of
from rect_conformance.oracle import (
    SCHEDULE_IDENTIFIERS,
    ApiError,
    DocClaim,
    DocVerdict,
    Observed,
    classify,
    cohort,
)

ENGAGEMENT = frozenset({"75-percent-engagement-met", "75-percent-engagement-met-reduced-induction"})
SIMPLE_EVIDENCE = frozenset({"training-event-attended", "self-study-material-completed", "other"})


@dataclass(frozen=True)
class Context:
    """What a step sent and knew, for the guards: the request attributes, the cohort of the
    period it acted on, the role, and the shown values (``training_status`` and the rest)."""

    attributes: Mapping[str, Any] = field(default_factory=dict)
    cohort: int | None = None
    role: str | None = None
    shown: Mapping[str, Any] = field(default_factory=dict)
    period_has_end: bool = False


def _pre_2025(context: Context) -> bool:
    return context.cohort is not None and not cohort(context.cohort).detailed_evidence


GUARDS: dict[str, Callable[[Context], bool]] = {
    "participant-status-withdrawn": lambda c: c.shown.get("training_status") == "withdrawn",
    "schedule-shorthand": lambda c: (
        f"ecf-{c.attributes.get('schedule_identifier')}" in SCHEDULE_IDENTIFIERS
    ),
    "milestones-2025": lambda c: c.cohort is not None and not _pre_2025(c),
    "pre-2025-started-evidence": lambda c: (
        _pre_2025(c) and c.attributes.get("evidence_held") not in (None, *SIMPLE_EVIDENCE)
    ),
    "void-after-closure": lambda c: c.cohort is not None and c.cohort in (2021, 2022),
    "withdrawal-reason-underscore": lambda c: c.attributes.get("reason") == "changed_lead_provider",
    "withdraw-not-joining": lambda c: c.period_has_end,
    "retained-evidence-2025": lambda c: (
        c.role == "ect"
        and c.cohort is not None
        and not _pre_2025(c)
        and str(c.attributes.get("declaration_type", "")).startswith("retained")
        and c.attributes.get("evidence_held") in ENGAGEMENT
        and c.attributes.get("declaration_type") != "retained-2"
    ),
}


def _always(context: Context) -> bool:
    return True


# The shown attribute a claim is about, when it is about one.
VALUES = {
    "participant-status-withdrawn": "participant_status",
    "duplicate-ineligible": "state",
    "pre-2025-started-evidence": "evidence_held",
}


def judge(
    rules: tuple[str, ...] | list[str],
    status: int,
    errors: tuple[ApiError, ...],
    context: Context,
) -> list[DocVerdict]:
    """The verdicts of every claim whose rule the step applied and whose situation it met."""
    verdicts = []
    for rule_id in dict.fromkeys(rules):
        for verdict in classify(rule_id, Observed(status, errors)):
            claim = verdict.claim
            if not GUARDS.get(claim.id, _always)(context):
                continue
            if claim.id in VALUES:
                observed = Observed(status, errors, _text(context.shown.get(VALUES[claim.id])))
                verdict = next(v for v in classify(rule_id, observed) if v.claim.id == claim.id)
            verdicts.append(verdict)
    return verdicts


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def finding(
    verdict: DocVerdict, check: str, operation: str, reproduction: Reproduction | None, got: str
) -> Finding:
    """The finding of one verdict: a documentation mismatch (not failing), or a behaviour
    change (failing, naming the claim)."""
    claim: DocClaim = verdict.claim
    both = f"docs: {claim.docs_source_url}; server: {claim.server_source}"
    if not verdict.failing:
        return Finding(
            check=check,
            kind=Kind.DOCUMENTATION,
            operation=operation,
            message=f"documentation mismatch '{claim.id}' ({claim.topic}): the guidance says "
            f"{claim.docs_say}, and the server {claim.server_does} (answered {got})",
            expected=claim.docs_say,
            severity=Severity.MINOR,
            reproduction=reproduction,
            source=both,
            rule=claim.rule_id,
            fails_run=False,
        )
    return Finding(
        check=check,
        kind=Kind.LIFECYCLE,
        operation=operation,
        message=f"behaviour changed for documented claim '{claim.id}' ({claim.topic}): "
        f"{verdict.verdict}; answered {got}; the server was known to do otherwise: it "
        f"{claim.server_does} [rule {claim.rule_id}]",
        expected=f"{claim.server_does} (update rect_conformance/oracle/_docs.py once confirmed)",
        severity=Severity.MAJOR,
        reproduction=reproduction,
        # A failing finding says where its rule is written, as every lifecycle finding does.
        source=f"{both}; rule: {source_of(claim.rule_id)}",
        rule=claim.rule_id,
    )
