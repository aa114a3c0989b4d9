"""The model cache: a version is parsed once; a hit gives the same model as a parse; a broken or
unwritable cache costs a parse, never a wrong model."""

from __future__ import annotations

import json

from evolution_specs import base_spec, run_cli

from rect_conformance.evolution import normalise
from rect_conformance.evolution._cache import MODEL_CODE, cache_dir, model_of


def _content() -> bytes:
    return json.dumps(base_spec()).encode()


def test_a_cached_model_is_the_model_a_parse_gives(tmp_path, monkeypatch):
    monkeypatch.setenv("RECT_CACHE_DIR", str(tmp_path))
    sha, first = model_of(_content(), "spec.json")
    (stored,) = (tmp_path / "models").iterdir()
    assert stored.name == f"{sha}-{MODEL_CODE}.json"
    again = model_of(_content(), "spec.json")
    assert again == (sha, first) == (sha, normalise(base_spec()))


def test_a_corrupt_cache_entry_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("RECT_CACHE_DIR", str(tmp_path))
    sha, model = model_of(_content(), "spec.json")
    entry = tmp_path / "models" / f"{sha}-{MODEL_CODE}.json"
    entry.write_text("{not json")
    assert model_of(_content(), "spec.json") == (sha, model)
    assert json.loads(entry.read_text()) == model


def test_an_unwritable_cache_folder_costs_only_a_parse(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder would go")
    monkeypatch.setenv("RECT_CACHE_DIR", str(blocker))
    assert model_of(_content(), "spec.json")[1] == normalise(base_spec())


def test_history_no_cache_leaves_the_cache_alone(history_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("RECT_CACHE_DIR", str(tmp_path / "cache"))
    code, _, err = run_cli(["history", str(history_dir), "--out", str(tmp_path), "--no-cache"])
    assert code == 0, err
    assert not (cache_dir() / "models").exists()
