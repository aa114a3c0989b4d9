"""The documented list filters do what they say (rules §5.1, §9, §10.1, §11.5, §12.3).

For each filter a value is picked from the full list (one that keeps some records and drops
others where the data allows), the filtered list is read, and ``_oracle.filter_problems`` checks
that exactly the matching records came back.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from rect_conformance.checks._common import finding, read_list
from rect_conformance.checks._oracle import attribute, filter_problems
from rect_conformance.checks._registry import CheckContext, CheckSkipped, check, operation_id
from rect_conformance.checks._resources import BY_LIST_OP
from rect_conformance.checks._sync import base_params
from rect_conformance.findings import Finding, Kind

Record = dict[str, Any]


def _enrolments(record: Record) -> list[Record]:
    value = attribute(record, "ecf_enrolments")
    return [e for e in value if isinstance(e, dict)] if isinstance(value, list) else []


def _id_changes(record: Record) -> list[str]:
    value = attribute(record, "participant_id_changes")
    return [str(c.get("from_participant_id")) for c in value
            if isinstance(c, dict)] if isinstance(value, list) else []


@dataclass(frozen=True)
class FilterRule:
    """One filter of one list: the values a record offers, how a value matches, the source."""

    list_op: str
    name: str
    values: Callable[[Record], list[str]]
    source: str
    # What else the server may return for a value (rules quirks); defaults to matching.
    also_accepts: Callable[[Record, str], bool] | None = None


def _attr(name: str) -> Callable[[Record], list[str]]:
    def values(record: Record) -> list[str]:
        value = attribute(record, name)
        if isinstance(value, list):
            return [str(v) for v in value]
        return [] if value is None else [str(value)]
    return values


def _deferred_then_withdrawn(record: Record, value: str) -> bool:
    # The training_status filter tests the stored timestamps, so a period deferred and later
    # withdrawn still matches "deferred" although it shows "withdrawn" (rules §12.3).
    return value == "deferred" and any(e.get("training_status") == "withdrawn"
                                       for e in _enrolments(record))


FILTERS: tuple[FilterRule, ...] = (
    FilterRule("getStatements", "cohort", _attr("cohort"), "rect-api-rules §8"),
    FilterRule("getDeliveryPartners", "cohort", _attr("cohort"), "rect-api-rules §9"),
    FilterRule("getSchools", "urn", _attr("urn"), "rect-api-rules §5.1, §10.1"),
    FilterRule("getPartnerships", "cohort", _attr("cohort"), "rect-api-rules §11.5"),
    FilterRule("getPartnerships", "delivery_partner_id", _attr("delivery_partner_id"),
               "rect-api-rules §11.5"),
    FilterRule("getParticipants", "cohort",
               lambda r: [str(e.get("cohort")) for e in _enrolments(r)], "rect-api-rules §12.3"),
    FilterRule("getParticipants", "training_status",
               lambda r: [str(e.get("training_status")) for e in _enrolments(r)],
               "rect-api-rules §12.3", also_accepts=_deferred_then_withdrawn),
    FilterRule("getParticipants", "from_participant_id", _id_changes, "rect-api-rules §12.3"),
    FilterRule("getDeclarations", "participant_id", _attr("participant_id"),
               "rect-api-rules §5.1"),
    FilterRule("getDeclarations", "delivery_partner_id", _attr("delivery_partner_id"),
               "rect-api-rules §5.1"),
)


def pick_value(records: list[Record], values: Callable[[Record], list[str]]) -> str | None:
    """The commonest value that does not match every record (the commonest one otherwise)."""
    counts = Counter(v for r in records for v in set(values(r)))
    if not counts:
        return None
    selective = [(v, n) for v, n in counts.most_common() if n < len(records)]
    return (selective or counts.most_common())[0][0]


@check("sync-filters", Kind.SYNC, operations=tuple(dict.fromkeys(f.list_op for f in FILTERS)),
       source="rect-api-rules §5.1")
def filters(ctx: CheckContext, operation: Any) -> Iterator[Finding]:
    """Each documented filter returns exactly the records whose field matches the value."""
    op = operation_id(operation)
    resource = BY_LIST_OP[op]
    params = base_params(ctx, resource)
    everything = read_list(ctx, resource, params)
    rules = [f for f in FILTERS if f.list_op == op]
    judged = 0
    for rule in rules:
        value = pick_value(everything, rule.values)
        if value is None:
            continue
        judged += 1
        answered = read_list(ctx, resource, {**params, f"filter[{rule.name}]": value})

        def matches(record: Record, rule: FilterRule = rule, value: str = value) -> bool:
            return value in rule.values(record)

        def accepts(record: Record, rule: FilterRule = rule, value: str = value) -> bool:
            return matches(record) or bool(rule.also_accepts and rule.also_accepts(record, value))

        problems = filter_problems(everything, answered, matches, f"{rule.name}={value}", accepts)
        if problems:
            yield finding("sync-filters", Kind.SYNC, op,
                          f"GET {resource.list_path}?filter[{rule.name}]={value}: "
                          + "; ".join(problems),
                          expected=f"exactly the records whose {rule.name} is {value}",
                          source=rule.source)
    if not judged:
        raise CheckSkipped(f"no record of {resource.list_path} offers a value for "
                           f"{[r.name for r in rules]}")
