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

Formats checked: those of ``_formats`` (``date-time`` as RFC 3339 with its zone, ``date``,
``uuid``), the one rule of the engine. Other format names are not checked (an unknown one is a
``spec`` finding).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jsonschema

from rect_conformance._formats import FORMATS
from rect_conformance._spec import RefResolver

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


def _strings_only(rule: Callable[[str], bool]) -> Callable[[object], bool]:
    # A format only speaks about strings; other types are the ``type`` keyword's business.
    def check(value: object) -> bool:
        return not isinstance(value, str) or rule(value)

    return check


def _checker() -> jsonschema.FormatChecker:
    checker = jsonschema.FormatChecker(formats=())
    for name, rule in FORMATS.items():
        checker.checks(name)(_strings_only(rule))
    return checker


FORMAT_CHECKER = _checker()


def resolve(document: dict[str, Any], node: Any) -> Any:
    """``node`` with every local ``$ref`` of ``document`` replaced by what it points to."""
    return RefResolver(document).inline(node)


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
