"""The public surface of rect_conformance.evolution is pinned: changing it is a decision."""

from __future__ import annotations

import rect_conformance.evolution as evolution


def test_public_names_are_pinned_and_sorted():
    assert evolution.__all__ == sorted(
        evolution.__all__, key=lambda n: (not n.isupper(), not n[0].isupper(), n)
    )
    assert set(evolution.__all__) == {
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
    }
    assert all(hasattr(evolution, name) for name in evolution.__all__)


def test_every_public_function_and_class_has_a_docstring():
    assert all(getattr(evolution, name).__doc__ for name in evolution.__all__ if name != "RULES")
