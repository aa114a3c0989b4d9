"""Answers shared within a run (``rect_conformance._cache`` through the client): a read sent
once serves every later identical read until a write could have changed it, costs no request,
and is journaled as a reuse of the exchange that was sent. Against a real sandbox."""

from __future__ import annotations

import pytest

from rect_conformance._cache import MAX_AGE, ResponseCache
from rect_conformance._client import JOURNAL_ID
from rect_conformance._errors import BudgetExhausted
from rect_conformance.reporting._reproduce import steps
from tests.budget.helpers import journal_lines, sandbox_client

STATEMENTS = "/api/v3/statements"
PARTNERSHIPS = "/api/v3/partnerships"


def test_a_read_sent_once_serves_the_next_identical_read(tmp_path):
    with sandbox_client(tmp_path) as client:
        first = client.request("GET", STATEMENTS, params={"page[per_page]": 5})
        again = client.request("GET", STATEMENTS, params={"page[per_page]": 5})
        assert client.requests_sent == 1 and client.requests_reused == 1
        assert again.status_code == first.status_code == 200
        assert again.json() == first.json()
    sent, reused = journal_lines(tmp_path)
    assert sent["type"] == "exchange" and reused["type"] == "reuse"
    assert reused["of"] == sent["id"] and again.extensions[JOURNAL_ID] == reused["id"]
    # the journal gives the reuse back with the answer it reused
    assert reused["status"] == 200 and reused["response_body"] == sent["response_body"]


def test_a_shared_answer_costs_no_request_of_the_budget(tmp_path):
    with sandbox_client(tmp_path, budget=1) as client:
        client.request("GET", STATEMENTS)
        assert client.request("GET", STATEMENTS).status_code == 200
        with pytest.raises(BudgetExhausted):
            client.request("GET", PARTNERSHIPS)
        assert client.requests_sent == 1


def test_answers_are_never_shared_across_tokens_or_server_dates(tmp_path):
    with sandbox_client(tmp_path) as client:
        mine = client.request("GET", STATEMENTS)
        theirs = client.request("GET", STATEMENTS, auth="secondary")
        client.request("GET", STATEMENTS, auth="none")
        client.request("GET", STATEMENTS, server_date="2025-11-10T12:00:00Z")
        assert client.requests_sent == 4 and client.requests_reused == 0
        assert mine.json() != theirs.json()  # statements belong to one provider each


def test_a_write_empties_the_shared_answers_even_when_refused(tmp_path):
    with sandbox_client(tmp_path) as client:
        client.request("GET", PARTNERSHIPS)
        refused = client.request("POST", PARTNERSHIPS, json={"data": {"attributes": {}}})
        assert refused.status_code in (400, 422)
        client.request("GET", PARTNERSHIPS)
        assert client.requests_sent == 3 and client.requests_reused == 0


def test_a_write_refused_for_its_token_keeps_them(tmp_path):
    with sandbox_client(tmp_path) as client:
        client.request("GET", PARTNERSHIPS)
        assert client.request("POST", PARTNERSHIPS, json={}, auth="none").status_code == 401
        client.request("GET", PARTNERSHIPS)
        assert client.requests_sent == 2 and client.requests_reused == 1


def test_a_fresh_read_is_sent_and_replaces_the_shared_answer(tmp_path):
    with sandbox_client(tmp_path) as client:
        client.request("GET", STATEMENTS)
        client.request("GET", STATEMENTS, fresh=True)
        client.request("GET", STATEMENTS)
    lines = journal_lines(tmp_path)
    assert [line["type"] for line in lines] == ["exchange", "exchange", "reuse"]
    assert lines[2]["of"] == lines[1]["id"]


def test_server_errors_are_never_shared(tmp_path):
    # intermittent-500: every 7th request to the API answers 500
    with sandbox_client(tmp_path, faults=("intermittent-500",)) as client:
        answers = [client.request("GET", STATEMENTS, params={"n": n}) for n in range(7)]
        assert answers[-1].status_code == 500
        assert client.request("GET", STATEMENTS, params={"n": 6}).status_code == 200
        assert client.requests_sent == 8 and client.requests_reused == 0


def test_shared_answers_expire(tmp_path):
    now = [0.0]
    with sandbox_client(tmp_path) as client:
        client.cache = ResponseCache(clock=lambda: now[0])
        client.request("GET", STATEMENTS)
        now[0] += MAX_AGE / 2
        client.request("GET", STATEMENTS)
        now[0] += MAX_AGE + 1
        client.request("GET", STATEMENTS)
        assert client.requests_sent == 2 and client.requests_reused == 1


def test_a_finding_on_a_shared_answer_is_reproduced_from_the_exchange_that_was_sent(tmp_path):
    with sandbox_client(tmp_path) as client:
        client.journal.test = "check-a"
        client.request("GET", STATEMENTS)
        client.journal.test = "check-b"
        evidence = client.request("GET", STATEMENTS)
    mine = [line for line in journal_lines(tmp_path) if line["test"] == "check-b"]
    found = steps(mine, evidence.extensions[JOURNAL_ID])
    assert len(found) == 1 and found[0]["evidence"]
    assert found[0]["method"] == "GET" and found[0]["url"].endswith(STATEMENTS)
