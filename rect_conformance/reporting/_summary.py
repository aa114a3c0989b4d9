"""A finished :class:`Run` as one JSON-ready summary: the data every report is made from.

``summary.json`` holds everything ``report.html``, ``summary.md``, JUnit's properties, Allure's
environment, ``compare`` and ``replay`` need, so that ``rect-conformance report RUN_DIR`` can
rebuild them from the folder alone. The journal is read once, at the end, for the findings'
evidence (their status, the requests that reproduce them) and the timeline.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rect_conformance import _project
from rect_conformance._identity import RUN_HEADER, user_agent, versions
from rect_conformance._journal import find_journal, read_journal
from rect_conformance._ratelimit import DFE_RATE
from rect_conformance._settings import command_line
from rect_conformance.reporting import _grouping, _plan, _reproduce, _verdict
from rect_conformance.reporting._tables import family_of, not_run_reason, rule_of

if TYPE_CHECKING:
    from rect_conformance._run import Record, Run

log = logging.getLogger(__name__)
TIMELINE_BINS = 96


def build(run: Run, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """The summary of ``run`` (see the module docstring); ``extra`` adds sections."""
    redact = run.client.redactor.text
    finished = run.finished or datetime.now(UTC)
    failing_tests = {r.test for r in run.records if r.known is None and _fails(r)}
    scan = _scan_journal(run.report_dir, {r.test for r in run.records})
    base_url = run.target.base_url
    entries = [_entry(record, redact, scan["status"], base_url) for record in run.records]
    grouped = _grouping.group_findings(entries)
    for group in grouped["findings"] + grouped["documentation_mismatches"]:
        _attach_steps(group, scan["by_test"], base_url)
    results = _results(run, failing_tests, entries)
    _mark_knock_ons(results, grouped["findings"])
    failing = [g for g in grouped["findings"] if g["caused_by"] is None]
    verdict, sentence = _verdict.verdict(
        results,
        len(failing),
        interrupted=run.interrupted,
        fatal=redact(str(run.fatal)) if run.fatal else None,
        checks=len({g["check"] for g in failing}),
    )
    operations = [op.operation_id for op in run.contract.operations]
    matrix = _verdict.matrix(results, operations)
    words = _verdict.per_operation(matrix["rows"])
    result: dict[str, Any] = {
        "run_id": run.run_id,
        "verdict": verdict,
        "verdict_text": sentence,
        "exit_code": _verdict.exit_code(verdict, run.settings.require_complete),
        "started": run.started.isoformat(timespec="seconds"),
        "finished": finished.isoformat(timespec="seconds"),
        "duration_s": round((finished - run.started).total_seconds(), 1),
        "run": _run_facts(run),
        "scope": {
            "checks": run.settings.checks or "all",
            "operations": run.settings.operations or "all",
            "tests_in_scope": len(_verdict.in_scope(results)),
            "deselected": sum(r["outcome"] == "deselected" for r in results),
        },
        "target": {
            "base_url": base_url,
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
            "file": _keep_spec(run),
        },
        "requests": {
            "sent": run.client.requests_sent,
            "reused": run.client.requests_reused,
            "budget": run.client.budget,
            "rate_limit": run.settings.rate_limit
            or (DFE_RATE if run.target.kind == "sandbox" else None),
            "waited_for_rate_limit_s": round(run.client.waited_for_429, 1),
        },
        "plan": _plan.section(
            run.plan, results, scan["sent"], scan["reused"], run.client.requests_sent
        ),
        "tests": dict(Counter(r["outcome"] for r in results)),
        "coverage": matrix,
        "operations": _operations_table(run, results, words),
        "not_run": _verdict.not_run_table(results),
        "not_covered": {
            "operations": sorted(op for op, word in words.items() if word == "not run"),
            "tests_skipped_for_budget": list(run.budget_skipped),
        },
        "findings": grouped["findings"],
        "documentation_mismatches": grouped["documentation_mismatches"],
        "known_deviations": _grouping.waivers(grouped["known"], run.deviations, run.started.date()),
        "release_notes": _release_notes(results),
        "timeline": _timeline(
            scan["points"],
            entries_by_id(grouped["findings"]),
            {r["test"]: r["family"] for r in results},
        ),
        "results": results,
        "error": redact(str(run.fatal)) if run.fatal else None,
    }
    result.update(extra or {})
    return result


def entries_by_id(groups: list[dict[str, Any]]) -> dict[int, str]:
    """Journal id -> finding id, for the findings' evidence on the timeline."""
    return {ref: g["id"] for g in groups for ref in g.get("journal", [])[:1]}


