"""Judge a stored declaration, as the API shows it, against the rules it must have kept.

Seed data and DfE-side changes do not pass through the creation pipeline, so a target can hold
declarations the API itself would have refused (issue 8 names two: ``awaiting-clawback`` with
no ``clawback_statement_id``; a 2025 ``ecf-standard-april`` ``retained-1`` dated before its
window). ``declaration_problems`` returns every problem, each naming its rule and showing the
offending values; an empty list means the declaration is consistent with the rules.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rect_conformance.oracle._milestones import milestone, window_errors
from rect_conformance.oracle._reference import (
    CLAWBACK_STATES,
    COURSE_IDENTIFIERS,
    DECLARATION_TYPES,
    LIVE_STATES,
    MENTOR_FUNDING_TYPES,
    PAID_STATES,
    STATES,
    Role,
    cohort,
    evidence_rule,
)
from rect_conformance.oracle._time import DeclarationDate, UnparseableDate, parse_declaration_date


@dataclass(frozen=True)
class Problem:
    """One broken rule: which, on which declaration, and what was seen."""

    rule_id: str
    declaration_id: str
    message: str


def _attributes(resource: Mapping[str, Any]) -> Mapping[str, Any]:
    inner = resource.get("attributes")
    return inner if isinstance(inner, Mapping) else resource


def _date(value: Any) -> DeclarationDate | None:
    if not isinstance(value, str):
        return None
    try:
        return parse_declaration_date(value)
    except UnparseableDate:
        return None


def _state_problems(a: Mapping[str, Any], year: int) -> list[tuple[str, str]]:
    state = a.get("state")
    found = []
    if state not in STATES:
        found.append(("state.known-values", f"state {state!r} is not one of {list(STATES)}"))
    statement = a.get("statement_id")
    if state in ("submitted", "voided") and statement is not None:
        found.append(("state.statement-matches-state", f"{state} but statement_id {statement}"))
    if state in STATES and state not in ("submitted", "voided") and statement is None:
        found.append(("state.statement-matches-state", f"{state} but statement_id is null"))
    clawback = a.get("clawback_statement_id")
    if state in CLAWBACK_STATES and clawback is None:
        found.append(("state.clawback-statement", f"{state} but clawback_statement_id is null"))
    if state not in CLAWBACK_STATES and clawback is not None:
        found.append(("state.clawback-statement", f"{state} but clawback_statement_id {clawback}"))
    if a.get("ineligible_for_funding_reason") is not None:
        reason = a.get("ineligible_for_funding_reason")
        found.append(("state.ineligible-reason-null", f"ineligible_for_funding_reason {reason!r}"))
    kind = a.get("declaration_type")
    uplift_possible = state in PAID_STATES and kind == "started" and cohort(year).uplift_fees
    if a.get("uplift_paid") is True and not uplift_possible:
        found.append(("state.uplift-paid", f"uplift_paid true on a {state} {kind} in {year}"))
    return found


def _type_and_date_problems(
    a: Mapping[str, Any], role: Role, year: int, schedule: str
) -> list[tuple[str, str]]:
    kind = a.get("declaration_type")
    found: list[tuple[str, str]] = []
    if kind not in DECLARATION_TYPES:
        return [("declare.V7-type-unknown", f"declaration_type {kind!r}")]
    if role == "mentor" and cohort(year).mentor_funding and kind not in MENTOR_FUNDING_TYPES:
        found.append(("declare.V12-mentor-retained-or-extended", f"a {year} mentor has {kind}"))
    window = milestone(year, schedule, kind)
    if window is None:
        found.append(("declare.V17-no-milestone", f"{schedule} in {year} defines no {kind}"))
    stamp, created = _date(a.get("declaration_date")), _date(a.get("created_at"))
    shown = a.get("declaration_date")
    if window is not None and stamp is not None:
        early, late = window_errors(window, stamp.compared)
        span = f"{window.start}..{window.end or 'open'}"
        if early:
            found.append(("declare.V10-before-milestone", f"{kind} dated {shown}, window {span}"))
        if late:
            found.append(("declare.V10-after-milestone", f"{kind} dated {shown}, window {span}"))
    if stamp is not None and created is not None and stamp.compared > created.compared:
        found.append(("declare.V9-future-date", f"dated {shown}, after created_at"))
    if any(
        rule_id in ("declare.V12-mentor-retained-or-extended", "declare.V17-no-milestone")
        for rule_id, _ in found
    ):
        return found  # like the server, judge evidence only for a type the schedule allows
    rule = evidence_rule(role, year, kind)
    evidence = a.get("evidence_held")
    if rule.discarded and evidence is not None:
        found.append(("declare.started-evidence-discarded", f"{kind} in {year} shows {evidence!r}"))
    elif rule.required and evidence is None:
        found.append(("declare.V13-evidence-missing", f"{kind} in {year} has no evidence_held"))
    elif evidence is not None and not rule.discarded and evidence not in rule.allowed:
        found.append(("declare.V13-evidence-not-allowed", f"{kind} in {year}: {evidence!r}"))
    return found


def _live_problems(
    a: Mapping[str, Any], own_id: str, others: Sequence[Mapping[str, Any]], year: int
) -> list[tuple[str, str]]:
    if a.get("state") not in LIVE_STATES:
        return []
    course, kind = a.get("course_identifier"), a.get("declaration_type")
    live = [
        (str(o.get("id")), _attributes(o))
        for o in others
        if str(o.get("id")) != own_id
        and _attributes(o).get("state") in LIVE_STATES
        and _attributes(o).get("course_identifier") == course
    ]
    found = [
        ("declare.V8-duplicate", f"{kind} also live as {other_id}")
        for other_id, other in live
        if other.get("declaration_type") == kind
    ]
    stamp = _date(a.get("declaration_date"))
    if not cohort(year).sequence_rule or stamp is None or kind not in DECLARATION_TYPES:
        return found
    position = DECLARATION_TYPES.index(kind)
    for other_id, other in live:
        other_kind, other_stamp = (
            other.get("declaration_type"),
            _date(other.get("declaration_date")),
        )
        if other_kind not in DECLARATION_TYPES or other_stamp is None:
            continue
        earlier_type = DECLARATION_TYPES.index(other_kind) < position
        later_type = DECLARATION_TYPES.index(other_kind) > position
        if (earlier_type and other_stamp.stored > stamp.stored) or (
            later_type and other_stamp.stored < stamp.stored
        ):
            found.append(
                (
                    "declare.V18-out-of-sequence",
                    f"{kind} {a.get('declaration_date')} vs {other_kind} "
                    f"{other.get('declaration_date')} ({other_id})",
                )
            )
    return found


def declaration_problems(
    shown: Mapping[str, Any],
    *,
    cohort_year: int,
    schedule: str,
    others: Sequence[Mapping[str, Any]] = (),
) -> list[Problem]:
    """Every rule the declaration ``shown`` breaks.

    ``shown`` is a declaration resource as the API returns it (or just its attributes, then
    with ``id``); ``cohort_year`` and ``schedule`` are those of the training period it was
    declared against (for seed data: the participant's enrolment in that role); ``others`` are
    the person's other declarations, for duplicates and, in 2025+, the date sequence.
    """
    own_id = str(shown.get("id"))
    a = _attributes(shown)
    role = COURSE_IDENTIFIERS.get(str(a.get("course_identifier")))
    found = _state_problems(a, cohort_year)
    if role is None:
        found.append(("declare.V3-course-identifier", f"{a.get('course_identifier')!r}"))
    else:
        found += _type_and_date_problems(a, role, cohort_year, schedule)
    found += _live_problems(a, own_id, others, cohort_year)
    return [Problem(rule, own_id, message) for rule, message in found]
