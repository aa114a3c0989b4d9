"""Helpers of the checks tests: a real embedded sandbox on a loopback port, the engine's client
and target around it, and one check run on one operation.

The sandbox app is built by import path (allowed in tests/, never in the suite) and served by
uvicorn in a thread, so the checks send real HTTP exactly as in a run.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from rect_conformance._client import Client
from rect_conformance._contract import Contract
from rect_conformance._journal import Journal, Redactor
from rect_conformance._target import Target
from rect_conformance.checks import CheckContext, CheckSkipped, registry
from rect_conformance.findings import Finding
from rect_sandbox.app import create_app
from tests.serving import served


def target(base_url: str = "http://127.0.0.1:9", **overrides: bool) -> Target:
    """An embedded target that offers everything (a second token, writes, test support),
    unless ``overrides`` says otherwise."""
    offers = {"has_second_token": True, "writes_allowed": True, "test_support": True}
    return Target(base_url=base_url, kind="embedded", **{**offers, **overrides})


@contextlib.contextmanager
def sandbox_context(
    contract: Contract, faults: tuple[str, ...] = (), primary_token: str | None = None
) -> Iterator[CheckContext]:
    """A check context on a freshly seeded sandbox with ``faults``: the engine's client with two
    providers' tokens (``primary_token`` replaces the first), and the target."""
    app = create_app(":memory:", seed=1, faults=list(faults))
    with served(app) as base_url:
        providers = list(app.state.lead_providers)
        tokens = {
            "primary": primary_token or providers[0]["token"],
            "secondary": providers[1]["token"],
        }
        client = Client(base_url, tokens, journal=Journal(None, Redactor()))
        try:
            yield CheckContext(client=client, contract=contract, target=target(base_url))
        finally:
            client.close()


def run_check(context: CheckContext, name: str, operation_id: str) -> list[Finding] | str:
    """The findings of one check on one operation, or ``"skipped: <reason>"``."""
    try:
        return registry.run(name, context, context.contract.operation(operation_id))
    except CheckSkipped as reason:
        return f"skipped: {reason}"
