"""The documented list filters do what they say (rules §5.1, §9, §10.1, §11.5, §12.3).

For each filter a value is picked from the full list (one that keeps some records and drops
others where the data allows), the filtered list is read, and ``_oracle.filter_problems`` checks
that exactly the matching records came back.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rect_conformance._api import BY_LIST_OP, BY_NAME
from rect_conformance.checks._common import finding, read_list
from rect_conformance.checks._oracle import attribute, filter_problems
from rect_conformance.checks._registry import CheckContext, CheckSkipped, check, operation_id
from rect_conformance.checks._sync import base_params
from rect_conformance.findings import Finding, Kind

if TYPE_CHECKING:
    from rect_conformance._contract import Operation

Record = dict[str, Any]


def _enrolments(record: Record) -> list[Record]:
    value = attribute(record, "ecf_enrolments")
    return [e for e in value if isinstance(e, dict)] if isinstance(value, list) else []


def _id_changes(record: Record) -> list[str]:
    value = attribute(record, "participant_id_changes")
    return (
        [str(c.get("from_participant_id")) for c in value if isinstance(c, dict)]
        if isinstance(value, list)
        else []
    )


@dataclass(frozen=True)
class FilterRule:
    """One filter of one list: the values a record offers, how a value matches, the source."""

    list_op: str
    name: str
    values: Callable[[Record], list[str]]
    source: str
    # What else the server may return for a value (rules quirks); defaults to matching.
    also_accepts: Callable[[Record, str], bool] | None = None
    # Try every value the data offers (small enums) instead of one picked value.
    every_value: bool = False
    # The filter takes a comma-separated list and matches any of its values (rules §5.1).
    multi: bool = False

    def matches(self, record: Record, value: str) -> bool:
        """Whether ``record`` matches ``value`` (any item of it, for a list filter)."""
        wanted = value.split(",") if self.multi else [value]
        offered = self.values(record)
        return any(item in offered for item in wanted)


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
    return value == "deferred" and any(
        e.get("training_status") == "withdrawn" for e in _enrolments(record)
    )


FILTERS: tuple[FilterRule, ...] = (
    FilterRule("getStatements", "cohort", _attr("cohort"), "rect-api-rules §5.1, §8", multi=True),
    FilterRule(
        "getDeliveryPartners", "cohort", _attr("cohort"), "rect-api-rules §5.1, §9", multi=True
    ),
    FilterRule("getSchools", "urn", _attr("urn"), "rect-api-rules §5.1, §10.1"),
    FilterRule(
        "getPartnerships", "cohort", _attr("cohort"), "rect-api-rules §5.1, §11.5", multi=True
    ),
    FilterRule(
        "getPartnerships",
        "delivery_partner_id",
        _attr("delivery_partner_id"),
        "rect-api-rules §5.1, §11.5",
        multi=True,
    ),
    FilterRule(
        "getParticipants",
        "cohort",
        lambda r: [str(e.get("cohort")) for e in _enrolments(r)],
        "rect-api-rules §5.1, §12.3",
        multi=True,
    ),
    FilterRule(
        "getParticipants",
        "training_status",
        lambda r: [str(e.get("training_status")) for e in _enrolments(r)],
        "rect-api-rules §12.3",
        also_accepts=_deferred_then_withdrawn,
        every_value=True,
    ),
    FilterRule("getParticipants", "from_participant_id", _id_changes, "rect-api-rules §12.3"),
    FilterRule(
        "getDeclarations",
        "participant_id",
        _attr("participant_id"),
        "rect-api-rules §5.1",
        multi=True,
    ),
    FilterRule(
        "getDeclarations",
        "delivery_partner_id",
        _attr("delivery_partner_id"),
        "rect-api-rules §5.1",
        multi=True,
    ),
)


def pick_value(records: list[Record], values: Callable[[Record], list[str]]) -> str | None:
    """The commonest value that does not match every record (the commonest one otherwise)."""
    counts = Counter(v for r in records for v in set(values(r)))
    if not counts:
        return None
    selective = [(v, n) for v, n in counts.most_common() if n < len(records)]
    return (selective or counts.most_common())[0][0]


def _declaration_cohort_rule(ctx: CheckContext) -> FilterRule:
    # A declaration does not show its cohort, but the statement it sits on does (rules §8,
    # §16.10); declarations on no statement cannot be placed, so either answer is accepted.
    statements = read_list(ctx, BY_NAME["statements"])
    cohort_of = {str(s.get("id")): str(attribute(s, "cohort")) for s in statements}

    def values(record: Record) -> list[str]:
        cohort = cohort_of.get(str(attribute(record, "statement_id")))
        return [cohort] if cohort else []

    def unplaced(record: Record, _value: str) -> bool:
        return not values(record)

    return FilterRule(
        "getDeclarations",
        "cohort",
        values,
        "rect-api-rules §5.1, §8",
        also_accepts=unplaced,
        multi=True,
    )


def _values_to_try(
    everything: list[Record], rules: list[FilterRule]
) -> Iterator[tuple[FilterRule, str]]:
    for rule in rules:
        if rule.every_value:
            yield from ((rule, v) for v in sorted({v for r in everything for v in rule.values(r)}))
            continue
        value = pick_value(everything, rule.values)
        if value is not None:
            yield rule, value
        if rule.multi:
            common = [
                v
                for v, _ in Counter(v for r in everything for v in set(rule.values(r))).most_common(
                    2
                )
            ]
            if len(common) == 2:
                yield rule, ",".join(common)


@check(
    "sync-filters",
    Kind.SYNC,
    operations=tuple(dict.fromkeys(f.list_op for f in FILTERS)),
    source="rect-api-rules §5.1",
)
def filters(ctx: CheckContext, operation: Operation | str) -> Iterator[Finding]:
    """Each documented filter returns exactly the records whose field matches the value."""
    op = operation_id(operation)
    resource = BY_LIST_OP[op]
    params = base_params(ctx, resource)
    everything = read_list(ctx, resource, params)
    rules = [f for f in FILTERS if f.list_op == op]
    if op == "getDeclarations":
        rules.append(_declaration_cohort_rule(ctx))
    judged = 0
    for rule, value in _values_to_try(everything, rules):
        judged += 1
        answered = read_list(ctx, resource, {**params, f"filter[{rule.name}]": value})

        def matches(record: Record, rule: FilterRule = rule, value: str = value) -> bool:
            return rule.matches(record, value)

        def accepts(record: Record, rule: FilterRule = rule, value: str = value) -> bool:
            return matches(record) or bool(rule.also_accepts and rule.also_accepts(record, value))

        problems = filter_problems(everything, answered, matches, f"{rule.name}={value}", accepts)
        if problems:
            yield finding(
                "sync-filters",
                Kind.SYNC,
                op,
                f"GET {resource.list_path}?filter[{rule.name}]={value}: " + "; ".join(problems),
                expected=f"exactly the records whose {rule.name} is "
                + (f"one of {value}" if "," in value else value),
                source=rule.source,
            )
    if not judged:
        raise CheckSkipped(
            f"no record of {resource.list_path} offers a value for {[r.name for r in rules]}"
        )
