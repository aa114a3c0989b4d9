"""Normalise an OpenAPI document into the flat form the diff compares.

The form is plain JSON data, so a baseline can store it and compare later without the spec:

    {"operations": {"GET /api/v3/x": {"operation_id": ..., "parameters": {key: facts},
                                      "request": {node: facts},
                                      "responses": {status: {node: facts}}}},
     "schemas": {name: fingerprint}, "docs": {location: digest}}

Every ``$ref`` is resolved, so two refs to schemas with the same content compare equal. A node
key is the path inside the body (``.data.attributes.ecf_enrolments[].working_pattern``); its
facts hold type, format, enum (sorted, so order never counts), nullable, required, and
``origin``: the component schema and path it was written in, used to name the change. A node
made of ``allOf``/``anyOf``/``oneOf`` branches is the merge of them, and keeps each branch's own
nodes under ``branches`` (``{"anyOf:Name": {node: facts}}``, named by the branch's schema) so a
change inside one branch is seen even when the merge hides it. ``unknown`` lists the keys of a
Schema Object that are not keywords of its OpenAPI version (a misspelt ``type``). A parameter's
facts also hold its serialisation: ``style`` and ``explode``, with OpenAPI's defaults filled in.
The spec's ``servers`` URLs are kept for the cross-check.
"""

from __future__ import annotations

import functools
import hashlib
import json
from typing import Any

from rect_conformance._errors import SpecError
from rect_conformance._spec import RefResolver
from rect_conformance._spec_lint import schema_keywords

METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
_SCHEMA_PREFIX = "#/components/schemas/"

Nodes = dict[str, dict[str, Any]]


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _digest(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, default=str)
    return hashlib.sha1(text.encode()).hexdigest()[:12]


@functools.lru_cache(maxsize=16384)
def _doc_digest(value: str | tuple[str, ...]) -> str:
    # Successive versions repeat most descriptions: each is digested once per process.
    return _digest(list(value) if isinstance(value, tuple) else value)


class _Resolver(RefResolver):
    """Flattens schemas, following ``$ref``s with the engine's resolver and memoising each
    component once."""

    def __init__(self, raw: dict[str, Any]) -> None:
        super().__init__(raw)
        self.keywords = schema_keywords(str(raw.get("openapi", "")))
        self.memo: dict[str, Nodes] = {}
        self.active: list[str] = []
        self.docs: dict[str, set[str]] = {}

    def ref_nodes(self, ref: str) -> Nodes:
        if ref in self.memo:
            return self.memo[ref]
        if ref in self.active:
            chain = " -> ".join([*self.active[self.active.index(ref) :], ref])
            raise SpecError(f"cyclic schema: {chain}; the diff needs schemas without cycles")
        target = self.lookup(ref)
        if target is None:
            return {"": {"dangling": ref}}
        origin = ref[len(_SCHEMA_PREFIX) :] if ref.startswith(_SCHEMA_PREFIX) else ref
        self.active.append(ref)
        try:
            nodes = self.flatten(target, origin)
        finally:
            self.active.pop()
        self.memo[ref] = nodes
        return nodes

    def flatten(self, schema: Any, origin: str | None) -> Nodes:
        """Flatten one schema into relative node keys ("" is the schema itself)."""
        if not isinstance(schema, dict):
            return {"": {}}
        if "$ref" in schema:
            target = self.ref_nodes(schema["$ref"])
            if schema.get("nullable") is True and not target[""].get("nullable"):
                # OpenAPI 3.1 and most client generators honour nullable beside a $ref
                return {**target, "": {**target[""], "nullable": True}}
            return target
        self._record_docs(schema, origin)
        nodes: Nodes = {"": _facts(schema, origin)}
        unknown = sorted(k for k in schema if k not in self.keywords and not k.startswith("x-"))
        if unknown:
            nodes[""]["unknown"] = unknown
        for keyword in ("allOf", "anyOf", "oneOf"):
            branches = schema.get(keyword)
            if isinstance(branches, list) and branches:
                parts = [self.flatten(branch, origin) for branch in branches]
                _merge_into(nodes, _combine(parts, every=keyword == "allOf"))
                named = _branch_names(keyword, branches, parts)
                nodes[""]["branches"] = _union_branches(nodes[""].get("branches", {}), named)
        required = _list(schema.get("required"))
        properties = schema.get("properties")
        if isinstance(properties, dict):
            for name, child in properties.items():
                sub_origin = f"{origin}.{name}" if origin else None
                child_nodes = self.flatten(child, sub_origin)
                child_nodes = {k: dict(v) for k, v in child_nodes.items()}
                child_nodes[""]["required"] = name in required
                if sub_origin:  # name the property where it is used, not the ref's target
                    child_nodes[""]["origin"] = sub_origin
                _merge_into(nodes, {f".{name}{k}": v for k, v in child_nodes.items()})
        for keyword, mark in (("items", "[]"), ("additionalProperties", "{}")):
            child = schema.get(keyword)
            if isinstance(child, dict):
                sub_origin = f"{origin}{mark}" if origin else None
                _merge_into(
                    nodes, {f"{mark}{k}": v for k, v in self.flatten(child, sub_origin).items()}
                )
        return nodes

    def note_doc(self, key: str, value: Any) -> None:
        """Record a description or example; branches sharing a location count as one set."""
        digest = _doc_digest(value) if isinstance(value, str) else _digest(value)
        self.docs.setdefault(key, set()).add(digest)

    def _record_docs(self, schema: dict[str, Any], origin: str | None) -> None:
        if origin is None:
            return
        for key in ("description", "title"):
            if key in schema:
                self.note_doc(f"description:{origin}", schema[key])
        for key in ("example", "examples"):
            if key in schema:
                self.note_doc(f"example:{origin}", schema[key])


