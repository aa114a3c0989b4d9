"""The release impact: what new release notes and a new spec mean for a lead provider.

Pure: :func:`assess` joins the changes since the signed-off baseline to the notes, and
:func:`impact` assembles one JSON-ready dict from that, the drafted expectations and the run's
summary; ``_render.render_impact_markdown`` writes the report from the dict alone, so any other
writer (the HTML report) can render the same data. :func:`verdict` says what the dict amounts
to, and so the command's exit code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from rect_conformance._errors import EXIT_FINDINGS, EXIT_NEW, EXIT_OK
from rect_conformance.evolution._crosscheck import CrossCheck, NoteProblem, SpecIndex, cross_check
from rect_conformance.evolution._diff import Change, diff_models
from rect_conformance.evolution._history import WINDOW_BEFORE
from rect_conformance.evolution._notes import Note
from rect_conformance.evolution._rules import INFO, rule

IMPACT_FORMAT = 1
SECTIONS = (
    "New release notes",
    "What changed in the spec",
    "Breaking for a client",
    "Not announced",
    "Announced but not delivered",
    "Drafted expectations",
    "What the target does",
    "What a lead provider's integration must change",
)
NOTHING_NEW, NEW_FINE, NEEDS_ATTENTION = "nothing new", "new, nothing wrong", "needs attention"
_EXIT = {NOTHING_NEW: EXIT_OK, NEW_FINE: EXIT_NEW, NEEDS_ATTENTION: EXIT_FINDINGS}


@dataclass
class Assessment:
    """The spec's changes since the baseline, joined to the notes."""

    changes: list[Change]  # doc edits included
    check: CrossCheck
    problems: list[NoteProblem]  # of the new notes only: older ones were reported before


def assess(
    baseline_model: dict[str, Any],
    model: dict[str, Any],
    notes: list[Note],
    new_notes: list[Note],
    baseline_date: dt.date,
) -> Assessment:
    """Diff the baseline against ``model``; a change counts as announced by a note from
    :data:`WINDOW_BEFORE` before the baseline on, or by any new note."""
    changes = diff_models(baseline_model, model)
    index = SpecIndex.from_model(model)
    seen = SpecIndex.merged(SpecIndex.from_model(baseline_model), index)
    fresh = {id(note) for note in new_notes}
    candidates = [n for n in notes if n.date >= baseline_date - WINDOW_BEFORE or id(n) in fresh]
    check = cross_check(changes, candidates, index, seen)
    titles = {note.title for note in new_notes}
    return Assessment(changes, check, [p for p in check.problems if p.note in titles])


def _note_entry(note: Note, edited: bool) -> dict[str, Any]:
    return {
        "title": note.title,
        "date": note.date.isoformat(),
        "tags": list(note.tags),
        "edited": edited,
    }


def _integration(assessment: Assessment) -> list[dict[str, Any]]:
    announced = {id(change): title for change, title in assessment.check.matches}
    actions = []
    for change in assessment.changes:
        if change.breaking and not change.is_doc:
            actions.append(
                {
                    "action": change.action,
                    "because": change.message,
                    "operations": list(change.operations),
                    "announced_by": announced.get(id(change)),
                }
            )
    for problem in assessment.problems:
        if rule(problem.kind).level != INFO:
            actions.append(
                {
                    "action": f"confirm with DfE before relying on note {problem.note!r}",
                    "because": problem.message,
                    "operations": [],
                    "announced_by": problem.note,
                }
            )
    return actions


def impact(
    *,
    generated: dt.datetime,
    target: str,
    spec: dict[str, Any],
    notes: dict[str, Any],
    new_notes: list[tuple[Note, bool]],
    assessment: Assessment | None,
    drafts: list[dict[str, Any]],
    run: dict[str, Any],
) -> dict[str, Any]:
    """The release impact as one JSON-ready dict (``assessment`` is None when nothing is new)."""
    data: dict[str, Any] = {
        "format": IMPACT_FORMAT,
        "generated": generated.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "target": target,
        "spec": spec,
        "notes": {**notes, "new": [_note_entry(note, edited) for note, edited in new_notes]},
        "changes": [],
        "doc_edits": 0,
        "breaking": [],
        "unannounced": [],
        "announced": [],
        "not_delivered": [],
        "drafts": drafts,
        "run": run,
        "integration": [],
    }
    if assessment is not None:
        real = [c for c in assessment.changes if not c.is_doc]
        data["changes"] = [c.to_dict() for c in real]
        data["doc_edits"] = len(assessment.changes) - len(real)
        data["breaking"] = [c.to_dict() for c in real if c.breaking]
        data["unannounced"] = [c.to_dict() for c in assessment.check.unannounced]
        data["announced"] = [
            {"change": c.to_dict(), "note": title} for c, title in assessment.check.matches
        ]
        data["not_delivered"] = [
            {**p.to_dict(), "level": rule(p.kind).level} for p in assessment.problems
        ]
        data["integration"] = _integration(assessment)
    data["status"] = verdict(data)
    data["exit_code"] = _EXIT[data["status"]]
    return data


def verdict(data: dict[str, Any]) -> str:
    """:data:`NOTHING_NEW`, :data:`NEW_FINE` or :data:`NEEDS_ATTENTION` for an impact dict."""
    if not data["notes"]["new"] and not data["spec"].get("new"):
        return NOTHING_NEW
    run = data["run"]
    wrong = (
        data["breaking"]
        or data["unannounced"]
        or any(p["level"] != INFO for p in data["not_delivered"])
        or (run.get("ran") and run.get("verdict") != "conformant")
    )
    return NEEDS_ATTENTION if wrong else NEW_FINE
