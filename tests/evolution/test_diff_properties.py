"""What is not a change: a spec against itself, reordered enums and keys, an identical $ref
target."""

from __future__ import annotations

import copy
import random
from typing import Any

from evolution_specs import base_spec
from hypothesis import given, settings
from hypothesis import strategies as st

from rect_conformance.evolution import diff_models, normalise

_names = st.text(alphabet="abcdefghij_", min_size=1, max_size=6)
_leaf = st.fixed_dictionaries(
    {"type": st.sampled_from(["string", "integer", "boolean", "number"])},
    optional={
        "format": st.sampled_from(["date", "date-time", "uuid"]),
        "nullable": st.booleans(),
        "enum": st.lists(_names, min_size=1, max_size=4, unique=True),
        "description": st.text(max_size=10),
    },
)
_schema = st.recursive(
    _leaf,
    lambda inner: st.one_of(
        st.builds(
            lambda props, req: {
                "type": "object",
                "properties": props,
                "required": sorted(set(req) & set(props)),
            },
            st.dictionaries(_names, inner, max_size=4),
            st.lists(_names, max_size=3),
        ),
        st.builds(lambda item: {"type": "array", "items": item}, inner),
        st.builds(lambda a, b: {"anyOf": [a, b]}, inner, inner),
    ),
    max_leaves=12,
)


def _spec_with(schema: dict[str, Any]) -> dict[str, Any]:
    spec = base_spec()
    spec["components"]["schemas"]["Item"]["properties"]["extra"] = schema
    spec["components"]["schemas"]["Extra"] = copy.deepcopy(schema)
    return spec


def _shuffled(value: Any, rng: random.Random) -> Any:
    if isinstance(value, dict):
        keys = list(value)
        rng.shuffle(keys)
        return {k: _shuffled(value[k], rng) for k in keys}
    if isinstance(value, list):
        items = [_shuffled(v, rng) for v in value]
        rng.shuffle(items)  # enum, required, parameters, anyOf: order never counts
        return items
    return value


@settings(max_examples=60, deadline=None)
@given(_schema)
def test_any_spec_diffed_against_itself_has_no_changes(schema):
    spec = _spec_with(schema)
    assert diff_models(normalise(spec), normalise(copy.deepcopy(spec))) == []


@settings(max_examples=60, deadline=None)
@given(_schema, st.integers(0, 10_000))
def test_reordering_keys_and_lists_is_not_a_change(schema, seed):
    spec = _spec_with(schema)
    assert diff_models(normalise(spec), normalise(_shuffled(spec, random.Random(seed)))) == []


def test_ref_to_an_identical_schema_under_another_name_is_not_a_change():
    old = base_spec()
    new = base_spec()
    new["components"]["schemas"]["ItemCopy"] = copy.deepcopy(new["components"]["schemas"]["Item"])
    new["components"]["schemas"]["ItemResponse"]["properties"]["data"] = {
        "$ref": "#/components/schemas/ItemCopy"
    }
    changes = [c for c in diff_models(normalise(old), normalise(new)) if not c.is_doc]
    assert [c.rule_id for c in changes] == ["schema-added"]


def test_openapi_31_null_type_reads_as_nullable():
    old = base_spec()
    new = base_spec()
    new["openapi"] = "3.1.0"
    name = new["components"]["schemas"]["Item"]["properties"]["name"]
    name["type"] = ["string", "null"]
    changes = diff_models(normalise(old), normalise(new))
    assert [c.rule_id for c in changes] == ["response-property-made-nullable"]
