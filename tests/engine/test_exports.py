"""The package's public names are pinned: a change to them is a deliberate one."""

from __future__ import annotations

import rect_conformance

EXPECTED = [
    "EXIT_FINDINGS",
    "EXIT_OK",
    "EXIT_TARGET",
    "EXIT_USAGE",
    "BudgetExhausted",
    "Client",
    "ConformanceError",
    "Contract",
    "EmbeddedSandbox",
    "Finding",
    "Kind",
    "Operation",
    "Reproduction",
    "Run",
    "Settings",
    "Severity",
    "SpecError",
    "Target",
    "TargetError",
    "UnsafeWrite",
    "UsageError",
    "load_contract",
    "open_run",
]


def test_public_names_are_pinned_and_sorted():
    assert rect_conformance.__all__ == EXPECTED
    assert rect_conformance.__all__ == sorted(
        rect_conformance.__all__, key=lambda n: (not n.isupper(), n[0].islower(), n)
    )


def test_every_public_name_exists():
    for name in rect_conformance.__all__:
        assert getattr(rect_conformance, name) is not None
