"""``rect-conformance run``: open the run (target, token, spec), run pytest in-process on the
suite's ``contracts/`` and ``scenarios/`` folders with the plugin, print the verdict and where
the report is.

The options are those of the one option table (``_settings``); the exit codes are :data:`EPILOG`.
"""

from __future__ import annotations

import argparse
import json
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from rect_conformance import _project
from rect_conformance._errors import (
    EXIT_FINDINGS,
    EXIT_INCOMPLETE,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_TARGET,
    EXIT_USAGE,
    ConformanceError,
)
from rect_conformance._run import Run, new_run_id, open_run
from rect_conformance._selection import validate_checks
from rect_conformance._settings import add_to_argparse, command_line, from_namespace

if TYPE_CHECKING:
    SubParsers = argparse._SubParsersAction[argparse.ArgumentParser]

SHOWN_FINDINGS = 15
NO_TESTS = 5  # pytest's exit code when the selection leaves nothing to run
EPILOG = """\
exit codes:
  0  conformant: every check in scope ran and passed; also "incomplete" (no findings,
     but checks in scope did not run) unless --require-complete is given
  1  findings: the target broke the contract (including a valid pre-flight request
     refused with a 4xx)
  2  usage or configuration error (an option, a token variable, a spec file, a path)
  3  the target is unreachable, refuses the token, fails with 5xx, or is unsafe to write to
  4  incomplete, with --require-complete: no findings, but checks in scope did not run
     (no second token, no test support, budget spent, production write guard, a test
     that broke); report.html and summary.md list each one with its reason. Also, with
     or without the option, when a module of the suite could not be collected
  130  interrupted (Ctrl-C): the reports say how far the run got; it is no verdict
"""


class _HelpFormatter(argparse.RawDescriptionHelpFormatter):
    # Check names hold hyphens; a line broken inside one ("auth-wrong-" / "token") is a name
    # nobody can copy.
    def _split_lines(self, text: str, width: int) -> list[str]:
        return textwrap.wrap(
            " ".join(text.split()), width, break_on_hyphens=False, break_long_words=False
        )


def add_parsers(subparsers: SubParsers) -> None:
    """Add the ``run`` subcommand, its options made from the option table."""
    parser = subparsers.add_parser(
        "run",
        help="run the conformance suite against a target",
        description="Check that a RECT Lead Provider API v3 target behaves as its OpenAPI spec\n"
        "says. Without options, runs against the embedded sandbox.",
        epilog=EPILOG,
        formatter_class=_HelpFormatter,
    )
    add_to_argparse(parser)
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """Run the suite; see :data:`EPILOG` for the exit codes."""
    contracts = _project.contracts_dir()
    settings = from_namespace(args)
    # The report folder is fixed before the run opens, so a run that cannot start still
    # leaves its summary there.
    if settings.report_dir is None:
        settings.report_dir = str(_project.reports_dir(new_run_id()))
    report_dir = Path(settings.report_dir)
    validate_checks(settings.checks)
    try:
        run = open_run(settings)
    except ConformanceError as error:
        _write_failed_summary(report_dir, error)
        raise
    run.command = command_line(settings)
    try:
        code = _pytest(run, contracts, stdout)
    finally:
        run.close()
    return _finish(run, code, stdout, stderr)


def _pytest(run: Run, contracts: Path, stdout: TextIO) -> int:
    import pytest

    from rect_conformance._progress import Progress
    from rect_conformance.plugin import Handover

    folder = run.report_dir
    # --assert=plain: the contracts tests report through findings, not bare asserts, and
    # rewriting every plugin module costs seconds per run. The plugin is named with -p for
    # sessions where pytest's plugin autoloading is switched off; the entry point has the same
    # name, so it is never loaded twice.
    argv = [
        str(contracts),
        str(_project.scenarios_dir()),
        "--rootdir",
        str(contracts.parent),
        "-p",
        "rect_conformance.plugin",
        "-p",
        "no:cacheprovider",
        "--assert=plain",
        "-p",
        "no:terminal",
        "-o",
        "addopts=",
        "-o",
        "junit_family=xunit2",
        "-o",
        "junit_suite_name=rect-conformance",
        f"--junitxml={folder / 'junit.xml'}",
        f"--alluredir={folder / 'allure-results'}",
    ]
    progress = Progress(stdout, live=stdout.isatty())
    print(
        f"rect-conformance: run {run.run_id} against {run.target.base_url} "
        f"({run.target.kind}), spec {run.contract.version} "
        f"sha256 {run.contract.sha256[:12]}",
        file=stdout,
        flush=True,
    )
    return int(pytest.main(argv, plugins=[progress, Handover(run)]))


