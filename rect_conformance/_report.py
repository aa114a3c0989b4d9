"""The run's summary for people and machines: ``summary.json`` and ``summary.md``.

The JUnit XML and the Allure results are written by pytest and allure-pytest (the CLI passes
``--junitxml`` and ``--alluredir``); the journal by the client. This module only turns a
finished :class:`Run` into the verdict, the per-operation table and the findings list.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from rect_conformance import _project
from rect_conformance._errors import EXIT_FINDINGS, EXIT_OK, EXIT_TARGET, ConformanceError
from rect_conformance._run import Record, Run
from rect_conformance._selection import names_in

log = logging.getLogger(__name__)

VERDICT_EXIT = {
    "conformant": EXIT_OK,
    "findings": EXIT_FINDINGS,
    "incomplete": EXIT_FINDINGS,
    "error": EXIT_FINDINGS,
    "unreachable": EXIT_TARGET,
}


def verdict(run: Run) -> str:
    """``conformant``, ``findings``, ``incomplete`` (budget spent, or no test ran at all),
    ``error`` (a test broke) or ``unreachable`` (the target failed during the run)."""
    if any(_fails(record) for record in run.records):
        return "findings"
    if run.fatal is not None:
        return "unreachable"
    if any(outcome["outcome"] == "failed" for outcome in run.outcomes.values()):
        return "error"
    if run.budget_skipped or not run.outcomes:
        return "incomplete"
    return "conformant"


def summary(run: Run, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """The JSON-ready summary of ``run``."""
    redact = run.client.redactor.text
    findings = [_finding_entry(record, redact) for record in run.records]
    entries = list(zip(findings, run.records, strict=True))
    per_operation = _per_operation(run)
    uncovered = sorted(op for op, row in per_operation.items() if row["result"] == "not covered")
    result: dict[str, Any] = {
        "run_id": run.run_id,
        "verdict": verdict(run),
        "started": run.started.isoformat(timespec="seconds"),
        "finished": (run.finished or datetime.now(UTC)).isoformat(timespec="seconds"),
        "target": {
            "base_url": run.target.base_url,
            "kind": run.target.kind,
            "second_token": run.target.has_second_token,
            "writes_allowed": run.target.writes_allowed,
            "test_support": run.target.test_support,
            "sandbox_faults": list(run.settings.sandbox_faults),
        },
        "spec": {
            "source": run.contract.source,
            "version": run.contract.version,
            "sha256": run.contract.sha256,
            "operations": len(run.contract.operations),
        },
        "requests": {
            "sent": run.client.requests_sent,
            "budget": run.settings.budget,
            "waited_for_rate_limit_s": round(run.client.waited_for_429, 1),
        },
        "tests": dict(Counter(o["outcome"] for o in run.outcomes.values())),
        "operations": per_operation,
        "not_covered": {"operations": uncovered, "tests_skipped_for_budget": run.budget_skipped},
        "findings": [f for f, r in entries if _fails(r)],
        "known_deviations": [f for f in findings if f["known_deviation"]],
        # Reported, never failing: where the server does what the guidance says it does not.
        "documentation_mismatches": [
            f for f, r in entries if not r.finding.fails_run and not r.known
        ],
        "error": redact(str(run.fatal)) if run.fatal else None,
    }
    from rect_conformance import lifecycle

    result["lifecycle"] = lifecycle.summary_section(run)
    result.update(extra or {})
    return result


def _fails(record: Record) -> bool:
    return record.known is None and record.finding.fails_run


def _finding_entry(record: Record, redact: Callable[[str], str]) -> dict[str, Any]:
    entry = record.finding.to_dict()
    entry = {
        key: redact(value) if isinstance(value, str) else value for key, value in entry.items()
    }
    entry["test"] = record.test
    entry["known_deviation"] = record.known.id if record.known else None
    return entry


def _per_operation(run: Run) -> dict[str, dict[str, Any]]:
    table: dict[str, dict[str, Any]] = {
        op.operation_id: {
            "method": op.method,
            "path": op.path,
            "tests": {},
            "findings": 0,
            "known": 0,
            "covered": False,
        }
        for op in run.contract.operations
    }
    for outcome in run.outcomes.values():
        row = table.get(outcome.get("operation") or "")
        if row is None:
            continue
        row["tests"][outcome["outcome"]] = row["tests"].get(outcome["outcome"], 0) + 1
        if outcome["outcome"] in ("passed", "failed"):
            row["covered"] = True
    for record in run.records:
        row = table.get(record.finding.operation)
        # A documentation mismatch is reported on its own, not as a finding of the operation.
        if row is not None and record.finding.fails_run:
            row["known" if record.known else "findings"] += 1
    chosen = names_in(run.settings.operations)
    for op_id, row in table.items():
        row["result"] = (
            "findings"
            if row["findings"]
            else "pass"
            if row["covered"]
            else "not selected"
            if chosen and op_id not in chosen
            else "not covered"
        )
    return table


def write(run: Run, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """Write ``summary.json`` and ``summary.md`` into the report folder; returns the summary."""
    data = summary(run, extra)
    folder = run.report_dir
    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, indent=2, ensure_ascii=False, default=str)
    (folder / "summary.json").write_text(run.client.redactor.text(text) + "\n", "utf-8")
    (folder / "summary.md").write_text(run.client.redactor.text(markdown(data)), "utf-8")
    return data


def markdown(data: dict[str, Any]) -> str:
    """A one-page Markdown summary for a tech lead."""
    target = data["target"]
    spec = data["spec"]
    lines = [
        f"# RECT conformance run {data['run_id']}",
        "",
        f"**Verdict: {data['verdict'].upper()}**",
        "",
        f"- Target: {target['base_url']} ({target['kind']})"
        + (f", faults: {', '.join(target['sandbox_faults'])}" if target["sandbox_faults"] else ""),
        f"- Spec: {spec['source']} (version {spec['version']}, sha256 {spec['sha256'][:12]}, "
        f"{spec['operations']} operations)",
        f"- Requests sent: {data['requests']['sent']}"
        + (f" of a budget of {data['requests']['budget']}" if data["requests"]["budget"] else ""),
        f"- Tests: {', '.join(f'{n} {k}' for k, n in sorted(data['tests'].items())) or 'none'}",
        f"- From {data['started']} to {data['finished']}",
    ]
    if data.get("error"):
        lines += ["", f"**The run stopped early:** {data['error']}"]
    lines += [
        "",
        "## Operations",
        "",
        "| operation | method and path | result | findings |",
        "|---|---|---|---|",
    ]
    for op_id, row in sorted(data["operations"].items()):
        lines.append(
            f"| {op_id} | {row['method']} `{row['path']}` | {row['result']} | "
            f"{row['findings']} (+{row['known']} known) |"
        )
    lines += ["", f"## Findings ({len(data['findings'])})", ""]
    lines += _finding_lines(data["findings"]) or ["None."]
    lines += [
        "",
        f"## Known deviations of the published spec ({len(data['known_deviations'])})",
        "",
    ]
    lines += _finding_lines(data["known_deviations"]) or ["None."]
    if data.get("documentation_mismatches"):
        lines += ["", "## Documentation mismatches (reported, not failing)", ""]
        lines += _finding_lines(data["documentation_mismatches"])
    from rect_conformance import lifecycle

    lines += lifecycle.markdown_lines(data.get("lifecycle"))
    skipped = data["not_covered"]["tests_skipped_for_budget"]
    if skipped:
        lines += ["", f"## Not covered: the request budget ran out ({len(skipped)} tests)", ""]
        lines += [f"- {name}" for name in skipped]
    if "baseline_changes" in data:
        changes = data["baseline_changes"]
        lines += ["", "## Spec changes since the baseline", ""]
        lines += (
            [f"- {c.get('message', c)}" if isinstance(c, dict) else f"- {c}" for c in changes]
            if isinstance(changes, list)
            else [f"- {changes}"]
        ) or ["None."]
    return "\n".join(lines) + "\n"


def _finding_lines(findings: list[dict[str, Any]]) -> list[str]:
    lines = []
    for item in findings:
        tag = f" (known: {item['known_deviation']})" if item["known_deviation"] else ""
        lines.append(f"- **{item['check']}** on `{item['operation']}`{tag}: {item['message']}")
        if item.get("expected"):
            lines.append(f"  - expected: {item['expected']}")
        if item.get("curl"):
            lines.append(f"  - reproduce: `{item['curl']}`")
    return lines


def baseline_changes(run: Run) -> list[dict[str, Any]] | str:
    """What changed in the run's spec since the signed-off baseline, or a message saying why
    that could not be worked out."""
    from rect_conformance.evolution import changes_since_baseline

    baseline = _project.baseline_file()
    try:
        return changes_since_baseline(run.contract.raw, baseline)
    except ConformanceError as error:
        return f"could not compare with {baseline.name}: {error}"
    except Exception as error:
        # The comparison is extra information: its failure must not end the run, but it is a
        # bug to look into, so it is logged with its traceback.
        log.exception("comparing the run's spec with %s failed", baseline)
        return f"could not compare with {baseline.name}: {type(error).__name__}: {error}"
