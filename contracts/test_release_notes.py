"""Release-note expectations, checked live: each file in ``release_notes/`` says what a note
promises about responses; the target must keep it. The evaluation itself is the pure
``rect_conformance.evolution.evaluate`` (tested in tests/evolution)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from rect_conformance import Client, Contract
from rect_conformance.evolution import Expectation, evaluate, load_expectations, objects_at
from rect_conformance.plugin import FindingsRecorder

pytestmark = pytest.mark.rect_check("release-notes")

EXPECTATIONS = load_expectations(Path(__file__).parent / "release_notes")
CASES = [(exp, op) for exp in EXPECTATIONS for op in exp.operations]


def _first_id(
    rect_client: Client,
    rect_contract: Contract,
    path: str,
    params: dict[str, Any],
    expectation: Expectation,
) -> str:
    """An id for a by-id operation, taken from the list operation on the parent path: the
    first record the note speaks about, so that the promise is judged whenever the target
    holds such a record."""
    parent = path.rsplit("/{id}", 1)[0]
    lister = next(
        (op for op in rect_contract.operations if op.path == parent and op.method.upper() == "GET"),
        None,
    )
    if lister is None:
        pytest.skip(f"no list operation for {path} to take an id from")
    body = rect_client.request("GET", parent, params={**params, "page[per_page]": 100}).json()
    items = body.get("data") or []
    if not items:
        pytest.skip(f"GET {parent} returned no records to read one of")
    relevant = (
        item
        for item in items
        if any(
            expectation.applies_to(o, kind)
            for o, kind in objects_at({"data": item}, expectation.objects)
        )
    )
    return str(next(relevant, items[0])["id"])


@pytest.mark.parametrize(
    ("expectation", "operation_id"), CASES, ids=[f"{e.name}-{e.attribute}-{op}" for e, op in CASES]
)
def test_release_note_promise_holds(
    expectation: Expectation,
    operation_id: str,
    rect_client: Client,
    rect_contract: Contract,
    rect_findings: FindingsRecorder,
) -> None:
    operation = rect_contract.operation(operation_id)
    path = operation.path
    params: dict[str, Any] = dict(expectation.params)
    if "{id}" in path:
        found = _first_id(rect_client, rect_contract, operation.path, params, expectation)
        path = path.replace("{id}", found)
    elif operation.method.upper() == "GET":
        params.setdefault("page[per_page]", 100)
    response = rect_client.request(operation.method.upper(), path, params=params)
    assert response.status_code == 200, f"{operation_id} answered {response.status_code}"
    body = response.json()
    relevant = [
        o for o, kind in objects_at(body, expectation.objects) if expectation.applies_to(o, kind)
    ]
    if not relevant:
        pytest.skip(f"no {expectation.objects} in the response that the note speaks about")
    rect_findings.report(evaluate(expectation, body, operation_id), evidence=response)
