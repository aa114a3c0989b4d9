"""``report --compare``: what newly fails, newly passes and is newly not run between two runs."""

from __future__ import annotations

import io
import json

from rect_conformance import cli
from rect_conformance.reporting._compare import compare


def run(outcomes: dict[str, str], findings: tuple[str, ...] = ()) -> dict:
    return {
        "run_id": "r",
        "verdict": "findings" if findings else "conformant",
        "target": {"base_url": "http://t"},
        "spec": {"sha256": "s"},
        "results": [
            {"test": t, "outcome": o, "operation": "op", "check": "c", "reason": "budget"}
            for t, o in outcomes.items()
        ],
        "findings": [{"id": f} for f in findings],
    }


def test_the_three_ways_a_check_can_change():
    before = run({"a": "passed", "b": "failed", "c": "passed", "d": "passed"}, ("F1",))
    now = run({"a": "failed", "b": "passed", "c": "not run", "d": "passed"}, ("F2",))
    diff = compare(now, before)
    assert [r["test"] for r in diff["newly_failing"]] == ["a"]
    assert [r["test"] for r in diff["newly_passing"]] == ["b"]
    assert [r["test"] for r in diff["newly_not_run"]] == ["c"]
    assert diff["new_findings"] == ["F2"] and diff["gone_findings"] == ["F1"]


def test_compare_two_real_runs(clean_run, fault_run):
    out, err = io.StringIO(), io.StringIO()
    folder = fault_run.result.report_dir
    code = cli.run(["report", str(folder), "--compare", str(clean_run.report_dir)], out, err)
    assert code == 0, err.getvalue()
    text = out.getvalue()
    assert "newly failing: " in text and "newly passing: 0" in text
    assert "note: different targets" in text
    diff = json.loads((folder / "compare.json").read_text())
    assert diff["newly_failing"] and diff["new_findings"]