def _finish(run: Run, code: int, stdout: TextIO, stderr: TextIO) -> int:
    summary_path = run.report_dir / "summary.json"
    if code in (3, 4) or not summary_path.exists():
        print(
            f"rect-conformance: pytest could not run the suite (exit {code}); see {run.report_dir}",
            file=stderr,
        )
        return EXIT_USAGE if code == 4 else EXIT_FINDINGS
    if code == NO_TESTS:
        print(
            f"rect-conformance: --checks {run.settings.checks or '(all)'} with --operations "
            f"{run.settings.operations or '(all)'} leaves no test to run; widen the selection",
            file=stderr,
        )
        return EXIT_USAGE
    data = json.loads(summary_path.read_text("utf-8"))
    _print_outcome(data, stdout)
    print(f"report: {run.report_dir / 'report.html'}", file=stdout, flush=True)
    if data["verdict"] == "interrupted":
        print(
            f"rect-conformance: interrupted; the reports so far are in {run.report_dir}",
            file=stderr,
        )
        return EXIT_INTERRUPTED
    if run.fatal is not None:
        print(f"rect-conformance: {run.client.redactor.text(str(run.fatal))}", file=stderr)
        return EXIT_TARGET
    if code == 2 and data["exit_code"] == EXIT_OK:
        # A module of the suite that cannot be collected is a broken suite, not a pass.
        print(
            "rect-conformance: some tests could not be collected; they are reported as not "
            f"run, see {run.report_dir / 'summary.md'}",
            file=stderr,
        )
        return EXIT_INCOMPLETE
    return int(data["exit_code"])


def _print_outcome(data: dict[str, Any], stdout: TextIO) -> None:
    from rect_conformance.reporting._grouping import headline

    lines = headline(data["findings"], limit=10**6)
    for item in lines[:SHOWN_FINDINGS]:
        if len(item["operations"]) > 1:
            where = f"{item['check']} on {len(item['operations'])} operations, e.g."
        else:
            where = f"on {item['operation']}:"
        times = f" (x{item['count']})" if item.get("count", 1) > 1 else ""
        print(
            f"  finding {item['id']} {item['severity']} {item['kind']} {where} "
            f"{item['message'][:300]}{times}",
            file=stdout,
        )
    if len(lines) > SHOWN_FINDINGS:
        print(f"  ... and {len(lines) - SHOWN_FINDINGS} more kinds in report.html", file=stdout)
    for group in data.get("not_run", []):
        why = group["remedy"]
        if group["why"] in ("other", "broke") and group["examples"]:
            why = group["examples"][0][:160]
        print(f"  not run: {group['count']} x {group['label']} ({why})", file=stdout)
    waivers = data.get("known_deviations", [])
    seen = sum(w["count"] for w in waivers)
    if seen:
        overdue = [w["id"] for w in waivers if w.get("overdue")]
        late = f"; past review date: {', '.join(overdue)}" if overdue else ""
        print(
            f"  {seen} known deviations of the published spec under "
            f"{sum(1 for w in waivers if w['count'])} waivers (reported, not failing){late}",
            file=stdout,
        )
    requests = data["requests"]
    budget = f" of a budget of {requests['budget']}" if requests.get("budget") else ""
    shared = f", {requests['reused']} answers shared" if requests.get("reused") else ""
    print(f"verdict: {data['verdict']} ({requests['sent']} requests{budget}{shared})", file=stdout)
    print(f"  {data['verdict_text']}", file=stdout)


def _write_failed_summary(report_dir: Path, error: ConformanceError) -> None:
    # A run that could not start still leaves a summary next to whatever the journal holds.
    if not report_dir.exists():
        return
    verdict = {EXIT_TARGET: "unreachable", EXIT_FINDINGS: "findings"}.get(error.exit_code, "error")
    data = {
        "verdict": verdict,
        "verdict_text": f"The run could not start: {error}",
        "exit_code": error.exit_code,
        "error": str(error),
        "findings": [],
        "known_deviations": [],
    }
    (report_dir / "summary.json").write_text(json.dumps(data, indent=2) + "\n", "utf-8")
