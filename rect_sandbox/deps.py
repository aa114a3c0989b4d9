"""FastAPI dependencies of the sandbox's routes: who is calling (the bearer token's lead provider),
the request clock (``X-With-Server-Date``), and the app's SQLite connection.

Every API and test-support router is made by ``api_router()``, which checks the token and then
reads the clock for each of its routes, before any route code runs. The order is the API's
(rules 4.3): token (401), then the ``filter`` shape (400), then the clock header (an invalid
value is a 400 with the errors envelope, on every route alike, rules 20); what a route checks
itself (lookups, body shape, rules) comes after. The header itself is read once, for every path,
by the outermost layer (``_middleware``); the docs and release-note pages take ``clock`` alone,
and a path no route serves is refused by the app's not-found handler (``app.py``). Routes name
what they use as parameters (``provider: Provider, clock: Now, conn: Connection``); FastAPI
computes each once per request, so naming one again costs nothing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from rect_sandbox._clock import InvalidServerDate
from rect_sandbox._http import FILTER_NOT_HASH, ApiError, faults
from rect_sandbox._middleware import CLOCK
from rect_sandbox.rules import Clock


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


def _owner(request: Request) -> str | None:
    token = token_of(request)
    return request.app.state.tokens.get(token) if token else None


def _check_filter_shape(request: Request) -> None:
    # Rules 4.3: the token first, then the shape of ``filter``, on every endpoint.
    if "filter" in request.query_params:
        raise ApiError(400, [FILTER_NOT_HASH])


async def provider(request: Request) -> str:
    """The id of the lead provider owning the request's token; a 401 otherwise."""
    found = _owner(request)
    if found is None:
        raise ApiError(401)
    _check_filter_shape(request)
    return found


async def statements_provider(request: Request) -> str:
    """``provider`` for the statements routes, which the ``auth-ignored`` fault opens to anyone:
    without a valid token the faulty sandbox answers as its primary provider."""
    found = _owner(request)
    if found is None and not faults(request).on("auth-ignored"):
        raise ApiError(401)
    _check_filter_shape(request)
    return found or request.app.state.lead_providers[0]["id"]


def server_date_problem(request: Request) -> ApiError | None:
    """The 400 an unreadable ``X-With-Server-Date`` of this request earns, if it has one."""
    found = getattr(request.state, CLOCK, None)
    if isinstance(found, InvalidServerDate):
        return ApiError(400, [("Bad request", str(found))])
    return None


async def clock(request: Request) -> Clock:
    """The clock of this request (rules 20), as the outermost layer read it from the header; an
    unreadable header is a 400, never a 500."""
    problem = server_date_problem(request)
    if problem is not None:
        raise problem
    return getattr(request.state, CLOCK)


async def connection(request: Request) -> sqlite3.Connection:
    """The app's SQLite connection (rows are ``sqlite3.Row``)."""
    return request.app.state.db


Provider = Annotated[str, Depends(provider)]
StatementsProvider = Annotated[str, Depends(statements_provider)]
Now = Annotated[Clock, Depends(clock)]
Connection = Annotated[sqlite3.Connection, Depends(connection)]


def api_router(authenticate: Callable[[Request], Any] = provider) -> APIRouter:
    """A router whose every route checks the token with ``authenticate``, then reads the clock."""
    return APIRouter(dependencies=[Depends(authenticate), Depends(clock)])
