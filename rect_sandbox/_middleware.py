"""The outermost layer of the app, as plain ASGI: rate limiting, oversized bodies, reading the
``X-With-Server-Date`` header of every request (rules 20; the result waits in the request's
state for ``deps.clock``), and the faults that act on whole responses (``intermittent-500``,
``auth-envelope``).

Bodies over ``MAX_BODY`` bytes are refused with 413 and the API's errors envelope before the
app reads them.
"""

from __future__ import annotations

import json
from typing import Any

from rect_sandbox._clock import HEADER, read_clock
from rect_sandbox._ratelimit import BODY as THROTTLED
from rect_sandbox._ratelimit import FixedWindow, counted

MAX_BODY = 1_000_000
# Where the request's clock (or the problem with its header) waits for ``deps.clock``.
CLOCK = "server_clock"
TOO_LARGE = {
    "errors": [
        {
            "title": "Bad request",
            "detail": f"The request body is larger than {MAX_BODY} bytes; send a smaller body.",
        }
    ]
}


async def _send_json(
    send: Any, status: int, body: dict | bytes, media: str = "application/json; charset=utf-8"
) -> None:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", media.encode()),
                (b"content-length", str(len(raw)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": raw})


class Outer:
    """Wraps the FastAPI app; ``state`` is the app's state (faults, rate limiter)."""

    def __init__(self, app: Any, state: Any, *, rate_limit: bool | FixedWindow):
        self.app, self.state = app, state
        if isinstance(rate_limit, FixedWindow):
            self.window: FixedWindow | None = rate_limit
        else:
            self.window = FixedWindow() if rate_limit else None
        self.api_requests = 0

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        path = scope.get("path", "")
        authorization = headers.get(b"authorization")
        limited = self.window is not None and counted(path, authorization)
        if limited and not self.window.allow(authorization.decode("latin-1")):
            await _send_json(send, 429, THROTTLED, "text/plain")
            return
        length = headers.get(b"content-length", b"0")
        if length.isdigit() and int(length) > MAX_BODY:
            await _send_json(send, 413, TOO_LARGE)
            return
        faults = self.state.faults
        header = headers.get(HEADER.encode())
        scope.setdefault("state", {})[CLOCK] = read_clock(
            header.decode("latin-1") if header is not None else None, scope["method"], faults
        )
        if path.startswith("/api/v3"):
            self.api_requests += 1
            if faults.on("intermittent-500") and self.api_requests % 7 == 0:
                await _send_json(send, 500, {"error": "Internal server error"})
                return
        if faults.on("auth-envelope"):
            send = _broken_401(send)
        await self.app(scope, receive, send)


def _broken_401(send: Any) -> Any:
    """A ``send`` that replaces every 401 body with the errors-array envelope."""
    replacing = False

    async def wrapped(message: dict) -> None:
        nonlocal replacing
        if message["type"] == "http.response.start" and message["status"] == 401:
            replacing = True
            await _send_json(
                send,
                401,
                {"errors": [{"title": "Unauthorised", "detail": "HTTP Token: Access denied"}]},
            )
            return
        if replacing:
            return
        await send(message)

    return wrapped
