"""Defects of the OpenAPI document itself, reported as findings of kind ``spec``.

Two sources: openapi-spec-validator (the structural rules of OpenAPI 3.0), and a walk over every
schema for what that validator accepts but a client cannot rely on. Each rule is one row of
:data:`RULES` and yields every place it applies, not only the first.
"""

from __future__ import annotations

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

RULES = {
    "spec-valid": "the document follows the OpenAPI 3.0 rules (openapi-spec-validator)",
    "spec-servers": "the document names at least one server",
    "spec-format": "every `format` is a known format name",
    "spec-nullable-enum": "a nullable schema with an enum lists null among its values",
    "spec-enum-type": "a schema with an enum says its type",
}


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
    return findings


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
