"""The contract: loading the spec, its defects, and response validation (OpenAPI 3.0)."""

from __future__ import annotations

import copy

import httpx
import pytest
import yaml

from rect_conformance._contract import Contract, load_contract, parse_spec
from rect_conformance._errors import SpecError

STATEMENT = {
    "id": "9b1f8c8e-2f0a-4c1e-9d55-0c3a6f4f2a10",
    "type": "statement",
    "attributes": {
        "month": "November",
        "year": "2025",
        "cohort": "2025",
        "cut_off_date": "2025-10-31",
        "payment_date": "2025-11-25",
        "paid": False,
        "created_at": "2025-06-20T09:00:00Z",
        "updated_at": "2025-06-20T09:00:00Z",
    },
}


@pytest.fixture(scope="module")
def contract(published_spec_path):
    return load_contract(str(published_spec_path))


def _answer(status, body, content_type="application/json; charset=utf-8", path="/x"):
    request = httpx.Request(
        "GET", f"http://127.0.0.1{path}", headers={"Authorization": "Bearer elided"}
    )
    content = body if isinstance(body, bytes) else httpx.Response(200, json=body).content
    return httpx.Response(
        status, content=content, headers={"Content-Type": content_type}, request=request
    )


def test_published_spec_has_its_24_operations(contract):
    assert len(contract.operations) == 24
    assert contract.operation("getStatement").path == "/api/v3/statements/{id}"
    assert len(contract.sha256) == 64


def test_a_valid_statement_passes(contract):
    assert contract.validate_response("getStatement", _answer(200, {"data": STATEMENT})) == []


def test_a_timestamp_without_t_and_zone_is_not_a_date_time(contract):
    bad = copy.deepcopy(STATEMENT)
    bad["attributes"]["updated_at"] = "2025-10-01 09:00:00"
    findings = contract.validate_response("getStatement", _answer(200, {"data": bad}))
    assert [f.check for f in findings] == ["response_schema_conformance"]
    assert "updated_at" in findings[0].message and "date-time" in findings[0].message


def test_an_undocumented_status_is_a_finding(contract):
    findings = contract.validate_response("getStatements", _answer(400, {"errors": []}))
    assert findings[0].check == "status_code_conformance"
    assert "answered 400" in findings[0].message


def test_an_undocumented_content_type_is_a_finding(contract):
    findings = contract.validate_response(
        "getStatement", _answer(200, b'{"data": {}}', content_type="text/plain")
    )
    assert findings[0].check == "content_type_conformance"


def test_reproduction_never_carries_the_token(contract):
    bad = copy.deepcopy(STATEMENT)
    bad["attributes"]["paid"] = "no"
    finding = contract.validate_response("getStatement", _answer(200, {"data": bad}))[0]
    assert '"Authorization: Bearer $RECT_TOKEN"' in finding.reproduction.curl()


def test_nullable_with_enum_accepts_null(published_spec_path):
    # The spec declares ineligible_for_funding_reason nullable with an enum lacking null; we
    # let nullable win (documented in _schema30) and report the declaration as a spec defect.
    from rect_conformance import _schema30

    raw = yaml.safe_load(published_spec_path.read_bytes())
    field = _schema30.resolve(raw, raw["components"]["schemas"]["Declaration"])
    schema = _schema30.to_json_schema(
        field["properties"]["attributes"]["properties"]["ineligible_for_funding_reason"]
    )
    checker = _schema30.validator(schema)
    assert checker.is_valid(None)
    assert checker.is_valid("duplicate_declaration")
    assert not checker.is_valid("bogus")


def test_published_spec_defects_are_found(contract):
    checks = {f.check for f in contract.lint()}
    assert {
        "spec-servers",
        "spec-format",
        "spec-nullable-enum",
        "spec-enum-type",
        "spec-array-items",
    } <= checks


def test_a_clean_spec_has_no_defects(published_spec_path):
    raw = yaml.safe_load(published_spec_path.read_bytes())
    raw["servers"] = [{"url": "http://127.0.0.1"}]
    raw["components"]["schemas"]["ParticipantIDChange"]["properties"]["changed_at"]["format"] = (
        "date-time"
    )
    raw["components"]["schemas"]["SortingTimestamps"]["type"] = "string"
    partner = raw["components"]["schemas"]["DeliveryPartner"]["properties"]["attributes"]
    partner["properties"]["cohort"]["items"] = {"type": "string"}
    _walk_add_null(raw)
    assert Contract(raw, b"x", "test").lint() == []


def test_a_structurally_invalid_spec_is_reported(published_spec_path):
    raw = yaml.safe_load(published_spec_path.read_bytes())
    raw["paths"]["/api/v3/statements"]["get"]["responses"]["200"] = {"content": {}}
    checks = [f.check for f in Contract(raw, b"x", "test").lint()]
    assert "spec-valid" in checks


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"openapi: [unclosed", "not valid YAML"),
        (b"just: a mapping\n", "not an OpenAPI description"),
        (b"openapi: 2.0\npaths: {a: 1}\n", "OpenAPI 2.0"),
    ],
)
def test_a_document_that_is_not_an_openapi_30_spec_is_refused(content, message):
    with pytest.raises(SpecError, match=message):
        parse_spec(content, "test")


def _walk_add_null(node):
    if isinstance(node, dict):
        if (
            node.get("nullable") is True
            and isinstance(node.get("enum"), list)
            and None not in node["enum"]
        ):
            node["enum"].append(None)
        for value in node.values():
            _walk_add_null(value)
    elif isinstance(node, list):
        for item in node:
            _walk_add_null(item)
