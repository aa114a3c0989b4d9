"""The ``rect-conformance`` command: a thin dispatcher over the library.

Each subcommand lives in its own module, which adds its parser with ``add_parsers(subparsers)``
and sets ``handler`` to a function ``(args, stdout, stderr) -> int``. ``run()`` is the testable
entry point; ``main()`` only binds it to the process.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from rect_conformance._errors import EXIT_INTERRUPTED, EXIT_USAGE, ConformanceError

if TYPE_CHECKING:
    SubParsers = argparse._SubParsersAction[argparse.ArgumentParser]

DISTRIBUTION = "rect-conformance"


def version() -> str:
    """The installed version of the package (from its metadata)."""
    from rect_conformance._identity import suite_version

    return suite_version()


def _sandbox_handler(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    # The suite never imports the sandbox (see ARCHITECTURE.md): it hands over to its own
    # entry point in the same interpreter, which then owns the terminal and, told by
    # RECT_SANDBOX_PROG, calls itself by the name the user typed.
    argv = [sys.executable, "-m", "rect_sandbox", *args.sandbox_args]
    stdout.flush()
    os.execve(sys.executable, argv, {**os.environ, "RECT_SANDBOX_PROG": "rect-conformance sandbox"})
    return 0  # pragma: no cover - execv does not return


def _add_sandbox_parser(subparsers: SubParsers) -> None:
    parser = subparsers.add_parser(
        "sandbox",
        help="start the embedded sandbox (same options as `python -m rect_sandbox`)",
        add_help=False,
    )
    parser.add_argument("sandbox_args", nargs=argparse.REMAINDER)
    parser.set_defaults(handler=_sandbox_handler)


def build_parser() -> argparse.ArgumentParser:
    """The full parser, with every subcommand registered."""
    from rect_conformance import _cli_run
    from rect_conformance.evolution import _cli as evolution_cli
    from rect_conformance.reporting import _cli as reporting_cli

    parser = argparse.ArgumentParser(
        prog="rect-conformance",
        description="Conformance suite for the DfE RECT Lead Provider API v3.",
    )
    parser.add_argument(
        "--version", action="store_true", help="print the version of rect-conformance and exit"
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    _cli_run.add_parsers(subparsers)
    _add_sandbox_parser(subparsers)
    evolution_cli.add_parsers(subparsers)
    reporting_cli.add_parsers(subparsers)
    return parser


def run(
    argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """Run the command line ``argv`` and return its exit code; never raises for user errors."""
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    argv = list(argv) if argv is not None else sys.argv[1:]
    if argv[:1] == ["sandbox"]:
        # Everything after `sandbox` belongs to the sandbox's own parser; argparse would take
        # options such as `--port` for ours.
        return _sandbox_handler(argparse.Namespace(sandbox_args=argv[1:]), stdout, stderr)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse reports usage errors by exiting
        return int(exit_.code or 0) and EXIT_USAGE
    if args.version:
        print(f"{DISTRIBUTION} {version()}", file=stdout)
        return 0
    if getattr(args, "handler", None) is None:
        parser.print_help(stdout)
        return EXIT_USAGE
    try:
        return int(args.handler(args, stdout, stderr))
    except ConformanceError as error:
        print(f"rect-conformance: {error}", file=stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("rect-conformance: interrupted", file=stderr)
        return EXIT_INTERRUPTED


def main() -> None:
    """Console-script entry point."""
    sys.exit(run())


if __name__ == "__main__":
    main()
