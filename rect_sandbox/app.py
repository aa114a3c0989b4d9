"""The app factory of the embedded sandbox.

``create_app`` builds a fresh app per call (no module-level state): its own SQLite connection,
seed, fault switches and rate limiter. State on ``app.state``: ``db`` (connection, rows are
``sqlite3.Row``), ``db_lock`` (held by writers), ``faults`` (``.on(name)``),
``lead_providers`` (``[{"name", "id", "token"}]``, primary first), ``tokens`` (token -> provider
id), ``release_notes`` (the parsed notes).

Two seed worlds: ``full`` (``_seed``: generated providers, schools and participants, what users
get) and ``minimal`` (``_seed_minimal``: a small fixed world without participants, for the tests
of the write side). Both are served by the same app, with the same middleware and handlers.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from rect_sandbox import _db, _docs, _release_notes
from rect_sandbox._faults import faults_from
from rect_sandbox._http import ApiError, error_response
from rect_sandbox._middleware import Outer
from rect_sandbox._ratelimit import FixedWindow
from rect_sandbox._seed import seed as seed_full
from rect_sandbox._seed_minimal import seed_minimal
from rect_sandbox.deps import clock, server_date_problem
from rect_sandbox.routers import all_routers

logger = logging.getLogger("rect_sandbox")
WORLDS = ("full", "minimal")


def _providers(conn) -> list[dict]:
    rows = conn.execute(
        "SELECT id, name, token FROM lead_providers ORDER BY created_at, name"
    ).fetchall()
    return [{"name": r["name"], "id": r["id"], "token": r["token"]} for r in rows]


def create_app(
    database_url: str = ":memory:",
    *,
    seed: int = 1,
    participants: int | None = None,
    faults: Any = (),
    rate_limit: bool | FixedWindow = False,
    release_notes_path: str | Path | None = None,
    world: str = "full",
) -> FastAPI:
    """A new sandbox app on ``database_url`` (a file path or ``:memory:``).

    An empty database is seeded with ``world`` (``full``, with ``seed``/``participants``, or
    ``minimal``); an already seeded file is reused as it is. ``faults`` is a list of catalogue
    names (unknown names raise ``UnknownFault``). ``rate_limit`` turns on the real service's
    limit, or is a ``FixedWindow`` of the caller's (tests give it a clock that stands still).
    ``release_notes_path`` replaces the default release-notes YAML.
    """
    if world not in WORLDS:
        raise ValueError(f"unknown seed world {world!r}; use one of {', '.join(WORLDS)}")
    switches = faults_from(faults)
    notes = _release_notes.load(release_notes_path)
    conn = _db.connect(database_url)
    if conn.execute("SELECT COUNT(*) FROM lead_providers").fetchone()[0] == 0:
        if world == "minimal":
            seed_minimal(conn)
        else:
            seed_full(conn, seed=seed, participants=participants)
    providers = _providers(conn)

    app = FastAPI(title="RECT embedded sandbox", openapi_url=None, docs_url=None, redoc_url=None)
    app.state.db = conn
    app.state.db_lock = _db.new_lock()
    app.state.faults = switches
    app.state.lead_providers = providers
    app.state.tokens = {p["token"]: p["id"] for p in providers}
    app.state.release_notes = notes
    _install_handlers(app)
    for router in all_routers():
        app.include_router(router)
    # Open pages still read the clock header: an unreadable one is refused everywhere (rules 20).
    app.include_router(_docs.router, dependencies=[Depends(clock)])
    app.include_router(_release_notes.router, dependencies=[Depends(clock)])
    app.add_middleware(_OuterLayer, state=app.state, rate_limit=rate_limit)
    return app


class _OuterLayer(Outer):
    """``Outer`` in the shape ``add_middleware`` expects (app first, options as keywords)."""


def _install_handlers(app: FastAPI) -> None:
    """Map every failure to the API's envelopes; nothing escapes as a traceback."""

    @app.exception_handler(ApiError)
    async def api_error(request: Request, error: ApiError) -> JSONResponse:
        return error_response(request, error)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> JSONResponse:
        if error.status_code in (404, 405):
            # No route to check the token: an unreadable clock header is the only refusal.
            problem = server_date_problem(request)
            if problem is not None:
                return error_response(request, problem)
            return JSONResponse({"error": "Resource not found"}, status_code=404)
        return JSONResponse(
            {"errors": [{"title": "Bad request", "detail": str(error.detail)}]},
            status_code=error.status_code if error.status_code < 500 else 400,
        )

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        return JSONResponse(
            {
                "errors": [
                    {
                        "title": "Bad request",
                        "detail": "The request could not be read; "
                        "check the parameters and body against the API docs.",
                    }
                ]
            },
            status_code=400,
        )

    @app.exception_handler(Exception)
    async def crashed(request: Request, error: Exception) -> JSONResponse:
        # Never a traceback in an answer, but always one in the log: a 500 is our bug.
        logger.error("%s %s failed", request.method, request.url.path, exc_info=error)
        return JSONResponse({"error": "Internal server error"}, status_code=500)
