"""From mismatches to findings: each names its rule, shows expected and got, and carries the
request that showed it; and, where the run does not know the whole world (seed participants on
a target without test support), the mismatches an unseen fact can explain are set apart as
"not run" instead of being reported as the target's fault.
"""

from __future__ import annotations

from collections.abc import Iterable

from rect_conformance.findings import Finding, Kind, Reproduction, Severity
from rect_conformance.lifecycle._compare import Mismatch, rule_summary, rules_for_errors, show
from rect_conformance.lifecycle._rules import source_of
from rect_conformance.oracle import ApiError

# Rules whose answer rests on a fact the API does not show a lead provider, with that fact.
HIDDEN: dict[str, str] = {
    "withdraw.not-started": "the training period's start date",
    "withdraw.changed-today": "the training period's start date",
    "defer.not-started": "the training period's start date",
    "defer.changed-today": "the training period's start date",
    "resume.active-with-another-provider": "other providers' training periods",
    "resume.left-school": "the end of the school stay",
    "resume.same-day": "the training period's end date",
    "change-schedule.future-provider": "other providers' training periods",
    "change-schedule.completed": "how the induction was completed",
    "change-schedule.would-invalidate-declarations": "the training period's start date",
    "change-schedule.payments-frozen-cohort": "the cohort the participant was moved out of",
    "declare.V8-duplicate": "declarations made under other providers",
    "declare.V15-payments-frozen": "other providers' current training periods",
    "declare.V16-no-open-statement": "funding eligibility",
    "declare.V18-out-of-sequence": "declarations made under other providers",
    "declare.eligible-with-statement": "funding eligibility",
    "declare.submitted-without-statement": "funding eligibility",
    "void.not-own": "which provider owns the declaration",
    "status.participant-end-date": "the training period's end date",
    "status.participant-joining": "the training period's start date",
    "status.participant-active": "the training period's dates",
    "status.participant-stopped": "the training period's end date",
}


def hidden_fact(mismatch: Mismatch, errors: tuple[ApiError, ...]) -> str | None:
    """The unseen fact that could explain ``mismatch`` (the rule it names, or a rule whose
    error the target sent), or ``None`` when none could."""
    for rule in (mismatch.rule, *rules_for_errors(errors)):
        if rule in HIDDEN:
            return HIDDEN[rule]
    return None


def split_hidden(
    mismatches: Iterable[Mismatch], errors: tuple[ApiError, ...]
) -> tuple[list[Mismatch], list[str]]:
    """(mismatches no unseen fact explains, the facts that explain the others)."""
    kept, facts = [], []
    for mismatch in mismatches:
        fact = hidden_fact(mismatch, errors)
        if fact is None:
            kept.append(mismatch)
        else:
            facts.append(fact)
    return kept, list(dict.fromkeys(facts))


def lifecycle_finding(
    mismatch: Mismatch,
    *,
    check: str,
    operation: str,
    context: str,
    reproduction: Reproduction | None,
) -> Finding:
    """A failing lifecycle finding naming the broken rule."""
    return Finding(
        check=check,
        kind=Kind.LIFECYCLE,
        operation=operation,
        message=f"{context}: {mismatch.message()} [rule {mismatch.rule}]",
        expected=f"{show(mismatch.expected)}: {rule_summary(mismatch.rule)}",
        severity=Severity.MAJOR,
        reproduction=reproduction,
        source=source_of(mismatch.rule),
        rule=mismatch.rule,
    )