def _fails(record: Record) -> bool:
    return getattr(record.finding, "fails_run", True) is not False


def _entry(
    record: Record, redact: Any, statuses: dict[int, int | None], base_url: str
) -> dict[str, Any]:
    finding = record.finding
    entry: dict[str, Any] = {
        key: redact(value) if isinstance(value, str) else value
        for key, value in finding.to_dict().items()
    }
    rule = getattr(finding, "rule", "") or entry.get("rule") or ""
    entry["rule"] = redact(str(rule or rule_of(finding.check, _description(finding.check))))
    entry["fails_run"] = _fails(record)
    entry["test"] = record.test
    entry["known_deviation"] = record.known.id if record.known else None
    repro = finding.reproduction
    if repro is not None:
        entry["curl"] = redact(repro.curl(base_url))
        entry["reproduction"] = {
            "method": repro.method,
            "url": redact(repro.url),
            "identity": repro.identity,
            "journal": repro.journal,
        }
        entry["evidence_status"] = statuses.get(repro.journal) if repro.journal else None
    return entry


def _description(check: str) -> str:
    from rect_conformance.checks import registry

    return registry.get(check).description if check in registry else ""


def _attach_steps(group: dict[str, Any], by_test: dict[str, list[Any]], base_url: str) -> None:
    repro = group.get("reproduction") or {}
    evidence = repro.get("journal")
    steps: list[dict[str, Any]] = []
    for test in group["tests"]:
        if evidence is not None:
            steps = _reproduce.steps(by_test.get(test, []), evidence)
        if steps:
            break
    group["steps"] = steps
    title = f"Reproduce {group['id']}: {group['check']} on {group['operation']}"
    group["script"] = _reproduce.script(steps, base_url, title) if steps else None
    if steps:
        group["curl"] = _reproduce.curl_line(steps[-1], base_url)


def _scan_journal(folder: Path, tests: set[str]) -> dict[str, Any]:
    """One pass over the journal: each exchange's status, the entries of the tests that have
    findings (answers reused by a test among them, as the test saw them), (time, status)
    points for the timeline (exchanges actually sent only), and per test the requests sent
    (``sent``) and the answers reused (``reused``)."""
    status: dict[int, int | None] = {}
    by_test: dict[str, list[Any]] = {}
    points: list[tuple[str, int | None, int, str | None]] = []
    counts: dict[str, Counter[str]] = {"exchange": Counter(), "reuse": Counter()}
    found = {"status": status, "by_test": by_test, "points": points}
    found.update(sent=counts["exchange"], reused=counts["reuse"])
    path = find_journal(folder)
    if path is None:
        return found
    try:
        for entry in read_journal(path):
            kind = entry.get("type", "exchange")
            if kind not in ("exchange", "reuse"):
                continue
            status[entry["id"]] = entry.get("status")
            counts[kind][entry.get("test") or ""] += 1
            if kind == "exchange":  # a reused answer was not sent: no point on the timeline
                points.append((entry["at"], entry.get("status"), entry["id"], entry.get("test")))
            if entry.get("test") in tests:
                by_test.setdefault(entry["test"], []).append(entry)
    except OSError as error:
        log.warning("could not read the journal %s: %s", path, error)
    return found


