"""Defects of the OpenAPI document itself, reported as findings of kind ``spec``.

Two sources: openapi-spec-validator (the structural rules of OpenAPI 3.0), and walks over every
schema for what that validator accepts but a client cannot rely on or a client generator
refuses (an array without ``items``), or reports only as "not valid under any of the schemas"
(a key that is not a Schema Object keyword). Each rule is one row of
:data:`RULES` and yields every place it applies, not only the first.
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Iterator
from typing import Any

from rect_conformance.findings import Finding, Kind, Severity

_log = logging.getLogger(__name__)

# Format names a client can rely on: those of OpenAPI 3.0 and the JSON Schema ones tools know.
KNOWN_FORMATS = frozenset(
    {
        "int32",
        "int64",
        "float",
        "double",
        "byte",
        "binary",
        "date",
        "date-time",
        "password",
        "email",
        "uuid",
        "uri",
        "uri-reference",
        "hostname",
        "ipv4",
        "ipv6",
        "time",
        "duration",
        "regex",
    }
)

# The keys a Schema Object may have (besides x- extensions): OpenAPI 3.0's list, and for 3.1
# the JSON Schema 2020-12 vocabulary it adopts. Any other key is silently ignored by tools.
SCHEMA_KEYWORDS_30 = frozenset(
    {
        *("$ref", "title", "description", "type", "format", "enum", "default", "nullable"),
        *("multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum"),
        *("maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems"),
        *("maxProperties", "minProperties", "required", "properties", "additionalProperties"),
        *("items", "allOf", "oneOf", "anyOf", "not", "discriminator", "readOnly", "writeOnly"),
        *("xml", "externalDocs", "example", "deprecated"),
    }
)
SCHEMA_KEYWORDS_31 = SCHEMA_KEYWORDS_30 | frozenset(
    {
        *("const", "examples", "$schema", "$id", "$defs", "$anchor", "$comment", "$dynamicRef"),
        *("$dynamicAnchor", "prefixItems", "contains", "minContains", "maxContains"),
        *("patternProperties", "propertyNames", "unevaluatedItems", "unevaluatedProperties"),
        *("dependentRequired", "dependentSchemas", "if", "then", "else", "contentEncoding"),
        *("contentMediaType", "contentSchema"),
    }
)

RULES = {
    "spec-valid": "the document follows the OpenAPI 3.0 rules (openapi-spec-validator)",
    "spec-servers": "the document names at least one server",
    "spec-format": "every `format` is a known format name",
    "spec-nullable-enum": "a nullable schema with an enum lists null among its values",
    "spec-enum-type": "a schema with an enum says its type",
    "spec-schema-keyword": "every key of a Schema Object is an OpenAPI keyword (or x- extension)",
    "spec-array-items": "a schema of type array says what its items are (`items`)",
}


def schema_keywords(openapi_version: str) -> frozenset[str]:
    """The Schema Object keywords of a document whose ``openapi`` field is ``openapi_version``."""
    return SCHEMA_KEYWORDS_31 if openapi_version.startswith("3.1") else SCHEMA_KEYWORDS_30


def _finding(rule: str, message: str, where: str, severity: Severity = Severity.MINOR) -> Finding:
    return Finding(
        check=rule,
        kind=Kind.SPEC,
        operation="*",
        message=message,
        expected=RULES[rule],
        severity=severity,
        source=where,
    )


def lint(raw: dict[str, Any]) -> list[Finding]:
    """Every defect found in the spec ``raw``."""
    findings = list(_validator_findings(raw))
    if not raw.get("servers"):
        findings.append(
            _finding(
                "spec-servers",
                "the spec has no `servers` entry, so a client cannot tell the base URL from it",
                "#/servers",
            )
        )
    for where, schema in _schemas(raw, "#", 0):
        findings.extend(_schema_findings(where, schema))
    keywords = schema_keywords(str(raw.get("openapi", "")))
    for where, schema in schema_objects(raw):
        findings.extend(_structure_findings(where, schema, keywords))
    return findings


def schema_objects(raw: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every Schema Object of the document with its JSON pointer, found by where OpenAPI puts
    them (``schema`` fields, ``components/schemas``, and the subschemas of each), so a schema
    with none of the usual keywords is found too. References are not followed."""

    def in_document(node: Any, where: str, depth: int) -> Iterator[tuple[str, dict[str, Any]]]:
        if depth > 40:
            return
        if isinstance(node, list):
            for index, item in enumerate(node):
                yield from in_document(item, f"{where}/{index}", depth + 1)
        if not isinstance(node, dict):
            return
        for key, value in node.items():
            here = f"{where}/{_escape(str(key))}"
            if key in ("example", "examples"):
                continue
            if key == "schema":
                yield from in_schema(value, here, depth + 1)
            elif key == "schemas" and where == "#/components" and isinstance(value, dict):
                for name, schema in value.items():
                    yield from in_schema(schema, f"{here}/{_escape(str(name))}", depth + 1)
            else:
                yield from in_document(value, here, depth + 1)

    def in_schema(node: Any, where: str, depth: int) -> Iterator[tuple[str, dict[str, Any]]]:
        if depth > 80 or not isinstance(node, dict) or "$ref" in node:
            return
        yield where, node
        properties = node.get("properties")
        if isinstance(properties, dict):
            for name, child in properties.items():
                yield from in_schema(child, f"{where}/properties/{_escape(str(name))}", depth + 1)
        for key in ("items", "additionalProperties", "not"):
            yield from in_schema(node.get(key), f"{where}/{key}", depth + 1)
        for key in ("allOf", "anyOf", "oneOf"):
            branches = node.get(key)
            for index, branch in enumerate(branches if isinstance(branches, list) else []):
                yield from in_schema(branch, f"{where}/{key}/{index}", depth + 1)

    yield from in_document(raw, "#", 0)


