"""``python -m rect_sandbox``: start the embedded sandbox on loopback.

Prints the base URL and one line per lead provider (name, id, token) — the tokens are the
sandbox's own test credentials, printed only here, on request of whoever starts it — and with
``--tokens-json FILE`` writes ``[{"name", "id", "token"}, ...]`` to FILE (primary provider
first). ``--list-faults`` prints the fault catalogue and exits. Bad options give a one-line
error and exit status 2.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
from pathlib import Path

from rect_sandbox._faults import UnknownFault, listing


def parser() -> argparse.ArgumentParser:
    """The command line of the sandbox."""
    p = argparse.ArgumentParser(
        prog="rect_sandbox", description="Run the embedded RECT API v3 sandbox."
    )
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


def _fail(message: str) -> int:
    print(f"rect_sandbox: error: {message}", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    """Parse options, build the app, print how to reach it, and serve until stopped."""
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

    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False)
    return 0
