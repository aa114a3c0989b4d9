"""Pure comparisons of what a target answered with what the oracle predicted.

Each returns :class:`Mismatch` records that name the rule that decides the value, so a finding
can say which rule the target broke. Nothing here sends a request; the driver fetches and
hands the answers over.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rect_conformance.lifecycle._rules import refusing, rule_of
from rect_conformance.oracle import (
    RULES,
    ApiError,
    DeclarationView,
    EnrolmentView,
    Outcome,
    format_timestamp,
)

# The rule an accepted prediction stands on, by preference (the first found in the outcome).
ACCEPTING = (
    # the exception first: an accepted change that rests on it breaks it when refused
    "change-schedule.completed-ect-to-reduced",
    "withdraw.accepted",
    "defer.accepted",
    "resume.accepted",
    "change-schedule.in-place",
    "change-schedule.new-period",
    "void.paid-to-awaiting-clawback",
    "void.unpaid-to-voided",
    "declare.eligible-with-statement",
    "declare.submitted-without-statement",
    "dfe.mark-eligible",
    "dfe.statement-payable",
    "dfe.statement-paid",
)
TIME_TRAVEL = "time-travel.server-date"
# Without a usable course_identifier the server goes on past V3 with the mentor period; the V3
# error itself is the one the fallback keeps (rules §16.3).
FALLBACK = "declare.V3-mentor-period-fallback"
FALLBACK_KEEPS = {"declare.V3-course-identifier"}


@dataclass(frozen=True)
class Mismatch:
    """One value the target showed that the oracle did not predict."""

    rule: str
    what: str
    expected: Any
    got: Any

    def message(self) -> str:
        """``what``: expected X, got Y."""
        return f"{self.what}: expected {show(self.expected)}, got {show(self.got)}"


def show(value: Any) -> str:
    """A value for a message: an error list as ``[title: detail; ...]``, anything else as repr."""
    if isinstance(value, tuple | list) and value and isinstance(value[0], ApiError):
        return "[" + "; ".join(f"{e.title}: {e.detail}" for e in value) + "]"
    return repr(value)


def acceptance_rule(outcome: Outcome) -> str:
    """The rule an accepted outcome rests on (what a refusal of it breaks)."""
    return next((r for r in ACCEPTING if r in outcome.rules), outcome.rules[0])


def refusal_rule(outcome: Outcome) -> str:
    """The first rule that refused in a refusal outcome (what an acceptance of it breaks)."""
    return (refusing(list(outcome.rules)) or list(outcome.rules))[0]


def _template_matches(template: str, detail: str) -> bool:
    head = template.split("{", 1)[0]
    return detail.startswith(head) if "{" in template else detail == template


def rules_for_errors(errors: Iterable[ApiError]) -> list[str]:
    """The oracle rules whose error each of ``errors`` is (by title and detail)."""
    found = []
    for error in errors:
        for rule in RULES.values():
            if (
                rule.title == error.title
                and rule.detail
                and _template_matches(rule.detail, error.detail)
            ):
                found.append(rule.id)
    return list(dict.fromkeys(found))


def errors_of(body: Any) -> tuple[ApiError, ...]:
    """The ``errors`` entries of an error body, as (title, detail) records."""
    entries = body.get("errors") if isinstance(body, Mapping) else None
    if not isinstance(entries, list):
        return ()
    return tuple(
        ApiError(str(e.get("title")), str(e.get("detail")))
        for e in entries
        if isinstance(e, Mapping)
    )


def compare_answer(outcome: Outcome, status: int, errors: tuple[ApiError, ...]) -> list[Mismatch]:
    """The status, and for a refusal the exact errors in order."""
    if outcome.status != status:
        expected = f"{outcome.status} {show(outcome.errors)}" if outcome.errors else outcome.status
        got = f"{status} {show(errors)}" if errors else status
        if outcome.accepted:
            # A refusal the oracle does not predict breaks the acceptance, and the rule whose
            # error the target sent was applied where it does not apply.
            accepting = acceptance_rule(outcome)
            applied = [r for r in rules_for_errors(errors) if r not in outcome.rules]
            # One error text can belong to several actions' rules: keep this action's.
            family = accepting.split(".")[0] + "."
            applied = [r for r in applied if r.startswith(family)] or applied
            return [
                Mismatch(accepting, "status", expected, got),
                *(Mismatch(rule, f"refused by {rule}", "no such refusal", got) for rule in applied),
            ]
        return [Mismatch(refusal_rule(outcome), "status", expected, got)]
    if outcome.accepted or not outcome.errors or errors == outcome.errors:
        return []
    missing = [e for e in outcome.errors if e not in errors]
    named = rules_for_errors(missing)
    named = [r for r in named if r in outcome.rules] or named  # the text of several rules
    rules = named or refusing(list(outcome.rules)) or list(outcome.rules)
    if FALLBACK in outcome.rules and not set(rules_for_errors(missing)) & FALLBACK_KEEPS:
        # The V3 error came back but the errors the mentor period adds did not (or others
        # did): the target stopped at V3, or looked at another period, instead of going on.
        return [Mismatch(FALLBACK, "errors", outcome.errors, errors)]
    return [Mismatch(rules[0], "errors", outcome.errors, errors)]


# Which rule decides each enrolment attribute, when the view does not say.
_ENROLMENT_RULES = {
    "mentor_funding_end_date": "declare.mentor-completion",
    "cohort_changed_after_payments_frozen": "change-schedule.frozen-bookkeeping",
}
# Action rules that decide an enrolment attribute themselves (a void takes back what the
# completed declaration set).
DECIDES: dict[str, frozenset[str]] = {
    "void.mentor-completion-reversed": frozenset({"mentor_funding_end_date"}),
}


def compare_enrolment(view: EnrolmentView, shown: Mapping[str, Any], rule: str) -> list[Mismatch]:
    """Every lifecycle attribute of one ``ecf_enrolments`` entry; ``rule`` is the action's."""
    found = []
    status_rules = {"training_status": view.rules[0], "participant_status": view.rules[1]}
    for key, expected in view.attributes().items():
        got = shown.get(key)
        if key == "cohort":
            got = None if got is None else str(got)
        if got != expected:
            own = rule if key in DECIDES.get(rule, ()) else None
            decided_by = status_rules.get(key) or own or _ENROLMENT_RULES.get(key) or rule
            found.append(Mismatch(decided_by, f"enrolment {key}", expected, got))
    return found


