"""HTTP plumbing shared by every router: errors and their envelopes, the ``{"data": ...}``
answer, and the body-shape check of the write routes. (Who is calling and the request clock are
dependencies, in ``deps.py``.)

Envelopes (rules 4.1): 401 is ``{"error": "HTTP Token: Access denied"}``; 400, 404 and 422 are
``{"errors": [{"title", "detail"}, ...]}``; an unknown route is ``{"error": "Resource not found"}``.
A handler raises ``ApiError``; the app's exception handler renders it, applying the
``error-envelope`` fault. Malformed JSON bodies are answered with the API's 400 envelope and a
clear detail (the real service sends a bare 400 with an empty body; we prefer the envelope).
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, Response

ACCESS_DENIED = "HTTP Token: Access denied"
NOT_FOUND = ("Resource not found", "Nothing could be found for the provided details")
BAD_STRUCTURE = ("Bad request", "Correct json data structure required. See API docs for reference.")
FILTER_NOT_HASH = ("Bad parameter", "Filter must be a hash")


class ApiError(Exception):
    """An answer with an error envelope: status plus ``(title, detail)`` pairs (none for 401)."""

    def __init__(self, status: int, errors: list[tuple[str, str]] | None = None):
        super().__init__(f"HTTP {status}")
        self.status = status
        self.errors = errors or []


def faults(request: Request) -> Any:
    """The app's fault switches (``.on(name)``)."""
    return request.app.state.faults


def error_body(
    status: int, errors: list[tuple[str, str]], *, broken_envelope: bool = False
) -> dict:
    """The JSON body for an error answer."""
    if status == 401:
        return {"error": ACCESS_DENIED}
    if broken_envelope and status in (404, 422) and errors:
        return {"error": errors[0][1]}
    return {"errors": [{"title": title, "detail": detail} for title, detail in errors]}


def error_response(request: Request, error: ApiError) -> JSONResponse:
    """Render an ``ApiError`` (the app registers this as its exception handler)."""
    broken = faults(request).on("error-envelope")
    return JSONResponse(
        error_body(error.status, error.errors, broken_envelope=broken), status_code=error.status
    )


def ok(request: Request, data: Any) -> Response:
    """A 200 ``{"data": ...}`` answer (the ``wrong-content-type`` fault labels it text/plain)."""
    body = json.dumps({"data": data}, separators=(",", ":"), ensure_ascii=False).encode()
    media = "application/json; charset=utf-8"
    if request.method == "GET" and faults(request).on("wrong-content-type"):
        media = "text/plain"
    return Response(body, status_code=200, media_type=media)


async def body_attributes(request: Request, known: set[str] | None = None) -> dict:
    """``data.attributes`` of a JSON body, for write routers.

    400 with the API's "data structure" detail when the body is missing, not JSON, not an
    object, or has no non-empty ``attributes`` object holding at least one of ``known``.
    """
    raw = await request.body()
    try:
        payload = json.loads(raw) if raw else None
    except (ValueError, UnicodeDecodeError):
        raise ApiError(
            400,
            [
                (
                    "Bad request",
                    "The request body is not valid JSON. "
                    'Send a JSON object such as {"data": {"attributes": {...}}}.',
                )
            ],
        ) from None
    data = payload.get("data") if isinstance(payload, dict) else None
    attributes = data.get("attributes") if isinstance(data, dict) else None
    if not isinstance(attributes, dict) or not attributes:
        raise ApiError(400, [BAD_STRUCTURE])
    if known is not None and not known & attributes.keys():
        raise ApiError(400, [BAD_STRUCTURE])
    return attributes
