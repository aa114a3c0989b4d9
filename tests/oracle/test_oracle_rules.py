"""The rules table audited both ways, every error text written out by a test, and the public
surface pinned."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import test_oracle_actions
import test_oracle_declare
import test_oracle_docs
import test_oracle_judge
import test_oracle_properties
import test_oracle_reference
import test_oracle_schedule
import test_oracle_status
import test_oracle_void
import test_oracle_windows
from oracle_builders import Case

import rect_conformance.oracle as oracle
from rect_conformance.oracle import DOC_CLAIMS, RULES, TRANSITIONS, UPDATED_AT
from rect_conformance.oracle._rule import SITE

ORACLE_DIR = Path(oracle.__file__).parent
PREFIXES = (
    "action",
    "withdraw",
    "defer",
    "resume",
    "change-schedule",
    "status",
    "declare",
    "void",
    "dfe",
    "state",
    "updated-at",
)
RULE_ID = re.compile(rf"^({'|'.join(PREFIXES)})\.[A-Za-z0-9-]+$")
MODULES = (
    test_oracle_actions,
    test_oracle_declare,
    test_oracle_docs,
    test_oracle_judge,
    test_oracle_properties,
    test_oracle_reference,
    test_oracle_schedule,
    test_oracle_status,
    test_oracle_void,
    test_oracle_windows,
)


def _ids_in_source() -> tuple[set[str], set[str]]:
    """Rule ids written as literals in the oracle, and the tails of f-string ids."""
    literals, tails = set(), set()
    for path in ORACLE_DIR.glob("_*.py"):
        if path.name.startswith("_rules_"):
            continue  # the table itself
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if RULE_ID.match(node.value):
                    literals.add(node.value)
            elif isinstance(node, ast.JoinedStr):
                last = node.values[-1]
                if isinstance(last, ast.Constant) and str(last.value).startswith("."):
                    tails.add(str(last.value))
    return literals, tails


def test_every_rule_id_the_oracle_uses_is_in_the_table() -> None:
    literals, tails = _ids_in_source()
    assert literals, "the scan found no rule ids at all"
    assert sorted(literals - set(RULES)) == []
    for tail in tails:
        assert any(rule.endswith(tail) for rule in RULES), tail


def test_every_rule_in_the_table_is_exercised_by_a_test_case() -> None:
    exercised = set().union(*(module.EXERCISED for module in MODULES))
    assert sorted(exercised - set(RULES)) == [], "tests name rules the table lacks"
    assert sorted(set(RULES) - exercised) == [], "rules no test case exercises"


def test_the_other_tables_name_only_rules_of_the_table() -> None:
    named = {*TRANSITIONS.values(), *(row.rule_id for row in UPDATED_AT)}
    named |= {claim.rule_id for claim in DOC_CLAIMS}
    assert sorted(named - set(RULES)) == []


def test_every_rule_has_an_id_a_summary_and_both_sources() -> None:
    for rule_id, rule in RULES.items():
        assert rule.id == rule_id and RULE_ID.match(rule_id), rule_id
        assert rule.summary and not rule.summary[0].isupper(), rule_id
        assert rule.section.startswith("rules §"), rule_id
        assert rule.guidance_url.startswith(SITE), rule_id
        if rule.title is not None:
            assert rule.status in (404, 422) and rule.detail is not None, rule_id


def _asserted_errors() -> set[tuple[str, str]]:
    pairs: set[tuple[str, str]] = set()
    for module in MODULES:
        for value in vars(module).values():
            cases = value if isinstance(value, list) else []
            for case in cases:
                if isinstance(case, Case) and case.errors:
                    pairs.update(case.errors)
    return pairs


def test_every_error_text_is_written_out_by_a_test_case() -> None:
    """The tests spell each (title, detail) out again from the error catalogue (rules §22,
    §16.3), so a slip in the table's text cannot pass unseen."""
    asserted = _asserted_errors()
    unwritten = []
    for rule in RULES.values():
        if rule.title is None or rule.detail is None:
            continue
        pattern = re.escape(rule.detail)
        pattern = re.sub(r"\\\{[a-z_]+\\\}", ".+", pattern)
        if not any(t == rule.title and re.fullmatch(pattern, d) for t, d in asserted):
            unwritten.append(rule.id)
    assert unwritten == []


def test_public_names_are_pinned_and_sorted() -> None:
    assert oracle.__all__ == sorted(
        oracle.__all__, key=lambda n: (not n.isupper(), not n[0].isupper(), n)
    )
    assert len(oracle.__all__) == len(set(oracle.__all__)) == 65
    assert all(hasattr(oracle, name) for name in oracle.__all__)


def test_every_public_function_and_class_has_a_docstring() -> None:
    for name in oracle.__all__:
        item = getattr(oracle, name)
        if callable(item) and name != "Role":
            assert item.__doc__, name
