"""``rect-conformance run``: open the run (target, token, spec), run pytest in-process on the
project's ``contracts/`` folder with the plugin, print the verdict and where the report is.

Exit codes: 0 conformant, 1 findings (or an incomplete run), 2 usage or configuration error,
3 target unreachable or unsafe.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any, TextIO

from rect_conformance._errors import (
    EXIT_FINDINGS,
    EXIT_TARGET,
    EXIT_USAGE,
    ConformanceError,
    UsageError,
)
from rect_conformance._run import EMBEDDED, Settings, new_run_id, open_run

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHOWN_FINDINGS = 25


def add_parsers(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``run`` subcommand."""
    parser = subparsers.add_parser(
        "run",
        help="run the conformance suite against a target",
        description="Check that a RECT Lead Provider API v3 target behaves as its OpenAPI "
        "spec says. Without options, runs against the embedded sandbox.",
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--target",
        default=EMBEDDED,
        help="'embedded' (default: start the embedded sandbox) or a base URL",
    )
    where.add_argument(
        "--base-url",
        dest="target",
        help="base URL of the API, e.g. "
        "https://sandbox.register-early-career-teachers.education.gov.uk/api",
    )
    parser.add_argument(
        "--token-env",
        metavar="VAR",
        help="environment variable holding the lead provider's API token",
    )
    parser.add_argument(
        "--second-token-env",
        metavar="VAR",
        help="environment variable holding a second provider's token (enables the tenancy checks)",
    )
    parser.add_argument(
        "--spec",
        metavar="PATH_OR_URL",
        help="the OpenAPI spec (default: the target's /api/docs/v3/swagger.yaml)",
    )
    parser.add_argument("--budget", type=int, metavar="N", help="send at most N requests")
    parser.add_argument(
        "--rate-limit",
        metavar="COUNT/PERIOD",
        help="pace requests, e.g. 1000/300s (default for the DfE sandbox)",
    )
    parser.add_argument(
        "--report-dir", metavar="DIR", help="where the reports go (default: reports/<run-id>)"
    )
    parser.add_argument(
        "--allow-production-writes",
        action="store_true",
        help="allow write requests to the production host",
    )
    from rect_conformance._run import ENGINE_CHECKS
    from rect_conformance.checks import registry

    parser.add_argument(
        "--checks",
        metavar="A,B",
        help="only these checks (comma list), from: "
        + ", ".join([*ENGINE_CHECKS, *registry.names()]),
    )
    parser.add_argument("--operations", metavar="ID,ID", help="only these operationIds")
    parser.add_argument(
        "--max-examples",
        type=int,
        default=25,
        help="generated requests per operation and mode (default 25)",
    )
    parser.add_argument("--seed", type=int, help="seed for generated requests")
    parser.add_argument(
        "--sandbox-fault",
        action="append",
        default=[],
        metavar="NAME",
        help="embedded only: start the sandbox with this fault (repeatable)",
    )
    parser.add_argument(
        "--timeout", type=float, default=30.0, help="seconds to wait for one response (default 30)"
    )
    parser.set_defaults(handler=handle)


def settings_of(args: argparse.Namespace, report_dir: Path) -> Settings:
    """The run settings of the parsed options."""
    return Settings(
        target=args.target,
        token_env=args.token_env,
        second_token_env=args.second_token_env,
        spec=args.spec,
        budget=args.budget,
        rate_limit=args.rate_limit,
        report_dir=str(report_dir),
        allow_production_writes=args.allow_production_writes,
        checks=args.checks,
        max_examples=args.max_examples,
        seed=args.seed,
        sandbox_faults=list(args.sandbox_fault),
        timeout=args.timeout,
        operations=args.operations,
    )


