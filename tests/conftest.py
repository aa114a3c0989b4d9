"""Shared fixtures for the project's own tests.

The published DfE documents are read from where they live, never copied: the folder comes from
``RECT_REFERENCE_DIR`` (default ``../shared/reference`` from the project root). Without it, tests
that need it skip with the reason; under ``CI=true`` its absence fails them instead.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _reference_dir() -> Path:
    configured = os.environ.get("RECT_REFERENCE_DIR")
    if configured:
        return Path(configured).resolve()
    return (PROJECT_ROOT / ".." / "shared" / "reference").resolve()


def _require(path: Path) -> Path:
    if path.exists():
        return path
    message = (
        f"reference material not found at {path}; set RECT_REFERENCE_DIR to the folder holding "
        "dfe/swagger.yaml"
    )
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    """The folder of published DfE material (skips or fails when absent, see module doc)."""
    return _require(_reference_dir())


@pytest.fixture(scope="session")
def published_spec_path(reference_dir: Path) -> Path:
    """The published OpenAPI spec, ``dfe/swagger.yaml``."""
    return _require(reference_dir / "dfe" / "swagger.yaml")


@pytest.fixture(scope="session")
def release_notes_path(reference_dir: Path) -> Path:
    """The published release-notes feed, ``dfe/release_notes.yml``."""
    return _require(reference_dir / "dfe" / "release_notes.yml")


@pytest.fixture(scope="session")
def history_dir(reference_dir: Path) -> Path:
    """The folder of 60 published spec versions, ordered by their two-digit prefix."""
    return _require(reference_dir / "dfe" / "openapi-history")
