"""Compare two normalised specs (see ``_model``) and name each change by its rule.

One small function per part of an operation; each yields ``(rule_id, location, detail, old,
new)`` for one operation, and :func:`diff_models` groups equal changes so that a change to a
shared schema is reported once, naming every operation it reaches.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from rect_conformance.evolution._model import Nodes, operation_label
from rect_conformance.evolution._rules import LEVEL_ORDER, Rule, rule

Raw = tuple[str, str, str, str, str]  # rule id, location, detail, old, new


@dataclass(frozen=True)
class Change:
    """One change between two specs, with every operation it reaches."""

    rule_id: str
    location: str
    detail: str = ""
    old: str = ""
    new: str = ""
    operations: tuple[str, ...] = field(default_factory=tuple)

    @property
    def rule(self) -> Rule:
        """The rule row of this change's kind."""
        return rule(self.rule_id)

    @property
    def breaking(self) -> bool:
        """Whether the change can break a lead provider's client."""
        return self.rule.breaking

    @property
    def is_doc(self) -> bool:
        """A description or example edit, reported apart from the real changes."""
        return self.rule.location == "doc"

    @property
    def message(self) -> str:
        """The rule's message filled with this change's values."""
        return self.rule.message.format(
            location=self.location,
            detail=self.detail,
            old=self.old or "none",
            new=self.new or "none",
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "rule": self.rule_id,
            "level": self.rule.level,
            "breaking": self.breaking,
            "direction": self.rule.direction,
            "location": self.location,
            "detail": self.detail,
            "old": self.old,
            "new": self.new,
            "message": self.message,
            "operations": list(self.operations),
        }


def _where(key: str, facts: dict[str, Any], prefix: str) -> str:
    origin = facts.get("origin")
    if origin:
        return str(origin)
    return f"{prefix} {key.lstrip('.') or '(body)'}"


def _top_level(keys: set[str]) -> list[str]:
    """Keys whose parent is not in the same set: report a new object, not each of its fields."""
    out = []
    for key in sorted(keys):
        parents = [key[:i] for i in range(len(key)) if key[i] in ".["]
        if not any(p in keys for p in parents if p):
            out.append(key)
    return out


def _facts_changes(
    prefix: str, old: dict[str, Any], new: dict[str, Any], where: str, required_matters: bool = True
) -> Iterator[Raw]:
    if old.get("type") != new.get("type") and old.get("type") and new.get("type"):
        yield f"{prefix}-type-changed", where, "", old["type"], new["type"]
    if old.get("format") != new.get("format"):
        yield f"{prefix}-format-changed", where, "", old.get("format", ""), new.get("format", "")
    enum_prefix = "parameter" if prefix == "parameter" else prefix.split("-")[0]
    if "enum" in old and "enum" in new:
        for value in sorted(set(new["enum"]) - set(old["enum"])):
            yield f"{enum_prefix}-enum-value-added", where, value, "", ""
        for value in sorted(set(old["enum"]) - set(new["enum"])):
            yield f"{enum_prefix}-enum-value-removed", where, value, "", ""
    if prefix != "parameter" and bool(old.get("nullable")) != bool(new.get("nullable")):
        yield (
            f"{prefix}-made-{'nullable' if new.get('nullable') else 'not-nullable'}",
            where,
            "",
            "",
            "",
        )
    if required_matters and bool(old.get("required")) != bool(new.get("required")):
        yield (
            f"{prefix}-made-{'required' if new.get('required') else 'optional'}",
            where,
            "",
            "",
            "",
        )
    if new.get("dangling") and new.get("dangling") != old.get("dangling"):
        yield "ref-dangling", where, new["dangling"], "", ""
    if old.get("dangling") and not new.get("dangling"):
        yield "ref-dangling-fixed", where, old["dangling"], "", ""


def _node_changes(direction: str, old: Nodes, new: Nodes, label: str) -> Iterator[Raw]:
    prefix = f"{direction}-property"
    for key in _top_level(set(new) - set(old)):
        if key.startswith(".") and not key.endswith(("[]", "{}")):
            required = direction == "request" and new[key].get("required")
            kind = f"{prefix}-required-added" if required else f"{prefix}-added"
            yield kind, _where(key, new[key], label), "", "", ""
        if new[key].get("dangling"):
            yield "ref-dangling", _where(key, new[key], label), new[key]["dangling"], "", ""
    for key in _top_level(set(old) - set(new)):
        if key.startswith(".") and not key.endswith(("[]", "{}")):
            yield f"{prefix}-removed", _where(key, old[key], label), "", "", ""
    for key in sorted(set(old) & set(new)):
        # the body's own "required" is the request-body rule's business, not a property's
        yield from _facts_changes(
            prefix, old[key], new[key], _where(key, new[key], label), required_matters=key != ""
        )


