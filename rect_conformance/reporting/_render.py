"""``summary.md`` and ``report.html`` from a summary, through the Jinja2 templates beside this
module. Python only prepares data (counts, the geometry of the pictures); every character of
markup is in the templates. The page is one file: styles inline, pictures as inline SVG, no
script, no font, no image and no link that the browser would fetch.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

import jinja2

from rect_conformance.reporting._grouping import headline
from rect_conformance.reporting._tables import FAMILIES, NOT_RUN_BY_ID, public_source
from rect_conformance.reporting._verdict import HEADLINES

KINDS = ("tenancy", "auth", "contract", "robustness", "sync", "lifecycle", "release-note", "spec")
SEVERITIES = ("critical", "major", "minor")
SHORT_REASON = {
    "no-second-token": "no 2nd token",
    "no-test-support": "no test support",
    "budget": "budget",
    "write-guard": "write guard",
    "nothing-to-judge": "no data",
    "target-failed": "target failed",
    "interrupted": "interrupted",
    "broke": "broke",
    "deselected": "deselected",
    "other": "not judged",
}
TOP_FINDINGS = 5
TOP_MARKDOWN = 10


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("rect_conformance.reporting", "templates"),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",)),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["when"] = _when
    env.filters["duration"] = _duration
    env.filters["short"] = lambda text, n=12: str(text or "")[:n]
    env.filters["sentence"] = _sentence
    return env


# Words a test name writes in lower case that a reader expects written properly.
_PROPER = {"ect": "ECT", "ects": "ECTs", "dfe": "DfE", "london": "London", "gmt": "GMT"}


def _sentence(test_name: str) -> str:
    """A scenario's test function name as a reader would say it (its parameters kept):
    ``test_void_in_every_state[paid]`` -> ``Void in every state [paid]``."""
    name, _, params = str(test_name).partition("[")
    words = " ".join(_PROPER.get(w, w) for w in name.removeprefix("test_").split("_") if w)
    words = words[:1].upper() + words[1:]
    return f"{words} [{params}" if params else words


def _when(stamp: str | None) -> str:
    if not stamp:
        return "?"
    try:
        return datetime.fromisoformat(stamp).strftime("%Y-%m-%d %H:%M:%S UTC")
    except ValueError:
        return stamp


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest:02d} s" if minutes else f"{rest} s"


def context(data: dict[str, Any]) -> dict[str, Any]:
    """What the templates are given: the summary and the figures made from it."""
    findings = data.get("findings", [])
    causes = [f for f in findings if f.get("caused_by") is None]
    tests = data.get("tests", {})
    in_scope = sum(n for k, n in tests.items() if k != "deselected")
    by_kind = Counter((f["kind"], f["severity"]) for f in causes)
    kinds = [k for k in KINDS if any(by_kind[(k, s)] for s in SEVERITIES)]
    kinds += sorted({k for k, _ in by_kind} - set(kinds))
    waivers = data.get("known_deviations", [])
    lifecycle = _lifecycle(data.get("lifecycle"))
    return {
        "d": data,
        "headline": HEADLINES.get(data.get("verdict", ""), str(data.get("verdict", "")).upper()),
        "causes": causes,
        "knock_ons": [f for f in findings if f.get("caused_by") is not None],
        "top": headline(causes, TOP_FINDINGS),
        "more": len({f["check"] for f in causes}) - TOP_FINDINGS,
        "top_md": headline(causes, TOP_MARKDOWN),
        "more_md": len({f["check"] for f in causes}) - TOP_MARKDOWN,
        "knocks": {f["id"]: f for f in findings if f.get("caused_by") is not None},
        "by_check": _by_check(causes),
        "op_words": Counter(
            row["result"] for row in data.get("operations", {}).values()
        ).most_common(),
        "in_scope": in_scope,
        "ran": tests.get("passed", 0) + tests.get("failed", 0),
        "families": [f for f in FAMILIES if f.id in data.get("coverage", {}).get("families", [])],
        "short_reason": SHORT_REASON,
        "reason_ids": {r.label: r.id for r in NOT_RUN_BY_ID.values()},
        "kind_rows": [(k, [by_kind[(k, s)] for s in SEVERITIES]) for k in kinds],
        "severities": SEVERITIES,
        "known_total": sum(w["count"] for w in waivers),
        "overdue": [w for w in waivers if w.get("overdue")],
        "bar": _bar(tests),
        "timeline": _timeline_geometry(data.get("timeline") or {}),
        "budget_share": _share(data.get("requests", {})),
        "lifecycle": lifecycle,
        "lifecycle_grid": _lifecycle_grid(lifecycle),
        "documentation": [_mismatch(f) for f in data.get("documentation_mismatches") or []],
        "changes": data.get("baseline_changes"),
    }


def _by_check(causes: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """The findings grouped by check, in the order their first finding comes."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for finding in causes:
        groups.setdefault(finding["check"], []).append(finding)
    return list(groups.items())


MATRIX_ROW = {"subject": "", "state": "", "action": "", "result": "", "reason": None}
SCENARIO_ROW = {"name": "", "check": "", "result": "", "reason": None, "requests": 0}


def _count(value: Any) -> int:
    """A number of steps, given as a count or as the steps themselves."""
    if isinstance(value, int):
        return value
    return len(value) if isinstance(value, list | tuple) else 0


