"""The exact error envelopes are enforced on responses built from literal bodies (rules §4.1)."""

from __future__ import annotations

import httpx

from rect_conformance.checks._envelope_rules import (
    BAD_REQUEST,
    PAGINATION_DETAIL,
    error_list_problems,
    not_found_problems,
    unauthorised_problems,
)

JSON = {"content-type": "application/json; charset=utf-8"}
NOT_FOUND = {
    "errors": [
        {"title": "Resource not found", "detail": "Nothing could be found for the provided details"}
    ]
}


def response(status: int, body: object, headers: dict | None = None) -> httpx.Response:
    return httpx.Response(status, json=body, headers=headers or JSON)


def test_documented_401_passes() -> None:
    assert unauthorised_problems(response(401, {"error": "HTTP Token: Access denied"})) == []


def test_401_with_an_errors_array_is_refused() -> None:
    problems = unauthorised_problems(
        response(
            401, {"errors": [{"title": "Unauthorised", "detail": "HTTP Token: Access denied"}]}
        )
    )
    assert problems and "401 body is" in problems[0]


def test_401_as_plain_text_is_refused() -> None:
    bad = httpx.Response(
        401, text="HTTP Token: Access denied", headers={"content-type": "text/plain"}
    )
    problems = unauthorised_problems(bad)
    assert any("content type" in p for p in problems) and any("not JSON" in p for p in problems)


def test_served_request_is_not_a_401() -> None:
    assert unauthorised_problems(response(200, {"data": []})) == ["answered 200, not 401"]


def test_documented_404_passes_and_other_shapes_do_not() -> None:
    assert not_found_problems(response(404, NOT_FOUND)) == []
    assert not_found_problems(response(404, {"error": "Resource not found"}))
    assert not_found_problems(
        response(
            404, {"errors": [{"title": "Resource not found", "detail": "gone", "status": 404}]}
        )
    )
    twice = {"errors": NOT_FOUND["errors"] * 2}
    assert not_found_problems(response(404, twice))


def test_400_must_carry_the_expected_title_and_detail() -> None:
    good = response(400, {"errors": [{"title": BAD_REQUEST, "detail": PAGINATION_DETAIL}]})
    assert error_list_problems(good, 400, title=BAD_REQUEST, detail=PAGINATION_DETAIL) == []
    other = response(400, {"errors": [{"title": BAD_REQUEST, "detail": "something else"}]})
    problems = error_list_problems(other, 400, title=BAD_REQUEST, detail=PAGINATION_DETAIL)
    assert problems and "no error entry carries" in problems[0]


def test_422_entries_must_be_title_detail_strings() -> None:
    assert error_list_problems(response(422, {"errors": [{"title": "x", "detail": 3}]}), 422)
    assert error_list_problems(response(422, {"errors": []}), 422)
    assert error_list_problems(
        response(422, {"errors": [{"title": "a", "detail": "b"}], "meta": {}}), 422
    )
    assert (
        error_list_problems(response(422, {"errors": [{"title": "a", "detail": "b"}]}), 422) == []
    )
