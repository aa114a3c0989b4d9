"""Helpers for the evolution tests: the small spec the rule tests mutate, the CLI run
in-process, and HTML pages served on loopback (a module, so tests and hypothesis strategies can
import them)."""

from __future__ import annotations

import contextlib
import copy
import io
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

BASE: dict[str, Any] = {
    "openapi": "3.0.1",
    "info": {"title": "Items", "version": "v1"},
    "paths": {
        "/items": {
            "get": {
                "parameters": [
                    {
                        "name": "filter",
                        "in": "query",
                        "style": "deepObject",
                        "schema": {"$ref": "#/components/schemas/ItemsFilter"},
                    },
                    {
                        "name": "page",
                        "in": "query",
                        "style": "deepObject",
                        "schema": {"type": "object", "properties": {"size": {"type": "integer"}}},
                    },
                ],
                "responses": {
                    "200": {
                        "description": "list",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/ItemsResponse"}
                            }
                        },
                    },
                    "401": {
                        "description": "no",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                        },
                    },
                },
            },
            "post": {
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/ItemRequest"}}
                    },
                },
                "responses": {
                    "200": {
                        "description": "one",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/ItemResponse"}
                            }
                        },
                    }
                },
            },
        },
        "/items/{id}": {
            "get": {
                "operationId": "getItem",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {
                    "200": {
                        "description": "one",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/ItemResponse"}
                            }
                        },
                    }
                },
            },
        },
    },
    "components": {
        "schemas": {
            "ItemsFilter": {
                "type": "object",
                "properties": {
                    "cohort": {"type": "string", "enum": ["2024", "2025"]},
                    "updated_since": {"type": "string", "format": "date-time"},
                },
            },
            "Item": {
                "type": "object",
                "required": ["id", "status"],
                "properties": {
                    "id": {"type": "string", "format": "uuid"},
                    "status": {"type": "string", "enum": ["active", "left"]},
                    "name": {"type": "string", "description": "the name", "example": "Ann"},
                    "joined": {"type": "string", "format": "date", "nullable": True},
                },
            },
            "ItemResponse": {
                "type": "object",
                "properties": {"data": {"$ref": "#/components/schemas/Item"}},
            },
            "ItemsResponse": {
                "type": "object",
                "properties": {
                    "data": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}}
                },
            },
            "ItemRequest": {
                "type": "object",
                "required": ["data"],
                "properties": {
                    "data": {
                        "type": "object",
                        "required": ["reason"],
                        "properties": {
                            "reason": {"type": "string", "enum": ["moved", "other"]},
                            "comment": {"type": "string"},
                            "due": {"type": "string", "format": "date", "nullable": True},
                        },
                    }
                },
            },
            "Error": {"type": "object", "properties": {"error": {"type": "string"}}},
        }
    },
}


def base_spec() -> dict[str, Any]:
    """A fresh copy of the small spec the rule tests mutate."""
    return copy.deepcopy(BASE)


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    """Run the CLI in-process: through ``cli.run`` once the engine's parts import, else through
    the same parsers and error handling on the evolution subcommands alone."""
    out, err = io.StringIO(), io.StringIO()
    try:
        from rect_conformance import cli

        cli.build_parser()
    except ImportError:
        code = _run_evolution_only(argv, out, err)
    else:
        code = cli.run(argv, out, err)
    return code, out.getvalue(), err.getvalue()


def _run_evolution_only(argv: list[str], out: io.StringIO, err: io.StringIO) -> int:
    import argparse

    from rect_conformance._errors import EXIT_USAGE, ConformanceError
    from rect_conformance.evolution import _cli

    parser = argparse.ArgumentParser(prog="rect-conformance")
    _cli.add_parsers(parser.add_subparsers())
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0) and EXIT_USAGE
    try:
        return int(args.handler(args, out, err))
    except ConformanceError as error:
        print(f"rect-conformance: {error}", file=err)
        return error.exit_code


@contextlib.contextmanager
def serve_pages(page_for: Callable[[str], str | None]) -> Iterator[str]:
    """Serve ``page_for(path)`` as HTML on a loopback port (404 where it gives None); yields the
    base URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            page = page_for(self.path)
            self.send_response(200 if page is not None else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write((page if page is not None else "not found").encode())

        def log_message(self, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
