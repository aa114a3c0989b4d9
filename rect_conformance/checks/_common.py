"""What every check needs around the engine's client: findings with a reproduction, whole-list
reads, ids that cannot exist, and a cohort that the schools endpoints accept.

Every read goes through the run's client, which answers a read it has already sent from its
shared answers (until a write could have changed them), so the checks that read the same whole
list pay for it once. A check that compares reads over time asks for ``fresh=True``.
"""

from __future__ import annotations

import uuid
import weakref
from collections import Counter
from typing import TYPE_CHECKING, Any

import httpx

from rect_conformance._api import BY_NAME, Resource
from rect_conformance._contract import reproduction_of
from rect_conformance.checks._registry import CheckContext, CheckSkipped
from rect_conformance.findings import Finding, Kind, Reproduction, Severity

if TYPE_CHECKING:
    from rect_conformance._client import Client

BIG_PAGE = 3000  # the documented clamp (rules §5.3): one request reads a whole list in practice
_MAX_PAGES = 20  # stop a runaway walk on a target that never sends a short page

# The cohort picked for the schools endpoints, once per client: a derived value, not an answer.
_COHORTS: weakref.WeakKeyDictionary[Client, str] = weakref.WeakKeyDictionary()


def reproduction(response: httpx.Response | None) -> Reproduction | None:
    """The request behind ``response`` as a reproduction; the credential is never copied."""
    return None if response is None else reproduction_of(response)


def finding(
    check: str,
    kind: Kind,
    operation: str,
    message: str,
    *,
    expected: str,
    source: str,
    response: httpx.Response | None = None,
    severity: Severity = Severity.MAJOR,
) -> Finding:
    """A :class:`Finding` whose reproduction is the request that showed it."""
    return Finding(
        check=check,
        kind=kind,
        operation=operation,
        message=message,
        expected=expected,
        severity=severity,
        reproduction=reproduction(response),
        source=source,
    )


def body_of(response: httpx.Response) -> Any:
    """The decoded JSON body, or ``None`` when the body is not JSON."""
    try:
        return response.json()
    except ValueError:
        return None


def describe(response: httpx.Response, limit: int = 160) -> str:
    """``status`` and the start of the body, for messages."""
    text = response.text
    if len(text) > limit:
        text = text[:limit] + "..."
    return f"{response.status_code} {text!r}"


def absent_id() -> str:
    """A fresh random UUID: no target holds a record with it."""
    return str(uuid.uuid4())


def data_list(response: httpx.Response) -> list[dict[str, Any]] | None:
    """``body["data"]`` when it is a list of objects, else ``None``."""
    body = body_of(response)
    data = body.get("data") if isinstance(body, dict) else None
    if isinstance(data, list) and all(isinstance(item, dict) for item in data):
        return data
    return None


def get(
    ctx: CheckContext,
    path: str,
    params: dict[str, Any] | None = None,
    auth: str = "primary",
    **kwargs: Any,
) -> httpx.Response:
    """One GET through the engine's client (``fresh=True``: never an answer given before)."""
    return ctx.client.request("GET", path, params=params, auth=auth, **kwargs)


def read_list(
    ctx: CheckContext,
    resource: Resource,
    params: dict[str, Any] | None = None,
    auth: str = "primary",
    fresh: bool = False,
) -> list[dict[str, Any]]:
    """Every record of a list, read in pages of :data:`BIG_PAGE` (``fresh``: read now, not an
    answer the run already has).

    Raises :class:`CheckSkipped` when the list itself cannot be read (that is another check's
    finding, not this one's).
    """
    params = dict(params or {})
    if resource.needs_cohort and "filter[cohort]" not in params:
        params["filter[cohort]"] = school_cohort(ctx)
    records: list[dict[str, Any]] = []
    for page in range(1, _MAX_PAGES + 1):
        response = get(
            ctx,
            resource.list_path,
            {**params, "page[page]": page, "page[per_page]": BIG_PAGE},
            auth,
            fresh=fresh,
        )
        data = data_list(response) if response.status_code == 200 else None
        if data is None:
            raise CheckSkipped(
                f"GET {resource.list_path} ({auth} token) answered "
                f"{describe(response, 80)}; the list cannot be compared"
            )
        records.extend(data)
        if len(data) < BIG_PAGE:
            break
    return records


def school_cohort(ctx: CheckContext) -> str:
    """A cohort the schools endpoints can be asked about: the commonest partnership cohort."""
    if ctx.client in _COHORTS:
        return _COHORTS[ctx.client]
    response = get(ctx, BY_NAME["partnerships"].list_path, {"page[per_page]": 100})
    cohorts = Counter(
        str(item.get("attributes", {}).get("cohort"))
        for item in (data_list(response) or [])
        if isinstance(item.get("attributes"), dict) and item["attributes"].get("cohort")
    )
    cohort = cohorts.most_common(1)[0][0] if cohorts else "2025"
    _COHORTS[ctx.client] = cohort
    return cohort


def require_writes(ctx: CheckContext, method: str) -> None:
    """Skip a probe that sends ``method`` when the target refuses writes (production).

    The probes are harmless, but the engine refuses every write to such a target before it is
    sent, and that refusal would stop the whole run.
    """
    if method.upper() not in ("GET", "HEAD", "OPTIONS") and not ctx.target.writes_allowed:
        raise CheckSkipped(
            f"the target does not allow writes, so no {method.upper()} probe "
            "is sent (--allow-production-writes lifts this)"
        )
