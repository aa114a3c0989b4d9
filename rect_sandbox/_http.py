"""HTTP plumbing shared by every router: errors and their envelopes, the bearer-token
dependency (authentication and tenancy), the request clock, and body-shape helpers.

Envelopes (rules 4.1): 401 is ``{"error": "HTTP Token: Access denied"}``; 400, 404 and 422 are
``{"errors": [{"title", "detail"}, ...]}``; an unknown route is ``{"error": "Resource not found"}``.
A handler raises ``ApiError``; the app's exception handler renders it, applying the
``error-envelope`` fault. Malformed JSON bodies are answered with the API's 400 envelope and a
clear detail (the real service sends a bare 400 with an empty body; we prefer the envelope).
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, Response

from rect_sandbox._clock import HEADER, InvalidServerDate, clock_for
from rect_sandbox.rules._model import Clock

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


def db(request: Request) -> sqlite3.Connection:
    """The app's SQLite connection (rows are ``sqlite3.Row``)."""
    return request.app.state.db


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


def token_of(request: Request) -> str | None:
    """The bearer token of the request, if the header has the ``Bearer`` or ``Token`` scheme."""
    header = request.headers.get("authorization", "")
    scheme, _, rest = header.partition(" ")
    rest = rest.strip()
    if scheme == "Bearer":
        return rest or None
    if scheme == "Token":
        value = rest.removeprefix("token=").strip('"')
        return value or None
    return None


def authenticate(request: Request, *, optional: bool = False) -> str | None:
    """The id of the lead provider owning the request's token; 401 otherwise.

    Then the ``filter`` shape check (rules 4.3: token before filters). With ``optional`` (used
    by the ``auth-ignored`` fault) a missing or wrong token gives None instead of a 401.
    """
    token = token_of(request)
    found = None
    if token:
        found = request.app.state.tokens.get(token)
    if found is None and not optional:
        raise ApiError(401)
    if "filter" in request.query_params:
        raise ApiError(400, [FILTER_NOT_HASH])
    return found


def request_clock(request: Request) -> Clock:
    """The clock of this request (rules 20); an unparseable header is a 400, never a 500."""
    try:
        return clock_for(
            request.headers.get(HEADER), ignore_header=faults(request).on("server-date-ignored")
        )
    except InvalidServerDate as problem:
        raise ApiError(400, [("Bad request", str(problem))]) from None


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