def _structure_findings(
    where: str, schema: dict[str, Any], keywords: frozenset[str]
) -> Iterator[Finding]:
    for key in schema:
        if key in keywords or str(key).startswith("x-"):
            continue
        near = difflib.get_close_matches(str(key), sorted(keywords), n=1, cutoff=0.6)
        hint = f" (did you mean `{near[0]}`?)" if near else ""
        yield _finding(
            "spec-schema-keyword",
            f"{where} has the key `{key}`, which is not a Schema Object keyword, so it "
            f"constrains nothing{hint}",
            where,
        )
    if schema.get("type") == "array" and "items" not in schema:
        yield _finding(
            "spec-array-items",
            f"{where} is `type: array` without `items`; OpenAPI 3.0 requires `items`, and "
            "client generators refuse the schema (openapi-python-client drops the models "
            "that use it)",
            where,
        )


def _validator_findings(raw: dict[str, Any]) -> Iterator[Finding]:
    from openapi_spec_validator import OpenAPIV30SpecValidator

    try:
        problems = list(OpenAPIV30SpecValidator(raw).iter_errors())
    except Exception as error:  # the validator itself gives up on some broken documents
        _log.debug("openapi-spec-validator gave up on the spec", exc_info=True)
        yield _finding(
            "spec-valid", f"the spec could not be validated: {error}", "#", Severity.MAJOR
        )
        return
    for problem in problems[:50]:
        path = "/".join(str(part) for part in getattr(problem, "absolute_path", ()) or ())
        yield _finding(
            "spec-valid", f"{problem.message} (at #/{path})", f"#/{path}", Severity.MAJOR
        )


def _schemas(node: Any, where: str, depth: int) -> Iterator[tuple[str, dict[str, Any]]]:
    # Walk the whole document and yield anything that looks like a schema object: a dict with
    # a schema keyword, found under a key where schemas live.
    if depth > 80:
        return
    if isinstance(node, dict):
        if any(key in node for key in ("type", "enum", "format", "nullable")) and not isinstance(
            node.get("type"), dict
        ):
            yield where, node
        for key, value in node.items():
            if key in ("example", "examples"):
                continue
            yield from _schemas(value, f"{where}/{_escape(str(key))}", depth + 1)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _schemas(item, f"{where}/{index}", depth + 1)


def _schema_findings(where: str, schema: dict[str, Any]) -> Iterator[Finding]:
    fmt = schema.get("format")
    if isinstance(fmt, str) and fmt not in KNOWN_FORMATS:
        suggestion = fmt.replace("_", "-")
        hint = f" (did you mean `{suggestion}`?)" if suggestion in KNOWN_FORMATS else ""
        yield _finding(
            "spec-format",
            f"unknown format `{fmt}` at {where}{hint}; values there get no format check",
            where,
        )
    enum = schema.get("enum")
    if isinstance(enum, list):
        if schema.get("nullable") is True and None not in enum:
            yield _finding(
                "spec-nullable-enum",
                f"{where} is nullable but its enum {enum} does "
                "not list null, so a strict OpenAPI 3.0 validator rejects null there",
                where,
            )
        if "type" not in schema:
            yield _finding("spec-enum-type", f"{where} has an enum {enum} but no `type`", where)


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")
