"""Tenancy: one lead provider never sees another's records (rules §2.2).

The oracle needs no knowledge of who owns what: it compares what the two providers' tokens see.
A record in the primary provider's list but not in the secondary's must be a 404 for the
secondary by id (and the other way round); what a provider's list shows, its show endpoint must
serve; statements and partnerships belong to one provider only, so the two lists never overlap;
schools are shared, and only the provider-specific fields may differ.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from rect_conformance._api import BY_LIST_OP, BY_NAME, BY_SHOW_OP, Resource
from rect_conformance.checks._common import (
    describe,
    finding,
    get,
    read_list,
    school_cohort,
)
from rect_conformance.checks._envelope_rules import not_found_problems
from rect_conformance.checks._oracle import attribute, overlap, record_ids
from rect_conformance.checks._registry import CheckContext, CheckSkipped, check, operation_id
from rect_conformance.findings import Finding, Kind, Severity

if TYPE_CHECKING:
    from rect_conformance._contract import Operation

SOURCE = "rect-api-rules §2.2 (what a lead provider can see)"
_SAMPLE = 3  # ids probed per direction: enough to see a leak, cheap on a rate-limited target
_OTHER = {"primary": "secondary", "secondary": "primary"}
# School fields every provider sees alike; the rest are provider specific (rules §10.2).
SHARED_SCHOOL_FIELDS = ("name", "urn", "cohort", "in_partnership", "induction_programme_choice")
TUTOR_FIELDS = ("induction_tutor_name", "induction_tutor_email")


def _lists(ctx: CheckContext, resource: Resource) -> dict[str, list[dict[str, Any]]]:
    params = {"filter[cohort]": school_cohort(ctx)} if resource.needs_cohort else None
    return {auth: read_list(ctx, resource, params, auth=auth) for auth in ("primary", "secondary")}


@check(
    "tenancy-hidden-by-id",
    Kind.TENANCY,
    operations=tuple(op for op in BY_SHOW_OP if op != "getSchool"),
    needs=("second_token",),
    source=SOURCE,
)
def hidden_by_id(ctx: CheckContext, operation: Operation | str) -> Iterator[Finding]:
    """A record only one provider lists is a 404 (not-found envelope) for the other by id."""
    op = operation_id(operation)
    resource = BY_SHOW_OP[op]
    seen = _lists(ctx, resource)
    probes = []
    for owner, other in _OTHER.items():
        theirs = set(record_ids(seen[other]))
        only = [i for i in record_ids(seen[owner]) if i not in theirs]
        probes += [(owner, other, record_id) for record_id in only[:_SAMPLE]]
    if not probes:
        raise CheckSkipped(
            f"both providers list the same {resource.name}; nothing is private "
            "to one of them on this target"
        )
    for owner, other, record_id in probes:
        path = resource.path_for(record_id)
        response = get(ctx, path, auth=other)
        problems = not_found_problems(response)
        if problems:
            served = response.status_code == 200
            yield finding(
                "tenancy-hidden-by-id",
                Kind.TENANCY,
                op,
                f"GET {path} with the {other} provider's token: the record is listed for the "
                f"{owner} provider only, yet "
                + "; ".join(problems)
                + (
                    f" - the other provider's record was served: {describe(response)}"
                    if served
                    else ""
                ),
                expected="404 with the not-found envelope",
                source=SOURCE,
                response=response,
                severity=Severity.CRITICAL if served else Severity.MAJOR,
            )


@check(
    "tenancy-list-isolated",
    Kind.TENANCY,
    operations=tuple(op for op in BY_LIST_OP if op != "getSchools"),
    needs=("second_token",),
    source=SOURCE,
)
def list_isolated(ctx: CheckContext, operation: Operation | str) -> Iterator[Finding]:
    """A provider's list holds only records it may see.

    Single-owner resources never appear in both lists, and every listed record that the other
    provider also lists is served to it by id.
    """
    op = operation_id(operation)
    resource = BY_LIST_OP[op]
    seen = _lists(ctx, resource)
    both = overlap(record_ids(seen["secondary"]), record_ids(seen["primary"]))
    if resource.tenancy == "exclusive" and both:
        yield finding(
            "tenancy-list-isolated",
            Kind.TENANCY,
            op,
            f"GET {resource.list_path}: {len(both)} {resource.name} appear in both providers' "
            f"lists although each belongs to one provider, e.g. {both[:3]}",
            expected="disjoint lists",
            source=SOURCE,
            severity=Severity.CRITICAL,
        )
    for record_id in both[:_SAMPLE]:
        path = resource.path_for(record_id)
        response = get(ctx, path, auth="secondary")
        if response.status_code != 200:
            yield finding(
                "tenancy-list-isolated",
                Kind.TENANCY,
                op,
                f"GET {resource.list_path} lists {record_id} for the secondary provider, but "
                f"GET {path} with its token answers {describe(response)}",
                expected="what a provider's list shows, its show endpoint serves",
                source=SOURCE,
                response=response,
                severity=Severity.CRITICAL,
            )
    if resource.name == "declarations":
        yield from _declarations_of_own_participants(ctx, op, seen)


def stray_declarations(declarations: list[dict[str, Any]], participant_ids: list[str]) -> list[str]:
    """Declarations whose participant is not among ``participant_ids``, described for a message."""
    own = set(participant_ids)
    return [
        f"{d.get('id')} (participant {attribute(d, 'participant_id')})"
        for d in declarations
        if attribute(d, "participant_id") not in own
    ]


def _declarations_of_own_participants(
    ctx: CheckContext, op: str, seen: dict[str, list[dict[str, Any]]]
) -> Iterator[Finding]:
    # A declaration is visible only through a teacher the provider trains or trained, so its
    # participant must be in the provider's own participant list (rules §2.2).
    for auth, declarations in seen.items():
        participants = record_ids(read_list(ctx, BY_NAME["participants"], auth=auth))
        strays = stray_declarations(declarations, participants)
        if strays:
            yield finding(
                "tenancy-list-isolated",
                Kind.TENANCY,
                op,
                f"GET {BY_NAME['declarations'].list_path} with the {auth} provider's token lists "
                f"{len(strays)} declaration(s) of participants it cannot see, e.g. {strays[:3]}",
                expected="declarations only of the provider's own participants",
                source=SOURCE,
                severity=Severity.CRITICAL,
            )


@check(
    "tenancy-schools-shared",
    Kind.TENANCY,
    operations=("getSchools", "getSchool"),
    needs=("second_token",),
    source="rect-api-rules §2.2, §10.2 (schools)",
)
def schools_shared(ctx: CheckContext, operation: Operation | str) -> Iterator[Finding]:
    """Both providers see the same schools with the same shared fields; tutor details only with
    an expression of interest."""
    op = operation_id(operation)
    resource = BY_NAME["schools"]
    cohort = school_cohort(ctx)
    seen = _lists(ctx, resource)
    if op == "getSchool":
        sample = record_ids(seen["primary"])[:_SAMPLE]
        if not sample:
            raise CheckSkipped(f"no school is listed for cohort {cohort}")
        seen = {auth: [] for auth in seen}
        for record_id in sample:
            for auth in seen:
                response = get(
                    ctx, resource.path_for(record_id), {"filter[cohort]": cohort}, auth=auth
                )
                body = response.json() if response.status_code == 200 else None
                if not isinstance(body, dict) or not isinstance(body.get("data"), dict):
                    raise CheckSkipped(
                        f"GET {resource.path_for(record_id)} ({auth}) answered "
                        f"{describe(response, 80)}"
                    )
                seen[auth].append(body["data"])
    yield from _compare_schools(op, cohort, seen)


def _compare_schools(
    op: str, cohort: str, seen: dict[str, list[dict[str, Any]]]
) -> Iterator[Finding]:
    # Pure over the two providers' views, so the rule can be shown failing on small data.
    source = "rect-api-rules §2.2, §10.2 (schools)"
    primary = {str(s.get("id")): s for s in seen["primary"]}
    secondary = {str(s.get("id")): s for s in seen["secondary"]}
    differ = sorted(set(primary) ^ set(secondary))
    if differ:
        yield finding(
            "tenancy-schools-shared",
            Kind.TENANCY,
            op,
            f"schools of cohort {cohort} differ between providers: {differ[:5]}",
            expected="the same schools for every provider",
            source=source,
        )
    for record_id in sorted(set(primary) & set(secondary)):
        changed = [
            f
            for f in SHARED_SCHOOL_FIELDS
            if attribute(primary[record_id], f) != attribute(secondary[record_id], f)
        ]
        if changed:
            yield finding(
                "tenancy-schools-shared",
                Kind.TENANCY,
                op,
                f"school {record_id} shows different {changed} to the two providers",
                expected=f"{list(SHARED_SCHOOL_FIELDS)} alike for every provider",
                source=source,
            )
    for auth, schools in seen.items():
        for school in schools:
            if attribute(school, "expression_of_interest") is False:
                shown = {
                    f: attribute(school, f)
                    for f in TUTOR_FIELDS
                    if attribute(school, f) is not None
                }
                if shown:
                    yield finding(
                        "tenancy-schools-shared",
                        Kind.TENANCY,
                        op,
                        f"school {school.get('id')} shows induction tutor details {sorted(shown)}"
                        f" to the {auth} provider, which has no expression of interest there",
                        expected="induction tutor fields null without an expression of interest",
                        source=source,
                        severity=Severity.CRITICAL,
                    )


def _referenced_partners(resource_name: str, record: dict[str, Any]) -> list[str]:
    if resource_name == "partnerships":
        value = attribute(record, "delivery_partner_id")
        return [str(value)] if value else []
    enrolments = attribute(record, "ecf_enrolments")
    return [
        str(e["delivery_partner_id"])
        for e in enrolments or []
        if isinstance(e, dict) and e.get("delivery_partner_id")
    ]


def foreign_partner_references(
    resource_name: str, records: list[dict[str, Any]], own_partners: list[str]
) -> list[str]:
    """Records that name a delivery partner outside ``own_partners``, described for a message."""
    own = set(own_partners)
    return [
        f"{r.get('id')} (delivery partner {dp})"
        for r in records
        for dp in _referenced_partners(resource_name, r)
        if dp not in own
    ]


@check(
    "tenancy-own-delivery-partners",
    Kind.TENANCY,
    operations=("getPartnerships", "getParticipants"),
    source="rect-api-rules §2.2, §9, §11.1, §12.2",
)
def own_delivery_partners(ctx: CheckContext, operation: Operation | str) -> Iterator[Finding]:
    """Partnerships and enrolments a provider sees name only delivery partners it works with.

    Needs one token only: a partnership or a training period of the provider always sits on one
    of its own delivery partnerships, so a foreign partner means another provider's record.
    """
    op = operation_id(operation)
    resource = BY_LIST_OP[op]
    own = record_ids(read_list(ctx, BY_NAME["delivery-partners"]))
    foreign = foreign_partner_references(resource.name, read_list(ctx, resource), own)
    if foreign:
        yield finding(
            "tenancy-own-delivery-partners",
            Kind.TENANCY,
            op,
            f"GET {resource.list_path} shows {len(foreign)} record(s) on delivery partners the "
            f"provider does not work with (not in GET {BY_NAME['delivery-partners'].list_path}), "
            f"e.g. {foreign[:3]}",
            expected="only the provider's own delivery partners",
            source=SOURCE,
            severity=Severity.CRITICAL,
        )
