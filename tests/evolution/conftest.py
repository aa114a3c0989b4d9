"""Fixtures for the evolution tests: the history and the notes, parsed once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from rect_conformance.evolution._history import load_versions
from rect_conformance.evolution._notes import load_notes


@pytest.fixture(scope="session")
def history_versions(history_dir: Path):
    """All 60 published versions, parsed and normalised once per session."""
    return load_versions(history_dir)


@pytest.fixture(scope="session")
def published_notes(release_notes_path: Path):
    """The published release notes feed."""
    return load_notes(release_notes_path)
