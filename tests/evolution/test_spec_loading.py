"""The engine's one spec loader and ``$ref`` resolver (``rect_conformance/_spec.py``), as both
readers use it: spec evolution (OpenAPI 3.0 or 3.1) and the contract of a run (3.0, with paths).
Every bad input is a one-line SpecError that says what and where."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from rect_conformance._client import Client
from rect_conformance._contract import load_contract
from rect_conformance._errors import SpecError
from rect_conformance._journal import Journal, Redactor
from rect_conformance._spec import RefResolver, load_spec, parse_spec
from rect_conformance.evolution._model import normalise

GOOD = b"openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths: {/a: {get: {responses: {}}}}\n"

# content -> what both readers say about it
BAD = {
    b"openapi: [unclosed": "is not valid YAML at line 2",
    b"- just\n- a list\n": "is not an OpenAPI description (the top level is not a mapping)",
    b"<html>hello</html>\n": "is not an OpenAPI description",
    b"just: a mapping\n": "is not an OpenAPI description (it has no `openapi` field)",
    b"swagger: '2.0'\npaths: {}\n": "is not an OpenAPI 3.0",
    b"openapi: 3.0.1\npaths: [a]\n": "'paths' is not a mapping",
}


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    """A plain file server on loopback over ``tmp_path``; yields its base URL."""

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            return

    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(tmp_path))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(("content", "said"), BAD.items())
def test_bad_documents_are_refused_alike_by_both_readers(tmp_path, content, said) -> None:
    path = tmp_path / "spec.yaml"
    path.write_bytes(content)
    for read in (load_spec, load_contract):
        with pytest.raises(SpecError) as refused:
            read(str(path))
        message = str(refused.value)
        assert message.startswith(str(path)) and said in message and "\n" not in message


def test_a_missing_file_is_named(tmp_path) -> None:
    for read in (load_spec, load_contract):
        with pytest.raises(SpecError, match=r"cannot read .*nope\.yaml: no spec file there"):
            read(str(tmp_path / "nope.yaml"))


def test_evolution_reads_3_1_and_empty_paths_while_a_run_needs_3_0_with_paths() -> None:
    newer = GOOD.replace(b"3.0.1", b"3.1.0")
    assert parse_spec(newer, "x").raw["openapi"] == "3.1.0"
    assert parse_spec(b"openapi: 3.0.3\npaths: {}\n", "x").raw["paths"] == {}
    with pytest.raises(SpecError, match=r"is not an OpenAPI 3\.0 document \(it is OpenAPI 3\.1"):
        parse_spec(newer, "x", versions=("3.0",))
    with pytest.raises(SpecError, match="has no paths"):
        parse_spec(b"openapi: 3.0.3\npaths: {}\n", "x", need_paths=True)


def test_the_same_bytes_give_the_same_hash_to_both_readers(tmp_path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_bytes(GOOD)
    assert load_spec(path).sha256 == load_contract(str(path)).sha256


def test_a_spec_is_read_from_a_url_and_a_missing_one_is_named(tmp_path, served) -> None:
    (tmp_path / "spec.yaml").write_bytes(GOOD)
    assert load_spec(f"{served}/spec.yaml").raw["paths"]
    with pytest.raises(SpecError, match=f"could not fetch the spec from {served}/gone.yaml: .*404"):
        load_spec(f"{served}/gone.yaml")


def test_a_run_fetches_the_spec_through_its_client_and_names_the_url_given(
    tmp_path, served
) -> None:
    (tmp_path / "spec.yaml").write_bytes(GOOD)
    journal = Journal(None, Redactor())
    client = Client(served, {"primary": "t" * 32}, journal=journal, sleep=lambda _: None)
    try:
        assert load_contract(f"{served}/spec.yaml", client).operations
        assert client.requests_sent == 1
        nowhere = "http://127.0.0.1:9/spec.yaml"  # nothing listens on the discard port
        with pytest.raises(SpecError) as refused:
            load_contract(nowhere, client)
    finally:
        client.close()
    assert str(refused.value).startswith(f"could not fetch the spec from {nowhere}: ")
    assert served not in str(refused.value)


DOCUMENT = {
    "components": {
        "schemas": {
            "a/b": {"type": "string"},
            "Chain": {"$ref": "#/components/schemas/a~1b"},
            "Node": {"properties": {"next": {"$ref": "#/components/schemas/Node"}}},
            "Dangling": {"$ref": "#/components/schemas/Nowhere"},
            "Remote": {"$ref": "other.yaml#/Thing"},
        }
    },
    "tags": [{"name": "first"}],
}


def test_the_resolver_follows_local_references() -> None:
    resolver = RefResolver(DOCUMENT)
    assert resolver.lookup("#/components/schemas/a~1b") == {"type": "string"}
    assert resolver.lookup("#/tags/0/name") == "first"
    assert resolver.lookup("#/components/schemas/Nowhere") is None
    assert resolver.lookup("other.yaml#/Thing") is None
    assert resolver.deref({"$ref": "#/components/schemas/Chain"}) == {"type": "string"}
    assert resolver.deref({"$ref": "#/components/schemas/Dangling"}) == {}


def test_inlining_resolves_every_reference_and_cuts_cycles_without_touching_the_document() -> None:
    before = repr(DOCUMENT)
    inlined = RefResolver(DOCUMENT).inline(DOCUMENT["components"]["schemas"])
    assert inlined["Chain"] == {"type": "string"}
    assert inlined["Node"] == {"properties": {"next": {"properties": {"next": {}}}}}
    assert inlined["Dangling"] == {}
    assert inlined["Remote"] == {"$ref": "other.yaml#/Thing"}  # not ours to follow
    assert repr(DOCUMENT) == before


def test_the_evolution_model_refuses_a_cycle_that_the_resolver_would_cut() -> None:
    spec = {"openapi": "3.0.1", "paths": {}, "components": DOCUMENT["components"]}
    with pytest.raises(SpecError, match="cyclic schema"):
        normalise(spec)
