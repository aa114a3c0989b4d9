"""What ``watch`` has seen: a small JSON file next to the baseline (``watch_state.json``).

    {"format": 1, "tool": "rect-conformance watch", "updated": "2026-12-01T08:00:00Z",
     "target": "https://sandbox.../api",
     "spec": {"sha256": "...", "source": "...", "version": "v3"},
     "notes": {"2026-06-23 added-new-participant-attribute": {"title": "...",
               "date": "2026-06-23", "digest": "3f2a9c0d1e4b"}}}

A note is known by its date and title; its digest is of its body, so an edited note is seen as
new again. The file is replaced in one step (a temporary file, then ``os.replace``), so an
interrupted write leaves the previous state whole; a file this version cannot read is refused
with :class:`StateError` and left as it is.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rect_conformance._errors import EXIT_STATE_UNREADABLE, ConformanceError
from rect_conformance.evolution._notes import Note

STATE_FORMAT = 1
STATE_NAME = "watch_state.json"
TOOL = "rect-conformance watch"


class StateError(ConformanceError):
    """The state file is from another version of the suite, or is damaged."""

    exit_code = EXIT_STATE_UNREADABLE


@dataclass
class WatchState:
    """The spec and the notes seen by the last watch."""

    spec: dict[str, str] = field(default_factory=dict)  # sha256, source, version
    notes: dict[str, dict[str, str]] = field(default_factory=dict)  # key -> title, date, digest
    target: str = ""
    updated: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The JSON form written to the file."""
        return {
            "format": STATE_FORMAT,
            "tool": TOOL,
            "updated": self.updated,
            "target": self.target,
            "spec": self.spec,
            "notes": dict(sorted(self.notes.items())),
        }


def note_key(note: Note) -> str:
    """How the state names a note: its date and a slug of its title."""
    return f"{note.date.isoformat()} {note.slug or note.title}"


def note_digest(note: Note) -> str:
    """A short digest of a note's text, to see an edit."""
    text = "\n".join([note.title, *note.tags, note.body])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def note_record(note: Note) -> dict[str, str]:
    """A note as the state keeps it."""
    return {"title": note.title, "date": note.date.isoformat(), "digest": note_digest(note)}


def read_state(path: Path) -> WatchState | None:
    """The state at ``path``; ``None`` when there is none yet."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, ValueError):
        raise StateError(
            f"{path} is not a watch state file (not JSON); move it aside and run watch again "
            "to start from the baseline"
        ) from None
    if not isinstance(data, dict):
        raise StateError(f"{path} is not a watch state file; move it aside and run watch again")
    found = data.get("format")
    if found != STATE_FORMAT:
        age = "a newer" if isinstance(found, int) and found > STATE_FORMAT else "an older"
        raise StateError(
            f"{path} was written by {age} rect-conformance (state format {found!r}, this one "
            f"reads {STATE_FORMAT}); move it aside and run watch again to start from the baseline"
        )
    spec, notes = data.get("spec"), data.get("notes")
    if not isinstance(spec, dict) or not isinstance(notes, dict):
        raise StateError(f"{path} is damaged (no spec or notes); move it aside and run again")
    return WatchState(
        {str(k): str(v) for k, v in spec.items()},
        {str(k): {str(a): str(b) for a, b in v.items()} for k, v in notes.items() if v},
        str(data.get("target", "")),
        str(data.get("updated", "")),
    )


def write_state(path: Path, state: WatchState, now: dt.datetime | None = None) -> None:
    """Replace the state at ``path`` in one step (see the module docstring)."""
    moment = now or dt.datetime.now(dt.UTC)
    state.updated = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".watch_state-")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump(state.to_dict(), handle, indent=2)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
