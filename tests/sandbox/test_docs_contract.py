"""The sandbox's own OpenAPI description has the published contract: the same paths, operation
ids, parameters, schema names, properties, types, formats, enums, nullability and required
lists. Only prose (summaries, descriptions, examples) may differ."""

from __future__ import annotations

import yaml
from openapi_spec_validator import validate

PROSE = {"description", "summary", "example", "examples", "externalDocs"}


def _contract(node):
    if isinstance(node, dict):
        return {
            k: _contract(v)
            for k, v in node.items()
            if k not in PROSE and not (k == "title" and isinstance(v, str))
        }
    if isinstance(node, list):
        return [_contract(item) for item in node]
    return node


def _served(client) -> dict:
    answer = client.get("/api/docs/v3/swagger.yaml")
    assert answer.status_code == 200
    return yaml.safe_load(answer.text)


def test_served_description_is_valid_openapi_without_authentication(clean):
    validate(_served(clean))


def test_served_description_has_the_published_contract(clean, published_spec_path):
    ours = _contract(_served(clean))
    published = _contract(yaml.safe_load(published_spec_path.read_text(encoding="utf-8")))
    ours.pop("info"), published.pop("info")
    assert sorted(ours["paths"]) == sorted(published["paths"])
    for path, operations in published["paths"].items():
        for method, operation in operations.items():
            assert ours["paths"][path][method] == operation, f"{method.upper()} {path} differs"
    assert sorted(ours["components"]["schemas"]) == sorted(published["components"]["schemas"])
    for name, schema in published["components"]["schemas"].items():
        assert ours["components"]["schemas"][name] == schema, f"schema {name} differs"
    assert ours == published


def test_contract_comparison_notices_a_changed_enum(clean, published_spec_path):
    ours = _contract(_served(clean))
    ours["components"]["schemas"]["SortingTimestamps"]["enum"].append("name")
    published = _contract(yaml.safe_load(published_spec_path.read_text(encoding="utf-8")))
    assert ours["components"]["schemas"] != published["components"]["schemas"]


def test_our_description_uses_none_of_the_published_sentences(clean, published_spec_path):
    published = yaml.safe_load(published_spec_path.read_text(encoding="utf-8"))
    sentences = set()

    def collect(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("description", "summary") and isinstance(value, str) and len(value) > 25:
                    sentences.add(value.strip())
                collect(value)
        elif isinstance(node, list):
            for item in node:
                collect(item)

    collect(published)
    served = clean.get("/api/docs/v3/swagger.yaml").text
    assert not [s for s in sentences if s in served]
