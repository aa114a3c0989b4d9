"""Run the diff and the cross-check over a folder of successive spec versions.

Files are ordered by their numeric prefix (``07_2025-06-26T1520_40a0501ea.yaml``), never by the
date in the name, since several versions share a minute. A change made in a version counts as
announced by a note dated from :data:`WINDOW_BEFORE` days before that version to
:data:`WINDOW_AFTER` days after it: DfE often publishes the note when the sandbox release lands,
weeks after the spec changed (the change-schedule path came 61 days before its note). Each note
is checked against the spec in force on its date.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rect_conformance._errors import UsageError
from rect_conformance._spec import read_source
from rect_conformance.evolution._cache import model_of
from rect_conformance.evolution._crosscheck import CrossCheck, SpecIndex, cross_check
from rect_conformance.evolution._diff import Change, diff_models
from rect_conformance.evolution._notes import Note

WINDOW_BEFORE = dt.timedelta(days=14)
WINDOW_AFTER = dt.timedelta(days=90)
_NAME = re.compile(r"^(\d+)_(\d{4}-\d{2}-\d{2})")


@dataclass(frozen=True)
class Version:
    """One spec version of the history."""

    position: int
    name: str
    date: dt.date
    sha256: str
    model: dict[str, Any]


@dataclass
class Step:
    """The changes from one version to the next and how the notes cover them."""

    old: Version
    new: Version
    changes: list[Change]
    check: CrossCheck


@dataclass
class Timeline:
    """The whole history: every step, and the notes' standing over all of it."""

    steps: list[Step] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    check: CrossCheck = field(default_factory=CrossCheck)

    def unmatched_notes(self) -> list[Note]:
        """Notes no change of the history matched (often behaviour-only notes)."""
        matched = {title for step in self.steps for title in step.check.notes_matched}
        return [note for note in self.notes if note.title not in matched]


def load_versions(folder: Path, *, use_cache: bool = True) -> list[Version]:
    """Every ``NN_YYYY-MM-DD...yaml`` in ``folder``, parsed once, in prefix order (with
    ``use_cache``, a version seen before is not parsed again: see ``_cache``)."""
    if not folder.is_dir():
        raise UsageError(f"{folder} is not a folder; give the folder of spec versions")
    found = []
    for path in folder.iterdir():
        match = _NAME.match(path.name)
        if match and path.suffix in (".yaml", ".yml", ".json"):
            found.append((int(match.group(1)), path, dt.date.fromisoformat(match.group(2))))
    if len(found) < 2:
        raise UsageError(f"{folder} holds fewer than two NN_YYYY-MM-DD_*.yaml spec versions")
    versions = []
    for position, path, date in sorted(found, key=lambda f: f[0]):
        sha256, model = model_of(read_source(path), str(path), use_cache=use_cache)
        versions.append(Version(position, path.name, date, sha256, model))
    return versions


def _in_window(note: Note, date: dt.date) -> bool:
    return date - WINDOW_BEFORE <= note.date <= date + WINDOW_AFTER


def _in_force(versions: list[Version], date: dt.date) -> Version:
    current = versions[0]
    for version in versions:
        if version.date <= date:
            current = version
    return current


def run_history(versions: list[Version], notes: list[Note]) -> Timeline:
    """Diff each successive pair and cross-check it with the notes of its window."""
    timeline = Timeline(notes=list(notes))
    indexes = {v.position: SpecIndex.from_model(v.model) for v in versions}
    seen = SpecIndex.merged(*indexes.values())
    for old, new in itertools.pairwise(versions):
        changes = diff_models(old.model, new.model)
        window = [note for note in notes if _in_window(note, new.date)]
        check = cross_check(changes, window, indexes[new.position], seen)
        check.problems = []  # notes are checked once, against the spec of their own date
        timeline.steps.append(Step(old, new, changes, check))
    for note in notes:
        version = _in_force(versions, note.date)
        timeline.check.problems.extend(
            cross_check([], [note], indexes[version.position], seen).problems
        )
    return timeline


def timeline_dict(timeline: Timeline) -> dict[str, Any]:
    """The JSON form of a timeline."""
    steps = []
    for step in timeline.steps:
        real = [c for c in step.changes if not c.is_doc]
        steps.append(
            {
                "from": step.old.name,
                "to": step.new.name,
                "date": step.new.date.isoformat(),
                "changes": len(real),
                "breaking": sum(c.breaking for c in real),
                "doc_edits": len(step.changes) - len(real),
                "unannounced": [c.to_dict() for c in step.check.unannounced],
                "announced": [{"change": c.to_dict(), "note": t} for c, t in step.check.matches],
                "all_changes": [c.to_dict() for c in real],
            }
        )
    return {
        "versions": len(timeline.steps) + 1 if timeline.steps else 0,
        "steps": steps,
        "note_problems": [p.to_dict() for p in timeline.check.problems],
        "notes_unmatched": [n.title for n in timeline.unmatched_notes()],
        "totals": timeline_totals(timeline),
    }


def timeline_totals(timeline: Timeline) -> dict[str, int]:
    """Headline counts over the whole history."""
    real = [c for s in timeline.steps for c in s.changes if not c.is_doc]
    return {
        "pairs": len(timeline.steps),
        "changes": len(real),
        "breaking": sum(c.breaking for c in real),
        "doc_edits": sum(len(s.changes) for s in timeline.steps) - len(real),
        "unannounced": sum(len(s.check.unannounced) for s in timeline.steps),
        "announced": sum(len({id(c) for c, _ in s.check.matches}) for s in timeline.steps),
        "notes": len(timeline.notes),
        "notes_matched": len(timeline.notes) - len(timeline.unmatched_notes()),
        "note_problems": len(timeline.check.problems),
    }
