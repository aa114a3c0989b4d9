"""The breaking-change rules: one row per kind of change, judged from a lead provider's side.

A client breaks when the API sends it something it was not written to read (a response value
it does not know, a field that is gone or may now be null) or refuses something it sends (a
parameter or property that is now required, a value no longer accepted). Each row says so once;
the diff only names the kind, and every message is formatted from here.
"""

from __future__ import annotations

from dataclasses import dataclass

ERROR, WARNING, INFO = "error", "warning", "info"


@dataclass(frozen=True)
class Rule:
    """One kind of change: its id, how much it matters, where it sits and what to say."""

    id: str
    level: str  # error (breaks clients), warning (may break), info (safe)
    direction: str  # request, response or "-" (both or neither)
    location: str  # operation, parameter, property, status, schema, ref, doc
    breaking: bool
    message: str  # formatted with location, detail, old, new


_ROWS = [
    ("path-added", INFO, "-", "operation", False, "new path {location}"),
    (
        "path-removed",
        ERROR,
        "-",
        "operation",
        True,
        "path {location} removed with all its operations",
    ),
    ("operation-added", INFO, "-", "operation", False, "new operation {location}"),
    ("operation-removed", ERROR, "-", "operation", True, "operation {location} removed"),
    ("parameter-added", INFO, "request", "parameter", False, "new optional parameter {location}"),
    (
        "parameter-required-added",
        ERROR,
        "request",
        "parameter",
        True,
        "new required parameter {location}",
    ),
    (
        "parameter-removed",
        WARNING,
        "request",
        "parameter",
        True,
        "parameter {location} removed; requests that send it may be refused or ignored",
    ),
    (
        "parameter-made-required",
        ERROR,
        "request",
        "parameter",
        True,
        "parameter {location} is now required",
    ),
    (
        "parameter-made-optional",
        INFO,
        "request",
        "parameter",
        False,
        "parameter {location} is now optional",
    ),
    (
        "parameter-type-changed",
        ERROR,
        "request",
        "parameter",
        True,
        "parameter {location} type changed from {old} to {new}",
    ),
    (
        "parameter-format-changed",
        WARNING,
        "request",
        "parameter",
        True,
        "parameter {location} format changed from {old} to {new}",
    ),
    (
        "parameter-enum-value-added",
        INFO,
        "request",
        "parameter",
        False,
        "parameter {location} accepts the new value {detail!r}",
    ),
    (
        "parameter-enum-value-removed",
        ERROR,
        "request",
        "parameter",
        True,
        "parameter {location} no longer accepts {detail!r}",
    ),
    (
        "request-body-added",
        INFO,
        "request",
        "property",
        False,
        "new optional request body {location}",
    ),
    (
        "request-body-required-added",
        ERROR,
        "request",
        "property",
        True,
        "new required request body {location}",
    ),
    (
        "request-body-removed",
        WARNING,
        "request",
        "property",
        True,
        "request body {location} removed",
    ),
    (
        "request-property-added",
        INFO,
        "request",
        "property",
        False,
        "new optional request property {location}",
    ),
    (
        "request-property-required-added",
        ERROR,
        "request",
        "property",
        True,
        "new required request property {location}",
    ),
    (
        "request-property-removed",
        WARNING,
        "request",
        "property",
        True,
        "request property {location} removed; requests that send it may be refused",
    ),
    (
        "request-property-made-required",
        ERROR,
        "request",
        "property",
        True,
        "request property {location} is now required",
    ),
    (
        "request-property-made-optional",
        INFO,
        "request",
        "property",
        False,
        "request property {location} is now optional",
    ),
    (
        "request-property-type-changed",
        ERROR,
        "request",
        "property",
        True,
        "request property {location} type changed from {old} to {new}",
    ),
    (
        "request-property-format-changed",
        WARNING,
        "request",
        "property",
        True,
        "request property {location} format changed from {old} to {new}",
    ),
    (
        "request-property-made-nullable",
        INFO,
        "request",
        "property",
        False,
        "request property {location} now accepts null",
    ),
    (
        "request-property-made-not-nullable",
        ERROR,
        "request",
        "property",
        True,
        "request property {location} no longer accepts null",
    ),
    (
        "request-enum-value-added",
        INFO,
        "request",
        "property",
        False,
        "request property {location} accepts the new value {detail!r}",
    ),
    (
        "request-enum-value-removed",
        ERROR,
        "request",
        "property",
        True,
        "request property {location} no longer accepts {detail!r}",
    ),
    (
        "response-property-added",
        INFO,
        "response",
        "property",
        False,
        "new response property {location}",
    ),
    (
        "response-property-removed",
        ERROR,
        "response",
        "property",
        True,
        "response property {location} removed",
    ),
    (
        "response-property-made-required",
        INFO,
        "response",
        "property",
        False,
        "response property {location} is now always sent",
    ),
    (
        "response-property-made-optional",
        ERROR,
        "response",
        "property",
        True,
        "response property {location} may now be missing",
    ),
    (
        "response-property-type-changed",
        ERROR,
        "response",
        "property",
        True,
        "response property {location} type changed from {old} to {new}",
    ),
    (
        "response-property-format-changed",
        WARNING,
        "response",
        "property",
        True,
        "response property {location} format changed from {old} to {new}",
    ),
    (
        "response-property-made-nullable",
        ERROR,
        "response",
        "property",
        True,
        "response property {location} may now be null",
    ),
    (
        "response-property-made-not-nullable",
        INFO,
        "response",
        "property",
        False,
        "response property {location} is never null now",
    ),
    (
        "response-enum-value-added",
        ERROR,
        "response",
        "property",
        True,
        "response property {location} may now hold the new value {detail!r}",
    ),
    (
        "response-enum-value-removed",
        INFO,
        "response",
        "property",
        False,
        "response property {location} no longer holds {detail!r}",
    ),
    (
        "response-status-added",
        WARNING,
        "response",
        "status",
        False,
        "operation may now answer with status {detail}",
    ),
    (
        "response-status-removed",
        INFO,
        "response",
        "status",
        False,
        "status {detail} is no longer documented",
    ),
    ("schema-added", INFO, "-", "schema", False, "new component schema {location}"),
    ("schema-removed", INFO, "-", "schema", False, "component schema {location} removed"),
    ("schema-renamed", INFO, "-", "schema", False, "component schema {old} renamed to {new}"),
    (
        "ref-dangling",
        ERROR,
        "-",
        "ref",
        True,
        "{location} refers to {detail}, which the spec does not define",
    ),
    (
        "ref-dangling-fixed",
        INFO,
        "-",
        "ref",
        False,
        "{location} no longer refers to the missing {detail}",
    ),
    ("description-changed", INFO, "-", "doc", False, "description of {location} edited"),
    ("example-changed", INFO, "-", "doc", False, "example of {location} edited"),
]

RULES: dict[str, Rule] = {row[0]: Rule(*row) for row in _ROWS}
LEVEL_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}


def rule(rule_id: str) -> Rule:
    """The rule for ``rule_id`` (KeyError for an unknown id is a programming error)."""
    return RULES[rule_id]


def rules_table() -> list[Rule]:
    """Every rule, in table order."""
    return list(RULES.values())