def _facts(schema: dict[str, Any], origin: str | None) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    kind = schema.get("type")
    nullable = bool(schema.get("nullable"))
    if isinstance(kind, list):  # OpenAPI 3.1: type: [string, "null"]
        nullable = nullable or "null" in kind
        kind = "|".join(sorted(str(k) for k in kind if k != "null")) or None
    if kind:
        facts["type"] = str(kind)
    if schema.get("format"):
        facts["format"] = str(schema["format"])
    if isinstance(schema.get("enum"), list):
        values = schema["enum"]
        nullable = nullable or None in values
        facts["enum"] = sorted({str(v) for v in values if v is not None})
    if nullable:
        facts["nullable"] = True
    if origin:
        facts["origin"] = origin
    return facts


def _merge_into(target: Nodes, extra: Nodes) -> None:
    for key, facts in extra.items():
        if key not in target:
            target[key] = dict(facts)
            continue
        mine = target[key]
        for name, value in facts.items():
            if name == "enum" and "enum" in mine:
                mine["enum"] = sorted(set(mine["enum"]) | set(value))
            elif name in ("type", "format") and name in mine and mine[name] != value:
                mine[name] = "|".join(sorted(set(mine[name].split("|")) | set(value.split("|"))))
            elif name == "origin" and "origin" in mine:
                mine["origin"] = min(mine["origin"], value)  # the same whatever the branch order
            elif name in ("required", "nullable"):
                mine[name] = bool(mine.get(name)) or bool(value)
            elif name == "branches" and name in mine:
                # never changed in place: the parts may be memoised nodes of a component
                mine[name] = _union_branches(mine[name], value)
            elif name == "unknown" and name in mine:
                mine[name] = sorted(set(mine[name]) | set(value))
            else:
                mine.setdefault(name, value)


def _combine(parts: list[Nodes], every: bool) -> Nodes:
    """Merge composed branches: allOf keeps a requirement from any branch, anyOf/oneOf from all."""
    combined: Nodes = {}
    for part in parts:
        _merge_into(combined, part)
    if not every:
        for key, facts in combined.items():
            if facts.get("required") and not all(
                part.get(key, {}).get("required") for part in parts
            ):
                facts["required"] = False
    return combined


def _branch_names(keyword: str, branches: list[Any], parts: list[Nodes]) -> dict[str, Nodes]:
    """Each branch under a name that does not depend on its position (branch order never
    counts): its schema's name, its title, or the names of its properties, or its type."""
    names = []
    for branch, part in zip(branches, parts, strict=True):
        schema = branch if isinstance(branch, dict) else {}
        ref, props = schema.get("$ref"), schema.get("properties")
        if isinstance(ref, str):
            names.append(ref.rsplit("/", 1)[-1])
        elif schema.get("title"):
            names.append(str(schema["title"]))
        elif isinstance(props, dict) and props:
            names.append("{" + ",".join(sorted(map(str, props))) + "}")
        else:
            names.append(str(part[""].get("type", "any")))
    return _unique_names(
        [(f"{keyword}:{name}", part) for name, part in zip(names, parts, strict=True)]
    )


def _unique_names(pairs: list[tuple[str, Nodes]]) -> dict[str, Nodes]:
    """Branches by name; different branches of one name are told apart by their content, so
    the names never depend on the order the branches were written in."""
    by_name: dict[str, list[Nodes]] = {}
    for name, part in pairs:
        by_name.setdefault(name.split("~", 1)[0], []).append(part)
    named: dict[str, Nodes] = {}
    for name, parts in by_name.items():
        alike = all(part == parts[0] for part in parts)
        for part in parts:
            named[name if alike else f"{name}~{_digest(part)}"] = part
    return named


def _union_branches(mine: dict[str, Nodes], more: dict[str, Nodes]) -> dict[str, Nodes]:
    return _unique_names([*mine.items(), *more.items()])


