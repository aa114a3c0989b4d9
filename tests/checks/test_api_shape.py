"""The engine's table of the API's shape (``rect_conformance/_api.py``) is the published spec's:
the same 24 operations with the same methods and paths, each list beside its read by id, and no
path of the API written anywhere else in the engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from rect_conformance import _api
from rect_conformance._contract import Contract

ENGINE = Path(_api.__file__).resolve().parent
# Modules still naming a path of their own, to move onto the table: _target.py's pre-flight read
# (GET /api/v3/statements is BY_NAME["statements"].list_path).
NOT_MOVED_YET: set[str] = set()


def test_the_table_holds_exactly_the_operations_of_the_published_spec(contract: Contract) -> None:
    published = {op.operation_id: (op.method, op.path) for op in contract.operations}
    ours = {op: _api.method_and_path(op) for op in _api.ALL_OPERATION_IDS}
    assert ours == published
    assert len(_api.ALL_OPERATION_IDS) == len(set(_api.ALL_OPERATION_IDS)) == 24


@pytest.mark.parametrize("resource", _api.RESOURCES, ids=lambda r: r.name)
def test_each_list_and_read_by_id_share_a_resource_schema(
    contract: Contract, resource: _api.Resource
) -> None:
    # The read by id answers one record of what the list answers (rules §7): both 200 bodies
    # describe the same record type.
    def record_type(operation_id: str) -> object:
        schema = contract.operation(operation_id).responses["200"]["content"]["application/json"]
        data = schema["schema"]["properties"]["data"]
        record = data.get("items", data)
        return record["properties"]["type"].get("enum") or record["properties"]["type"]

    assert record_type(resource.list_op) == record_type(resource.show_op)


@pytest.mark.parametrize("resource", _api.RESOURCES, ids=lambda r: r.name)
def test_each_list_documents_the_filters_and_the_sort_of_the_table(
    contract: Contract, resource: _api.Resource
) -> None:
    parameters = {p["name"]: p for p in contract.operation(resource.list_op).parameters}
    documented = parameters.get("filter", {}).get("schema", {}).get("properties", {})
    assert sorted(resource.filters) == sorted(documented)
    assert resource.sortable == ("sort" in parameters)


def test_writes_on_a_record_take_its_id_and_creates_do_not() -> None:
    for write in _api.WRITES:
        assert write.takes_id == (write.method != "POST"), write
        assert write.path_for("abc").count("abc") == int(write.takes_id)
    assert _api.BY_WRITE_OP["voidDeclaration"].path_for("d1") == (
        "/api/v3/participant-declarations/d1/void"
    )
    assert _api.BY_NAME["transfers"].path_for("p1") == "/api/v3/participants/p1/transfers"


def test_no_other_engine_module_writes_a_path_of_the_api() -> None:
    # Paths come from the table; only the prefix may be named elsewhere (in prose, or to strip
    # it). "/api/v3/x" is the placeholder the evolution model's docstrings use.
    offenders = {
        str(path.relative_to(ENGINE))
        for path in sorted(ENGINE.rglob("*.py"))
        if path.name != "_api.py"
        for line in path.read_text("utf-8").splitlines()
        if "/api/v3/" in line and "/api/v3/x" not in line
    }
    assert offenders <= NOT_MOVED_YET
