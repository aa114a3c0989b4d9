"""--checks and --operations are decided once, at collection: every kind of test of contracts/
and scenarios/ names its check, and tests outside the selection are deselected (never run,
never skipped)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rect_conformance import _project, lifecycle
from rect_conformance._selection import (
    ENGINE_CHECKS,
    check_names,
    check_of,
    operation_of,
)
from rect_conformance._target import EmbeddedSandbox

TOKEN_ENV = "RECT_SELECTION_TOKEN"


class _Collected:
    """Records what a session kept and deselected."""

    def __init__(self) -> None:
        self.kept: list[tuple[str, str | None, str | None]] = []
        self.deselected: list[str] = []

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        self.kept = [(item.nodeid, check_of(item), operation_of(item)) for item in items]

    def pytest_deselected(self, items: list[pytest.Item]) -> None:
        self.deselected += [item.nodeid for item in items]


@pytest.fixture
def collect(sandbox: EmbeddedSandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """``collect(*options)``: collect contracts/ and scenarios/ against the session's sandbox."""
    monkeypatch.setenv(TOKEN_ENV, str(sandbox.tokens[0]["token"]))

    def run(*options: str, plugins: tuple[object, ...] = ()) -> int:
        argv = [
            str(_project.contracts_dir()),
            str(_project.scenarios_dir()),
            "--collect-only",
            "-q",
            "-p",
            "no:cacheprovider",
            "--rect-base-url",
            sandbox.base_url,
            "--rect-token-env",
            TOKEN_ENV,
            "--rect-report-dir",
            str(tmp_path / "r"),
            *options,
        ]
        return int(pytest.main(argv, plugins=list(plugins)))

    return run


def _collect(collect, *options: str) -> _Collected:
    collected = _Collected()
    assert collect(*options, plugins=(collected,)) == 0
    return collected


def test_every_contracts_test_names_a_known_check_and_every_check_has_tests(collect):
    everything = _collect(collect)
    checks = {check for _, check, _ in everything.kept}
    assert None not in checks, [nodeid for nodeid, check, _ in everything.kept if check is None]
    assert checks == set(check_names())
    assert not everything.deselected


def test_a_lifecycle_check_alone_keeps_only_its_tests(collect):
    chosen = _collect(collect, "--rect-checks", "lifecycle-seed")
    assert {c for _, c, _ in chosen.kept} == {"lifecycle-seed"}


@pytest.mark.parametrize("check", ENGINE_CHECKS)
def test_an_engine_check_alone_keeps_only_its_tests(collect, check):
    chosen = _collect(collect, "--rect-checks", check)
    assert chosen.kept and {c for _, c, _ in chosen.kept} == {check}
    assert chosen.deselected


def test_release_note_tests_follow_checks_and_operations(collect):
    chosen = _collect(
        collect,
        "--rect-checks",
        "release-notes,auth-missing-token",
        "--rect-operations",
        "getParticipants",
    )
    assert {(c, o) for _, c, o in chosen.kept} == {
        ("release-notes", "getParticipants"),
        ("auth-missing-token", "getParticipants"),
    }


def test_operations_keep_the_tests_of_no_operation(collect):
    chosen = _collect(collect, "--rect-operations", "getStatement")
    operations = {o for _, _, o in chosen.kept}
    assert operations == {"getStatement", None}
    # the spec's own soundness and the lifecycle scenarios belong to no single operation
    unbound = {c for _, c, o in chosen.kept if o is None}
    assert unbound == {"spec", *lifecycle.check_names()}


def test_an_unknown_check_ends_the_session_before_any_test(collect, capsys):
    assert collect("--rect-checks", "no-such-check") == pytest.ExitCode.USAGE_ERROR
    assert "no-such-check, which is no check" in capsys.readouterr().err
