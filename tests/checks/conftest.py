"""A real embedded sandbox on a loopback port, and the engine's client and contract around it.

The sandbox app is built by import path (allowed in tests/, never in the suite) and served by
uvicorn in a thread, so the checks send real HTTP exactly as in a run.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from rect_conformance.checks import CheckContext, CheckSkipped, registry
from rect_conformance.findings import Finding
from rect_sandbox.app import create_app
from tests.serving import served


@contextlib.contextmanager
def sandbox(faults: tuple[str, ...] = ()) -> Iterator[tuple[str, list[dict]]]:
    """Serve a freshly seeded sandbox with ``faults``; yields its base URL and providers."""
    app = create_app(":memory:", seed=1, faults=list(faults))
    with served(app) as base_url:
        yield base_url, list(app.state.lead_providers)


@pytest.fixture(scope="session")
def contract(published_spec_path: Path):
    """The published spec, loaded by the engine."""
    from rect_conformance._contract import load_contract

    return load_contract(str(published_spec_path))


def context_for(
    base_url: str, providers: list[dict], contract, primary_token: str | None = None
) -> CheckContext:
    """The engine's client (two providers' tokens, or ``primary_token`` first) and target."""
    from rect_conformance._client import Client
    from rect_conformance._journal import Journal, Redactor
    from rect_conformance._target import Target

    tokens = {"primary": primary_token or providers[0]["token"], "secondary": providers[1]["token"]}
    client = Client(base_url, tokens, journal=Journal(None, Redactor()))
    target = Target(
        base_url=base_url,
        kind="embedded",
        has_second_token=True,
        writes_allowed=True,
        test_support=True,
    )
    return CheckContext(client=client, contract=contract, target=target)


@contextlib.contextmanager
def sandbox_context(
    contract, faults: tuple[str, ...] = (), primary_token: str | None = None
) -> Iterator[CheckContext]:
    """A check context against a fresh sandbox with ``faults``."""
    with sandbox(faults) as (base_url, providers):
        context = context_for(base_url, providers, contract, primary_token)
        try:
            yield context
        finally:
            context.client.close()


def run_check(context: CheckContext, name: str, operation_id: str) -> list[Finding] | str:
    """The findings of one check on one operation, or the skip reason."""
    try:
        return registry.run(name, context, context.contract.operation(operation_id))
    except CheckSkipped as reason:
        return f"skipped: {reason}"


@pytest.fixture(scope="session")
def open_sandbox(contract):
    """``open_sandbox(faults, primary_token=None)``: a context manager yielding a check context
    on a fresh sandbox."""
    return lambda faults=(), primary_token=None: sandbox_context(
        contract, tuple(faults), primary_token
    )


@pytest.fixture(scope="session")
def check_runner():
    """``check_runner(context, name, operation_id)``: findings, or a skip reason string."""
    return run_check
