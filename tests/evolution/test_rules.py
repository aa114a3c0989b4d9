"""Every rule has a message and a spec pair that triggers it (data-driven: the pair is the
point)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from evolution_specs import base_spec

from rect_conformance.evolution import diff_models, normalise
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
    "description-changed": (_same, lambda s: _item(s)["name"].update(description="the full name")),
    "example-changed": (_same, lambda s: _item(s)["name"].update(example="Bo")),
}


def _changes(rule_id: str):
    old, new = base_spec(), base_spec()
    before, after = PAIRS[rule_id]
    before(old)
    after(new)
    return diff_models(normalise(old), normalise(new))


def test_every_rule_has_a_spec_pair_and_every_pair_a_rule():
    assert set(PAIRS) == set(RULES)


@pytest.mark.parametrize("rule_id", sorted(RULES))
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
