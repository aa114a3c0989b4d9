"""Shrinking a generated read that showed a finding to the smallest request that still shows it.

Schemathesis's generated reads carry many query parameters, most of them noise (a fuzzed key of
percent-encoded bytes next to the one value that matters). Hypothesis's own shrinking is off,
because it would replay requests against a live API at will; instead, once per distinct finding,
each query parameter is dropped in turn and kept dropped when the same finding (same check,
same symptom) still comes back. Only reads are shrunk (a shrunk write could become a valid one
and change data), only findings that are not known deviations, and at most
:data:`MAX_ATTEMPTS` requests per finding; a spent budget stops it quietly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import httpx

from rect_conformance._client import UnsendableRequest
from rect_conformance._errors import ConformanceError

if TYPE_CHECKING:
    from rect_conformance._run import Run
    from rect_conformance.findings import Finding

MAX_ATTEMPTS = 12
KEPT_HEADERS = ("X-With-Server-Date",)
AUTH = {"primary": "primary", "secondary": "secondary", "invalid": "invalid", "none": "none"}

Judge = Callable[[httpx.Response], list["Finding"]]
Key = Callable[["Finding"], tuple[str, str]]


def worth_shrinking(run: Run, finding: Finding) -> bool:
    """Whether ``finding`` is a read with query parameters that is not a known deviation, and
    the budget leaves room (a tenth of it at least)."""
    from rect_conformance._deviations import known

    repro = finding.reproduction
    if repro is None or repro.method.upper() != "GET" or "?" not in repro.url:
        return False
    budget = run.client.budget
    if budget is not None and budget - run.client.requests_sent < max(budget // 10, MAX_ATTEMPTS):
        return False
    return known(run.deviations, finding) is None


def shrink(run: Run, finding: Finding, judge: Judge, key: Key) -> Finding:
    """The finding of the smallest request found that still shows ``finding``'s symptom."""
    repro = finding.reproduction
    if repro is None:
        return finding
    url = httpx.URL(repro.url)
    params: list[tuple[str, str | int | float | bool | None]] = list(url.params.multi_items())
    bare = url.copy_with(query=None)
    headers = {"Accept": "application/json"}
    headers.update({k: v for k, v in repro.headers.items() if k in KEPT_HEADERS})
    wanted = key(finding)
    index, attempts = 0, 0
    while index < len(params) and attempts < MAX_ATTEMPTS:
        trial = params[:index] + params[index + 1 :]
        attempts += 1
        request = httpx.Request("GET", bare, params=trial, headers=headers)
        try:
            response = run.client.send(request, auth=AUTH.get(repro.identity, "primary"))
        except UnsendableRequest:
            index += 1
            continue
        except ConformanceError:
            return finding  # budget spent or the target failing: keep what we have
        same = [f for f in judge(response) if key(f) == wanted]
        if same:
            params, finding = trial, same[0]
        else:
            index += 1
    return finding
