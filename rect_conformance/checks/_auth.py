"""Authentication: every operation refuses a missing or wrong token with the documented 401.

Each probe is built so that it changes nothing even on a target that wrongly lets it through:
reads use a real id (so a target that ignores the token visibly answers 200 with data), writes
use an id that cannot exist and no body (rules §2.1: the token is checked before anything else).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from rect_conformance._api import ALL_OPERATION_IDS, BY_LIST_OP, BY_SHOW_OP, BY_WRITE_OP
from rect_conformance.checks._common import (
    absent_id,
    describe,
    finding,
    read_list,
    require_writes,
)
from rect_conformance.checks._envelope_rules import (
    SOURCE_401,
    UNAUTHORISED_BODY,
    unauthorised_problems,
)
from rect_conformance.checks._registry import CheckContext, CheckSkipped, check, operation_id
from rect_conformance.findings import Finding, Kind, Severity

if TYPE_CHECKING:
    from rect_conformance._contract import Operation

_EXPECTED = f"401 application/json {UNAUTHORISED_BODY}"


def probe_request(ctx: CheckContext, op: str) -> tuple[str, str, dict[str, Any]]:
    """Method, path and query of a harmless request to operation ``op``."""
    if op in BY_LIST_OP:
        resource = BY_LIST_OP[op]
        params: dict[str, Any] = {"page[per_page]": 1}
        if resource.needs_cohort:
            params["filter[cohort]"] = "2025"
        return "GET", resource.list_path, params
    if op in BY_SHOW_OP:
        resource = BY_SHOW_OP[op]
        list_resource = BY_LIST_OP[resource.list_op]
        params = {"filter[cohort]": "2025"} if resource.needs_cohort else {}
        try:
            records = read_list(ctx, list_resource, params or None)
        except CheckSkipped:
            records = []
        record_id = str(records[0]["id"]) if records else absent_id()
        return "GET", resource.path_for(record_id), params
    write = BY_WRITE_OP[op]
    return write.method, write.path_for(absent_id()), {}


def _probe(
    ctx: CheckContext, operation: Operation | str, auth: str, name: str, what: str
) -> Iterator[Finding]:
    op = operation_id(operation)
    method, path, params = probe_request(ctx, op)
    require_writes(ctx, method)
    response = ctx.client.request(method, path, params=params or None, auth=auth)
    problems = unauthorised_problems(response)
    if not problems:
        return
    let_in = 200 <= response.status_code < 300
    yield finding(
        name,
        Kind.AUTH,
        op,
        f"{method} {path} {what}: "
        + "; ".join(problems)
        + ("" if not let_in else f" (the request was served: {describe(response)})"),
        expected=_EXPECTED,
        source=SOURCE_401,
        response=response,
        severity=Severity.CRITICAL if let_in else Severity.MAJOR,
    )


@check("auth-missing-token", Kind.AUTH, operations=ALL_OPERATION_IDS, source=SOURCE_401)
def missing_token(ctx: CheckContext, operation: Operation | str) -> Iterator[Finding]:
    """A request without an Authorization header is refused with the documented 401."""
    yield from _probe(ctx, operation, "none", "auth-missing-token", "without a token")


@check("auth-wrong-token", Kind.AUTH, operations=ALL_OPERATION_IDS, source=SOURCE_401)
def wrong_token(ctx: CheckContext, operation: Operation | str) -> Iterator[Finding]:
    """A request with a well-formed but unknown bearer token is refused with the documented 401."""
    yield from _probe(ctx, operation, "invalid", "auth-wrong-token", "with a wrong token")
