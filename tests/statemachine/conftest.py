"""Fixtures of the state machine tests: the published spec, loaded by the engine once."""

from __future__ import annotations

from pathlib import Path

import pytest

from rect_conformance._contract import Contract, load_contract


@pytest.fixture(scope="session")
def contract(published_spec_path: Path) -> Contract:
    """The published spec, loaded by the engine."""
    return load_contract(str(published_spec_path))
