"""The one option table: ``rect-conformance run`` and the ``--rect-*`` pytest options are both
made from the fields of Settings, with the same names, types and defaults, and the README's
options table lists every one of them."""

from __future__ import annotations

import argparse
import re

import pytest

from rect_conformance import Settings, cli
from rect_conformance._settings import (
    add_to_argparse,
    add_to_pytest,
    declared,
    from_namespace,
    from_values,
    option_dest,
)
from tests.engine.helpers import PROJECT_ROOT

NAMES = [item.name for item in declared()]


def _run_parser() -> argparse.ArgumentParser:
    return cli.build_parser()._subparsers._group_actions[0].choices["run"]


def test_every_field_but_the_internal_one_is_an_option():
    assert set(NAMES) == set(Settings.__dataclass_fields__) - {"max_429_wait"}
    assert "known_deviations" in NAMES


def test_the_cli_defaults_are_the_settings_defaults():
    args = _run_parser().parse_args([])
    assert from_namespace(args) == Settings()


def test_this_sessions_pytest_options_default_to_the_settings_defaults(
    pytestconfig: pytest.Config,
):
    # The plugin is loaded in this very session: its options are the table's.
    assert from_values(lambda name: pytestconfig.getoption(option_dest(name))) == Settings()


def test_both_command_lines_read_the_same_words_into_the_same_settings():
    words = {
        "target": "http://127.0.0.1:9",
        "token-env": "T1",
        "second-token-env": "T2",
        "spec": "spec.yaml",
        "budget": "40",
        "rate-limit": "10/1s",
        "report-dir": "out",
        "checks": "spec,operations",
        "operations": "getStatements",
        "max-examples": "3",
        "seed": "7",
        "timeout": "2.5",
        "known-deviations": "mine.yaml",
    }
    argv = [part for flag, value in words.items() for part in (f"--{flag}", value)]
    argv += ["--allow-production-writes", "--sandbox-fault", "a", "--sandbox-fault", "b"]
    from_cli = from_namespace(_run_parser().parse_args(argv))

    pytest_side = argparse.ArgumentParser()
    add_to_pytest(pytest_side.add_argument)
    parsed = pytest_side.parse_args([part.replace("--", "--rect-", 1) for part in argv])
    from_pytest = from_values(lambda name: getattr(parsed, option_dest(name)))

    assert from_cli == from_pytest
    assert from_cli.budget == 40 and from_cli.timeout == 2.5
    assert from_cli.sandbox_faults == ["a", "b"] and from_cli.allow_production_writes


def test_base_url_is_another_name_for_target_on_both_sides():
    assert _run_parser().parse_args(["--base-url", "http://x"]).target == "http://x"
    pytest_side = argparse.ArgumentParser()
    add_to_pytest(pytest_side.add_argument)
    parsed = pytest_side.parse_args(["--rect-base-url", "http://x"])
    assert parsed.rect_target == "http://x"


def test_the_argparse_side_takes_the_table_as_it_is():
    parser = argparse.ArgumentParser()
    add_to_argparse(parser)
    flags = {flag for action in parser._actions for flag in action.option_strings}
    assert {f"--{flag}" for item in declared() for flag in item.flags} <= flags


def test_the_readme_options_table_lists_every_option():
    readme = (PROJECT_ROOT / "README.md").read_text("utf-8")
    table = readme.split("| option | meaning |", 1)[1].split("\n\n", 1)[0]
    rows = [re.split(r"(?<!\\)\|", row) for row in table.splitlines() if row.startswith("| `")]
    first_cells = [row[1] for row in rows]
    listed = {flag for cell in first_cells for flag in re.findall(r"`(--[a-z0-9-]+)", cell)}
    expected = {f"--{flag}" for item in declared() for flag in item.flags}
    assert listed == expected
