"""A failing example as the list of requests that reproduces it: journal entries read back into
exchanges, one curl line each, the token elided, and every id a line created kept in a shell
variable for the lines after it (quoted for wherever it stands)."""

from __future__ import annotations

import json
import shlex

from rect_conformance.findings import Finding, Kind
from rect_conformance.lifecycle import curl_lines
from rect_conformance.lifecycle._sequence import Exchange, Failure
from tests.statemachine.helpers import parse

BASE = "http://127.0.0.1:8123"
PID, DID = "0b7f3e0e-1111-4c1e-9d55-0c3a6f4f2a10", "5d2c9a1b-2222-4f0e-8a77-1e2b3c4d5e6f"


def _entry(method, path, body=None, status=200, answer=None, date="2025-09-20T09:00:00Z"):
    return {
        "method": method,
        "url": BASE + path,
        "request_headers": {"authorization": "Bearer [redacted]", "x-with-server-date": date},
        "request_body": body,
        "status": status,
        "response_body": answer,
    }


def _example() -> list[Exchange]:
    created = {"data": {"id": PID, "type": "participant"}}
    declared = {"data": {"id": DID, "type": "participant-declaration"}}
    declaration = {"data": {"attributes": {"participant_id": PID, "declaration_type": "started"}}}
    return [
        Exchange.of(_entry("POST", "/test-support/participants", {"data": {}}, 200, created)),
        Exchange.of(_entry("POST", "/api/v3/participant-declarations", declaration, 200, declared)),
        Exchange.of(_entry("POST", "/api/v3/participant-declarations", declaration, 422, {})),
        Exchange.of(_entry("PUT", f"/api/v3/participant-declarations/{DID}/void")),
        Exchange.of(
            _entry("GET", f"/api/v3/participant-declarations?filter%5Bparticipant_id%5D={PID}")
        ),
    ]


def test_an_exchange_keeps_the_request_and_the_id_a_post_created():
    first, second, refused, void, _ = _example()
    assert (first.method, first.url, first.server_date) == (
        "POST",
        BASE + "/test-support/participants",
        "2025-09-20T09:00:00Z",
    )
    assert (first.created, second.created, refused.created, void.created) == (PID, DID, None, None)
    assert first.reproduction().headers == {
        "Authorization": "elided",
        "X-With-Server-Date": "2025-09-20T09:00:00Z",
    }


def test_created_ids_become_shell_variables_in_every_later_line():
    lines = curl_lines(_example())
    assert lines[0].startswith("P1=$(curl -sS -X POST ") and lines[0].endswith(" | jq -r .data.id)")
    assert lines[1].startswith("D1=$(curl ") and not lines[2].startswith("D2=")
    assert all(PID not in line and DID not in line for line in lines[1:])
    requests = [parse(line) for line in lines]
    assert json.loads(requests[1].body)["data"]["attributes"]["participant_id"] == "$P1"
    assert requests[3].url == BASE + "/api/v3/participant-declarations/$D1/void"
    assert requests[4].url.endswith("filter%5Bparticipant_id%5D=$P1")
    assert [r.variable for r in requests] == ["P1", "D1", None, None, None]


def test_the_lines_carry_the_travelled_clock_and_never_a_token():
    lines = curl_lines(_example())
    for line in lines:
        assert "X-With-Server-Date: 2025-09-20T09:00:00Z" in line
        assert '"Authorization: Bearer $RECT_TOKEN"' in line
        assert "redacted" not in line
    # Each line is one well-formed shell command (quotes balanced around the variables).
    assert all(shlex.split(line) for line in lines)


def test_a_failure_is_one_finding_naming_the_rule_with_its_requests():
    broken = Finding(
        "lifecycle-state-machine",
        Kind.LIFECYCLE,
        "voidDeclaration",
        "void x: state: expected 'awaiting-clawback', got 'voided' [rule void.paid]",
        rule="void.paid",
    )
    other = Finding("lifecycle-state-machine", Kind.LIFECYCLE, "voidDeclaration", "also wrong")
    failure = Failure(_example(), 4, [broken, other])
    finding = failure.finding("lifecycle-state-machine")
    assert finding.rule == "void.paid" and finding.kind is Kind.LIFECYCLE
    head, *rest = finding.message.splitlines()
    assert head.startswith(broken.message) and "step 4" in head and "5 requests" in head
    assert rest[:5] == curl_lines(_example()) and rest[5] == "also: also wrong"
    assert failure.size == (5, 4)
