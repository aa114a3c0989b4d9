"""``report --compare OTHER``: what changed between two runs, check by check.

Tests are matched by their pytest id. A check *newly fails* when it failed here and did not in
the other run, *newly passes* the other way round, and is *newly not run* when it ran there and
not here (with this run's reason). Findings are matched by their stable ids.
"""

from __future__ import annotations

from typing import Any

RAN = ("passed", "failed")


def compare(this: dict[str, Any], other: dict[str, Any]) -> dict[str, Any]:
    """The differences from ``other`` (the earlier run, usually) to ``this``."""
    now = {r["test"]: r for r in this.get("results", [])}
    before = {r["test"]: r for r in other.get("results", [])}
    common = sorted(set(now) & set(before))

    def pick(test: str) -> dict[str, Any]:
        row = now[test]
        return {
            "test": test,
            "operation": row.get("operation"),
            "check": row.get("check"),
            "before": before[test]["outcome"],
            "now": row["outcome"],
            "reason": row.get("reason"),
        }

    ids_now = {f["id"] for f in this.get("findings", [])}
    ids_before = {f["id"] for f in other.get("findings", [])}
    return {
        "this": _about(this),
        "other": _about(other),
        "newly_failing": [
            pick(t)
            for t in common
            if now[t]["outcome"] == "failed" and before[t]["outcome"] != "failed"
        ],
        "newly_passing": [
            pick(t)
            for t in common
            if now[t]["outcome"] == "passed" and before[t]["outcome"] != "passed"
        ],
        "newly_not_run": [
            pick(t)
            for t in common
            if now[t]["outcome"] == "not run" and before[t]["outcome"] in RAN
        ],
        "only_here": sorted(set(now) - set(before)),
        "only_there": sorted(set(before) - set(now)),
        "new_findings": sorted(ids_now - ids_before),
        "gone_findings": sorted(ids_before - ids_now),
        "same_target": _about(this)["target"] == _about(other)["target"],
        "same_spec": _about(this)["spec"] == _about(other)["spec"],
    }


def _about(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "run_id": data.get("run_id"),
        "verdict": data.get("verdict"),
        "target": data.get("target", {}).get("base_url"),
        "spec": data.get("spec", {}).get("sha256"),
        "started": data.get("started"),
    }


def text(diff: dict[str, Any]) -> str:
    """The comparison for a terminal or a CI log."""
    this, other = diff["this"], diff["other"]
    lines = [
        f"{this['run_id']} ({this['verdict']}) compared with {other['run_id']} ({other['verdict']})"
    ]
    if not diff["same_target"]:
        lines.append(f"  note: different targets ({other['target']} -> {this['target']})")
    if not diff["same_spec"]:
        lines.append("  note: different specs (sha256 differs)")
    for key, title in (
        ("newly_failing", "newly failing"),
        ("newly_passing", "newly passing"),
        ("newly_not_run", "newly not run"),
    ):
        rows = diff[key]
        lines.append(f"{title}: {len(rows)}")
        for row in rows:
            why = f" ({row['reason']})" if key == "newly_not_run" and row.get("reason") else ""
            lines.append(f"  {row['test']}: {row['before']} -> {row['now']}{why}")
    lines.append(
        f"findings: {len(diff['new_findings'])} new {' '.join(diff['new_findings'])}".rstrip()
    )
    lines.append(
        f"findings gone: {len(diff['gone_findings'])} {' '.join(diff['gone_findings'])}".rstrip()
    )
    return "\n".join(lines) + "\n"
