"""Writers for diff results, the rules table, cross-checks, timelines and the release impact.

Each takes typed results and returns text; none computes anything of its own.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

from rect_conformance.evolution._crosscheck import CrossCheck
from rect_conformance.evolution._diff import Change
from rect_conformance.evolution._history import Timeline, timeline_dict, timeline_totals
from rect_conformance.evolution._impact import SECTIONS
from rect_conformance.evolution._rules import rules_table

FORMATS = ("text", "markdown", "json", "junit")


def _ops(change: Change, limit: int = 4) -> str:
    names = [op.split(" (")[0] for op in change.operations]
    more = f" and {len(names) - limit} more" if len(names) > limit else ""
    return ", ".join(names[:limit]) + more


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def changes_text(changes: list[Change]) -> str:
    """One line per change, then the count of description and example edits."""
    real = [c for c in changes if not c.is_doc]
    lines = [
        f"{c.rule.level.upper():7} {c.rule_id}: {c.message}"
        + (f"  [{_ops(c)}]" if c.operations else "")
        for c in real
    ]
    docs = len(changes) - len(real)
    lines.append(
        f"{len(real)} change(s), {sum(c.breaking for c in real)} breaking; "
        f"{docs} description/example edit(s)"
    )
    return "\n".join(lines) + "\n"


def changes_markdown(changes: list[Change]) -> str:
    """A markdown table of changes and a list of doc edits."""
    real = [c for c in changes if not c.is_doc]
    out = ["| level | rule | breaking | change | operations |", "|---|---|---|---|---|"]
    out += [
        f"| {c.rule.level} | `{c.rule_id}` | {'yes' if c.breaking else 'no'} | {_md(c.message)} "
        f"| {_md(_ops(c, 50))} |"
        for c in real
    ]
    docs = [c for c in changes if c.is_doc]
    if docs:
        out += ["", f"**Description and example edits ({len(docs)}):**", ""]
        out += [f"- {_md(c.message)}" for c in docs]
    return "\n".join(out) + "\n"


def changes_json(changes: list[Change]) -> str:
    """JSON with the changes, the doc edits apart, and a summary."""
    real = [c for c in changes if not c.is_doc]
    payload = {
        "changes": [c.to_dict() for c in real],
        "doc_edits": [c.to_dict() for c in changes if c.is_doc],
        "summary": {
            "changes": len(real),
            "breaking": sum(c.breaking for c in real),
            "doc_edits": len(changes) - len(real),
        },
    }
    return json.dumps(payload, indent=2) + "\n"


def changes_junit(changes: list[Change]) -> str:
    """JUnit XML: one test case per change; breaking ones fail."""
    real = [c for c in changes if not c.is_doc]
    suite = ET.Element(
        "testsuite",
        name="rect-conformance diff",
        tests=str(len(real)),
        failures=str(sum(c.breaking for c in real)),
    )
    for change in real:
        case = ET.SubElement(suite, "testcase", classname=change.rule_id, name=change.message)
        if change.breaking:
            failure = ET.SubElement(case, "failure", type=change.rule_id, message=change.message)
            failure.text = "\n".join(change.operations)
    return ET.tostring(suite, encoding="unicode") + "\n"


_CHANGE_WRITERS: dict[str, Callable[[list[Change]], str]] = {
    "text": changes_text,
    "markdown": changes_markdown,
    "json": changes_json,
    "junit": changes_junit,
}


def render_changes(changes: list[Change], fmt: str) -> str:
    """The diff in one of :data:`FORMATS`."""
    return _CHANGE_WRITERS[fmt](changes)


def render_rules(fmt: str) -> str:
    """The rules table (text, markdown or JSON)."""
    rows = rules_table()
    if fmt == "json":
        return json.dumps([r.__dict__ for r in rows], indent=2) + "\n"
    if fmt == "markdown":
        out = [
            "| id | level | direction | location | breaking | message | a client must |",
            "|---|---|---|---|---|---|---|",
        ]
        out += [
            f"| `{r.id}` | {r.level} | {r.direction} | {r.location} "
            f"| {'yes' if r.breaking else 'no'} "
            f"| {_md(r.message)} | {_md(r.action)} |"
            for r in rows
        ]
        return "\n".join(out) + "\n"
    width = max(len(r.id) for r in rows)
    return (
        "\n".join(
            f"{r.id:{width}}  {r.level:7}  {r.direction:8}  {r.location:9}  "
            f"{'breaking' if r.breaking else 'safe':8}  {r.message}"
            for r in rows
        )
        + "\n"
    )


def render_crosscheck(check: CrossCheck, fmt: str) -> str:
    """The cross-check: unannounced changes (breaking first), note problems, matches."""
    if fmt == "json":
        return json.dumps(check.to_dict(), indent=2) + "\n"
    bullet = "- " if fmt == "markdown" else "  "

    def head(title: str) -> str:
        return f"\n## {title}\n" if fmt == "markdown" else f"{title}:"

    out = [head(f"Changes no note announces ({len(check.unannounced)})")]
    out += [
        f"{bullet}{'BREAKING ' if c.breaking else ''}{c.rule_id}: {c.message}"
        for c in check.unannounced
    ]
    out += [head(f"Notes the spec does not bear out ({len(check.problems)})")]
    out += [f"{bullet}{p.date} {p.note!r}: {p.kind}: {p.message}" for p in check.problems]
    out += [head(f"Announced changes ({len(check.matches)})")]
    out += [f"{bullet}{c.rule_id}: {c.message} <- {title!r}" for c, title in check.matches]
    return "\n".join(out) + "\n"


def render_timeline_markdown(timeline: Timeline) -> str:
    """The history as a markdown timeline."""
    totals = timeline_totals(timeline)
    out = [
        "# Spec history",
        "",
        ", ".join(f"{k}: {v}" for k, v in totals.items()),
        "",
        "| to version | date | changes | breaking | doc edits | unannounced |",
        "|---|---|---|---|---|---|",
    ]
    for step in timeline_dict(timeline)["steps"]:
        out.append(
            f"| {step['to']} | {step['date']} | {step['changes']} | {step['breaking']} "
            f"| {step['doc_edits']} | {len(step['unannounced'])} |"
        )
    for step in timeline.steps:
        real = [c for c in step.changes if not c.is_doc]
        if not real:
            continue
        out += ["", f"## {step.new.name}", ""]
        announced = {id(c): t for c, t in step.check.matches}
        for change in real:
            note = f" — note: {announced[id(change)]!r}" if id(change) in announced else ""
            out.append(f"- {'**breaking** ' if change.breaking else ''}{_md(change.message)}{note}")
    out += ["", "## Notes the spec does not bear out", ""]
    out += [f"- {p.date} {p.note!r}: {p.kind}: {p.message}" for p in timeline.check.problems]
    out += ["", "## Notes no change matched (behaviour or data only)", ""]
    out += [f"- {n.date} {n.title}" for n in timeline.unmatched_notes()]
    return "\n".join(out) + "\n"


def timeline_json(timeline: Timeline) -> str:
    """The history as JSON."""
    payload: dict[str, Any] = timeline_dict(timeline)
    return json.dumps(payload, indent=2) + "\n"


def _short(sha: str | None) -> str:
    return (sha or "")[:12] or "none"


def _impact_head(data: dict[str, Any]) -> list[str]:
    spec, notes, baseline = data["spec"], data["notes"], data["spec"].get("baseline") or {}
    return [
        f"# Release impact: {data['status']}",
        "",
        f"Generated {data['generated']} for {data['target']}; exit code {data['exit_code']}.",
        "",
        f"- Spec: {spec.get('source')} (sha256 {_short(spec.get('sha256'))}, version "
        f"{spec.get('version') or '?'}), "
        + ("new" if spec.get("new") else "unchanged")
        + f" since {spec.get('compared_with', 'the last watch')}",
        f"- Baseline (signed off): {baseline.get('source')} (sha256 "
        f"{_short(baseline.get('sha256'))}, accepted {baseline.get('date')})",
        f"- Release notes: {notes.get('source')}, {notes.get('total', 0)} in all, "
        f"{len(notes['new'])} new since {notes.get('since') or 'the last watch'}",
    ]


def _change_line(entry: dict[str, Any], announced: dict[str, str]) -> str:
    ops = ", ".join(op.split(" (")[0] for op in entry["operations"][:4])
    more = f" and {len(entry['operations']) - 4} more" if len(entry["operations"]) > 4 else ""
    note = announced.get(entry["message"])
    said = f"; announced by {note!r}" if note else ""
    return f"- {_md(entry['message'])}" + (f" [{ops}{more}]" if ops else "") + said


def _run_lines(run: dict[str, Any]) -> list[str]:
    if not run.get("ran"):
        return [f"Not run: {run.get('reason', 'no reason recorded')}."]
    out = [
        f"Verdict **{run['verdict']}** on {', '.join(run['operations']) or 'no operation'} "
        f"({run.get('requests', 0)} requests; report: `{run.get('report_dir')}`).",
    ]
    if run.get("error"):
        out.append(f"The run stopped: {run['error']}")
    out += [
        f"- finding [{f['check']}] {f['operation']}: {_md(f['message'])}"
        for f in run.get("findings", [])
    ]
    if run.get("known_deviations"):
        out.append(f"- {run['known_deviations']} known deviation(s) of the spec (not failing)")
    return out


def _draft_line(draft: dict[str, Any]) -> str:
    if not draft.get("file"):
        return f"- {draft['note']!r}: nothing checkable (it names no response attribute)"
    where = ", ".join(draft["operations"])
    checked = (
        "checked by this run"
        if draft.get("checked_by_run")
        else f"not run: {draft.get('not_run_reason', 'not in the suite folder')}"
    )
    return (
        f"- `{draft['file']}` ({draft['status']}) for {draft['note']!r}: "
        f"{', '.join(draft['attributes'])} on {where}; {checked}"
    )


def render_impact_markdown(data: dict[str, Any]) -> str:
    """The release impact report, from the dict of ``_impact.impact`` alone."""
    announced = {a["change"]["message"]: a["note"] for a in data["announced"]}
    notes = [
        f"- {n['date']} **{_md(n['title'])}**"
        + (f" ({', '.join(n['tags'])})" if n["tags"] else "")
        + (" (edited since the last watch)" if n["edited"] else "")
        for n in data["notes"]["new"]
    ]
    changes = [
        f"{len(data['changes'])} change(s), {len(data['breaking'])} breaking, "
        f"{data['doc_edits']} description/example edit(s), since the baseline"
        + (":" if data["changes"] else "."),
        *([""] if data["changes"] else []),
        *(_change_line(c, announced) for c in data["changes"]),
    ]
    unannounced = [
        f"- {'**breaking** ' if c['breaking'] else ''}{c['rule']}: {_md(c['message'])}"
        for c in data["unannounced"]
    ]
    absent = [
        f"- {p['date']} {p['note']!r}: {p['kind']}: {_md(p['message'])}"
        for p in data["not_delivered"]
    ]
    actions = [
        f"- {_md(a['action'])} (because {_md(a['because'])}"
        + (
            f"; {', '.join(o.split(' (')[0] for o in a['operations'][:4])}"
            if a["operations"]
            else ""
        )
        + (f"; announced by {a['announced_by']!r}" if a["announced_by"] else "; not announced")
        + ")"
        for a in data["integration"]
    ]
    bodies = [
        notes,
        changes,
        [_change_line(c, announced) for c in data["breaking"]],
        unannounced,
        absent,
        [_draft_line(d) for d in data["drafts"]],
        _run_lines(data["run"]),
        actions,
    ]
    out = _impact_head(data)
    for title, body in zip(SECTIONS, bodies, strict=True):
        out += ["", f"## {title}", "", *(body or ["None."])]
    return "\n".join(out) + "\n"