def _results(run: Run, failing_tests: set[str], entries: list[dict[str, Any]]) -> list[Any]:
    from rect_conformance.checks import registry

    tests: dict[str, dict[str, Any]] = {k: dict(v) for k, v in run.planned.items()}
    for nodeid, outcome in run.outcomes.items():
        tests.setdefault(
            nodeid, {"check": outcome.get("check"), "operation": outcome.get("operation")}
        )
    counts: Counter[tuple[str, str]] = Counter(
        (e["test"], "known" if e["known_deviation"] else "findings") for e in entries
    )
    results = []
    for nodeid, meta in {**tests, **run.deselected}.items():
        check = meta.get("check")
        kind = registry.get(check).kind.value if check and check in registry else None
        params = meta.get("params") or {}
        result: dict[str, Any] = {
            "test": nodeid,
            "check": check,
            "operation": meta.get("operation"),
            "family": family_of(check, kind, params.get("mode"), nodeid),
            "findings": counts[(nodeid, "findings")],
            "known": counts[(nodeid, "known")],
        }
        if params:
            result["params"] = params
        result.update(_outcome(run, nodeid, failing_tests))
        results.append(result)
    return results


def _mark_knock_ons(results: list[dict[str, Any]], groups: list[dict[str, Any]]) -> None:
    # A test whose every finding is a knock-on of a server error failed because of the 500,
    # not because of what it checks; the coverage matrix shows it as such.
    roots = {t for g in groups if g["caused_by"] is None for t in g["tests"]}
    knocked = {t for g in groups if g["caused_by"] is not None for t in g["tests"]}
    for result in results:
        if result["outcome"] == "failed" and result["test"] in knocked - roots:
            result["knock_on"] = True


def _outcome(run: Run, nodeid: str, failing_tests: set[str]) -> dict[str, Any]:
    if nodeid in run.deselected:
        return {"outcome": "deselected", "why": "deselected", "reason": "outside the selection"}
    outcome = run.outcomes.get(nodeid)
    if outcome is None:
        if run.interrupted:
            return {"outcome": "not run", "why": "interrupted", "reason": run.interrupted}
        if run.fatal is not None:
            return {"outcome": "not run", "why": "target-failed", "reason": "the target failed"}
        return {"outcome": "not run", "why": "other", "reason": "the session ended before it"}
    reason = str(outcome.get("reason") or "").removeprefix("Skipped: ")
    if outcome["outcome"] == "passed":
        return {"outcome": "passed"}
    if outcome["outcome"] == "failed":
        if nodeid in failing_tests:
            return {"outcome": "failed"}
        return {
            "outcome": "not run",
            "why": "broke",
            "reason": reason or "the test raised an error",
        }
    return {"outcome": "not run", "why": not_run_reason(reason), "reason": reason}


def _operations_table(
    run: Run, results: list[dict[str, Any]], words: dict[str, str]
) -> dict[str, dict[str, Any]]:
    table: dict[str, dict[str, Any]] = {}
    for op in run.contract.operations:
        mine = [r for r in results if r["operation"] == op.operation_id]
        table[op.operation_id] = {
            "method": op.method,
            "path": op.path,
            "tests": dict(Counter(r["outcome"] for r in mine)),
            "findings": sum(r["findings"] for r in mine),
            "known": sum(r["known"] for r in mine),
            "covered": any(r["outcome"] in ("passed", "failed") for r in mine),
            "result": words.get(op.operation_id, "not selected"),
        }
    return table


def _run_facts(run: Run) -> dict[str, Any]:
    settings = run.settings
    return {
        "command": " ".join(run.command or command_line(settings)),
        "seed": settings.seed,
        "seed_note": "fixed seed"
        if settings.seed is not None
        else "derandomized: the same requests every run (give --seed N to vary them)",
        "max_examples": settings.max_examples,
        "require_complete": settings.require_complete,
        "user_agent": user_agent(),
        "run_header": f"{RUN_HEADER}: {run.run_id}",
        "versions": versions(),
    }


