"""Every rule has a message and a spec pair that triggers it (data-driven: the pair is the
point)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from evolution_specs import base_spec

from rect_conformance.evolution import SpecIndex, check_note, cross_check, diff_models, normalise
from rect_conformance.evolution._notes import Note
from rect_conformance.evolution._render import render_rules
from rect_conformance.evolution._rules import RULES

Spec = dict[str, Any]
S = "components"


def _schema(spec: Spec, name: str) -> Spec:
    return spec[S]["schemas"][name]


def _item(spec: Spec) -> Spec:
    return _schema(spec, "Item")["properties"]


def _req(spec: Spec) -> Spec:
    return _schema(spec, "ItemRequest")["properties"]["data"]


def _filter(spec: Spec) -> Spec:
    return _schema(spec, "ItemsFilter")["properties"]


def _list_params(spec: Spec) -> list[Spec]:
    return spec["paths"]["/items"]["get"]["parameters"]


def _post(spec: Spec) -> Spec:
    return spec["paths"]["/items"]["post"]


def _dangle(spec: Spec) -> None:
    _schema(spec, "ItemResponse")["properties"]["data"] = {"$ref": "#/components/schemas/Missing"}


def _rename_error(spec: Spec) -> None:
    spec[S]["schemas"]["Problem"] = spec[S]["schemas"].pop("Error")
    spec["paths"]["/items"]["get"]["responses"]["401"]["content"]["application/json"]["schema"] = {
        "$ref": "#/components/schemas/Problem"
    }


def _make_filter_required(spec: Spec) -> None:
    _schema(spec, "ItemsFilter")["required"] = ["cohort"]
    _list_params(spec)[0]["required"] = True


def _set(getter: Callable[[Spec], Any], key: str, value: Any) -> Callable[[Spec], None]:
    def mutate(spec: Spec) -> None:
        getter(spec)[key] = value

    return mutate


def _drop(getter: Callable[[Spec], Any], key: str) -> Callable[[Spec], None]:
    def mutate(spec: Spec) -> None:
        getter(spec).pop(key)

    return mutate


def _same(spec: Spec) -> None:
    return None


def _composed(spec: Spec) -> None:
    """Two request/response shapes as anyOf branches, in the request body and in Item: a change
    inside one branch that the merge of both hides."""
    branch = {
        "type": "object",
        "required": ["reason"],
        "properties": {
            "reason": {"type": "string", "enum": ["moved", "other"]},
            "comment": {"type": "string"},
            "due": {"type": "string", "format": "date", "nullable": True},
        },
    }
    spec[S]["schemas"]["MoveData"] = branch
    spec[S]["schemas"]["OtherData"] = {
        **branch,
        "properties": {
            **branch["properties"],
            "reason": {"type": "string", "enum": ["other", "changed"]},
            "comment": {"type": "integer"},
        },
    }
    either = {"anyOf": [{"$ref": f"#/{S}/schemas/MoveData"}, {"$ref": f"#/{S}/schemas/OtherData"}]}
    _schema(spec, "ItemRequest")["properties"]["data"] = either
    _item(spec)["detail"] = either


def _move(spec: Spec) -> Spec:
    return _schema(spec, "MoveData")


def _in_branch(change: Callable[[Spec], Any]) -> tuple[Callable[[Spec], None], ...]:
    """(the composed spec, the composed spec with ``change`` made to it)."""
    return _composed, lambda s: (_composed(s), change(s))


def _swap_comment_types(spec: Spec) -> None:
    _move(spec)["properties"]["comment"] = {"type": "integer"}
    _schema(spec, "OtherData")["properties"]["comment"] = {"type": "string"}


def _move_due_not_nullable(spec: Spec) -> None:
    _move(spec)["properties"]["due"] = {"type": "string", "format": "date"}


def _require_comment(spec: Spec) -> None:
    _move(spec)["required"] = ["reason", "comment"]


def _move_name_into_profile(spec: Spec) -> None:
    _item(spec).pop("name")
    _item(spec)["profile"] = {"type": "object", "properties": {"name": {"type": "string"}}}


def _move_comment_into_extra(spec: Spec) -> None:
    _req(spec)["properties"].pop("comment")
    _req(spec)["properties"]["extra"] = {
        "type": "object",
        "properties": {"comment": {"type": "string"}},
    }


# rule id -> (change made to the old spec, change made to the new spec)
PAIRS: dict[str, tuple[Callable[[Spec], None], Callable[[Spec], None]]] = {
    "path-added": (
        _same,
        _set(lambda s: s["paths"], "/extra", {"get": {"responses": {"200": {"description": "x"}}}}),
    ),
    "path-removed": (_same, _drop(lambda s: s["paths"], "/items/{id}")),
    "operation-added": (
        _same,
        _set(
            lambda s: s["paths"]["/items/{id}"],
            "delete",
            {"responses": {"204": {"description": "x"}}},
        ),
    ),
    "operation-removed": (_same, _drop(lambda s: s["paths"]["/items"], "post")),
    "parameter-added": (
        _same,
        lambda s: _list_params(s).append(
            {"name": "sort", "in": "query", "schema": {"type": "string"}}
        ),
    ),
    "parameter-required-added": (
        _same,
        lambda s: _list_params(s).append(
            {"name": "year", "in": "query", "required": True, "schema": {"type": "string"}}
        ),
    ),
    "parameter-removed": (_same, lambda s: _list_params(s).pop()),
    "parameter-made-required": (_same, _make_filter_required),
    "parameter-made-optional": (_make_filter_required, _same),
    "parameter-type-changed": (
        _same,
        lambda s: _list_params(s)[1]["schema"]["properties"]["size"].update(type="string"),
    ),
    "parameter-format-changed": (
        _same,
        lambda s: _filter(s)["updated_since"].update(format="date"),
    ),
    "parameter-enum-value-added": (_same, lambda s: _filter(s)["cohort"]["enum"].append("2026")),
    "parameter-enum-value-removed": (_same, lambda s: _filter(s)["cohort"]["enum"].remove("2024")),
    "request-body-added": (
        _drop(_post, "requestBody"),
        lambda s: _post(s)["requestBody"].update(required=False),
    ),
    "request-body-required-added": (_drop(_post, "requestBody"), _same),
    "request-body-removed": (_same, _drop(_post, "requestBody")),
    "request-property-added": (
        _same,
        lambda s: _req(s)["properties"].update(extra={"type": "string"}),
    ),
    "request-property-required-added": (
        _same,
        lambda s: (
            _req(s)["properties"].update(extra={"type": "string"}),
            _req(s)["required"].append("extra"),
        ),
    ),
    "request-property-removed": (_same, lambda s: _req(s)["properties"].pop("comment")),
    "request-property-made-required": (_same, lambda s: _req(s)["required"].append("comment")),
    "request-property-made-optional": (_same, _set(_req, "required", [])),
    "request-property-type-changed": (
        _same,
        lambda s: _req(s)["properties"]["comment"].update(type="integer"),
    ),
    "request-property-format-changed": (
        _same,
        lambda s: _req(s)["properties"]["due"].update(format="date-time"),
    ),
    "request-property-made-nullable": (
        _same,
        lambda s: _req(s)["properties"]["comment"].update(nullable=True),
    ),
    "request-property-made-not-nullable": (
        _same,
        lambda s: _req(s)["properties"]["due"].pop("nullable"),
    ),
    "request-enum-value-added": (
        _same,
        lambda s: _req(s)["properties"]["reason"]["enum"].append("changed"),
    ),
    "request-enum-value-removed": (
        _same,
        lambda s: _req(s)["properties"]["reason"]["enum"].remove("moved"),
    ),
    "response-property-added": (_same, lambda s: _item(s).update(email={"type": "string"})),
    "response-property-removed": (_same, lambda s: _item(s).pop("name")),
    "response-property-made-required": (
        _same,
        lambda s: _schema(s, "Item")["required"].append("name"),
    ),
    "response-property-made-optional": (
        _same,
        lambda s: _schema(s, "Item")["required"].remove("status"),
    ),
    "response-property-type-changed": (_same, lambda s: _item(s)["name"].update(type="integer")),
    "response-property-format-changed": (
        _same,
        lambda s: _item(s)["joined"].update(format="date-time"),
    ),
    "response-property-made-nullable": (_same, lambda s: _item(s)["name"].update(nullable=True)),
    "response-property-made-not-nullable": (_same, lambda s: _item(s)["joined"].pop("nullable")),
    "response-enum-value-added": (_same, lambda s: _item(s)["status"]["enum"].append("leaving")),
    "response-enum-value-removed": (_same, lambda s: _item(s)["status"]["enum"].remove("left")),
    "response-status-added": (
        _same,
        lambda s: s["paths"]["/items"]["get"]["responses"].update({"404": {"description": "x"}}),
    ),
    "response-status-removed": (
        _same,
        lambda s: s["paths"]["/items"]["get"]["responses"].pop("401"),
    ),
    "schema-added": (_same, lambda s: s[S]["schemas"].update(Unused={"type": "integer"})),
    "schema-removed": (lambda s: s[S]["schemas"].update(Unused={"type": "integer"}), _same),
    "schema-renamed": (_same, _rename_error),
    "ref-dangling": (_same, _dangle),
    "ref-dangling-fixed": (_dangle, _same),
    "parameter-style-changed": (_same, lambda s: _list_params(s)[1].update(style="form")),
    "parameter-explode-changed": (_same, lambda s: _list_params(s)[0].update(explode=True)),
    "request-property-moved": (_same, _move_comment_into_extra),
    "response-property-moved": (_same, _move_name_into_profile),
    "schema-unknown-keyword": (_same, lambda s: _item(s).update(name={"tpye": "string"})),
    "schema-unknown-keyword-fixed": (lambda s: _item(s).update(name={"tpye": "string"}), _same),
    "description-changed": (_same, lambda s: _item(s)["name"].update(description="the full name")),
    "example-changed": (_same, lambda s: _item(s)["name"].update(example="Bo")),
}


# Changes inside one branch; the same branches sit in the request body and in Item, so each pair
# shows both the request and the response rule.
_BRANCH_PAIRS: dict[str, tuple[Callable[[Spec], None], ...]] = {
    "property-made-required": _in_branch(_require_comment),
    "property-made-optional": (lambda s: (_composed(s), _require_comment(s)), _composed),
    "property-type-changed": _in_branch(_swap_comment_types),
    "property-made-nullable": (lambda s: (_composed(s), _move_due_not_nullable(s)), _composed),
    "property-made-not-nullable": _in_branch(_move_due_not_nullable),
    "enum-value-added": _in_branch(
        lambda s: _move(s)["properties"]["reason"]["enum"].append("changed")
    ),
    "enum-value-removed": _in_branch(
        lambda s: _move(s)["properties"]["reason"]["enum"].remove("other")
    ),
}
PAIRS.update(
    {
        f"{side}-branch-{kind}": pair
        for side in ("request", "response")
        for kind, pair in _BRANCH_PAIRS.items()
    }
)


def _changes(rule_id: str):
    old, new = base_spec(), base_spec()
    before, after = PAIRS[rule_id]
    before(old)
    after(new)
    return diff_models(normalise(old), normalise(new))


def _note(body: str, title: str = "A note") -> Note:
    return Note(title, dt.date(2026, 7, 1), (), body, tuple(re.findall(r"`([^`]+)`", body)))


def _with_servers(spec: Spec) -> None:
    spec["servers"] = [{"url": "https://example.test/api/v3"}]


# note rule id -> (change made to the spec the note is checked against, the note, whether every
# earlier version is known); and the same note against a spec that bears it out
NOTE_PAIRS: dict[str, tuple[Callable[[Spec], None], Note, bool]] = {
    "endpoint-unknown": (_same, _note("See `GET /api/v3/widgets`."), False),
    "method-mismatch": (_same, _note("Call `POST /items/{id}` to read one."), False),
    "spelled-differently": (
        _same,
        _note("Filter with `updated-since`."),
        False,
    ),
    "not-in-spec": (_same, _note("Items now carry `nickname`."), False),
    "removed-never-in-spec": (_same, _note("We have removed the `legacy_flag` field."), True),
    "servers-not-in-spec": (
        _same,
        _note("The base URL is now https://example.test/api/v3 and you need new API tokens."),
        False,
    ),
}
NOTE_FIXES: dict[str, Callable[[Spec], None]] = {
    "endpoint-unknown": lambda s: s["paths"].update({"/widgets": s["paths"]["/items"]}),
    "method-mismatch": lambda s: s["paths"]["/items/{id}"].update(
        post=s["paths"]["/items/{id}"]["get"]
    ),
    "spelled-differently": lambda s: _filter(s).update({"updated-since": {"type": "string"}}),
    "not-in-spec": lambda s: _item(s).update(nickname={"type": "string"}),
    "removed-never-in-spec": lambda s: _item(s).update(legacy_flag={"type": "boolean"}),
    "servers-not-in-spec": _with_servers,
}


def _note_problems(rule_id: str, fixed: bool = False) -> list[str]:
    spec = base_spec()
    mutate, note, every_version = NOTE_PAIRS[rule_id]
    mutate(spec)
    if fixed:
        NOTE_FIXES[rule_id](spec)
    index = SpecIndex.from_model(normalise(spec))
    return [p.kind for p in check_note(note, index, index if every_version else None)]


def test_every_rule_has_a_spec_pair_and_every_pair_a_rule():
    note_rules = {r.id for r in RULES.values() if r.location == "note"}
    assert set(PAIRS) == set(RULES) - note_rules
    assert set(NOTE_PAIRS) == set(NOTE_FIXES) == note_rules


@pytest.mark.parametrize("rule_id", sorted(NOTE_PAIRS))
def test_note_rule_is_raised_by_its_note_and_not_once_the_spec_bears_it_out(rule_id):
    assert rule_id in _note_problems(rule_id)
    assert rule_id not in _note_problems(rule_id, fixed=True)


def test_every_breaking_rule_says_what_a_client_must_change():
    for rule in RULES.values():
        assert bool(rule.action) == rule.breaking, rule.id


@pytest.mark.parametrize("rule_id", sorted(PAIRS))
def test_rule_has_a_message_and_is_triggered_by_its_pair(rule_id):
    rule = RULES[rule_id]
    assert rule.message and rule.level in ("error", "warning", "info")
    assert rule.breaking == (rule.level == "error") or rule.level == "warning"
    changes = _changes(rule_id)
    hits = [c for c in changes if c.rule_id == rule_id]
    assert hits, f"{rule_id} not raised; got {[c.rule_id for c in changes]}"
    placeholders = ("{location}", "{detail", "{old}", "{new}")
    assert all(c.message and not any(p in c.message for p in placeholders) for c in hits)


def test_changes_to_a_shared_schema_name_every_operation_they_reach():
    (change,) = [
        c for c in _changes("response-property-removed") if c.rule_id == "response-property-removed"
    ]
    assert change.location == "Item.name"
    assert change.operations == ("GET /items", "GET /items/{id} (getItem)", "POST /items")
    assert change.rule.direction == "response"


def test_enum_value_added_breaks_in_a_response_but_not_in_a_request():
    response = [c for c in _changes("response-enum-value-added") if c.detail == "leaving"]
    request = [c for c in _changes("request-enum-value-added") if c.detail == "changed"]
    assert response[0].breaking and not request[0].breaking
    assert request[0].operations == ("POST /items",)


def test_deep_object_filter_members_are_diffed_as_parameters():
    (change,) = [c for c in _changes("parameter-enum-value-removed")]
    assert change.location == "query:filter[cohort]" and change.detail == "2024"


def test_doc_edits_are_kept_apart_from_changes():
    changes = _changes("description-changed")
    assert [c.is_doc for c in changes] == [True]


def test_rules_table_prints_every_rule():
    text = render_rules("text")
    assert all(rule_id in text for rule_id in RULES)
    assert render_rules("markdown").count("\n") == len(RULES) + 2


def test_a_moved_property_is_a_breaking_removal_plus_an_addition():
    changes = _changes("response-property-moved")
    assert [(c.rule_id, c.location, c.new) for c in changes if not c.is_doc] == [
        ("response-property-moved", "Item.name", "Item.profile.name"),
        ("response-property-added", "Item.profile", ""),
    ]
    assert changes[0].breaking and "read it from Item.profile.name" in changes[0].action


def test_a_note_announcing_the_new_place_does_not_announce_the_removal():
    changes = _changes("response-property-moved")
    index = SpecIndex.from_model(normalise(base_spec()))
    added = cross_check(changes, [_note("Items have a new object `profile` with `name`.")], index)
    assert [c.rule_id for c in added.unannounced] == ["response-property-moved"]
    moved = cross_check(changes, [_note("We moved `name` into the new `profile`.")], index)
    assert moved.unannounced == []


@pytest.mark.parametrize(
    "schema",
    [
        {"$ref": "#/components/schemas/Error", "nullable": True},  # nullable beside a $ref
        {"allOf": [{"$ref": "#/components/schemas/Error"}], "nullable": True},
        {"type": "object", "properties": {"error": {"type": "string"}}, "nullable": True},
    ],
    ids=["ref-sibling", "all-of-wrapper", "inline"],
)
def test_nullable_alone_changing_on_an_otherwise_identical_property_is_seen(schema):
    old, new = base_spec(), base_spec()
    _item(old)["owner"] = {k: v for k, v in schema.items() if k != "nullable"}
    _item(new)["owner"] = schema
    changes = diff_models(normalise(old), normalise(new))
    assert [(c.rule_id, c.location) for c in changes] == [
        ("response-property-made-nullable", "Item.owner")
    ]


def test_style_and_explode_defaults_are_filled_in_before_comparing():
    old, new = base_spec(), base_spec()
    _list_params(new)[0].update(explode=False)  # deepObject's default, written out
    _list_params(new).append({"name": "q", "in": "query", "schema": {"type": "string"}})
    _list_params(old).append(
        {"name": "q", "in": "query", "style": "form", "explode": True, "schema": {"type": "string"}}
    )
    assert diff_models(normalise(old), normalise(new)) == []


def test_branch_order_is_not_a_change():
    old, new = base_spec(), base_spec()
    _composed(old)
    _composed(new)
    _item(new)["detail"] = {"anyOf": list(reversed(_item(new)["detail"]["anyOf"]))}
    assert diff_models(normalise(old), normalise(new)) == []
