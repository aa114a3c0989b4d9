"""Redaction: the journal's one place for keeping tokens out of every file."""

from __future__ import annotations

import json

import httpx

from rect_conformance._journal import Journal, Redactor, read_lines

CANARY = "canary-token-0123456789abcdef"


def test_credential_headers_are_replaced():
    redactor = Redactor([CANARY])
    headers = redactor.headers({"Authorization": f"Bearer {CANARY}", "Accept": "x"})
    assert headers == {"Authorization": "Bearer [redacted]", "Accept": "x"}


def test_a_token_echoed_anywhere_is_removed(tmp_path):
    journal = Journal(tmp_path / "journal.jsonl.gz", Redactor([CANARY]))
    request = httpx.Request(
        "GET", f"http://127.0.0.1/x?token={CANARY}", headers={"Authorization": f"Bearer {CANARY}"}
    )
    response = httpx.Response(401, json={"error": f"bad token {CANARY}"}, request=request)
    journal.exchange(request, response, started=0.0, elapsed=0.01, note=f"saw {CANARY}")
    text = journal_text(tmp_path / "journal.jsonl.gz")
    assert CANARY not in text
    entry = json.loads(text)
    assert entry["status"] == 401 and entry["response_body"]["error"].endswith("[redacted]")


def journal_text(path):
    """The journal's lines as JSON text, read while it is still open (as after a crash)."""
    return "\n".join(json.dumps(line) for line in read_lines(path))
