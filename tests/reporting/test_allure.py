"""Allure: results that tell findings from known deviations, and ``report --allure``, whose
single file opens from disk in Chromium with the results grouped by operation.

Allure 3 comes from npm; ``.ci/run`` installs ``allure@3`` into the cache folder the command
uses (``$RECT_CONFORMANCE_CACHE/allure3``), never into the project. Without it these tests skip,
and fail under ``CI=true``.
"""

from __future__ import annotations

import io
import json
import os
import re

import pytest

from rect_conformance import cli
from rect_conformance._errors import UsageError
from rect_conformance.reporting import _allure_report
from tests.reporting.browser import requests_of_page
from tests.reporting.conftest import FAULT_SELECTION, _require


@pytest.fixture(scope="module")
def allure_cli() -> str:
    """The cached Allure 3 executable."""
    try:
        found = str(_allure_report.find_cli(None, install=False))
    except UsageError:
        found = None
    return _require("allure@3 (npm)", found)


def _results(folder) -> list[dict]:
    return [json.loads(p.read_text()) for p in (folder / "allure-results").glob("*-result.json")]


def test_known_deviations_are_labelled_and_never_findings_of_passed_tests(fault_run):
    results = _results(fault_run.result.report_dir)
    known = [r for r in results if any(lb["name"] == "known_deviation" for lb in r["labels"])]
    assert known, "the fault run saw known deviations"
    for result in results:
        names = [a["name"] for a in result.get("attachments", [])]
        if result["status"] == "passed":
            assert not any(name.startswith("finding") for name in names), result["name"]
        stories = [lb["value"] for lb in result["labels"] if lb["name"] == "story"]
        if result["status"] == "failed":
            assert any(lb["name"] == "finding_kind" for lb in result["labels"]), result["name"]
        assert stories or "spec" in result["name"], result["name"]
        assert "[" not in result["name"], result["name"]  # a title, not a raw pytest id
    env = (fault_run.result.report_dir / "allure-results" / "environment.properties").read_text()
    assert "spec_sha256=" in env and "target=" in env and "suite_version=" in env


def test_the_single_file_opens_from_disk_grouped_by_operation(
    fault_run, allure_cli, chromium, browser_own_hosts
):
    folder = fault_run.result.report_dir
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(["report", str(folder), "--allure", "--allure-cli", allure_cli], out, err)
    assert code == 0, err.getvalue()
    page = folder / "allure.html"
    assert f"allure: {page}" in out.getvalue()
    dom, _ = requests_of_page(chromium, page, browser_own_hosts, folder / "allure.png")
    operations = FAULT_SELECTION[FAULT_SELECTION.index("--operations") + 1].split(",")
    for operation in operations:
        # Each operation is a group of the tree, holding its tests under readable titles.
        assert re.search(rf">\s*{operation}\s*<", dom), operation
    assert "valid generated requests are answered as documented" in dom
    assert "127.0.0.1" in dom  # the environment: the target
    history = _allure_report.history_path(folder, fault_run.result.summary["target"]["base_url"])
    assert history.exists()


def test_the_shipped_configuration(fault_run, tmp_path):
    summary = fault_run.result.summary
    text = _allure_report.config(summary, tmp_path / "out", tmp_path / "history.jsonl")
    assert "singleFile: true" in text and 'groupBy: ["story"]' in text
    assert summary["spec"]["sha256"] in text and summary["target"]["base_url"] in text
    names = [rule["name"] for rule in _allure_report.categories()]
    assert "Known deviations of the published spec (not failing)" in names
    assert any(name.startswith("Findings: tenancy") for name in names)


def test_without_node_the_message_is_one_line(fault_run, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("RECT_CONFORMANCE_CACHE", str(tmp_path / "cache"))
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(["report", str(fault_run.result.report_dir), "--allure"], out, err)
    assert code == 2
    assert err.getvalue().count("\n") == 1 and "Node.js" in err.getvalue()
    assert os.environ["PATH"] == str(tmp_path)