def _lifecycle(section: Any) -> dict[str, Any] | None:
    """The lifecycle section (written by the scenarios) with every field the pages use."""
    if not isinstance(section, dict):
        return None

    def listed(value: Any) -> list[Any]:
        return list(value) if isinstance(value, list | tuple) else [] if value is None else [value]

    return {
        "matrix": [
            {
                **MATRIX_ROW,
                **row,
                "rules": listed(row.get("rules")),
                "steps": _count(row.get("steps")),
            }
            for row in section.get("matrix") or []
        ],
        "scenarios": [
            {**SCENARIO_ROW, **row, "participants": listed(row.get("participants"))}
            for row in section.get("scenarios") or []
        ],
        "undone": listed(section.get("undone")),
        "not_undone": [
            {"what": item.get("what", ""), "why": item.get("why", "")}
            if isinstance(item, dict)
            else {"what": str(item), "why": ""}
            for item in section.get("not_undone") or []
        ],
    }


def _mismatch(finding: dict[str, Any]) -> dict[str, Any]:
    """A documentation mismatch with every field the pages use."""
    label, url = public_source(str(finding.get("source") or ""), "documentation")
    return {
        "operation": "",
        "message": "",
        "expected": "",
        "source_label": label,
        "source_url": url,
        **finding,
    }


def _lifecycle_grid(lifecycle: Any) -> dict[str, Any] | None:
    """The lifecycle matrix as a grid: a row per subject and state, a column per action."""
    if not isinstance(lifecycle, dict) or not lifecycle.get("matrix"):
        return None
    actions: list[str] = []
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for item in lifecycle["matrix"]:
        action = str(item.get("action"))
        if action not in actions:
            actions.append(action)
        key = (str(item.get("subject")), str(item.get("state")))
        rows.setdefault(key, {"subject": key[0], "state": key[1], "cells": {}})
        rows[key]["cells"][action] = item
    return {"actions": actions, "rows": list(rows.values())}


def _share(requests: dict[str, Any]) -> float | None:
    budget = requests.get("budget")
    return min(1.0, requests.get("sent", 0) / budget) if budget else None


def _bar(tests: dict[str, int]) -> list[dict[str, Any]]:
    """The segments of the tests bar: passed, failed, not run, deselected (as % of all)."""
    order = (("passed", "ok"), ("failed", "bad"), ("not run", "gap"), ("deselected", "off"))
    total = sum(tests.get(k, 0) for k, _ in order) or 1
    x = 0.0
    segments = []
    for key, css in order:
        count = tests.get(key, 0)
        if count:
            width = 100.0 * count / total
            segments.append({"key": key, "css": css, "count": count, "x": x, "w": width})
            x += width
    return segments


FAMILY_COLOURS = {
    "valid": "#5c6bc0",
    "invalid": "#9575cd",
    "auth": "#26a69a",
    "tenancy": "#ef6c00",
    "sync": "#29b6f6",
    "envelopes": "#8d6e63",
    "release-notes": "#d4e157",
    "lifecycle": "#ec407a",
    "spec": "#78909c",
    "other": "#bdbdbd",
    "setup": "#eceff1",
}
NICE_STEPS = (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600)


def _timeline_geometry(timeline: dict[str, Any]) -> dict[str, Any] | None:
    """Bars (one per time slice, stacked by status class), a band of the check family that
    sent most requests in each slice, finding marks and time ticks, in a 1000-wide box."""
    bins = timeline.get("bins") or []
    if not bins:
        return None
    classes = ("2xx", "3xx", "4xx", "5xx", "none")
    peak = max(sum(b.get(c, 0) for c in classes) for b in bins) or 1
    width, height, top = 1000.0, 120.0, 16.0
    step = width / len(bins)
    bars, band = [], []
    for index, counts in enumerate(bins):
        y = top + height
        for cls in classes:
            n = counts.get(cls, 0)
            if n:
                h = height * n / peak
                y -= h
                bars.append({"x": index * step, "y": y, "w": max(step - 1, 1), "h": h, "cls": cls})
        family = counts.get("family")
        if family:
            band.append(
                {"x": index * step, "w": step, "colour": FAMILY_COLOURS.get(family, "#bdbdbd")}
            )
    seconds = float(timeline.get("seconds") or 1)
    every = next((s for s in NICE_STEPS if seconds / s <= 8), NICE_STEPS[-1])
    ticks = [
        {"x": width * t / seconds, "label": _duration(t)} for t in range(0, int(seconds) + 1, every)
    ]
    marks = [
        {"x": width * m["t"] / seconds, "id": m["finding"]} for m in timeline.get("findings", [])
    ]
    used = {b.get("family") for b in bins} - {None}
    legend = [(f.label, FAMILY_COLOURS[f.id]) for f in FAMILIES if f.id in used]
    return {
        "bars": bars,
        "band": band,
        "band_y": top + height + 4,
        "marks": marks,
        "ticks": ticks,
        "peak": peak,
        "top": top,
        "h": height,
        "legend": legend,
    }


def markdown(data: dict[str, Any]) -> str:
    """``summary.md``: the first screen a tech lead reads before signing, as text."""
    return _environment().get_template("summary.md.j2").render(context(data))


def html(data: dict[str, Any]) -> str:
    """``report.html``: the whole report as one self-contained, printable page."""
    return _environment().get_template("report.html.j2").render(context(data))
