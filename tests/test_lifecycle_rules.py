"""The lifecycle faults against the oracle's rules (``tests/faults.py``): every lifecycle fault of
the sandbox's catalogue names the oracle rule it breaks, every named rule exists, and every rule
of the oracle is broken by some fault or listed with the reason none can break it."""

from __future__ import annotations

from rect_conformance import oracle
from rect_sandbox._faults import CATALOGUE
from tests.faults import FAULTS, LIFECYCLE_RULES, RULES_WITHOUT_FAULT


def test_every_lifecycle_fault_names_the_rule_it_breaks():
    lifecycle = {name for name, category, _ in CATALOGUE if category == "lifecycle"}
    assert lifecycle <= set(LIFECYCLE_RULES)
    # The catalogue is the one --list-faults prints (tests/test_fault_table.py runs it).
    assert set(LIFECYCLE_RULES) <= {name for name, _, _ in CATALOGUE} & set(FAULTS)


def test_every_named_rule_is_a_rule_of_the_oracle():
    unknown = {fault: rule for fault, rule in LIFECYCLE_RULES.items() if rule not in oracle.RULES}
    assert not unknown


def test_every_rule_of_the_oracle_is_broken_by_a_fault_or_says_why_not():
    broken = set(LIFECYCLE_RULES.values())
    assert broken | set(RULES_WITHOUT_FAULT) == set(oracle.RULES)
    assert not broken & set(RULES_WITHOUT_FAULT)
    assert all(reason.strip() for reason in RULES_WITHOUT_FAULT.values())
