"""The checks every route makes before its own code (``rect_sandbox/deps.py``), in the API's order
(rules 4.3, 20): routing (404), token (401), ``filter`` shape (400), then the clock header
(400 with the errors envelope, on every route alike). The header applies to every path and
verb: the open pages (docs, release notes) and paths no route serves refuse an unreadable one
too."""

from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute

from rect_sandbox.routers import all_routers
from tests.sandbox.helpers import bearer

SOME_ID = "00000000-0000-4000-8000-000000000000"


def _every_route() -> list[tuple[str, str]]:
    """``(method, path)`` of every API and test-support route, path parameters filled in."""
    found = []
    for router in all_routers():
        for route in router.routes:
            assert isinstance(route, APIRoute)
            path = re.sub(r"\{[^}]+\}", SOME_ID, route.path)
            found += [(method, path) for method in sorted(route.methods)]
    return found


def test_the_route_list_covers_the_api_and_test_support():
    routes = _every_route()
    # The 24 operations of the API, then test support: its description and its 7 operations.
    assert len(routes) == 24 + 1 + 7
    assert ("GET", "/test-support") in routes


def test_an_invalid_server_date_is_refused_alike_on_every_route(clean, providers):
    for method, path in _every_route():
        answer = clean.request(
            method, path, headers={**bearer(providers[0]), "X-With-Server-Date": "soon"}
        )
        assert answer.status_code == 400, (method, path, answer.text)
        [error] = answer.json()["errors"]
        assert error["title"] == "Bad request" and "X-With-Server-Date" in error["detail"]


def test_the_token_is_checked_before_the_server_date(clean):
    for method, path in _every_route():
        answer = clean.request(
            method, path, headers={"Authorization": "Bearer nope", "X-With-Server-Date": "soon"}
        )
        assert answer.status_code == 401, (method, path)
        assert answer.json() == {"error": "HTTP Token: Access denied"}


def test_the_filter_shape_is_checked_before_the_server_date(clean, providers):
    headers = {**bearer(providers[0]), "X-With-Server-Date": "soon"}
    for method, path in _every_route():
        answer = clean.request(method, f"{path}?filter=x", headers=headers)
        assert answer.status_code == 400, (method, path)
        assert answer.json()["errors"] == [
            {"title": "Bad parameter", "detail": "Filter must be a hash"}
        ]


@pytest.mark.parametrize(
    "path", [f"/test-support/participants/{SOME_ID}/nothing", "/api/v3/nothing"]
)
def test_an_unknown_route_is_a_404_before_the_token(clean, path):
    answer = clean.post(path, headers={"Authorization": "Bearer nope"})
    assert answer.status_code == 404
    assert answer.json() == {"error": "Resource not found"}


OPEN_PAGES = ("/api/docs/v3/swagger.yaml", "/api/guidance/release-notes")
NOWHERE = ("/api/v3/nothing", f"/test-support/participants/{SOME_ID}/nothing", "/nothing", "/")
VERBS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def _note_page(client) -> str:
    index = client.get("/api/guidance/release-notes").text
    return re.search(r'href="(/api/guidance/release-notes/[^"]+)"', index).group(1)


def test_an_invalid_server_date_is_refused_on_the_open_pages_and_unknown_paths_too(clean):
    paths = (*OPEN_PAGES, _note_page(clean), *NOWHERE)
    for path in paths:
        for verb in VERBS:
            answer = clean.request(verb, path, headers={"X-With-Server-Date": "soon"})
            assert answer.status_code == 400, (verb, path, answer.text)
            [error] = answer.json()["errors"]
            assert error["title"] == "Bad request" and "X-With-Server-Date" in error["detail"]


@pytest.mark.parametrize("value", ["2025-10-01", "2025-10-01T10:00:00Z", "2025-10-01T11:00:00"])
def test_a_readable_server_date_leaves_the_open_pages_and_unknown_paths_alone(clean, value):
    headers = {"X-With-Server-Date": value}
    for path in (*OPEN_PAGES, _note_page(clean)):
        assert clean.get(path, headers=headers).status_code == 200, path
    for path in NOWHERE:
        answer = clean.get(path, headers=headers)
        assert (answer.status_code, answer.json()) == (404, {"error": "Resource not found"})


def test_an_empty_server_date_is_refused_like_any_unreadable_one(clean, providers):
    for path in ("/api/v3/statements", OPEN_PAGES[0], NOWHERE[0]):
        answer = clean.get(path, headers={**bearer(providers[0]), "X-With-Server-Date": ""})
        assert answer.status_code == 400, path
