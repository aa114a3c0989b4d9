"""The lifecycle faults against the rules the scenarios judge by (``tests/faults.py``): every
lifecycle fault of the sandbox's catalogue names the rule it breaks, every named rule exists (in
the oracle's table, or among the lifecycle's own rules for what the oracle does not model:
partnerships, visibility), and every rule of the oracle is broken by some fault or listed with
the reason none can break it."""

from __future__ import annotations

from rect_conformance import lifecycle, oracle
from rect_sandbox._faults import CATALOGUE
from tests.faults import FAULTS
from tests.faults_lifecycle import LIFECYCLE_RULES, RULES_WITHOUT_FAULT


def test_every_lifecycle_fault_names_the_rule_it_breaks():
    faults = {name for name, category, _ in CATALOGUE if category == "lifecycle"}
    assert faults <= set(LIFECYCLE_RULES)
    # The catalogue is the one --list-faults prints (tests/test_fault_table.py runs it).
    assert set(LIFECYCLE_RULES) <= {name for name, _, _ in CATALOGUE} & set(FAULTS)


def test_every_named_rule_is_a_rule_of_the_oracle_or_of_the_lifecycle():
    known = set(oracle.RULES) | set(lifecycle.LOCAL_RULES)
    unknown = {fault: rule for fault, rule in LIFECYCLE_RULES.items() if rule not in known}
    assert not unknown


def test_every_rule_of_the_oracle_is_broken_by_a_fault_or_says_why_not():
    broken = set(LIFECYCLE_RULES.values()) & set(oracle.RULES)
    assert broken | set(RULES_WITHOUT_FAULT) == set(oracle.RULES)
    assert not broken & set(RULES_WITHOUT_FAULT)
    assert all(reason.strip() for reason in RULES_WITHOUT_FAULT.values())
