"""The rules: one row per kind of spec change or release-note finding, judged from a lead
provider's side.

A client breaks when the API sends it something it was not written to read (a response value
it does not know, a field that is gone or may now be null) or refuses something it sends (a
parameter or property that is now required, a value no longer accepted, a parameter serialised
another way). Each row says so once; the diff and the cross-check only name the kind, and every
message, and every action a client must take, is formatted from here.

The table is text so that one rule reads as one entry: a header line (id, level, direction,
location, breaking or safe), the message indented under it, and for a breaking rule the action
a lead provider's integration must take, after ``>``. Messages are formatted with ``location``,
``detail``, ``old`` and ``new``. Rules whose location is ``note`` are the cross-check's findings
about a release note (``location`` is the item the note names).
"""

from __future__ import annotations

from dataclasses import dataclass

ERROR, WARNING, INFO = "error", "warning", "info"
LOCATIONS = ("operation", "parameter", "property", "status", "schema", "ref", "doc", "note")


@dataclass(frozen=True)
class Rule:
    """One kind of change: its id, how much it matters, where it sits and what to say."""

    id: str
    level: str  # error (breaks clients), warning (may break), info (safe)
    direction: str  # request, response or "-" (both or neither)
    location: str  # one of LOCATIONS
    breaking: bool
    message: str  # formatted with location, detail, old, new
    action: str = ""  # what a client must change (every breaking rule has one)


