"""Findings a person can act on: duplicates merged, knock-on findings tied to their cause,
known deviations grouped per waiver. Pure functions over finding dicts.

A *finding entry* is what the run recorded: ``Finding.to_dict()`` (redacted) plus ``test``,
``known_deviation`` (a waiver id or ``None``), ``fails_run``, ``reproduction`` (method, url,
headers, body, identity, journal) and ``evidence_status`` (the status of the journaled answer
that showed it, when known).

* Same check, operation and symptom (the message with its values blanked) is one finding, with
  a ``count``, the tests that saw it, up to three examples, and the shortest reproduction.
* A finding whose evidence is a server error (5xx) but which is not itself about robustness (a
  500 is not a tenancy leak) is a *knock-on*: tied to the robustness finding of its operation
  (made when no check reported one) with ``caused_by``, and not counted on its own.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Any

from rect_conformance.reporting._tables import KIND_ORDER, public_source

SEVERITY_ORDER = {"critical": 0, "major": 1, "minor": 2}
MAX_EXAMPLES = 3
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
_LONG_NUMBER = re.compile(r"\b\d{4,}\b")
_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}[T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?")


def symptom(message: str) -> str:
    """``message`` with the values that differ between sightings of one problem blanked."""
    text = _UUID.sub("<id>", message)
    text = _STAMP.sub("<time>", text)
    text = re.sub(r"\[\d+\]", "[]", text)
    text = _QUOTED.sub("'…'", text)
    return _LONG_NUMBER.sub("<n>", text)[:200]


def finding_id(check: str, operation: str, text: str) -> str:
    """A short id, stable between runs, for one check, operation and symptom."""
    digest = hashlib.sha1(f"{check}|{operation}|{text}".encode()).hexdigest()
    return "F" + digest[:6]


def _size(entry: dict[str, Any]) -> int:
    repro = entry.get("reproduction") or {}
    return len(str(repro.get("url", ""))) + len(str(repro.get("body") or ""))


def _is_documentation(entry: dict[str, Any]) -> bool:
    return entry.get("fails_run") is False or entry.get("kind") == "documentation"


def merge(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One group per check, operation and symptom, shortest reproduction first."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        key = finding_id(entry["check"], entry["operation"], symptom(entry["message"]))
        groups.setdefault(key, []).append(entry)
    merged = []
    for key, members in groups.items():
        members = sorted(members, key=_size)
        first = members[0]
        label, url = public_source(first.get("source") or "", first["kind"])
        examples = list(dict.fromkeys(m["curl"] for m in members if m.get("curl")))
        merged.append(
            {
                "id": key,
                "check": first["check"],
                "kind": first["kind"],
                "severity": first["severity"],
                "operation": first["operation"],
                "message": first["message"],
                "expected": first.get("expected") or "",
                "rule": first.get("rule") or "",
                "source": first.get("source") or "",
                "source_label": label,
                "source_url": url,
                "count": len(members),
                "tests": sorted({m["test"] for m in members}),
                "curl": first.get("curl"),
                "examples": examples[:MAX_EXAMPLES],
                "reproduction": first.get("reproduction"),
                "journal": sorted(
                    {m["reproduction"]["journal"] for m in members if _journal_of(m) is not None}
                )[:20],
                "evidence_status": first.get("evidence_status"),
                "caused_by": None,
                "knock_ons": [],
            }
        )
    return merged


def _journal_of(entry: dict[str, Any]) -> int | None:
    repro = entry.get("reproduction")
    return repro.get("journal") if isinstance(repro, dict) else None


def tie_knock_ons(groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Tie each finding whose evidence is a 5xx (and is not about robustness) to the
    robustness finding of its operation, creating that finding when no check reported one."""
    causes = {g["operation"]: g for g in groups if g["kind"] == "robustness"}
    result = list(groups)
    for group in groups:
        status = group.get("evidence_status")
        if group["kind"] == "robustness" or not isinstance(status, int) or status < 500:
            continue
        cause = causes.get(group["operation"])
        if cause is None:
            cause = _server_error_from(group, status)
            causes[group["operation"]] = cause
            result.append(cause)
        group["caused_by"] = cause["id"]
        group["severity"] = "minor"
        cause["knock_ons"].append(group["id"])
    return result


def _server_error_from(group: dict[str, Any], status: int) -> dict[str, Any]:
    message = f"{group['operation']}: answered {status} (seen by the {group['check']} check)"
    return {
        **group,
        "id": finding_id("server_error", group["operation"], symptom(message)),
        "check": "server_error",
        "kind": "robustness",
        "severity": "critical",
        "message": message,
        "expected": "no server error, whatever the request",
        "rule": "",
        "source": "",
        "source_label": "OpenAPI spec: documented responses",
        "caused_by": None,
        "knock_ons": [],
    }


def ordered(groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Causes before knock-ons; then by severity, kind, operation."""
    return sorted(
        groups,
        key=lambda g: (
            g["caused_by"] is not None,
            SEVERITY_ORDER.get(g["severity"], 9),
            KIND_ORDER.index(g["kind"]) if g["kind"] in KIND_ORDER else len(KIND_ORDER),
            g["operation"],
            g["check"],
        ),
    )


def group_findings(entries: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """``findings`` (failing, merged, knock-ons tied), ``documentation_mismatches`` (findings
    that do not fail the run) and ``known`` (entries matching a waiver, ungrouped)."""
    failing = [e for e in entries if not e.get("known_deviation") and not _is_documentation(e)]
    documentation = [e for e in entries if not e.get("known_deviation") and _is_documentation(e)]
    return {
        "findings": ordered(tie_knock_ons(merge(failing))),
        "documentation_mismatches": merge(documentation),
        "known": [e for e in entries if e.get("known_deviation")],
    }


def waivers(
    known: list[dict[str, Any]], deviations: list[Any], today: dt.date
) -> list[dict[str, Any]]:
    """The known deviations grouped per waiver: its reason, source, owner, review date (and
    whether that has passed), how many findings it covered, and the shortest example. Every
    waiver is listed, those that covered nothing too (they may be obsolete)."""
    seen: dict[str, list[dict[str, Any]]] = {}
    for entry in known:
        seen.setdefault(entry["known_deviation"], []).append(entry)
    table = []
    for deviation in deviations:
        members = sorted(seen.get(deviation.id, []), key=_size)
        example = members[0] if members else None
        table.append(
            {
                "id": deviation.id,
                "check": deviation.check,
                "reason": deviation.reason,
                "source": deviation.source,
                "owner": deviation.owner,
                "review_by": deviation.review_by.isoformat() if deviation.review_by else None,
                "overdue": deviation.overdue(today),
                "count": len(members),
                "operations": sorted({m["operation"] for m in members}),
                "example": (
                    {"message": example["message"], "curl": example.get("curl")}
                    if example
                    else None
                ),
            }
        )
    return table


def headline(groups: list[dict[str, Any]], limit: int = 5) -> list[dict[str, Any]]:
    """The failures a first screen shows: one line per check (its first, most severe finding,
    with the operations it was seen on), causes only, in the order of :func:`ordered`."""
    lines: dict[str, dict[str, Any]] = {}
    for group in groups:
        if group["caused_by"] is not None:
            continue
        line = lines.setdefault(group["check"], {**group, "operations": [], "ids": []})
        if group["operation"] not in line["operations"]:
            line["operations"].append(group["operation"])
        line["ids"].append(group["id"])
    return list(lines.values())[:limit]
