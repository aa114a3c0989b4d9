"""Release notes and their expectations against the embedded sandbox, over real HTTP on loopback.

The sandbox runs as a subprocess (``python -m rect_sandbox``), never imported: its release-note
pages are parsed by the same code that reads the real service's pages, and the expectation files
are evaluated on its responses, clean and with the fault each expectation exists to catch.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from rect_conformance.evolution import evaluate, load_expectations, named_items
from rect_conformance.evolution._notes import notes_from_target
from tests.serving import free_port

PROJECT = Path(__file__).resolve().parents[2]
EXPECTATIONS = load_expectations(PROJECT / "contracts" / "release_notes")


class Sandbox:
    """A running sandbox subprocess: its base URL and the primary provider's token."""

    def __init__(self, folder: Path, *extra: str) -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        tokens = folder / "tokens.json"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "rect_sandbox",
                "--port",
                str(self.port),
                "--tokens-json",
                str(tokens),
                *extra,
            ],
            cwd=PROJECT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"sandbox exited: {self.process.stderr.read().decode()[-500:]}")
            try:
                if (
                    httpx.get(self.base_url + "/api/docs/v3/swagger.yaml", timeout=2).status_code
                    == 200
                ):
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            self.stop()
            raise RuntimeError("sandbox did not become ready in 60 s")
        self.token = json.loads(tokens.read_text())[0]["token"]

    def get(self, path: str, **params) -> dict:
        response = httpx.get(
            self.base_url + path,
            params=params,
            timeout=30,
            headers={"Authorization": f"Bearer {self.token}"},
        )
        assert response.status_code == 200, (path, response.status_code)
        return response.json()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture(scope="module")
def clean(tmp_path_factory, release_notes_path) -> Iterator[Sandbox]:
    sandbox = Sandbox(tmp_path_factory.mktemp("clean"), "--release-notes", str(release_notes_path))
    yield sandbox
    sandbox.stop()


@pytest.fixture(scope="module")
def wrong_type(tmp_path_factory) -> Iterator[Sandbox]:
    sandbox = Sandbox(tmp_path_factory.mktemp("wrong-type"), "--fault", "wrong-type")
    yield sandbox
    sandbox.stop()


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
