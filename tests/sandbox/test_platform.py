"""Platform behaviour: the command line, bad input that must never be a 500, and rate limiting."""

from __future__ import annotations

import json
import socket
import subprocess
import sys

import httpx

from rect_sandbox._cli import _listen
from rect_sandbox._ratelimit import FixedWindow
from tests.sandbox.helpers import bearer, build
from tests.serving import free_port, spawned

SANDBOX = [sys.executable, "-m", "rect_sandbox"]


def test_command_line_serves_on_loopback_and_writes_the_tokens_file(tmp_path):
    tokens, port = tmp_path / "tokens.json", free_port()
    url = f"http://127.0.0.1:{port}"
    argv = [
        *SANDBOX,
        "--port",
        str(port),
        "--participants",
        "40",
        "--database",
        str(tmp_path / "db.sqlite3"),
        "--tokens-json",
        str(tokens),
    ]
    with spawned(argv, f"{url}/api/docs/v3/swagger.yaml") as sandbox:
        assert sandbox.output().splitlines()[0] == url
        written = json.loads(tokens.read_text())
        assert len(written) >= 3 and set(written[0]) == {"name", "id", "token"}
        answer = httpx.get(url + "/api/v3/participants", headers=bearer(written[0]), timeout=5)
        assert answer.status_code == 200 and answer.json()["data"]


def test_the_listening_socket_is_tcp_so_asyncio_turns_nagle_off():
    # A socket made without naming its protocol kept Nagle's algorithm on: every small answer
    # then waited for a delayed ACK (a 20x slowdown seen in bench/bench_sandbox.py).
    with _listen("127.0.0.1", 0) as sock:
        assert sock.proto == socket.IPPROTO_TCP


def test_bad_command_line_options_give_one_line_and_status_2(tmp_path):
    done = subprocess.run(
        [*SANDBOX, "--fault", "no-such-fault"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "--list-faults" in done.stderr
    assert "Traceback" not in done.stderr


def test_oversized_body_is_refused_with_the_errors_envelope(clean, providers):
    answer = clean.post(
        "/api/v3/partnerships",
        headers={**bearer(providers[0]), "Content-Type": "application/json"},
        content=b"{" + b" " * 1_100_000 + b"}",
    )
    assert answer.status_code == 413
    assert answer.json()["errors"][0]["title"] == "Bad request"


def test_odd_query_strings_never_give_a_server_error(clean, providers):
    for query in (
        "filter[cohort][x]=1",
        "page=2",
        "page[page]=99999999999999999999",
        "sort=,,,-",
        "filter[updated_since]=%2B",
        "filter[participant_id]=,,,",
        "page[per_page]=%00",
    ):
        answer = clean.get(f"/api/v3/participants?{query}", headers=bearer(providers[0]))
        assert answer.status_code in (200, 400), query
        assert "Traceback" not in answer.text


def test_a_cohort_too_large_for_sqlite_matches_nothing_on_every_list(clean, providers):
    huge = "9" * 30
    for path in (
        "statements",
        "delivery-partners",
        "partnerships",
        "participants",
        "participant-declarations",
    ):
        answer = clean.get(f"/api/v3/{path}?filter[cohort]={huge}", headers=bearer(providers[0]))
        assert (answer.status_code, answer.json()) == (200, {"data": []}), path


def test_fixed_window_allows_the_limit_then_refuses_until_the_next_window():
    now = [600.0]
    window = FixedWindow(limit=3, window=300, clock=lambda: now[0])
    assert [window.allow("k") for _ in range(4)] == [True, True, True, False]
    assert window.allow("other")
    now[0] = 900.0
    assert window.allow("k")


def test_rate_limit_answers_429_retry_later_after_1000_authenticated_requests():
    # The window's clock stands still: a real 5-minute boundary falling inside the 1001
    # requests would start a new window and make this test fail by chance.
    client = build(participants=10, rate_limit=FixedWindow(clock=lambda: 600.0))
    headers = {"Authorization": "Bearer unknown"}
    statuses = [
        client.get("/api/v3/no-such-path", headers=headers).status_code for _ in range(1001)
    ]
    assert statuses[:1000] == [404] * 1000 and statuses[1000] == 429
    refused = client.get("/api/v3/statements", headers=headers)
    assert refused.text == "Retry later\n" and refused.headers["content-type"].startswith(
        "text/plain"
    )
    assert client.get("/api/v3/statements").status_code == 401
    assert client.get("/api/docs/v3/swagger.yaml", headers=headers).status_code == 200


def test_rate_limit_is_off_by_default(clean):
    headers = {"Authorization": "Bearer unknown"}
    assert all(
        clean.get("/api/v3/nothing", headers=headers).status_code == 404 for _ in range(1001)
    )


def test_unusable_database_or_notes_file_gives_one_line_and_status_2(tmp_path):
    broken = tmp_path / "notes.yaml"
    broken.write_text("not: [closed\n")
    for extra in (
        ["--database", str(tmp_path / "missing" / "db.sqlite3")],
        ["--release-notes", str(broken)],
        ["--release-notes", str(tmp_path / "absent.yaml")],
        ["--port", "70000"],
    ):
        done = subprocess.run(
            [*SANDBOX, *extra],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 2, extra
        assert (
            done.stderr.startswith("python -m rect_sandbox: error: ")
            and done.stderr.count("\n") == 1
        ), done.stderr
