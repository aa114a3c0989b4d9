"""Compare two normalised specs (see ``_model``) and name each change by its rule.

One small function per part of an operation; each yields ``(rule_id, location, detail, old,
new)`` for one operation, and :func:`diff_models` groups equal changes so that a change to a
shared schema is reported once, naming every operation it reaches.
"""

from __future__ import annotations

import json
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
        return self._fill(self.rule.message)

    @property
    def action(self) -> str:
        """What a lead provider's integration must change ("" for a safe change)."""
        return self._fill(self.rule.action)

    def _fill(self, text: str) -> str:
        return text.format(
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
            "action": self.action,
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


def _unknown_keywords(old: dict[str, Any], new: dict[str, Any], where: str) -> Iterator[Raw]:
    for keyword in sorted(set(new.get("unknown", ())) - set(old.get("unknown", ()))):
        yield "schema-unknown-keyword", where, keyword, "", ""
    for keyword in sorted(set(old.get("unknown", ())) - set(new.get("unknown", ()))):
        yield "schema-unknown-keyword-fixed", where, keyword, "", ""


def _last_name(key: str) -> str:
    return key.replace("[]", "").replace("{}", "").rsplit(".", 1)[-1]


def _moved_to(key: str, added: set[str]) -> str | None:
    """Where a property removed at ``key`` reappears: an added node of the same name."""
    name = _last_name(key)
    places = sorted(k for k in added if k.startswith(".") and _last_name(k) == name)
    return places[0] if places else None


def _node_changes(direction: str, old: Nodes, new: Nodes, label: str) -> Iterator[Raw]:
    prefix = f"{direction}-property"
    added = set(new) - set(old)
    for key in _top_level(added):
        if key.startswith(".") and not key.endswith(("[]", "{}")):
            required = direction == "request" and new[key].get("required")
            kind = f"{prefix}-required-added" if required else f"{prefix}-added"
            yield kind, _where(key, new[key], label), "", "", ""
        if new[key].get("dangling"):
            yield "ref-dangling", _where(key, new[key], label), new[key]["dangling"], "", ""
    for key in sorted(added):
        yield from _unknown_keywords({}, new[key], _where(key, new[key], label))
    for key in _top_level(set(old) - set(new)):
        if key.startswith(".") and not key.endswith(("[]", "{}")):
            where = _where(key, old[key], label)
            # a move is a removal plus an addition: the old place is gone for every client
            target = _moved_to(key, added)
            if target is None:
                yield f"{prefix}-removed", where, "", "", ""
            else:
                yield f"{prefix}-moved", where, "", "", _where(target, new[target], label)
    for key in sorted(set(old) & set(new)):
        where = _where(key, new[key], label)
        # the body's own "required" is the request-body rule's business, not a property's
        yield from _facts_changes(prefix, old[key], new[key], where, required_matters=key != "")
        yield from _unknown_keywords(old[key], new[key], where)
        yield from _branch_changes(direction, key, old, new, label)


# (fact, rule word when it turns on, rule word when it turns off)
_FLAGS = (("nullable", "nullable", "not-nullable"), ("required", "required", "optional"))


def _only_in_branch(fact: str, was: Any, now: Any, merged_old: Any, merged_new: Any) -> bool:
    """The branch's ``fact`` changed while the merged node's stayed the same."""
    if fact == "type":
        changed = bool(was.get("type") and now.get("type")) and was["type"] != now["type"]
        return changed and merged_old.get("type") == merged_new.get("type")
    return bool(was.get(fact)) != bool(now.get(fact)) and bool(merged_old.get(fact)) == bool(
        merged_new.get(fact)
    )


def _branch_changes(direction: str, key: str, old: Nodes, new: Nodes, label: str) -> Iterator[Raw]:
    """Changes inside one branch of a composed node that the merged node does not show."""
    old_branches = old[key].get("branches", {})
    new_branches = new[key].get("branches", {})
    prefix = f"{direction}-branch"
    for name in sorted(set(old_branches) & set(new_branches)):
        keyword, _, branch = name.partition(":")
        before, after = old_branches[name], new_branches[name]
        for sub in sorted(set(before) & set(after)):
            merged = key + sub
            if merged not in old or merged not in new:
                continue
            was, now, m_old, m_new = before[sub], after[sub], old[merged], new[merged]
            where = _where(sub, now, f"{label} {branch}")
            detail = f"{keyword} branch {branch} of {_where(key, new[key], label)}"
            if _only_in_branch("type", was, now, m_old, m_new):
                yield f"{prefix}-property-type-changed", where, detail, was["type"], now["type"]
            for fact, on, off in _FLAGS:
                if (sub or fact != "required") and _only_in_branch(fact, was, now, m_old, m_new):
                    yield (
                        f"{prefix}-property-made-{on if now.get(fact) else off}",
                        where,
                        detail,
                        "",
                        "",
                    )
            if "enum" in was and "enum" in now:
                # a value the merge held before (added) or still holds (removed): only the
                # branch shows the change
                for value in sorted(set(now["enum"]) - set(was["enum"])):
                    if value in m_old.get("enum", ()):
                        yield f"{prefix}-enum-value-added", where, detail, value, ""
                for value in sorted(set(was["enum"]) - set(now["enum"])):
                    if value in m_new.get("enum", ()):
                        yield f"{prefix}-enum-value-removed", where, detail, value, ""


def _parameter_changes(old: Nodes, new: Nodes) -> Iterator[Raw]:
    for key in sorted(set(new) - set(old)):
        kind = "parameter-required-added" if new[key].get("required") else "parameter-added"
        yield kind, key, "", "", ""
    for key in sorted(set(old) - set(new)):
        yield "parameter-removed", key, "", "", ""
    for key in sorted(set(old) & set(new)):
        yield from _facts_changes("parameter", old[key], new[key], key)
        yield from _unknown_keywords(old[key], new[key], key)
        for facet in ("style", "explode"):
            # a baseline stored before serialisation was recorded has neither: nothing to say
            if facet in old[key] and facet in new[key] and old[key][facet] != new[key][facet]:
                was, now = json.dumps(old[key][facet]), json.dumps(new[key][facet])
                yield f"parameter-{facet}-changed", key, "", was.strip('"'), now.strip('"')


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
