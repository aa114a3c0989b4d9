"""Release-note expectations: what a note promises about responses, as data, and its check.

One YAML file per note in ``contracts/release_notes/``, holding one mapping or a list of them
(one per attribute the note names)::

    note: Add working_pattern field for early career teachers    # the note's title
    date: 2026-05-07
    operations: [getParticipants, getParticipant]
    objects: data.attributes.ecf_enrolments[]   # where the attribute lives; lists are walked
    attribute: working_pattern
    type: string            # JSON type: string, integer, number, boolean, object, array
    format: date            # optional: date, date-time (RFC 3339, with its zone), uuid
    nullable: true
    values: [full_time, part_time]      # optional: the only values allowed
    participant_types: [ect, mentor]    # objects it applies to (by the nearest participant_type)
    null_for: [mentor]      # optional: participant types for which it is always null
    absent: false           # true when the note says the attribute was removed
    when: {training_status: [deferred, withdrawn]}  # optional: only objects with these values
    params: {}              # optional query parameters for list operations

:func:`evaluate` is pure: it takes the expectation and a decoded response body and returns
findings, so it is tested on small data without a server.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from rect_conformance._errors import UsageError
from rect_conformance._formats import FORMATS
from rect_conformance.findings import Finding, Kind, Severity

_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "object": (dict,),
    "array": (list,),
}
_FIELDS = {
    "note",
    "date",
    "operations",
    "objects",
    "attribute",
    "type",
    "format",
    "nullable",
    "values",
    "participant_types",
    "null_for",
    "absent",
    "params",
    "draft",
    "when",
}


@dataclass(frozen=True)
class Expectation:
    """One release note's promise about one attribute."""

    name: str
    note: str
    date: str
    operations: tuple[str, ...]
    objects: str
    attribute: str
    type: str = ""
    format: str = ""
    nullable: bool = False
    values: tuple[str, ...] = ()
    participant_types: tuple[str, ...] = ()
    null_for: tuple[str, ...] = ()
    absent: bool = False
    params: dict[str, Any] = field(default_factory=dict)
    when: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def applies_to(self, obj: dict[str, Any], kind: str) -> bool:
        """Whether an object found at ``objects`` is one the note speaks about."""
        if self.participant_types and kind and kind not in self.participant_types:
            return False
        return all(str(obj.get(k)) in allowed for k, allowed in self.when.items())


def parse_expectation(data: Any, name: str) -> Expectation:
    """Build an expectation from a parsed YAML mapping, naming any wrong field."""
    if not isinstance(data, dict):
        raise UsageError(f"{name}: an expectation must be a mapping")
    unknown = sorted(set(data) - _FIELDS)
    missing = [k for k in ("note", "operations", "objects", "attribute") if not data.get(k)]
    if unknown or missing:
        raise UsageError(f"{name}: unknown fields {unknown} / missing fields {missing}")
    if data.get("type") and data["type"] not in _TYPES:
        raise UsageError(f"{name}: type {data['type']!r} is not one of {sorted(_TYPES)}")
    return Expectation(
        name,
        str(data["note"]),
        str(data.get("date", "")),
        tuple(data["operations"]),
        str(data["objects"]),
        str(data["attribute"]),
        str(data.get("type", "")),
        str(data.get("format", "")),
        bool(data.get("nullable")),
        tuple(str(v) for v in data.get("values") or ()),
        tuple(data.get("participant_types") or ()),
        tuple(data.get("null_for") or ()),
        bool(data.get("absent")),
        dict(data.get("params") or {}),
        {str(k): tuple(str(v) for v in vs) for k, vs in (data.get("when") or {}).items()},
    )


def load_expectations(folder: Path) -> list[Expectation]:
    """Every ``*.yaml`` expectation in ``folder``, sorted by file name."""
    out = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError:
            raise UsageError(f"{path} is not valid YAML; fix the expectation file") from None
        entries = data if isinstance(data, list) else [data]
        for index, entry in enumerate(entries, 1):
            name = path.stem if len(entries) == 1 else f"{path.stem}#{index}"
            out.append(parse_expectation(entry, name))
    return out


def objects_at(body: Any, path: str) -> Iterator[tuple[dict[str, Any], str]]:
    """Each object found at ``path`` with the participant type nearest above it ("" if none)."""

    def walk(node: Any, parts: list[str], kind: str) -> Iterator[tuple[dict[str, Any], str]]:
        if isinstance(node, list):
            for item in node:
                yield from walk(item, parts, kind)
            return
        if not isinstance(node, dict):
            return
        kind = str(node.get("participant_type") or kind)
        if not parts:
            yield node, kind
            return
        yield from walk(node.get(parts[0]), parts[1:], kind)

    parts = [p for p in path.replace("[]", "").split(".") if p]
    yield from walk(body, parts, "")


def _problems(exp: Expectation, obj: dict[str, Any], kind: str) -> Iterator[str]:
    name = exp.attribute
    if exp.absent:
        if name in obj:
            yield f"{name} is still sent ({obj[name]!r}) though the note says it was removed"
        return
    if name not in obj:
        yield f"{name} is missing"
        return
    value = obj[name]
    if value is None:
        if not exp.nullable and kind not in exp.null_for:
            yield f"{name} is null"
        return
    if kind and kind in exp.null_for:
        yield f"{name} is {value!r} for a {kind}, where the note says it is always null"
    allowed = _TYPES.get(exp.type)
    if allowed and (
        not isinstance(value, allowed) or (exp.type != "boolean" and isinstance(value, bool))
    ):
        yield f"{name} is {value!r} ({type(value).__name__}), expected {exp.type}"
        return
    rule = FORMATS.get(exp.format)
    if rule is not None and isinstance(value, str) and not rule(value):
        yield f"{name} is {value!r}, not a {exp.format}"
    if exp.values and str(value) not in exp.values:
        yield f"{name} is {value!r}, not one of {list(exp.values)}"


def evaluate(expectation: Expectation, response_json: Any, operation: str = "*") -> list[Finding]:
    """Findings for every object in ``response_json`` that breaks the note's promise."""
    findings = []
    for obj, kind in objects_at(response_json, expectation.objects):
        if not expectation.applies_to(obj, kind):
            continue
        who = obj.get("training_record_id") or obj.get("id") or ""
        for problem in _problems(expectation, obj, kind):
            findings.append(
                Finding(
                    check=f"release-note:{expectation.name}",
                    kind=Kind.RELEASE_NOTE,
                    operation=operation,
                    message=f"{problem} in {expectation.objects}" + (f" of {who}" if who else ""),
                    expected=_promise(expectation),
                    severity=Severity.MAJOR,
                    source=f"release note {expectation.date} {expectation.note!r}",
                )
            )
    return findings


def _promise(exp: Expectation) -> str:
    if exp.absent:
        return f"{exp.attribute} is no longer sent"
    parts = [f"{exp.attribute} present", f"type {exp.type}" if exp.type else ""]
    parts += [
        f"format {exp.format}" if exp.format else "",
        "nullable" if exp.nullable else "not null",
    ]
    parts += [f"one of {list(exp.values)}" if exp.values else ""]
    parts += [f"null for {list(exp.null_for)}" if exp.null_for else ""]
    return ", ".join(p for p in parts if p)
