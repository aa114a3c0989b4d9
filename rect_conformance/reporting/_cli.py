"""``rect-conformance report`` and ``rect-conformance replay``: thin over the reporting."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from rect_conformance._errors import EXIT_OK, UsageError

if TYPE_CHECKING:
    SubParsers = argparse._SubParsersAction[argparse.ArgumentParser]

REPORT_EPILOG = """\
exit codes:
  0  the reports were written
  2  usage error: not a run folder, a path that cannot be written, Node.js missing for --allure
"""
REPLAY_EPILOG = """\
exit codes:
  0  the finding no longer reproduces
  1  the finding still reproduces
  2  usage error: not a run folder, no such finding, a token variable that is not set
  3  the target is unreachable or refuses the token
  4  inconclusive: a step it needs was refused, or the check could not judge the target
"""


def add_parsers(subparsers: SubParsers) -> None:
    """Add ``report`` and ``replay``."""
    report = subparsers.add_parser(
        "report",
        help="rebuild report.html and summary.md of a run folder; Allure, evidence, compare",
        description="Rebuild the reports of a run from its folder (summary.json, journal).",
        epilog=REPORT_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    report.add_argument("run_dir", metavar="RUN_DIR", help="the run's report folder")
    report.add_argument(
        "--allure", action="store_true", help="also build the single-file Allure 3 report"
    )
    report.add_argument(
        "--allure-cli", metavar="PATH", help="the `allure` (3) executable to use with --allure"
    )
    report.add_argument(
        "--allure-history", metavar="FILE", help="Allure history file (default: one per target)"
    )
    report.add_argument(
        "--evidence", action="store_true", help="also write the evidence pack (a zip)"
    )
    report.add_argument(
        "--compare", metavar="OTHER_RUN_DIR", help="print what newly fails, passes, is not run"
    )
    report.set_defaults(handler=handle_report)

    replay = subparsers.add_parser(
        "replay",
        help="send a finding's reproduction again and say whether it still reproduces",
        description="Send the requests of a finding again (or re-run its check) against a "
        "target\nand say whether the finding still reproduces.",
        epilog=REPLAY_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    replay.add_argument("run_dir", metavar="RUN_DIR", help="the run's report folder")
    replay.add_argument("finding", metavar="FINDING_ID", help="a finding's id, e.g. F1a2b3c")
    replay.add_argument(
        "--base-url", metavar="URL", help="the target (default: the run's own target)"
    )
    replay.add_argument(
        "--token-env", metavar="VAR", help="variable holding the token (default RECT_TOKEN)"
    )
    replay.add_argument(
        "--second-token-env", metavar="VAR", help="variable holding the second provider's token"
    )
    replay.set_defaults(handler=handle_replay)


def _folder(text: str) -> Path:
    folder = Path(text)
    if not (folder / "summary.json").is_file():
        raise UsageError(f"{text} has no summary.json; give the report folder of a run")
    return folder


def handle_report(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """Rebuild the reports of a run folder, and what the options ask for."""
    from rect_conformance import reporting
    from rect_conformance.reporting import _allure_report, _compare, _evidence

    folder = _folder(args.run_dir)
    data = reporting.rebuild(folder)
    print(f"report: {folder / 'report.html'}", file=stdout)
    print(f"verdict: {data['verdict']}: {data.get('verdict_text', '')}", file=stdout)
    if args.compare:
        other = reporting.load_summary(_folder(args.compare))
        diff = _compare.compare(data, other)
        (folder / "compare.json").write_text(json.dumps(diff, indent=1) + "\n", "utf-8")
        stdout.write(_compare.text(diff))
    if args.evidence:
        print(f"evidence: {_evidence.pack(folder, data)}", file=stdout)
    if args.allure:
        cli = _allure_report.find_cli(args.allure_cli)
        history = Path(args.allure_history) if args.allure_history else None
        print(f"allure: {_allure_report.build(folder, data, cli, history)}", file=stdout)
    return EXIT_OK


def handle_replay(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """Replay one finding; see :data:`REPLAY_EPILOG` for the exit codes."""
    from rect_conformance import _target, reporting
    from rect_conformance.reporting import _replay

    folder = _folder(args.run_dir)
    data = reporting.load_summary(folder)
    finding = _replay.find(data, args.finding)
    if not args.base_url and data["target"].get("kind") == "embedded":
        faults = " ".join(f"--fault {f}" for f in data["target"].get("sandbox_faults", []))
        raise UsageError(
            "the run's target was an embedded sandbox, which stopped with the run; start one "
            f"(rect-conformance sandbox {faults}".rstrip()
            + ") and pass its URL with --base-url"
        )
    base_url = _target.normalise_base_url(args.base_url or data["target"]["base_url"])
    token_env = _replay.token_env_default(args.token_env)
    if token_env is None:
        raise UsageError("replay needs the token: set RECT_TOKEN or pass --token-env VAR")
    client = _replay.open_client(folder, base_url, token_env, args.second_token_env)
    try:
        _target.preflight(client)
        contract = _replay.contract_for(folder, data, client)
        outcome = _replay.replay(finding, data, client, contract)
    finally:
        client.close()
    return _replay.report(finding, outcome, base_url, stdout)
