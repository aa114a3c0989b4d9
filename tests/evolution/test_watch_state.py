"""The watch state file: what is written is what is read back, and a write that fails half-way
leaves the previous state whole."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from rect_conformance.evolution import _watch_state
from rect_conformance.evolution._notes import Note
from rect_conformance.evolution._watch_state import (
    STATE_FORMAT,
    WatchState,
    note_key,
    note_record,
    read_state,
    write_state,
)

NOTE = Note("A note", dt.date(2026, 7, 1), ("new-feature",), "body", (), "a-note")


def _state() -> WatchState:
    return WatchState(
        {"sha256": "ab" * 32, "source": "spec.yaml", "version": "v3"},
        {note_key(NOTE): note_record(NOTE)},
        "embedded",
    )


def test_a_written_state_reads_back(tmp_path):
    path = tmp_path / "watch_state.json"
    write_state(path, _state(), now=dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC))
    data = json.loads(path.read_text())
    assert data["format"] == STATE_FORMAT and data["updated"] == "2026-12-01T08:00:00Z"
    back = read_state(path)
    assert back is not None
    assert (back.spec, back.notes, back.target) == (_state().spec, _state().notes, "embedded")
    assert list(back.notes) == ["2026-07-01 a-note"]


def test_no_state_file_is_a_first_watch(tmp_path):
    assert read_state(tmp_path / "absent.json") is None


def test_a_write_that_fails_half_way_leaves_the_previous_state(tmp_path, monkeypatch):
    path = tmp_path / "watch_state.json"
    write_state(path, _state())
    before = path.read_bytes()

    def half_then_fail(data, handle, **kwargs):
        handle.write('{"format": 1, "spec": {"sha')
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(_watch_state.json, "dump", half_then_fail)
    with pytest.raises(OSError):
        write_state(path, WatchState({"sha256": "cd" * 32}, {}, "embedded"))
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["watch_state.json"]
