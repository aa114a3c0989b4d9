"""The lifecycle faults against the oracle's rules (``tests/faults.py``): every lifecycle fault of
the sandbox's catalogue names the oracle rule it breaks, every named rule exists, and every rule
of the oracle is broken by some fault or listed with the reason none can break it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from rect_conformance import oracle
from tests.faults import FAULTS, LIFECYCLE_RULES, RULES_WITHOUT_FAULT

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def _listed() -> dict[str, str]:
    """Fault name -> category, as ``python -m rect_sandbox --list-faults`` prints them."""
    listing = subprocess.run(
        [sys.executable, "-m", "rect_sandbox", "--list-faults"],
        capture_output=True,
        text=True,
        check=True,
        cwd=PROJECT_ROOT,
        timeout=120,
    )
    rows = [line.split("\t") for line in listing.stdout.splitlines() if line.strip()]
    return {name: category for name, category, _ in rows}


def test_every_lifecycle_fault_names_the_rule_it_breaks():
    listed = _listed()
    lifecycle = {name for name, category in listed.items() if category == "lifecycle"}
    assert lifecycle <= set(LIFECYCLE_RULES)
    assert set(LIFECYCLE_RULES) <= set(listed) and set(LIFECYCLE_RULES) <= set(FAULTS)


def test_every_named_rule_is_a_rule_of_the_oracle():
    unknown = {fault: rule for fault, rule in LIFECYCLE_RULES.items() if rule not in oracle.RULES}
    assert not unknown


def test_every_rule_of_the_oracle_is_broken_by_a_fault_or_says_why_not():
    broken = set(LIFECYCLE_RULES.values())
    assert broken | set(RULES_WITHOUT_FAULT) == set(oracle.RULES)
    assert not broken & set(RULES_WITHOUT_FAULT)
    assert all(reason.strip() for reason in RULES_WITHOUT_FAULT.values())