def _keep_spec(run: Run) -> str | None:
    content = getattr(run.contract, "content", b"")
    if not content:
        return None
    name = "spec.json" if content.lstrip()[:1] == b"{" else "spec.yaml"
    try:
        (run.report_dir / name).write_bytes(content)
    except OSError as error:
        log.warning("could not keep the spec in %s: %s", run.report_dir, error)
        return None
    return name


def _release_notes(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Each release note with an expectation file: its date, whether it came after the
    signed-off baseline, and whether its promises were confirmed live in this run."""
    from rect_conformance.evolution import load_expectations

    try:
        expectations = load_expectations(_project.contracts_dir() / "release_notes")
        baseline = json.loads(_project.baseline_file().read_text("utf-8")).get("date")
    except Exception as error:  # extra information: never the end of a report
        log.warning("could not read the release-note expectations: %s", error)
        return {"baseline_date": None, "notes": []}
    by_name = {e.name: e for e in expectations}
    notes: dict[tuple[str, str], dict[str, Any]] = {}
    for exp in expectations:
        notes.setdefault((exp.date, exp.note), {"date": exp.date, "note": exp.note, "outcomes": []})
    for result in results:
        promise = by_name.get(str((result.get("params") or {}).get("expectation")))
        if promise is not None and result["family"] == "release-notes":
            notes[(promise.date, promise.note)]["outcomes"].append(result)
    table = []
    for (date, _), note in sorted(notes.items(), reverse=True):
        outcomes = Counter(r["outcome"] for r in note.pop("outcomes"))
        if outcomes["failed"]:
            status = "not kept"
        elif outcomes["not run"]:
            status = "not fully checked"
        elif outcomes["passed"]:
            status = "confirmed live"
        else:
            status = "not selected"
        note.update(
            status=status,
            checks=sum(outcomes[k] for k in ("passed", "failed", "not run")),
            since_baseline=bool(baseline) and str(date) > str(baseline),
        )
        table.append(note)
    return {"baseline_date": baseline, "notes": table}


def _timeline(
    points: list[tuple[str, int | None, int, str | None]],
    evidence: dict[int, str],
    families: dict[str, str],
) -> dict[str, Any]:
    """Requests per time slice, by status class, with the check family that sent most of them,
    and where the findings' evidence was sent."""
    if not points:
        return {"start": None, "seconds": 0, "bins": [], "findings": []}
    times = [datetime.fromisoformat(point[0]) for point in points]
    start = min(times)
    span = max((max(times) - start).total_seconds(), 1.0)
    width = span / TIMELINE_BINS
    bins: list[dict[str, Any]] = [
        dict.fromkeys(("2xx", "3xx", "4xx", "5xx", "none"), 0) for _ in range(TIMELINE_BINS)
    ]
    senders: list[Counter[str]] = [Counter() for _ in range(TIMELINE_BINS)]
    marks = []
    for moment, (_, status, journal_id, test) in zip(times, points, strict=True):
        offset = (moment - start).total_seconds()
        index = min(int(offset / width), TIMELINE_BINS - 1)
        bins[index]["none" if status is None else f"{max(2, min(status // 100, 5))}xx"] += 1
        senders[index][families.get(test or "", "setup")] += 1
        if journal_id in evidence:
            marks.append({"t": round(offset, 2), "finding": evidence[journal_id]})
    for counts, sent_by in zip(bins, senders, strict=True):
        counts["family"] = sent_by.most_common(1)[0][0] if sent_by else None
    return {
        "start": start.isoformat(timespec="seconds"),
        "seconds": round(span, 1),
        "bin_seconds": round(width, 3),
        "bins": bins,
        "findings": marks,
    }
