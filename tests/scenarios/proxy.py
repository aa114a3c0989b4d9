"""A target without test support, for the tests: a small app that forwards every request to a
real embedded sandbox over HTTP and answers 404 for ``/test-support`` (as the DfE sandbox does),
so the scenarios must claim seed participants instead of registering their own."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.serving import served

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host"}


def hiding_test_support(upstream: str) -> Starlette:
    """An app that forwards to ``upstream`` and hides its test support."""
    client = httpx.AsyncClient(base_url=upstream, timeout=30)

    async def forward(request: Request) -> Response:
        if request.url.path.startswith("/test-support"):
            return JSONResponse({"error": "Resource not found"}, status_code=404)
        headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_BY_HOP}
        answer = await client.request(
            request.method,
            request.url.path,
            params=request.query_params.multi_items(),
            headers=headers,
            content=await request.body(),
        )
        kept = {k: v for k, v in answer.headers.items() if k.lower() not in HOP_BY_HOP}
        kept.pop("content-encoding", None)
        return Response(answer.content, status_code=answer.status_code, headers=kept)

    methods = ["GET", "POST", "PUT", "PATCH", "DELETE"]
    return Starlette(routes=[Route("/{path:path}", forward, methods=methods)])


@contextlib.contextmanager
def proxy_to(upstream: str) -> Iterator[str]:
    """Serve a test-support-hiding proxy of ``upstream``; yields its base URL."""
    with served(hiding_test_support(upstream)) as base_url:
        yield base_url