def handle(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """Run the suite; see the module docstring for the exit codes."""
    contracts = PROJECT_ROOT / "contracts"
    if not contracts.is_dir():
        raise UsageError(
            f"no contracts/ folder next to the package ({contracts}); run from a "
            "checkout of rect-conformance"
        )
    report_dir = (
        Path(args.report_dir) if args.report_dir else (PROJECT_ROOT / "reports" / new_run_id())
    )
    settings = settings_of(args, report_dir)
    try:
        run = open_run(settings, PROJECT_ROOT)
    except ConformanceError as error:
        _write_failed_summary(report_dir, error)
        raise
    try:
        code = _pytest(run, settings, contracts, stdout)
    finally:
        run.close()
    return _finish(run, code, stdout, stderr)


def _pytest(run: Any, settings: Settings, contracts: Path, stdout: TextIO) -> int:
    import pytest

    from rect_conformance import plugin
    from rect_conformance._progress import Progress

    folder = run.report_dir
    # --assert=plain: the contracts tests report through findings, not bare asserts, and
    # rewriting every plugin module costs seconds per run.
    argv = [
        str(contracts),
        "--rootdir",
        str(PROJECT_ROOT),
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
    if settings.checks:
        argv += ["--rect-checks", settings.checks]
    if settings.operations:
        argv += ["--rect-operations", settings.operations]
    progress = Progress(stdout, live=stdout.isatty())
    print(
        f"rect-conformance: run {run.run_id} against {run.target.base_url} "
        f"({run.target.kind}), spec {run.contract.version} "
        f"sha256 {run.contract.sha256[:12]}",
        file=stdout,
        flush=True,
    )
    plugin.use_run(run)
    try:
        return int(pytest.main(argv, plugins=[progress]))
    finally:
        plugin.use_run(None)


def _finish(run: Any, code: int, stdout: TextIO, stderr: TextIO) -> int:
    summary_path = run.report_dir / "summary.json"
    if code in (3, 4) or not summary_path.exists():
        print(
            f"rect-conformance: pytest could not run the suite (exit {code}); see {run.report_dir}",
            file=stderr,
        )
        return EXIT_USAGE if code == 4 else EXIT_FINDINGS
    data = json.loads(summary_path.read_text("utf-8"))
    for item in data["findings"][:SHOWN_FINDINGS]:
        print(f"  finding [{item['check']}] {item['message']}", file=stdout)
    if len(data["findings"]) > SHOWN_FINDINGS:
        print(f"  ... and {len(data['findings']) - SHOWN_FINDINGS} more in summary.md", file=stdout)
    if data["known_deviations"]:
        print(
            f"  {len(data['known_deviations'])} known deviations of the published spec "
            "(reported, not failing)",
            file=stdout,
        )
    skipped = data["not_covered"]["tests_skipped_for_budget"]
    if skipped:
        print(f"  request budget spent: {len(skipped)} tests not covered", file=stdout)
    print(
        f"verdict: {data['verdict']} ({data['requests']['sent']} requests); "
        f"report: {run.report_dir}",
        file=stdout,
        flush=True,
    )
    if run.fatal is not None:
        print(f"rect-conformance: {run.client.redactor.text(str(run.fatal))}", file=stderr)
        return EXIT_TARGET
    if code == 2:  # interrupted, or modules that could not be collected
        print(
            "rect-conformance: the test session was interrupted or some tests could not be "
            f"collected; see {run.report_dir / 'junit.xml'}",
            file=stderr,
        )
        return EXIT_FINDINGS
    from rect_conformance._report import VERDICT_EXIT

    return VERDICT_EXIT.get(data["verdict"], EXIT_FINDINGS)


def _write_failed_summary(report_dir: Path, error: ConformanceError) -> None:
    # A run that could not start still leaves a summary next to whatever the journal holds.
    if not report_dir.exists():
        return
    verdict = "unreachable" if error.exit_code == EXIT_TARGET else "error"
    data = {"verdict": verdict, "error": str(error), "findings": [], "known_deviations": []}
    (report_dir / "summary.json").write_text(json.dumps(data, indent=2) + "\n", "utf-8")
