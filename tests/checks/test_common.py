"""The helpers around the checks: reproductions never carry a token; writes are held back where
the target refuses them."""

from __future__ import annotations

import httpx
import pytest

from rect_conformance.checks import CheckContext, CheckSkipped
from rect_conformance.checks._common import reproduction, require_writes
from tests.checks.helpers import target

CANARY = "canary-token-0123456789abcdef"


def test_reproduction_keeps_the_request_but_not_the_token() -> None:
    request = httpx.Request(
        "PUT",
        "http://127.0.0.1:9/api/v3/participants/x/withdraw",
        headers={"Authorization": f"Bearer {CANARY}", "X-With-Server-Date": "2026-01-01T00:00:00Z"},
        json={"data": {"attributes": {"reason": "other"}}},
    )
    repro = reproduction(httpx.Response(422, request=request))
    assert repro is not None
    assert CANARY not in repr(repro) and CANARY not in repro.curl()
    assert '"Authorization: Bearer $RECT_TOKEN"' in repro.curl()
    assert repro.headers["X-With-Server-Date"] == "2026-01-01T00:00:00Z"
    assert repro.body == {"data": {"attributes": {"reason": "other"}}}


def test_write_probes_are_skipped_where_writes_are_refused() -> None:
    refused = CheckContext(client=None, contract=None, target=target(writes_allowed=False))
    require_writes(refused, "GET")
    with pytest.raises(CheckSkipped, match="does not allow writes"):
        require_writes(refused, "put")
    require_writes(CheckContext(client=None, contract=None, target=target()), "POST")
