"""OpenAPI 3.0 schemas as JSON Schema (draft 4), and the format checks we apply.

Which validator: ``jsonschema.Draft4Validator`` (OpenAPI 3.0 schemas are a draft-4 dialect, so
boolean ``exclusiveMinimum`` keeps its meaning) over schemas converted here:

* ``$ref`` is resolved against the document, so every error path is a plain JSON path;
* ``nullable: true`` adds ``null`` to ``type``; when the schema also has an ``enum`` without
  ``null``, ``null`` is added to the enum too. The OpenAPI 3.0.3 clarification says the enum
  must list null itself; we follow the reading of schemathesis (nullable wins) so that a value
  the spec author plainly allows is not a finding, and report the inconsistent declaration as a
  ``spec`` finding instead (see ``_spec_lint``);
* OpenAPI-only keywords (``example``, ``discriminator``, ``xml``, ...) are dropped.

Formats checked: ``date-time`` (RFC 3339, with a time zone), ``date`` (a real calendar date) and
``uuid``. Other format names are not checked (an unknown one is a ``spec`` finding).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import jsonschema

_DROP = frozenset(
    {
        "example",
        "examples",
        "discriminator",
        "xml",
        "externalDocs",
        "deprecated",
        "readOnly",
        "writeOnly",
        "nullable",
    }
)
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")

FORMAT_CHECKER = jsonschema.FormatChecker(formats=())


@FORMAT_CHECKER.checks("date-time")
def _is_date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not _DATE_TIME.match(value):
        return False
    return _is_date(value[:10])


@FORMAT_CHECKER.checks("date")
def _is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


@FORMAT_CHECKER.checks("uuid")
def _is_uuid(value: object) -> bool:
    return not isinstance(value, str) or bool(_UUID.match(value))


def resolve(document: dict[str, Any], node: Any, _depth: int = 0) -> Any:
    """``node`` with every local ``$ref`` replaced by what it points to (recursively)."""
    if _depth > 60:  # a cyclic schema; the spec we target has none
        return {}
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/"):
            return resolve(document, pointer(document, ref), _depth + 1)
        return {key: resolve(document, value, _depth + 1) for key, value in node.items()}
    if isinstance(node, list):
        return [resolve(document, item, _depth + 1) for item in node]
    return node


def pointer(document: dict[str, Any], ref: str) -> Any:
    """The node at the JSON pointer ``ref`` (``#/a/b``)."""
    node: Any = document
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def to_json_schema(schema: Any) -> Any:
    """Convert an already resolved OpenAPI 3.0 schema to draft-4 JSON Schema."""
    if isinstance(schema, list):
        return [to_json_schema(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    converted: dict[str, Any] = {}
    for key, value in schema.items():
        if key in _DROP:
            continue
        if key == "properties" and isinstance(value, dict):
            converted[key] = {name: to_json_schema(sub) for name, sub in value.items()}
        elif key in {"items", "additionalProperties", "not", "allOf", "anyOf", "oneOf"}:
            converted[key] = to_json_schema(value)
        else:
            converted[key] = value
    if schema.get("nullable") is True:
        if "type" in converted:
            kinds = (
                converted["type"] if isinstance(converted["type"], list) else [converted["type"]]
            )
            converted["type"] = [*kinds, "null"]
            if "enum" in converted and None not in converted["enum"]:
                converted["enum"] = [*converted["enum"], None]
        else:
            converted = {"anyOf": [converted, {"type": "null"}]}
    return converted


def validator(schema: dict[str, Any]) -> jsonschema.Draft4Validator:
    """A validator for a converted schema, with our format checks."""
    return jsonschema.Draft4Validator(schema, format_checker=FORMAT_CHECKER)