def _parameter_changes(old: Nodes, new: Nodes) -> Iterator[Raw]:
    for key in sorted(set(new) - set(old)):
        kind = "parameter-required-added" if new[key].get("required") else "parameter-added"
        yield kind, key, "", "", ""
    for key in sorted(set(old) - set(new)):
        yield "parameter-removed", key, "", "", ""
    for key in sorted(set(old) & set(new)):
        yield from _facts_changes("parameter", old[key], new[key], key)


def _request_changes(old: Nodes | None, new: Nodes | None, label: str) -> Iterator[Raw]:
    if new is not None and old is None:
        kind = "request-body-required-added" if new[""].get("required") else "request-body-added"
        yield kind, "request body", "", "", ""
        return
    if old is None:
        return
    if new is None:
        yield "request-body-removed", "request body", "", "", ""
        return
    if not old[""].get("required") and new[""].get("required"):
        yield "request-body-required-added", "request body", "", "", ""
    yield from _node_changes("request", old, new, f"{label} request")


def _response_changes(old: dict[str, Nodes], new: dict[str, Nodes], label: str) -> Iterator[Raw]:
    for status in sorted(set(new) - set(old)):
        yield "response-status-added", "responses", status, "", ""
    for status in sorted(set(old) - set(new)):
        yield "response-status-removed", "responses", status, "", ""
    for status in sorted(set(old) & set(new)):
        yield from _node_changes("response", old[status], new[status], f"{label} {status}")


def _operation_changes(old: dict[str, Any], new: dict[str, Any], label: str) -> Iterator[Raw]:
    yield from _parameter_changes(old["parameters"], new["parameters"])
    yield from _request_changes(old["request"], new["request"], label)
    yield from _response_changes(old["responses"], new["responses"], label)


def _schema_changes(old: dict[str, str], new: dict[str, str]) -> Iterator[Raw]:
    added = set(new) - set(old)
    removed = set(old) - set(new)
    by_print = {new[name]: name for name in sorted(added)}
    for name in sorted(removed):
        twin = by_print.get(old[name])
        if twin in added:
            added.discard(twin)
            yield "schema-renamed", name, "", name, twin
        else:
            yield "schema-removed", name, "", "", ""
    for name in sorted(added):
        yield "schema-added", name, "", "", ""


def _doc_changes(old: dict[str, str], new: dict[str, str]) -> Iterator[Raw]:
    for key in sorted(set(old) & set(new)):
        if old[key] != new[key]:
            kind, _, where = key.partition(":")
            yield f"{kind}-changed", where, "", "", ""


def _path_of(key: str) -> str:
    return key.split(" ", 1)[1]


def diff_models(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Every change from ``old`` to ``new`` (both from ``normalise``), most serious first."""
    grouped: dict[Raw, set[str]] = defaultdict(set)
    old_ops, new_ops = old["operations"], new["operations"]
    old_paths = {_path_of(k) for k in old_ops}
    new_paths = {_path_of(k) for k in new_ops}
    for path in sorted(new_paths - old_paths):
        grouped[("path-added", path, "", "", "")] = _labels_under(new_ops, path)
    for path in sorted(old_paths - new_paths):
        grouped[("path-removed", path, "", "", "")] = _labels_under(old_ops, path)
    for key in sorted(set(new_ops) - set(old_ops)):
        label = operation_label(key, new_ops[key]["operation_id"])
        if _path_of(key) in old_paths:
            grouped[("operation-added", label, "", "", "")] = {label}
        for found in _node_danglings(new_ops[key]):
            grouped[("ref-dangling", found[0], found[1], "", "")].add(label)
    for key in sorted(set(old_ops) - set(new_ops)):
        if _path_of(key) in new_paths:
            label = operation_label(key, old_ops[key]["operation_id"])
            grouped[("operation-removed", label, "", "", "")] = {label}
    for key in sorted(set(old_ops) & set(new_ops)):
        label = operation_label(key, new_ops[key]["operation_id"] or old_ops[key]["operation_id"])
        for raw in _operation_changes(old_ops[key], new_ops[key], key):
            grouped[raw].add(label)
    for raw in _schema_changes(old["schemas"], new["schemas"]):
        grouped[raw] = set()
    for raw in _doc_changes(old["docs"], new["docs"]):
        grouped[raw] = set()
    changes = [
        Change(r[0], r[1], r[2], r[3], r[4], tuple(sorted(ops))) for r, ops in grouped.items()
    ]
    return sorted(
        changes, key=lambda c: (LEVEL_ORDER[c.rule.level], c.rule_id, c.location, c.detail)
    )


def _labels_under(ops: dict[str, Any], path: str) -> set[str]:
    return {operation_label(k, v["operation_id"]) for k, v in ops.items() if _path_of(k) == path}


def _node_danglings(op: dict[str, Any]) -> Iterator[tuple[str, str]]:
    bodies = [op["request"] or {}, *op["responses"].values()]
    for nodes in bodies:
        for key, facts in nodes.items():
            if facts.get("dangling"):
                yield _where(key, facts, "body"), facts["dangling"]
