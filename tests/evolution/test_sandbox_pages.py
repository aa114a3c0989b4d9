"""Release notes and their expectations against the embedded sandbox, over real HTTP on loopback.

The sandbox runs as a subprocess (``python -m rect_sandbox``), never imported: its release-note
pages are parsed by the same code that reads the real service's pages, and the expectation files
are evaluated on its responses, clean and with the fault each expectation exists to catch.
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from rect_conformance.evolution import evaluate, load_expectations, named_items
from rect_conformance.evolution._notes import notes_from_target
from tests.serving import free_port, spawned

PROJECT = Path(__file__).resolve().parents[2]
EXPECTATIONS = load_expectations(PROJECT / "contracts" / "release_notes")


class Sandbox:
    """A running sandbox subprocess: its base URL and the primary provider's token."""

    def __init__(self, base_url: str, token: str) -> None:
        self.base_url, self.token = base_url, token

    def get(self, path: str, **params) -> dict:
        response = httpx.get(
            self.base_url + path,
            params=params,
            timeout=30,
            headers={"Authorization": f"Bearer {self.token}"},
        )
        assert response.status_code == 200, (path, response.status_code)
        return response.json()


@contextlib.contextmanager
def _sandbox(folder: Path, *extra: str) -> Iterator[Sandbox]:
    port, tokens = free_port(), folder / "tokens.json"
    base_url = f"http://127.0.0.1:{port}"
    argv = [sys.executable, "-m", "rect_sandbox", "--port", str(port), "--tokens-json", str(tokens)]
    with spawned([*argv, *extra], base_url + "/api/docs/v3/swagger.yaml", cwd=PROJECT):
        yield Sandbox(base_url, json.loads(tokens.read_text())[0]["token"])


@pytest.fixture(scope="module")
def clean(tmp_path_factory, release_notes_path) -> Iterator[Sandbox]:
    folder = tmp_path_factory.mktemp("clean")
    with _sandbox(folder, "--release-notes", str(release_notes_path)) as sandbox:
        yield sandbox


@pytest.fixture(scope="module")
def wrong_type(tmp_path_factory) -> Iterator[Sandbox]:
    with _sandbox(tmp_path_factory.mktemp("wrong-type"), "--fault", "wrong-type") as sandbox:
        yield sandbox


def test_sandbox_pages_fed_the_published_notes_parse_back_to_them(clean, published_notes):
    parsed = notes_from_target(clean.base_url)
    assert [(n.title, n.date, n.tags) for n in parsed] == [
        (n.title, n.date, n.tags) for n in published_notes
    ]
    for page, feed in zip(parsed, published_notes, strict=True):
        assert {i.text for i in named_items(page)} == {i.text for i in named_items(feed)}, (
            page.title
        )


def test_sandbox_own_default_notes_parse(wrong_type):
    parsed = notes_from_target(wrong_type.base_url + "/api")
    assert parsed and all(n.title and n.date for n in parsed)


def _partnerships_expectation():
    return next(e for e in EXPECTATIONS if e.attribute == "participants_currently_training")


def test_partnership_count_promise_holds_on_the_clean_sandbox(clean):
    body = clean.get("/api/v3/partnerships", **{"page[per_page]": 100})
    assert body["data"]
    assert evaluate(_partnerships_expectation(), body, "getPartnerships") == []


def test_partnership_count_promise_fails_with_the_wrong_type_fault(wrong_type):
    body = wrong_type.get("/api/v3/partnerships", **{"page[per_page]": 100})
    findings = evaluate(_partnerships_expectation(), body, "getPartnerships")
    assert findings and "expected integer" in findings[0].message


@pytest.mark.parametrize(
    "expectation",
    [e for e in EXPECTATIONS if "getParticipants" in e.operations],
    ids=lambda e: f"{e.name}-{e.attribute}",
)
def test_participant_note_promises_hold_on_the_clean_sandbox(clean, expectation):
    body = clean.get("/api/v3/participants", **{"page[per_page]": 100})
    assert body["data"]
    assert evaluate(expectation, body, "getParticipants") == []
