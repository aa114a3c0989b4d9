"""Sync semantics of the list endpoints: pages, ``updated_since``, filters and sort (rules §5).

Each check reads the whole list once in one big page and uses it as the reference; the oracle
functions in ``_oracle`` judge what the target answered. Only GETs are sent. The reference is
the run's shared answer (read once for every check that needs it); the page walk reads the
list again fresh (``fresh=True``) before it reports, since it compares answers over time.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import httpx

from rect_conformance._api import BY_LIST_OP, LIST_OPS, Resource
from rect_conformance.checks._common import (
    BIG_PAGE,
    data_list,
    describe,
    finding,
    get,
    read_list,
    school_cohort,
)
from rect_conformance.checks._envelope_rules import (
    BAD_REQUEST,
    PAGINATION_DETAIL,
    SOURCE_400,
    UPDATED_SINCE_DETAIL,
    error_list_problems,
)
from rect_conformance.checks._oracle import (
    format_timestamp,
    order_problems,
    page_walk_problems,
    pick_since,
    record_ids,
    updated_since_problems,
)
from rect_conformance.checks._registry import CheckContext, CheckSkipped, check, operation_id
from rect_conformance.findings import Finding, Kind

if TYPE_CHECKING:
    from rect_conformance._contract import Operation

SOURCE_PAGES = "rect-api-rules §5.3 (pagination)"
SOURCE_SINCE = "rect-api-rules §5.2 (filter[updated_since], inclusive)"
SOURCE_SORT = "rect-api-rules §5.4 (sorting)"
DEFAULT_PER_PAGE = 100
MAX_PER_PAGE = 3000
# Values that turn into a number <= 0 under the server's integer conversion (rules §5.3).
INVALID_PAGE_VALUES = (
    ("page[per_page]", "0"),
    ("page[per_page]", "-1"),
    ("page[per_page]", "abc"),
    ("page[per_page]", ""),
    ("page[page]", "0"),
)


def base_params(ctx: CheckContext, resource: Resource) -> dict[str, Any]:
    """The query every request to ``resource`` needs (schools need a cohort, rules §10.1)."""
    return {"filter[cohort]": school_cohort(ctx)} if resource.needs_cohort else {}


def walk(
    ctx: CheckContext,
    resource: Resource,
    per_page: int,
    max_pages: int,
    params: dict[str, Any],
    fresh: bool = False,
) -> tuple[list[list[str]], httpx.Response | None]:
    """Page through ``resource`` until a short page; the ids of each page and the last response."""
    pages: list[list[str]] = []
    response = None
    for page in range(1, max_pages + 1):
        response = get(
            ctx,
            resource.list_path,
            {**params, "page[page]": page, "page[per_page]": per_page},
            fresh=fresh,
        )
        data = data_list(response) if response.status_code == 200 else None
        if data is None:
            raise CheckSkipped(
                f"page {page} of {resource.list_path} answered {describe(response, 80)}"
            )
        pages.append(record_ids(data))
        if len(data) < per_page:
            break
    return pages, response


@check("sync-page-walk", Kind.SYNC, operations=LIST_OPS, source=SOURCE_PAGES)
def page_walk(ctx: CheckContext, operation: Operation | str) -> Iterator[Finding]:
    """Walking a list in small pages gives every record exactly once (same set as one big page)."""
    op = operation_id(operation)
    resource = BY_LIST_OP[op]
    params = base_params(ctx, resource)
    reference = record_ids(read_list(ctx, resource, params))
    if len(reference) < 3:
        raise CheckSkipped(
            f"{resource.list_path} holds {len(reference)} record(s); a walk needs at least 3"
        )
    per_page = max(1, -(-len(reference) // 6))  # about six pages, whatever the list size
    max_pages = -(-len(reference) // per_page) + 3
    pages, response = walk(ctx, resource, per_page, max_pages, params)
    problems = page_walk_problems(pages, reference, per_page)
    if problems:
        # Records with equal timestamps have no fixed order (rules §5.4), so a real server may
        # shuffle them between two requests; only a walk that goes wrong twice is reported. The
        # second look is fresh: answers given again would only repeat the first.
        reference = record_ids(read_list(ctx, resource, params, fresh=True))
        pages, response = walk(ctx, resource, per_page, max_pages, params, fresh=True)
        problems = page_walk_problems(pages, reference, per_page)
    if problems:
        yield finding(
            "sync-page-walk",
            Kind.SYNC,
            op,
            f"walking {resource.list_path} with page[per_page]={per_page} over "
            f"{len(pages)} page(s) against one page of {len(reference)} (seen twice): "
            + "; ".join(problems),
            expected="each record exactly once across the pages",
            source=SOURCE_PAGES,
            response=response,
        )


@check("sync-page-size", Kind.SYNC, operations=LIST_OPS, source=SOURCE_PAGES)
def page_size(ctx: CheckContext, operation: Operation | str) -> Iterator[Finding]:
    """``page[per_page]`` defaults to 100, is honoured, is clamped at 3000, and a page past the
    end is an empty 200."""
    op = operation_id(operation)
    resource = BY_LIST_OP[op]
    params = base_params(ctx, resource)
    total = len(read_list(ctx, resource, params))
    cases: tuple[tuple[str, dict[str, Any], int], ...] = (
        ("no page[per_page]", {}, min(total, DEFAULT_PER_PAGE)),
        ("page[per_page]=1", {"page[per_page]": 1}, min(total, 1)),
        ("page[per_page]=2", {"page[per_page]": 2}, min(total, 2)),
        (
            f"page[per_page]={MAX_PER_PAGE + 2000}",
            {"page[per_page]": MAX_PER_PAGE + 2000},
            min(total, MAX_PER_PAGE),
        ),
        (
            "a page past the end",
            {"page[per_page]": DEFAULT_PER_PAGE, "page[page]": total // DEFAULT_PER_PAGE + 2},
            0,
        ),
    )
    for label, extra, expected in cases:
        response = get(ctx, resource.list_path, {**params, **extra})
        data = data_list(response) if response.status_code == 200 else None
        if data is None or len(data) != expected:
            got = describe(response, 80) if data is None else f"{len(data)} record(s)"
            yield finding(
                "sync-page-size",
                Kind.SYNC,
                op,
                f"GET {resource.list_path} with {label}: got {got}, expected 200 with "
                f"{expected} of the {total} record(s)",
                expected=f"200 with {expected} record(s)",
                source=SOURCE_PAGES,
                response=response,
            )


@check("sync-page-invalid", Kind.SYNC, operations=LIST_OPS, source=SOURCE_PAGES)
def page_invalid(ctx: CheckContext, operation: Operation | str) -> Iterator[Finding]:
    """A page number or size that is not a positive number is a 400 with the documented detail."""
    op = operation_id(operation)
    resource = BY_LIST_OP[op]
    params = base_params(ctx, resource)
    for key, value in INVALID_PAGE_VALUES:
        response = get(ctx, resource.list_path, {**params, key: value})
        problems = error_list_problems(response, 400, title=BAD_REQUEST, detail=PAGINATION_DETAIL)
        if problems:
            yield finding(
                "sync-page-invalid",
                Kind.SYNC,
                op,
                f"GET {resource.list_path} with {key}={value!r}: " + "; ".join(problems),
                expected=f"400 {BAD_REQUEST!r}: {PAGINATION_DETAIL!r}",
                source=f"{SOURCE_PAGES}; {SOURCE_400}",
                response=response,
            )


@check(
    "sync-updated-since",
    Kind.SYNC,
    operations=tuple(r.list_op for r in BY_LIST_OP.values() if "updated_since" in r.filters),
    source=SOURCE_SINCE,
)
def updated_since(ctx: CheckContext, operation: Operation | str) -> Iterator[Finding]:
    """``filter[updated_since]`` returns every record changed at or after it and nothing older;
    an unparseable value is a 400 with the documented detail."""
    op = operation_id(operation)
    resource = BY_LIST_OP[op]
    params = base_params(ctx, resource)
    response = get(ctx, resource.list_path, {**params, "filter[updated_since]": "not-a-date"})
    problems = error_list_problems(response, 400, title=BAD_REQUEST, detail=UPDATED_SINCE_DETAIL)
    if problems:
        yield finding(
            "sync-updated-since",
            Kind.SYNC,
            op,
            f"GET {resource.list_path} with filter[updated_since]='not-a-date': "
            + "; ".join(problems),
            expected=f"400 {BAD_REQUEST!r}: {UPDATED_SINCE_DETAIL!r}",
            source=f"{SOURCE_SINCE}; {SOURCE_400}",
            response=response,
        )
    everything = read_list(ctx, resource, params)
    since = pick_since(everything)
    if since is None:
        if not problems:
            raise CheckSkipped(
                f"every record of {resource.list_path} has the same updated_at; "
                "an updated_since poll cannot be judged"
            )
        return
    stamp = format_timestamp(since)
    answered = read_list(ctx, resource, {**params, "filter[updated_since]": stamp})
    problems = updated_since_problems(everything, answered, since)
    if problems:
        yield finding(
            "sync-updated-since",
            Kind.SYNC,
            op,
            f"GET {resource.list_path} with filter[updated_since]={stamp}: " + "; ".join(problems),
            expected="exactly the records with updated_at >= the given instant",
            source=SOURCE_SINCE,
        )


@check(
    "sync-sort",
    Kind.SYNC,
    operations=tuple(r.list_op for r in BY_LIST_OP.values() if r.sortable),
    source=SOURCE_SORT,
)
def sort_order(ctx: CheckContext, operation: Operation | str) -> Iterator[Finding]:
    """``sort`` on created_at/updated_at, ascending and descending, orders the whole list (ties
    in any order) and keeps the same records."""
    op = operation_id(operation)
    resource = BY_LIST_OP[op]
    params = base_params(ctx, resource)
    everything = read_list(ctx, resource, params)
    if len(everything) < 2:
        raise CheckSkipped(f"{resource.list_path} holds fewer than 2 records")
    reference = sorted(record_ids(everything))
    for field in ("created_at", "updated_at"):
        for descending in (False, True):
            value = f"-{field}" if descending else field
            records = read_list(ctx, resource, {**params, "sort": value})
            problems = (
                order_problems(records, field, descending) if field in resource.sort_shown else []
            )
            if sorted(record_ids(records)) != reference:
                problems.append(
                    f"the sorted list holds {len(records)} record(s), the unsorted "
                    f"one {len(reference)}, or different ones"
                )
            if problems:
                yield finding(
                    "sync-sort",
                    Kind.SYNC,
                    op,
                    f"GET {resource.list_path}?sort={value} (pages of {BIG_PAGE}): "
                    + "; ".join(problems),
                    expected=f"records ordered by {value}",
                    source=SOURCE_SORT,
                )


# The lists without a sort parameter and the one order they always use (rules §5.4).
FIXED_ORDER = {"getStatements": "payment_date", "getDeclarations": "created_at"}


@check("sync-fixed-order", Kind.SYNC, operations=tuple(FIXED_ORDER), source=SOURCE_SORT)
def fixed_order(ctx: CheckContext, operation: Operation | str) -> Iterator[Finding]:
    """Statements come by payment date and declarations by creation time, ascending, and a
    ``sort`` parameter does not change that."""
    op = operation_id(operation)
    resource = BY_LIST_OP[op]
    field = FIXED_ORDER[op]
    for params in ({}, {"sort": "-updated_at"}):
        records = read_list(ctx, resource, params)
        problems = order_problems(records, field, descending=False)
        if problems:
            asked = f"?sort={params['sort']}" if params else ""
            yield finding(
                "sync-fixed-order",
                Kind.SYNC,
                op,
                f"GET {resource.list_path}{asked}: " + "; ".join(problems),
                expected=f"always ordered by {field} ascending (no sort parameter)",
                source=SOURCE_SORT,
            )
