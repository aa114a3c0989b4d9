"""The journal: compressed as it is written, each exchange with an id, the test that sent it and
the identity of its token, repeated bodies stored once, readable after a run that was cut off."""

from __future__ import annotations

import gzip
import json

import httpx

from rect_conformance._journal import Journal, Redactor, read_journal, read_lines

BIG = {"data": [{"id": str(n), "attributes": {"name": "x" * 40}} for n in range(40)]}


def _exchange(journal: Journal, body: dict, identity: str = "primary") -> None:
    request = httpx.Request("GET", "http://127.0.0.1/api/v3/schools")
    response = httpx.Response(200, json=body, request=request)
    journal.exchange(request, response, started=0.0, elapsed=0.01, identity=identity)


def test_a_body_read_many_times_is_stored_once(tmp_path):
    path = tmp_path / "journal.jsonl.gz"
    journal = Journal(path, Redactor())
    journal.test = "contracts/test_x.py::test_y"
    for _ in range(20):
        _exchange(journal, BIG)
    _exchange(journal, {"data": []}, identity="secondary")
    journal.close()
    lines = list(read_lines(path))
    assert sum(line["type"] == "body" for line in lines) == 1
    entries = list(read_journal(path))
    assert [e["id"] for e in entries] == list(range(1, 22))
    assert all(e["response_body"] == BIG for e in entries[:20])
    assert entries[-1]["identity"] == "secondary" and entries[0]["test"].endswith("test_y")
    raw = len(json.dumps(BIG)) * 20
    assert path.stat().st_size < raw / 20


def test_a_journal_cut_off_mid_write_is_read_up_to_its_last_whole_line(tmp_path):
    path = tmp_path / "journal.jsonl.gz"
    journal = Journal(path, Redactor())
    for _ in range(3):
        _exchange(journal, {"data": [1]})
    journal.close()
    whole = path.read_bytes()
    (tmp_path / "cut.jsonl.gz").write_bytes(whole[: len(whole) - 12])
    entries = list(read_journal(tmp_path / "cut.jsonl.gz"))
    assert 1 <= len(entries) <= 3
    assert gzip.decompress(whole).count(b"\n") == 3
