"""Findings a person can act on, as pure functions: duplicates merged with a count, knock-ons
tied to their cause, waivers grouped with their review date, and the verdict's words."""

from __future__ import annotations

import datetime as dt
import re

from rect_conformance._deviations import Deviation
from rect_conformance.reporting._grouping import group_findings, headline, symptom, waivers
from rect_conformance.reporting._tables import NOT_RUN_BY_ID, not_run_reason, public_source
from rect_conformance.reporting._verdict import matrix, verdict


def entry(check, operation, message, *, kind="contract", status=200, url="u", known=None):
    return {
        "check": check,
        "kind": kind,
        "severity": "critical" if kind in ("tenancy", "robustness") else "major",
        "operation": operation,
        "message": message,
        "expected": "x",
        "source": "spec GET /api/v3/x",
        "test": f"t::{check}-{operation}",
        "known_deviation": known,
        "fails_run": True,
        "curl": f"curl {url}",
        "reproduction": {"method": "GET", "url": url, "identity": "primary", "journal": len(url)},
        "evidence_status": status,
    }


def test_the_same_symptom_seen_many_times_is_one_finding_with_a_count():
    seen = [
        entry("server_error", "getSchools", f"answered 500 '{body}'", kind="robustness", url=u)
        for body, u in (
            ("a", "http://x/long?q=1&r=2"),
            ("b", "http://x/s"),
            ("c", "http://x/m?q=1"),
        )
    ]
    grouped = group_findings(seen)["findings"]
    assert len(grouped) == 1
    assert grouped[0]["count"] == 3 and grouped[0]["reproduction"]["url"] == "http://x/s"
    assert len(grouped[0]["examples"]) == 3


def test_a_500_seen_by_the_tenancy_check_is_a_knock_on_of_a_robustness_finding():
    leak = entry(
        "tenancy-hidden-by-id", "getParticipant", "answered 500", kind="tenancy", status=500
    )
    grouped = group_findings([leak])["findings"]
    cause = next(g for g in grouped if g["kind"] == "robustness")
    knock = next(g for g in grouped if g["kind"] == "tenancy")
    assert knock["caused_by"] == cause["id"] and cause["knock_ons"] == [knock["id"]]
    assert knock["severity"] == "minor" and cause["severity"] == "critical"
    assert [g["check"] for g in headline(grouped)] == ["server_error"]


def test_a_real_leak_stays_critical_and_comes_first():
    leak = entry("tenancy-hidden-by-id", "getParticipant", "answered 200", kind="tenancy")
    schema = entry("response_schema_conformance", "getSchools", "bad body")
    grouped = group_findings([schema, leak])["findings"]
    assert [g["kind"] for g in grouped] == ["tenancy", "contract"]
    assert grouped[0]["caused_by"] is None and grouped[0]["severity"] == "critical"


def test_values_that_differ_between_sightings_do_not_split_a_finding():
    one = symptom(
        "GET /x/1b17a754-7aac-4fa2-9a97-a9179b2a1bb0: 'abc' at $.data[3] 2026-01-01T00:00:00Z"
    )
    two = symptom(
        "GET /x/aca19249-2fcb-4f83-b590-8ffd3cdd01e8: 'zz' at $.data[0] 2025-02-03T01:02:03Z"
    )
    assert one == two


def test_findings_that_do_not_fail_the_run_are_documentation_mismatches():
    doc = {**entry("doc-claim", "createDeclaration", "accepted while deferred"), "fails_run": False}
    grouped = group_findings([doc])
    assert grouped["findings"] == [] and len(grouped["documentation_mismatches"]) == 1


def test_known_deviations_are_grouped_per_waiver_with_the_shortest_example_and_overdue_flag():
    waiver = Deviation(
        "w1",
        "status_code_conformance",
        ("*",),
        re.compile("400"),
        "spec-defect",
        "why",
        "where",
        owner="qa",
        review_by=dt.date(2026, 1, 1),
    )
    idle = Deviation(
        "w2", "x", ("*",), re.compile("y"), "spec-defect", "why", "where", "qa", dt.date(2030, 1, 1)
    )
    known = [
        entry("status_code_conformance", "getSchools", "answered 400", url=u, known="w1")
        for u in ("http://x/a?b=1", "http://x/a")
    ]
    table = waivers(group_findings(known)["known"], [waiver, idle], dt.date(2026, 6, 1))
    assert table[0]["count"] == 2 and table[0]["overdue"] is True
    assert table[0]["example"]["curl"] == "curl http://x/a"
    assert table[1]["count"] == 0 and table[1]["overdue"] is False


def test_every_skip_reason_the_suite_gives_has_its_category():
    from rect_conformance.checks._registry import NEEDS_REASONS

    assert not_run_reason(NEEDS_REASONS["second_token"]) == "no-second-token"
    assert not_run_reason(NEEDS_REASONS["test_support"]) == "no-test-support"
    assert not_run_reason(NEEDS_REASONS["writes"]) == "write-guard"
    assert not_run_reason("request budget spent") == "budget"
    assert not_run_reason("something new") == "other"
    assert set(NOT_RUN_BY_ID) >= {"interrupted", "deselected", "broke"}


def test_a_rule_s_source_is_a_public_page():
    assert public_source("rect-api-rules §2.2 (what a lead provider can see)", "tenancy")[
        1
    ].endswith("connect-to-rect-api")
    label, url = public_source("spec GET /api/v3/schools responses", "contract")
    assert label == "OpenAPI spec: GET /api/v3/schools" and url.endswith("swagger.yaml")
    assert "release-notes" in public_source("", "release-note")[1]


def result(test, outcome, why=None, family="auth", operation="getSchools"):
    return {"test": test, "family": family, "operation": operation, "outcome": outcome, "why": why}


def test_a_cell_passes_only_when_every_test_in_it_ran_and_passed():
    results = [result("a", "passed"), result("b", "not run", "budget")]
    cell = matrix(results, ["getSchools"])["rows"]["getSchools"]["auth"]
    assert (
        cell["result"] == "not run"
        and cell["ran"] == 1
        and cell["reasons"] == ["request budget spent"]
    )
    word, text = verdict(results, 0)
    assert word == "incomplete" and "1 of 2 checks did not run" in text


def test_deselected_tests_are_out_of_scope():
    results = [result("a", "passed"), result("b", "deselected", "deselected")]
    assert verdict(results, 0)[0] == "conformant"
    assert verdict(results, 0, interrupted="stopped by the user (Ctrl-C)")[0] == "interrupted"
    assert verdict(results, 2)[0] == "findings"
