"""Helpers of the budget tests: the engine's client on a real sandbox served on loopback."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rect_conformance._client import Client
from rect_conformance._journal import JOURNAL_NAME, Journal, Redactor, read_journal
from rect_sandbox.app import create_app
from tests.serving import served


@contextlib.contextmanager
def sandbox_client(
    folder: Path, faults: tuple[str, ...] = (), budget: int | None = None
) -> Iterator[Client]:
    """The run's client (both providers' tokens, a journal in ``folder``) on a fresh minimal
    sandbox with ``faults``."""
    app = create_app(":memory:", world="minimal", faults=list(faults))
    with served(app) as base_url:
        providers = app.state.lead_providers
        tokens = {"primary": providers[0]["token"], "secondary": providers[1]["token"]}
        journal = Journal(folder / JOURNAL_NAME, Redactor(tokens.values()))
        client = Client(base_url, tokens, journal=journal, budget=budget)
        try:
            yield client
        finally:
            client.close()


def journal_lines(folder: Path) -> list[dict[str, Any]]:
    """The journal's exchanges and reuses, in order, as :func:`read_journal` gives them."""
    return [
        line
        for line in read_journal(folder / JOURNAL_NAME)
        if line.get("type") in ("exchange", "reuse")
    ]
