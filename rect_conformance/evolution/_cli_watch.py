"""The ``watch`` subcommand: its options, its exit codes, and the handler over ``_watch``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from rect_conformance import _project
from rect_conformance._errors import (
    EXIT_FINDINGS,
    EXIT_NEW,
    EXIT_NOTE_UNDATED,
    EXIT_NOTES_LAYOUT,
    EXIT_OK,
    EXIT_SPEC_IS_HTML,
    EXIT_SPEC_UNPARSABLE,
    EXIT_STATE_UNREADABLE,
    EXIT_TARGET,
    EXIT_USAGE,
    UsageError,
)
from rect_conformance.evolution._notes import parse_date
from rect_conformance.evolution._watch import EMBEDDED, WatchOptions, watch
from rect_conformance.evolution._watch_state import STATE_NAME

EXIT_CODES = f"""exit codes:
  {EXIT_OK}   nothing new since the last watch
  {EXIT_NEW}  something new, and nothing wrong with it
  {EXIT_FINDINGS}   something new that needs attention: a breaking or unannounced change, a
      note the spec does not bear out, or a run that did not pass
  {EXIT_USAGE}   usage or configuration error
  {EXIT_TARGET}   target unreachable
  {EXIT_NOTES_LAYOUT}  the release notes are not laid out as DfE publishes them
  {EXIT_NOTE_UNDATED}  a release note has no readable date
  {EXIT_SPEC_UNPARSABLE}  the spec does not parse or is not OpenAPI
  {EXIT_SPEC_IS_HTML}  the spec's URL answered an HTML page
  {EXIT_STATE_UNREADABLE}  the state file is from another version of the suite, or damaged
On every error the state file is left as it was."""


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``watch``."""
    parser = subparsers.add_parser(
        "watch",
        help="on a new release note or spec: diff, cross-check, draft, run, report the impact",
        description="Read DfE's release notes and the target's spec; when a note or the spec "
        "is new since the last watch, diff the spec against the signed-off baseline, "
        "cross-check notes and changes, draft an expectation file for each new note, run the "
        "suite on the operations concerned, and write release-impact.md and .json.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--target", default=EMBEDDED, help="'embedded' (default) or a base URL")
    where.add_argument("--base-url", dest="target", help="base URL of the API")
    parser.add_argument("--token-env", metavar="VAR", help="variable holding the API token")
    parser.add_argument(
        "--second-token-env", metavar="VAR", help="variable holding a second provider's token"
    )
    parser.add_argument(
        "--notes",
        metavar="SOURCE",
        help="release notes: a YAML feed, a saved HTML page, or a base URL "
        "(default: the target's /api/guidance/release-notes)",
    )
    parser.add_argument(
        "--spec",
        metavar="PATH_OR_URL",
        help="the spec (default: the target's /api/docs/v3/swagger.yaml)",
    )
    parser.add_argument(
        "--sandbox-release-notes",
        metavar="FILE",
        help="embedded only: the YAML notes the sandbox serves (its --release-notes)",
    )
    parser.add_argument(
        "--baseline", help="the signed-off spec (default: the suite's contracts/baseline.json)"
    )
    parser.add_argument(
        "--state",
        help=f"what the last watch saw (default: {STATE_NAME} beside the baseline in a checkout, "
        "in the current folder for an installed suite)",
    )
    parser.add_argument(
        "--since",
        metavar="YYYY-MM-DD",
        help="first watch only: notes from this date on are new (default: the baseline's date)",
    )
    parser.add_argument("--report-dir", default="reports/watch", help="where the report goes")
    parser.add_argument(
        "--drafts-dir",
        help="where drafted expectation files go (default: the suite's release_notes folder, "
        "so the run checks them)",
    )
    parser.add_argument("--no-run", action="store_true", help="do not run the suite")
    parser.add_argument("--checks", metavar="A,B", help="for the run: only these checks")
    parser.add_argument("--max-examples", type=int, help="for the run: examples per operation")
    parser.add_argument("--seed", type=int, help="for the run: seed of generated requests")
    parser.add_argument("--budget", type=int, metavar="N", help="for the run: at most N requests")
    parser.set_defaults(handler=handle)


def _run_options(args: argparse.Namespace) -> list[str]:
    options = []
    for flag, value in (
        ("--checks", args.checks),
        ("--max-examples", args.max_examples),
        ("--seed", args.seed),
        ("--budget", args.budget),
    ):
        if value is not None:
            options += [flag, str(value)]
    return options


def handle(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """``watch``; see :data:`EXIT_CODES`."""
    if args.target != EMBEDDED and not args.token_env and not args.no_run:
        raise UsageError("--base-url needs --token-env VAR to run the suite (or give --no-run)")
    if args.target != EMBEDDED and args.sandbox_release_notes:
        raise UsageError("--sandbox-release-notes only applies to the embedded sandbox")
    baseline = Path(args.baseline) if args.baseline else _project.baseline_file()
    # An installed suite keeps its data inside the package: what watch writes goes to the
    # current folder instead.
    writable = baseline.parent if _project.in_checkout() or args.baseline else Path.cwd()
    suite_notes = _project.release_notes_dir()
    options = WatchOptions(
        baseline=baseline,
        state=Path(args.state) if args.state else writable / STATE_NAME,
        report_dir=Path(args.report_dir),
        drafts_dir=Path(args.drafts_dir) if args.drafts_dir else suite_notes,
        suite_release_notes=suite_notes,
        target=args.target,
        token_env=args.token_env,
        second_token_env=args.second_token_env,
        notes=args.notes,
        spec=args.spec,
        sandbox_release_notes=args.sandbox_release_notes,
        since=parse_date(args.since, "--since") if args.since else None,
        run=not args.no_run,
        run_options=_run_options(args),
    )
    return int(watch(options, stdout)["exit_code"])
