"""Error envelopes: 404, 400 and 422 answers carry the exact ``errors`` arrays of the rules.

Every probe here is refused by a conforming target, so it changes nothing: ids that cannot
exist, bodies without ``data``, filters of the wrong shape, and creates that fail validation.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import httpx

from rect_conformance._api import (
    BY_LIST_OP,
    BY_NAME,
    BY_SHOW_OP,
    BY_WRITE_OP,
    LIST_OPS,
    SHOW_OPS,
    WRITES,
)
from rect_conformance.checks._common import absent_id, finding, read_list, require_writes
from rect_conformance.checks._envelope_rules import (
    BAD_PARAMETER,
    BAD_REQUEST,
    BODY_SHAPE_DETAIL,
    FILTER_HASH_DETAIL,
    NOT_FOUND_ERROR,
    SCHOOL_COHORT_DETAIL,
    SOURCE_400,
    SOURCE_404,
    SOURCE_422,
    error_list_problems,
    not_found_problems,
)
from rect_conformance.checks._registry import CheckContext, CheckSkipped, check, operation_id
from rect_conformance.findings import Finding, Kind

if TYPE_CHECKING:
    from rect_conformance._contract import Operation

_WITH_ID = tuple(w.operation_id for w in WRITES if w.takes_id)
_WITH_BODY = tuple(w.operation_id for w in WRITES if w.operation_id != "voidDeclaration")

# Well-formed bodies that reach the id lookup of a body-first write (rules §7). They are only ever
# sent with ids that cannot exist, so they change nothing.
PROBE_BODIES: dict[str, dict[str, Any]] = {
    "withdrawParticipant": {
        "data": {
            "type": "participant-withdraw",
            "attributes": {"reason": "other", "course_identifier": "ecf-induction"},
        }
    },
    "deferParticipant": {
        "data": {
            "type": "participant-defer",
            "attributes": {"reason": "other", "course_identifier": "ecf-induction"},
        }
    },
    "resumeParticipant": {
        "data": {"type": "participant-resume", "attributes": {"course_identifier": "ecf-induction"}}
    },
    "changeScheduleParticipant": {
        "data": {
            "type": "participant-change-schedule",
            "attributes": {
                "schedule_identifier": "ecf-extended-september",
                "course_identifier": "ecf-induction",
            },
        }
    },
    "updatePartnership": {
        "data": {
            "type": "partnership",
            "attributes": {"delivery_partner_id": "00000000-0000-4000-8000-000000000000"},
        }
    },
}

# Creates that fail validation whatever the data (rules §11.3, §16.3), with one error each is
# sure to carry.
INVALID_CREATES: dict[str, tuple[dict[str, Any], str, str]] = {
    "createPartnership": (
        {"data": {"type": "partnership", "attributes": {"cohort": "2025"}}},
        "school_id",
        "Enter a '#/school_id'.",
    ),
    "createDeclaration": (
        {
            "data": {
                "type": "participant-declaration",
                "attributes": {
                    "participant_id": "00000000-0000-4000-8000-000000000000",
                    "declaration_type": "started",
                    "declaration_date": "2025-10-01T10:00:00Z",
                    "course_identifier": "ecf-induction",
                    "evidence_held": "training-event-attended",
                },
            }
        },
        "participant_id",
        "Your update cannot be made as the '#/participant_id' is not "
        "recognised. Check participant details and try again.",
    ),
}


def _report(
    name: str,
    op: str,
    what: str,
    problems: list[str],
    expected: str,
    source: str,
    response: httpx.Response,
) -> Iterator[Finding]:
    if problems:
        yield finding(
            name,
            Kind.CONTRACT,
            op,
            f"{what}: " + "; ".join(problems),
            expected=expected,
            source=source,
            response=response,
        )


@check("envelope-not-found", Kind.CONTRACT, operations=(*SHOW_OPS, *_WITH_ID), source=SOURCE_404)
def not_found(ctx: CheckContext, operation: Operation | str) -> Iterator[Finding]:
    """An id that does not exist is a 404 with exactly the documented not-found error."""
    op = operation_id(operation)
    missing = absent_id()
    if op in BY_SHOW_OP:
        resource = BY_SHOW_OP[op]
        method, path = "GET", resource.path_for(missing)
        params = {"filter[cohort]": "2025"} if resource.needs_cohort else None
        body = None
    else:
        write = BY_WRITE_OP[op]
        method, path = write.method, write.path_for(missing)
        params, body = None, PROBE_BODIES.get(op)
    require_writes(ctx, method)
    response = ctx.client.request(method, path, params=params, json=body)
    yield from _report(
        "envelope-not-found",
        op,
        f"{method} {path} (no such record)",
        not_found_problems(response),
        f"404 {{'errors': [{NOT_FOUND_ERROR}]}}",
        SOURCE_404,
        response,
    )


@check("envelope-bad-body", Kind.CONTRACT, operations=_WITH_BODY, source=SOURCE_400)
def bad_body(ctx: CheckContext, operation: Operation | str) -> Iterator[Finding]:
    """A write without a ``data`` object is a 400 with the documented data-structure detail."""
    op = operation_id(operation)
    write = BY_WRITE_OP[op]
    require_writes(ctx, write.method)
    path = write.path
    if write.takes_id and write.body_first:
        path = write.path_for(absent_id())
    elif write.takes_id:
        # The partnership is looked up before the body is read (rules §4.3), so use a real one;
        # the request is refused before anything could change.
        own = read_list(ctx, BY_NAME["partnerships"])
        if not own:
            raise CheckSkipped("the provider has no partnership to send a bodiless update to")
        path = write.path_for(str(own[0]["id"]))
    response = ctx.client.request(write.method, path, json={})
    yield from _report(
        "envelope-bad-body",
        op,
        f"{write.method} {path} with body {{}}",
        error_list_problems(response, 400, title=BAD_REQUEST, detail=BODY_SHAPE_DETAIL),
        f"400 {BAD_REQUEST!r}: {BODY_SHAPE_DETAIL!r}",
        SOURCE_400,
        response,
    )


@check("envelope-bad-filter", Kind.CONTRACT, operations=LIST_OPS, source=SOURCE_400)
def bad_filter(ctx: CheckContext, operation: Operation | str) -> Iterator[Finding]:
    """``filter`` that is not an object is a 400 "Bad parameter"; schools need
    ``filter[cohort]``."""
    op = operation_id(operation)
    resource = BY_LIST_OP[op]
    response = ctx.client.request("GET", resource.list_path, params={"filter": "x"})
    yield from _report(
        "envelope-bad-filter",
        op,
        f"GET {resource.list_path}?filter=x",
        error_list_problems(response, 400, title=BAD_PARAMETER, detail=FILTER_HASH_DETAIL),
        f"400 {BAD_PARAMETER!r}: {FILTER_HASH_DETAIL!r}",
        SOURCE_400,
        response,
    )
    if resource.needs_cohort:
        response = ctx.client.request("GET", resource.list_path)
        yield from _report(
            "envelope-bad-filter",
            op,
            f"GET {resource.list_path} without filter[cohort]",
            error_list_problems(response, 400, title=BAD_PARAMETER, detail=SCHOOL_COHORT_DETAIL),
            f"400 {BAD_PARAMETER!r}: {SCHOOL_COHORT_DETAIL!r}",
            "rect-api-rules §4.1, §10.1",
            response,
        )


@check(
    "envelope-unprocessable", Kind.CONTRACT, operations=tuple(INVALID_CREATES), source=SOURCE_422
)
def unprocessable(ctx: CheckContext, operation: Operation | str) -> Iterator[Finding]:
    """A create that fails validation is a 422 whose ``errors`` are ``{title, detail}`` strings."""
    op = operation_id(operation)
    body, title, detail = INVALID_CREATES[op]
    path = BY_WRITE_OP[op].path
    require_writes(ctx, "POST")
    response = ctx.client.request("POST", path, json=body)
    yield from _report(
        "envelope-unprocessable",
        op,
        f"POST {path} with an invalid body",
        error_list_problems(response, 422, title=title, detail=detail),
        f"422 with an error {{'title': {title!r}, 'detail': {detail!r}}}",
        SOURCE_422,
        response,
    )
