"""Runs shared by the reporting tests (each costs seconds, so each is made once a session):

* ``clean_run``: the embedded sandbox, every check, a few examples: conformant;
* ``fault_run``: a separately started sandbox with three faults and both tokens given through
  environment variables (so the tests know the tokens and can look for them everywhere): a
  tenancy leak, a wrong type, and ``updated_at`` not moved by actions, on a small selection.

Chromium (Debian's ``chromium``, installed by ``.ci/run``) is found by :func:`chromium`; the
tests that need it skip without it, and fail under ``CI=true``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from rect_conformance._target import EmbeddedSandbox
from tests.engine.helpers import FAST, CliResult, run_cli

TOKEN_ENV, SECOND_ENV = "RECT_REPORT_TEST_TOKEN", "RECT_REPORT_TEST_TOKEN_2"
FAULTS = ("tenancy-leak-show", "wrong-type", "updated-at-not-bumped")
FAULT_SELECTION = [
    "--checks",
    "operations,tenancy-hidden-by-id,sync-updated-at-bumped,release-notes",
    "--operations",
    "getPartnerships,getParticipant,withdrawParticipant",
]


@dataclass
class FaultRun:
    """A finished run against a faulted sandbox, and the tokens it used."""

    result: CliResult
    tokens: tuple[str, str]


def _require(what: str, found: str | None) -> str:
    if found:
        return found
    message = f"{what} is not installed (.ci/run installs it)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def chromium() -> str:
    """The headless browser the page tests open reports in."""
    return _require("chromium", shutil.which("chromium") or shutil.which("chromium-browser"))


@pytest.fixture(scope="session")
def browser_own_hosts(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """The hosts Chromium asks for by itself (see ``tests/reporting/browser.py``)."""
    from tests.reporting.browser import own_hosts

    return own_hosts(chromium, tmp_path_factory.mktemp("blank"))


@pytest.fixture(scope="session")
def clean_run(tmp_path_factory: pytest.TempPathFactory) -> CliResult:
    """Every check on the clean embedded sandbox."""
    result = run_cli(FAST, tmp_path_factory.mktemp("clean") / "run")
    assert result.code == 0, result.output
    return result


@pytest.fixture(scope="session")
def fault_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FaultRun]:
    """A small selection against a sandbox with :data:`FAULTS`, tokens from the environment."""
    with EmbeddedSandbox(faults=FAULTS) as sandbox:
        tokens = (str(sandbox.tokens[0]["token"]), str(sandbox.tokens[1]["token"]))
        args = [
            *FAST,
            *FAULT_SELECTION,
            "--base-url",
            sandbox.base_url,
            "--token-env",
            TOKEN_ENV,
            "--second-token-env",
            SECOND_ENV,
        ]
        env = {TOKEN_ENV: tokens[0], SECOND_ENV: tokens[1]}
        result = run_cli(args, tmp_path_factory.mktemp("faults") / "run", env=env)
    assert result.code == 1, result.output
    yield FaultRun(result, tokens)


def finding_of(summary: dict, check: str, operation: str) -> dict:
    """The first finding of ``check`` on ``operation`` in a summary."""
    found = [f for f in summary["findings"] if f["check"] == check and f["operation"] == operation]
    assert found, [(f["check"], f["operation"]) for f in summary["findings"]]
    return found[0]


def files_of(folder: Path) -> list[Path]:
    """Every file under ``folder``."""
    return [path for path in folder.rglob("*") if path.is_file()]
