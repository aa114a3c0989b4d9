"""The exact error envelopes of the API, as pure checks over one response.

The published schemas for 401/404/400/422 bodies are lax (an ``errors`` array of anything, an
``error`` string), so these functions hold the target to what the rules say the API sends
(rules §2.1 and §4.1): each returns the list of problems, empty when the response is right.
"""

from __future__ import annotations

from typing import Any

import httpx

UNAUTHORISED_BODY = {"error": "HTTP Token: Access denied"}
NOT_FOUND_ERROR = {
    "title": "Resource not found",
    "detail": "Nothing could be found for the provided details",
}
BAD_REQUEST = "Bad request"
BAD_PARAMETER = "Bad parameter"
PAGINATION_DETAIL = (
    "The '#/page[page]' and '#/page[per_page]' parameter values must be a valid positive number"
)
UPDATED_SINCE_DETAIL = "The filter '#/updated_since' must be a valid ISO 8601 date"
FILTER_HASH_DETAIL = "Filter must be a hash"
SCHOOL_COHORT_DETAIL = "The filter '#/cohort' must be included in your request"
BODY_SHAPE_DETAIL = "Correct json data structure required. See API docs for reference."

SOURCE_401 = "rect-api-rules §2.1, §4.1 (401 envelope)"
SOURCE_404 = "rect-api-rules §4.1 (404 envelope)"
SOURCE_400 = "rect-api-rules §4.1 (400 envelope)"
SOURCE_422 = "rect-api-rules §4.1, §4.2 (422 envelope)"


def _json(response: httpx.Response) -> tuple[Any, str | None]:
    try:
        return response.json(), None
    except ValueError:
        return None, f"body is not JSON: {response.text[:120]!r}"


def json_content_type_problems(response: httpx.Response) -> list[str]:
    """The response must say ``application/json`` (a charset parameter is allowed)."""
    content_type = response.headers.get("content-type", "")
    if content_type.split(";")[0].strip().lower() != "application/json":
        return [f"content type is {content_type or 'missing'!r}, not application/json"]
    return []


def unauthorised_problems(response: httpx.Response) -> list[str]:
    """A refused token: 401, JSON, and exactly ``{"error": "HTTP Token: Access denied"}``."""
    if response.status_code != 401:
        return [f"answered {response.status_code}, not 401"]
    problems = json_content_type_problems(response)
    body, error = _json(response)
    if error:
        return [*problems, error]
    if body != UNAUTHORISED_BODY:
        problems.append(f"401 body is {body!r}, not {UNAUTHORISED_BODY!r}")
    return problems


def error_list_problems(
    response: httpx.Response, status: int, *, title: str | None = None, detail: str | None = None
) -> list[str]:
    """An ``errors`` envelope: ``status``, JSON, ``{"errors": [{"title", "detail"}, ...]}``.

    Every entry has exactly the two string keys; when ``title``/``detail`` are given, some entry
    must carry them exactly.
    """
    if response.status_code != status:
        return [f"answered {response.status_code}, not {status}"]
    problems = json_content_type_problems(response)
    body, error = _json(response)
    if error:
        return [*problems, error]
    errors = body.get("errors") if isinstance(body, dict) else None
    if not isinstance(body, dict) or set(body) != {"errors"}:
        keys = sorted(body) if isinstance(body, dict) else type(body).__name__
        problems.append(f"body must hold only an 'errors' array, got keys {keys}: {body!r}"[:300])
        if not isinstance(errors, list):
            return problems
    if not isinstance(errors, list) or not errors:
        problems.append(f"'errors' must be a non-empty array, got {errors!r}")
        return problems
    for index, entry in enumerate(errors):
        if not isinstance(entry, dict) or set(entry) != {"title", "detail"}:
            problems.append(
                f"errors[{index}] must have exactly 'title' and 'detail', got {entry!r}"
            )
        elif not all(isinstance(entry[k], str) and entry[k] for k in ("title", "detail")):
            problems.append(
                f"errors[{index}] title and detail must be non-empty strings, got {entry!r}"
            )
    wanted = {k: v for k, v in (("title", title), ("detail", detail)) if v is not None}
    if wanted and not any(
        isinstance(e, dict) and all(e.get(k) == v for k, v in wanted.items()) for e in errors
    ):
        problems.append(f"no error entry carries {wanted!r}; got {errors!r}")
    return problems


def not_found_problems(response: httpx.Response) -> list[str]:
    """A record that is not visible: 404 with exactly the one documented error."""
    problems = error_list_problems(response, 404, **NOT_FOUND_ERROR)
    if problems:
        return problems
    errors = response.json()["errors"]
    if errors != [NOT_FOUND_ERROR]:
        return [f"404 errors must be exactly [{NOT_FOUND_ERROR!r}], got {errors!r}"]
    return []
