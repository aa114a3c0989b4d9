"""A forwarding proxy for tests: a real HTTP front for a real target that can hide paths.

``forwarding_app(base_url, hide=("/test-support",))`` is an ASGI app that sends every request
on to ``base_url`` with httpx and hands back the answer, except requests under a hidden prefix,
which get the 404 the real API gives an unknown route. Serve it with ``tests.serving.served``;
the DfE sandbox, for instance, is a target without test support.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.serving import served

# Hop-by-hop headers (and those httpx recomputes) are not forwarded.
_DROPPED = frozenset({"host", "content-length", "transfer-encoding", "connection", "keep-alive"})
_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]


def forwarding_app(base_url: str, hide: Iterable[str] = ()) -> Starlette:
    """An app that forwards to ``base_url`` and answers 404 under the prefixes in ``hide``."""
    hidden = tuple(hide)
    client = httpx.AsyncClient(base_url=base_url.rstrip("/"), timeout=30.0)
    seen: list[str] = []

    async def forward(request: Request) -> Response:
        path = request.url.path
        seen.append(f"{request.method} {path}")
        if path.startswith(hidden):
            return JSONResponse({"error": "Resource not found"}, status_code=404)
        answer = await client.request(
            request.method,
            path,
            params=list(request.query_params.multi_items()),
            headers=[(k, v) for k, v in request.headers.items() if k.lower() not in _DROPPED],
            content=await request.body(),
        )
        headers = {
            k: v
            for k, v in answer.headers.items()
            if k.lower() not in _DROPPED and k.lower() != "content-encoding"
        }
        return Response(answer.content, status_code=answer.status_code, headers=headers)

    app = Starlette(routes=[Route("/{path:path}", forward, methods=_METHODS)])
    app.state.seen = seen  # what went through, for assertions
    return app


@contextlib.contextmanager
def without_test_support(base_url: str) -> Iterator[str]:
    """Serve a proxy of ``base_url`` that hides its test support; yields the proxy's URL."""
    with served(forwarding_app(base_url, hide=("/test-support",))) as url:
        yield url
