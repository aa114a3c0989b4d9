"""The client: 429 waited out, budget, retries, production guard, and no token in the journal."""

from __future__ import annotations

import json

import pytest

from rect_conformance._client import Client
from rect_conformance._errors import BudgetExhausted, TargetError, UnsafeWrite
from rect_conformance._journal import Journal, Redactor, read_lines
from rect_conformance._target import PRODUCTION_HOST, free_port

TOKEN = "canary-0123456789abcdef0123456789"


def _client(base_url, tmp_path, **options):
    journal = Journal(tmp_path / "journal.jsonl.gz", Redactor([TOKEN]))
    slept: list[float] = []
    client = Client(base_url, {"primary": TOKEN}, journal=journal, sleep=slept.append, **options)
    return client, slept


def test_429_with_retry_after_is_waited_out_not_reported(scripted_server, tmp_path):
    base_url, script = scripted_server
    script.answers += [(429, {"Retry-After": "3"}, b"Retry later\n")] * 2
    client, slept = _client(base_url, tmp_path)
    response = client.request("GET", "/api/v3/statements")
    assert response.status_code == 200
    assert slept == [3.0, 3.0]
    assert client.requests_sent == 3


def test_429_without_retry_after_waits_for_the_next_window(scripted_server, tmp_path):
    base_url, script = scripted_server
    script.answers.append((429, {"Content-Type": "text/plain"}, b"Retry later\n"))
    client, slept = _client(base_url, tmp_path)
    assert client.request("GET", "/api/v3/statements").status_code == 200
    assert len(slept) == 1 and 1.0 <= slept[0] <= 305.0


def test_endless_429_ends_with_a_target_error(scripted_server, tmp_path):
    base_url, script = scripted_server
    script.default = (429, {"Retry-After": "60"}, b"Retry later\n")
    client, _ = _client(base_url, tmp_path, max_429_wait=100)
    with pytest.raises(TargetError, match="kept answering 429"):
        client.request("GET", "/api/v3/statements")


def test_the_budget_stops_sending(scripted_server, tmp_path):
    base_url, script = scripted_server
    client, _ = _client(base_url, tmp_path, budget=2)
    client.request("GET", "/a")
    client.request("GET", "/b")
    with pytest.raises(BudgetExhausted, match="budget spent"):
        client.request("GET", "/c")
    assert len(script.seen) == 2


def test_reads_are_retried_on_a_refused_connection_then_reported(tmp_path):
    client, slept = _client(f"http://127.0.0.1:{free_port()}", tmp_path)
    with pytest.raises(TargetError, match="connection refused"):
        client.request("GET", "/api/v3/statements")
    assert client.requests_sent == 3 and len(slept) == 2


def test_writes_to_production_are_refused_before_sending(tmp_path):
    client, _ = _client(f"https://{PRODUCTION_HOST}", tmp_path, refuse_writes_to=PRODUCTION_HOST)
    with pytest.raises(UnsafeWrite, match="--allow-production-writes"):
        client.request("POST", "/api/v3/partnerships", json={"data": {}})
    assert client.requests_sent == 0


def test_auth_modes_send_the_right_header(scripted_server, tmp_path):
    base_url, script = scripted_server
    client, _ = _client(base_url, tmp_path)
    for auth in ("primary", "none", "invalid"):
        client.request("GET", "/x", auth=auth)
    primary, none, invalid = (seen[2] for seen in script.seen)
    assert primary == f"Bearer {TOKEN}" and none == ""
    assert invalid.startswith("Bearer ") and TOKEN not in invalid and len(invalid) == 39
    assert TOKEN not in journal_text(tmp_path / "journal.jsonl.gz")


def test_schemathesis_session_goes_through_the_client(scripted_server, tmp_path):
    base_url, script = scripted_server
    client, _ = _client(base_url, tmp_path, budget=5)
    session = client.requests_session()
    answer = session.get(base_url + "/api/v3/statements", headers={"Authorization": "Bearer "})
    assert answer.status_code == 200 and answer.json() == {"data": []}
    assert client.requests_sent == 1
    assert script.seen[-1][2] == f"Bearer {TOKEN}"
    assert client.journal.entries == 1


def journal_text(path):
    """The journal's lines as JSON text, read while it is still open (as after a crash)."""
    return "\n".join(json.dumps(line) for line in read_lines(path))


def test_every_request_says_who_sends_it_schemathesis_s_too(scripted_server, tmp_path):
    base_url, _ = scripted_server
    journal = Journal(tmp_path / "journal.jsonl.gz", Redactor([TOKEN]))
    client = Client(base_url, {"primary": TOKEN}, journal=journal, run_id="run-123")
    client.request("GET", "/x")
    client.requests_session().get(base_url + "/y")
    client.close()
    entries = [e for e in read_lines(tmp_path / "journal.jsonl.gz") if e.get("type") == "exchange"]
    assert len(entries) == 2
    for entry in entries:
        headers = {k.lower(): v for k, v in entry["request_headers"].items()}
        assert headers["user-agent"].startswith("rect-conformance/")
        assert headers["x-rect-conformance-run"] == "run-123"
        assert entry["identity"] == "primary"