def _serialisation(param: dict[str, Any]) -> dict[str, Any]:
    """``style`` and ``explode`` as a client must use them, OpenAPI 3's defaults filled in."""
    where = param.get("in", "query")
    style = param.get("style") or ("form" if where in ("query", "cookie") else "simple")
    explode = param.get("explode")
    return {"style": str(style), "explode": bool(style == "form" if explode is None else explode)}


def operation_label(key: str, operation_id: str | None) -> str:
    """``GET /api/v3/x (getX)``: method and path always, the operationId when the spec has one."""
    return f"{key} ({operation_id})" if operation_id else key


def _parameters(resolver: _Resolver, params: list[Any], label: str) -> Nodes:
    out: Nodes = {}
    for param in params:
        param = resolver.deref(param)
        if not isinstance(param, dict) or "name" not in param:
            continue
        key = f"{param.get('in', 'query')}:{param['name']}"
        if param.get("description"):
            resolver.note_doc(f"description:{label} {key}", param["description"])
        nodes = resolver.flatten(param.get("schema", {}), None)
        root = dict(nodes.get("", {}))
        root["required"] = bool(param.get("required"))
        root.update(_serialisation(param))
        out[key] = root
        deep = param.get("style") == "deepObject" or any(k.startswith(".") for k in nodes)
        if deep:
            for sub, facts in nodes.items():
                if sub.startswith(".") and sub.count(".") == 1 and "[]" not in sub:
                    member = dict(facts)
                    member["required"] = root["required"] and bool(facts.get("required"))
                    out[f"{key}[{sub[1:]}]"] = member
    return out


def _body_nodes(resolver: _Resolver, holder: Any) -> Nodes | None:
    content = holder.get("content") if isinstance(holder, dict) else None
    if not isinstance(content, dict) or not content:
        return None
    media = content.get("application/json") or next(iter(content.values()))
    schema = media.get("schema") if isinstance(media, dict) else None
    if schema is None:
        return None
    return {k: dict(v) for k, v in resolver.flatten(schema, None).items()}


def _operation(
    resolver: _Resolver, key: str, op: dict[str, Any], shared: list[Any]
) -> dict[str, Any]:
    label = operation_label(key, op.get("operationId"))
    for field in ("summary", "description"):
        if op.get(field):
            resolver.note_doc(f"description:{label} {field}", op[field])
    own = _list(op.get("parameters"))
    names = {(p.get("name"), p.get("in")) for p in map(resolver.deref, own) if isinstance(p, dict)}
    inherited = [
        p
        for p in map(resolver.deref, shared)
        if isinstance(p, dict) and (p.get("name"), p.get("in")) not in names
    ]
    result: dict[str, Any] = {
        "operation_id": op.get("operationId"),
        "parameters": _parameters(resolver, [*inherited, *own], label),
        "request": None,
        "responses": {},
    }
    body = resolver.deref(op.get("requestBody"))
    nodes = _body_nodes(resolver, body)
    if nodes is not None:
        nodes[""]["required"] = bool(body.get("required"))
        result["request"] = nodes
    responses = _dict(op.get("responses"))
    for status, response in responses.items():
        response = resolver.deref(response)
        if isinstance(response, dict) and response.get("description"):
            resolver.note_doc(f"description:{label} {status}", response["description"])
        result["responses"][str(status)] = _body_nodes(resolver, response) or {}
    return result


def normalise(raw: dict[str, Any]) -> dict[str, Any]:
    """The flat, JSON-ready model of a spec; raises SpecError for cycles."""
    resolver = _Resolver(raw)
    operations: dict[str, Any] = {}
    for path, item in _dict(raw.get("paths")).items():
        item = resolver.deref(item)
        if not isinstance(item, dict):
            continue
        shared = _list(item.get("parameters"))
        for method in METHODS:
            if isinstance(item.get(method), dict):
                key = f"{method.upper()} {path}"
                operations[key] = _operation(resolver, key, item[method], shared)
    schemas: dict[str, str] = {}
    components = _dict(_dict(raw.get("components")).get("schemas"))
    for name in components:
        nodes = resolver.ref_nodes(_SCHEMA_PREFIX + name)
        # the merged facts name a schema's content; its branches add nothing to tell renames
        bare = {
            k: {f: v for f, v in facts.items() if f not in ("origin", "branches")}
            for k, facts in nodes.items()
        }
        schemas[name] = _digest(bare)
    docs = {key: _doc_digest(tuple(sorted(found))) for key, found in sorted(resolver.docs.items())}
    servers = sorted(
        str(server["url"]) for server in _list(raw.get("servers")) if isinstance(server, dict)
    )
    return {"operations": operations, "schemas": schemas, "docs": docs, "servers": servers}
