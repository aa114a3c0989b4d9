"""Spec evolution: diff, breaking-change rules, release notes and their cross-check.

``load → normalise → diff → classify (rules) → render``; the cross-check joins changes to notes,
the history runs it over successive versions, and the baseline records the signed-off spec.
"""

from rect_conformance.evolution._baseline import accept, changes_against, changes_since_baseline
from rect_conformance.evolution._crosscheck import CrossCheck, SpecIndex, check_note, cross_check
from rect_conformance.evolution._diff import Change, diff_models
from rect_conformance.evolution._expect import Expectation, evaluate, load_expectations, objects_at
from rect_conformance.evolution._history import load_versions, run_history
from rect_conformance.evolution._load import load_spec
from rect_conformance.evolution._model import normalise
from rect_conformance.evolution._notes import Note, load_notes, named_items
from rect_conformance.evolution._rules import RULES, Rule


def diff_specs(old_source: str, new_source: str) -> list[Change]:
    """Load two specs (files or URLs) and return their changes."""
    return diff_models(normalise(load_spec(old_source).raw), normalise(load_spec(new_source).raw))


__all__ = [
    "RULES",
    "Change",
    "CrossCheck",
    "Expectation",
    "Note",
    "Rule",
    "SpecIndex",
    "accept",
    "changes_against",
    "changes_since_baseline",
    "check_note",
    "cross_check",
    "diff_models",
    "diff_specs",
    "evaluate",
    "load_expectations",
    "load_notes",
    "load_spec",
    "load_versions",
    "named_items",
    "normalise",
    "objects_at",
    "run_history",
]
