"""One conformance run: its settings, and the resources they resolve to (target, client,
contract, report folder), opened in the order that lets a bad input fail before anything else.

Both the CLI and the pytest plugin use :func:`open_run`; the CLI opens it first (so that an
unreachable target or a bad spec gives its exit code before pytest starts) and hands the open
run to the plugin.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rect_conformance import _project, _target
from rect_conformance._client import Client
from rect_conformance._contract import Contract, load_contract
from rect_conformance._deviations import Deviation, load_deviations
from rect_conformance._errors import ConformanceError, UsageError, cannot_write
from rect_conformance._journal import JOURNAL_NAME, Journal, Redactor
from rect_conformance._ratelimit import DFE_RATE, parse_rate
from rect_conformance._selection import names_in
from rect_conformance._settings import EMBEDDED, Settings, default_budget
from rect_conformance._target import EmbeddedSandbox, Target
from rect_conformance.findings import Finding

if TYPE_CHECKING:
    from rect_conformance.planner import Plan

__all__ = ["EMBEDDED", "Record", "Run", "Settings", "new_run_id", "open_run", "validate"]


@dataclass
class Record:
    """A finding as the run saw it: in which test, and whether it is a known deviation."""

    finding: Finding
    test: str
    known: Deviation | None = None


@dataclass
class Run:
    """The open resources of a run and what it has seen so far."""

    settings: Settings
    run_id: str
    report_dir: Path
    target: Target
    client: Client
    contract: Contract
    deviations: list[Deviation]
    sandbox: EmbeddedSandbox | None = None
    records: list[Record] = field(default_factory=list)
    outcomes: dict[str, dict[str, str | None]] = field(default_factory=dict)
    # Every test the session meant to run (nodeid -> check, operation, params), and those the
    # selection left out: what never reached an outcome is reported as not run, with why.
    planned: dict[str, dict[str, str | None]] = field(default_factory=dict)
    deselected: dict[str, dict[str, str | None]] = field(default_factory=dict)
    budget_skipped: list[str] = field(default_factory=list)
    fatal: ConformanceError | None = None
    interrupted: str | None = None  # why the session stopped early, when the user stopped it
    command: list[str] = field(default_factory=list)
    started: datetime = field(default_factory=lambda: datetime.now(UTC))
    finished: datetime | None = None
    closed: bool = False
    # What the lifecycle scenarios recorded (a rect_conformance.lifecycle Ledger), once one ran.
    lifecycle: Any = None
    # The request plan (a rect_conformance.planner Plan), made once the tests are collected.
    plan: Plan | None = None

    def close(self) -> None:
        """Close the client and stop an embedded sandbox (idempotent)."""
        if self.closed:
            return
        self.closed = True
        self.client.close()
        if self.sandbox is not None:
            self.sandbox.stop()


def new_run_id() -> str:
    """A sortable, unique run id: ``20261128T120000Z-1a2b``."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(2)


def validate(settings: Settings) -> None:
    """Reject impossible settings before anything starts. (The names in ``--checks`` are
    checked against the tests collected, by the CLI or the plugin.)"""
    if settings.budget is not None and settings.budget < 1:
        raise UsageError(
            f"--budget {settings.budget} leaves no request to send; give at least "
            "1 (one request checks the target and the token)"
        )
    if settings.max_examples < 1:
        raise UsageError("--max-examples must be at least 1")
    if settings.timeout <= 0:
        raise UsageError("--timeout must be a positive number of seconds")
    if settings.target != EMBEDDED and settings.sandbox_faults:
        raise UsageError(
            "--sandbox-fault only applies to the embedded sandbox; drop it or the --base-url option"
        )
    if settings.target != EMBEDDED and not settings.token_env:
        raise UsageError(
            "--base-url needs --token-env VAR, the environment variable holding "
            "the lead provider's token"
        )
    if settings.rate_limit:
        parse_rate(settings.rate_limit)


def open_run(settings: Settings) -> Run:
    """Resolve ``settings`` into an open :class:`Run`; the caller must :meth:`Run.close` it.

    Raises a :class:`ConformanceError` (with what to do) when any part cannot be opened; what
    was opened by then is closed again and the journal so far is kept.
    """
    validate(settings)
    # A spec file is read first: a bad one fails the run before anything is started or sent.
    local_spec = settings.spec and not settings.spec.startswith(("http://", "https://"))
    contract = load_contract(settings.spec) if local_spec else None
    run_id = Path(settings.report_dir).name if settings.report_dir else new_run_id()
    report_dir = Path(settings.report_dir) if settings.report_dir else _project.reports_dir(run_id)
    try:
        report_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise cannot_write("--report-dir", report_dir, error) from None
    sandbox = None
    tokens: dict[str, str] = {}
    if settings.target == EMBEDDED:
        kind = EMBEDDED
        sandbox = EmbeddedSandbox(faults=settings.sandbox_faults).start()
        base_url = sandbox.base_url
        tokens["primary"] = str(sandbox.tokens[0]["token"])
        if len(sandbox.tokens) > 1:
            tokens["secondary"] = str(sandbox.tokens[1]["token"])
    else:
        base_url = _target.normalise_base_url(settings.target)
        kind = _target.kind_of(base_url)
        _target.check_safety(kind, settings.allow_production_writes)
        tokens["primary"] = _target.read_token(settings.token_env, "--token-env") or ""
        second = _target.read_token(settings.second_token_env, "--second-token-env")
        if second:
            tokens["secondary"] = second
    rate = settings.rate_limit or (DFE_RATE if kind == "sandbox" else None)
    journal = Journal(report_dir / JOURNAL_NAME, Redactor(tokens.values()))
    client = Client(
        base_url,
        tokens,
        journal=journal,
        budget=settings.budget if settings.budget is not None else default_budget(kind),
        limiter=parse_rate(rate) if rate else None,
        timeout=settings.timeout,
        max_429_wait=settings.max_429_wait,
        refuse_writes_to=(None if settings.allow_production_writes else _target.PRODUCTION_HOST),
        run_id=run_id,
    )
    try:
        _target.preflight(client)
        if contract is None:
            contract = load_contract(settings.spec, client)
        contract.base_url = base_url
        test_support = _target.probe_test_support(client)
        _check_operations(settings.operations, contract)
        deviations = load_deviations(
            Path(settings.known_deviations)
            if settings.known_deviations
            else _project.known_deviations_file()
        )
    except BaseException:
        client.close()
        if sandbox is not None:
            sandbox.stop()
        raise
    target = Target(
        base_url=base_url,
        kind=kind,
        has_second_token=client.has_second_token,
        writes_allowed=kind != "production" or settings.allow_production_writes,
        test_support=test_support,
    )
    return Run(
        settings=settings,
        run_id=run_id,
        report_dir=report_dir,
        target=target,
        client=client,
        contract=contract,
        deviations=deviations,
        sandbox=sandbox,
    )


def _check_operations(names: str | None, contract: Contract) -> None:
    chosen = names_in(names)
    if not chosen:
        return
    known = {operation.operation_id for operation in contract.operations}
    unknown = sorted(chosen - known)
    if unknown:
        raise UsageError(
            f"--operations names {', '.join(unknown)}, which the spec does not "
            f"have; choose from: {', '.join(sorted(known))}"
        )