def compare_declaration(
    view: DeclarationView, shown: Mapping[str, Any], rule: str
) -> list[Mismatch]:
    """Every lifecycle attribute of a declaration; ``rule`` is the one that set its state."""
    found = []
    for key, expected in view.attributes().items():
        got = shown.get(key)
        if got != expected:
            decided_by = {
                "statement_id": "void.statement-id-null" if view.state == "voided" else rule,
                "clawback_statement_id": "state.clawback-statement",
                "ineligible_for_funding_reason": "state.ineligible-reason-null",
            }.get(key, rule)
            found.append(Mismatch(decided_by, f"declaration {key}", expected, got))
    if shown.get("uplift_paid") is True and not view.uplift_paid_possible:
        found.append(Mismatch("state.uplift-paid", "declaration uplift_paid", False, True))
    return found


def compare_updated_at(
    before: str | None, after: Any, moves: bool, now: datetime, rule: str
) -> list[Mismatch]:
    """``updated_at`` moved to ``now`` when ``moves`` (rule ``rule`` says so), else stayed.

    A timestamp that moved, but not to the request's travelled instant, breaks time travel.
    """
    stamp = format_timestamp(now)
    if moves:
        if after == stamp:
            return []
        if before is not None and after == before:
            return [Mismatch(rule, "updated_at (should move)", stamp, after)]
        return [Mismatch(TIME_TRAVEL, "updated_at (the request's server date)", stamp, after)]
    if before is not None and after != before:
        return [Mismatch(rule, "updated_at (should stay)", before, after)]
    return []


def rule_summary(rule_id: str) -> str:
    """The one-line summary of a rule, for a finding's ``expected``."""
    return rule_of(rule_id).summary
