"""Fixtures for the evolution tests: the history and the notes, parsed once per session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from rect_conformance.evolution._history import load_versions
from rect_conformance.evolution._notes import load_notes


@pytest.fixture(scope="session", autouse=True)
def _model_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The evolution tests keep cached models in a folder of their own, never the user's."""
    folder = tmp_path_factory.mktemp("model-cache")
    before = os.environ.get("RECT_CACHE_DIR")
    os.environ["RECT_CACHE_DIR"] = str(folder)
    yield folder
    if before is None:
        os.environ.pop("RECT_CACHE_DIR", None)
    else:
        os.environ["RECT_CACHE_DIR"] = before


@pytest.fixture(scope="session")
def history_versions(history_dir: Path):
    """All 60 published versions, parsed and normalised once per session."""
    return load_versions(history_dir)


@pytest.fixture(scope="session")
def published_notes(release_notes_path: Path):
    """The published release notes feed."""
    return load_notes(release_notes_path)