_TABLE = """
path-added                              info     -         operation  safe
  new path {location}
path-removed                            error    -         operation  breaking
  path {location} removed with all its operations
  > stop calling {location}; it is gone
operation-added                         info     -         operation  safe
  new operation {location}
operation-removed                       error    -         operation  breaking
  operation {location} removed
  > stop calling {location}; it is gone

parameter-added                         info     request   parameter  safe
  new optional parameter {location}
parameter-required-added                error    request   parameter  breaking
  new required parameter {location}
  > send {location} on every call
parameter-removed                       warning  request   parameter  breaking
  parameter {location} removed; requests that send it may be refused or ignored
  > stop sending {location}
parameter-made-required                 error    request   parameter  breaking
  parameter {location} is now required
  > always send {location}
parameter-made-optional                 info     request   parameter  safe
  parameter {location} is now optional
parameter-type-changed                  error    request   parameter  breaking
  parameter {location} type changed from {old} to {new}
  > send {location} as {new}
parameter-format-changed                warning  request   parameter  breaking
  parameter {location} format changed from {old} to {new}
  > send {location} in the {new} format
parameter-enum-value-added              info     request   parameter  safe
  parameter {location} accepts the new value {detail!r}
parameter-enum-value-removed            error    request   parameter  breaking
  parameter {location} no longer accepts {detail!r}
  > stop sending {detail!r} in {location}
parameter-style-changed                 error    request   parameter  breaking
  parameter {location} is now serialised with style {new} (was {old})
  > serialise {location} with style {new}
parameter-explode-changed               error    request   parameter  breaking
  parameter {location} now has explode {new} (was {old}), which changes how it is serialised
  > serialise {location} with explode {new}

request-body-added                      info     request   property   safe
  new optional request body {location}
request-body-required-added             error    request   property   breaking
  new required request body {location}
  > send a request body
request-body-removed                    warning  request   property   breaking
  request body {location} removed
  > stop sending a request body
request-property-added                  info     request   property   safe
  new optional request property {location}
request-property-required-added         error    request   property   breaking
  new required request property {location}
  > send {location} in every request
request-property-removed                warning  request   property   breaking
  request property {location} removed; requests that send it may be refused
  > stop sending {location}
request-property-moved                  warning  request   property   breaking
  request property {location} moved to {new}; requests that send it at the old place may be refused
  > send it at {new} instead of {location}
request-property-made-required          error    request   property   breaking
  request property {location} is now required
  > always send {location}
request-property-made-optional          info     request   property   safe
  request property {location} is now optional
request-property-type-changed           error    request   property   breaking
  request property {location} type changed from {old} to {new}
  > send {location} as {new}
request-property-format-changed         warning  request   property   breaking
  request property {location} format changed from {old} to {new}
  > send {location} in the {new} format
request-property-made-nullable          info     request   property   safe
  request property {location} now accepts null
request-property-made-not-nullable      error    request   property   breaking
  request property {location} no longer accepts null
  > never send null in {location}
request-enum-value-added                info     request   property   safe
  request property {location} accepts the new value {detail!r}
request-enum-value-removed              error    request   property   breaking
  request property {location} no longer accepts {detail!r}
  > stop sending {detail!r} in {location}

request-branch-property-made-required   error    request   property   breaking
  request property {location} is now required in the {detail}
  > always send {location} in requests of the {detail}
request-branch-property-made-optional   info     request   property   safe
  request property {location} is now optional in the {detail}
request-branch-property-type-changed    error    request   property   breaking
  request property {location} type changed from {old} to {new} in the {detail}
  > send {location} as {new} in requests of the {detail}
request-branch-property-made-nullable   info     request   property   safe
  request property {location} now accepts null in the {detail}
request-branch-property-made-not-nullable  error  request  property   breaking
  request property {location} no longer accepts null in the {detail}
  > never send null in {location} in requests of the {detail}
request-branch-enum-value-added         info     request   property   safe
  request property {location} accepts the new value {old!r} in the {detail}
request-branch-enum-value-removed       error    request   property   breaking
  request property {location} no longer accepts {old!r} in the {detail}
  > stop sending {old!r} in {location} in requests of the {detail}

response-property-added                 info     response  property   safe
  new response property {location}
response-property-removed               error    response  property   breaking
  response property {location} removed
  > stop reading {location}; it is no longer sent
response-property-moved                 error    response  property   breaking
  response property {location} moved to {new}; a client reading it at the old place finds nothing
  > read it from {new} instead of {location}
response-property-made-required         info     response  property   safe
  response property {location} is now always sent
response-property-made-optional         error    response  property   breaking
  response property {location} may now be missing
  > accept responses without {location}
response-property-type-changed          error    response  property   breaking
  response property {location} type changed from {old} to {new}
  > read {location} as {new}
response-property-format-changed        warning  response  property   breaking
  response property {location} format changed from {old} to {new}
  > parse {location} as {new}
response-property-made-nullable         error    response  property   breaking
  response property {location} may now be null
  > accept null in {location}
response-property-made-not-nullable     info     response  property   safe
  response property {location} is never null now
response-enum-value-added               error    response  property   breaking
  response property {location} may now hold the new value {detail!r}
  > handle the value {detail!r} in {location}
response-enum-value-removed             info     response  property   safe
  response property {location} no longer holds {detail!r}

response-branch-property-made-required  info     response  property   safe
  response property {location} is now always sent in the {detail}
response-branch-property-made-optional  error    response  property   breaking
  response property {location} may now be missing in the {detail}
  > accept {location} missing from responses of the {detail}
response-branch-property-type-changed   error    response  property   breaking
  response property {location} type changed from {old} to {new} in the {detail}
  > read {location} as {new} in responses of the {detail}
response-branch-property-made-nullable  error    response  property   breaking
  response property {location} may now be null in the {detail}
  > accept null in {location} in responses of the {detail}
response-branch-property-made-not-nullable  info  response  property   safe
  response property {location} is never null now in the {detail}
response-branch-enum-value-added        error    response  property   breaking
  response property {location} may now hold the new value {old!r} in the {detail}
  > handle the value {old!r} in {location} in responses of the {detail}
response-branch-enum-value-removed      info     response  property   safe
  response property {location} no longer holds {old!r} in the {detail}

response-status-added                   warning  response  status     safe
  operation may now answer with status {detail}
response-status-removed                 info     response  status     safe
  status {detail} is no longer documented

schema-added                            info     -         schema     safe
  new component schema {location}
schema-removed                          info     -         schema     safe
  component schema {location} removed
schema-renamed                          info     -         schema     safe
  component schema {old} renamed to {new}
schema-unknown-keyword                  warning  -         schema     breaking
  {location} has the keyword {detail!r}, which is not one of OpenAPI's, so it constrains nothing
  > do not rely on the spec for {location}; ask DfE what {detail!r} was meant to say
schema-unknown-keyword-fixed            info     -         schema     safe
  {location} no longer has the unknown keyword {detail!r}
ref-dangling                            error    -         ref        breaking
  {location} refers to {detail}, which the spec does not define
  > ask DfE what {location} holds: the spec refers to a schema it does not define
ref-dangling-fixed                      info     -         ref        safe
  {location} no longer refers to the missing {detail}

description-changed                     info     -         doc        safe
  description of {location} edited
example-changed                         info     -         doc        safe
  example of {location} edited

endpoint-unknown                        warning  -         note       safe
  names {location}, a path the spec does not have
method-mismatch                         warning  -         note       safe
  says {location} but the spec has {detail}
spelled-differently                     warning  -         note       safe
  names {location!r}; the spec spells it {detail!r}
not-in-spec                             warning  -         note       safe
  names {location!r}, which no version of the spec holds
removed-never-in-spec                   info     -         note       safe
  announces the removal of {location!r}, which no version of the spec held (an earlier API's name)
servers-not-in-spec                     warning  -         note       safe
  announces {detail}, but the spec has no `servers` entry, so a client cannot take it from the spec
"""


def _parse(table: str) -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    head: list[str] = []
    lines: list[str] = []

    def close() -> None:
        if head:
            message, *action = lines
            rule_id, level, direction, location, breaking = head
            rules[rule_id] = Rule(
                rule_id,
                level,
                direction,
                location,
                breaking == "breaking",
                message,
                action[0] if action else "",
            )

    for raw in table.splitlines():
        if not raw.strip():
            continue
        if not raw.startswith(" "):
            close()
            head, lines = raw.split(), []
        else:
            lines.append(raw.strip().removeprefix("> "))
    close()
    return rules


RULES: dict[str, Rule] = _parse(_TABLE)
LEVEL_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}


def rule(rule_id: str) -> Rule:
    """The rule for ``rule_id`` (KeyError for an unknown id is a programming error)."""
    return RULES[rule_id]


def rules_table() -> list[Rule]:
    """Every rule, in table order."""
    return list(RULES.values())
