"""``python -m rect_sandbox``: start the embedded sandbox on loopback.

Takes the port first (nothing is announced for a port it cannot listen on), then prints the
base URL and one line per lead provider (name, id, token) — the tokens are the sandbox's own
test credentials, printed only here, on request of whoever starts it — and with
``--tokens-json FILE`` writes ``[{"name", "id", "token"}, ...]`` to FILE (primary provider
first). ``--list-faults`` prints the fault catalogue and exits.

Errors are one line on stderr: exit status 2 for bad options or files, 3 when the address
cannot be listened on (a busy port, a host that is not ours). The program calls itself by the
name in ``RECT_SANDBOX_PROG`` (``rect-conformance sandbox`` sets it when it hands over to this
command), else ``python -m rect_sandbox``.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import sqlite3
import sys
import tempfile
from pathlib import Path
from typing import Any, NoReturn

from rect_sandbox._faults import UnknownFault, listing

PROG_VARIABLE = "RECT_SANDBOX_PROG"
EXIT_USAGE, EXIT_CANNOT_SERVE = 2, 3


def prog() -> str:
    """How the user invoked this command, for usage lines and error messages."""
    return os.environ.get(PROG_VARIABLE) or "python -m rect_sandbox"


class _Parser(argparse.ArgumentParser):
    """argparse, with its usage errors on one line like every other error of this command."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}; see {self.prog} --help\n")


def parser() -> argparse.ArgumentParser:
    """The command line of the sandbox."""
    p = _Parser(prog=prog(), description="Run the embedded RECT API v3 sandbox.")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--database", help="SQLite file (default: a new temporary file)")
    p.add_argument("--seed", type=int, default=1, help="seed of the generated data (default 1)")
    p.add_argument("--participants", type=int, help="number of seeded participants (default 400)")
    p.add_argument(
        "--rate-limit", action="store_true", help="limit to 1000 requests per 5 minutes per token"
    )
    p.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="NAME",
        help="switch a fault on (repeatable)",
    )
    p.add_argument(
        "--tokens-json", metavar="FILE", help="write the providers and tokens to FILE as JSON"
    )
    p.add_argument(
        "--release-notes", metavar="FILE", help="YAML release notes to serve instead of ours"
    )
    p.add_argument("--list-faults", action="store_true", help="print the fault catalogue and exit")
    return p


def _fail(message: str, status: int = EXIT_USAGE) -> int:
    print(f"{prog()}: error: {message}", file=sys.stderr)
    return status


def _listen(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` the way uvicorn binds one, for uvicorn to serve on."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP named explicitly: asyncio turns Nagle's algorithm off only on sockets that say
    # so, and with it on every small answer waits about 40 ms for a delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock


def main(argv: list[str] | None = None) -> int:
    """Parse options, build the app, take the port, print how to reach it, and serve until
    stopped."""
    args = parser().parse_args(argv)
    if args.list_faults:
        print(listing())
        return 0
    if args.participants is not None and args.participants < 0:
        return _fail("--participants must be 0 or more")
    if not 0 < args.port < 65536:
        return _fail("--port must be between 1 and 65535")
    database = args.database
    if database is None:
        database = str(Path(tempfile.mkdtemp(prefix="rect-sandbox-")) / "sandbox.sqlite3")
    from rect_sandbox._release_notes import BadReleaseNotes
    from rect_sandbox.app import create_app

    try:
        app = create_app(
            database,
            seed=args.seed,
            participants=args.participants,
            faults=args.fault,
            rate_limit=args.rate_limit,
            release_notes_path=args.release_notes,
        )
    except (UnknownFault, BadReleaseNotes) as problem:
        return _fail(str(problem))
    except (OSError, sqlite3.Error) as problem:
        return _fail(f"cannot open database {database}: {problem}; give a writable file path")
    try:
        # Taken before anything is announced, so a busy port never prints URL and tokens.
        listening = _listen(args.host, args.port)
    except OSError as problem:
        return _fail(
            f"cannot listen on {args.host}:{args.port}: {problem.strerror or problem}; "
            "choose another --port",
            EXIT_CANNOT_SERVE,
        )
    with listening:
        return _announce_and_serve(app, args, listening)


def _announce_and_serve(app: Any, args: argparse.Namespace, listening: socket.socket) -> int:
    providers = app.state.lead_providers
    if args.tokens_json:
        try:
            Path(args.tokens_json).write_text(
                json.dumps(providers, indent=2) + "\n", encoding="utf-8"
            )
        except OSError as problem:
            return _fail(
                f"cannot write --tokens-json {args.tokens_json}: {problem.strerror or problem}"
            )
    print(f"http://{args.host}:{args.port}")
    for provider in providers:
        print(f"{provider['name']}\t{provider['id']}\t{provider['token']}")
    sys.stdout.flush()
    import uvicorn

    config = uvicorn.Config(
        app, host=args.host, port=args.port, log_level="warning", access_log=False
    )
    uvicorn.Server(config).run(sockets=[listening])
    return 0
