"""The suite and the sandbox are two independent readings of the published documents."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _imported_top_modules(package: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        names: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
        found[str(path.relative_to(ROOT))] = names
    return found


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [("rect_conformance", "rect_sandbox"), ("rect_sandbox", "rect_conformance")],
)
def test_package_never_imports_the_other(package: str, forbidden: str) -> None:
    offenders = [f for f, names in _imported_top_modules(package).items() if forbidden in names]
    assert offenders == [], f"{package} must not import {forbidden}: {offenders}"


def test_contract_tests_do_not_import_the_sandbox() -> None:
    for folder in ("contracts", "scenarios"):
        offenders = [
            f for f, names in _imported_top_modules(folder).items() if "rect_sandbox" in names
        ]
        assert offenders == [], f"{folder}/ must reach the sandbox over HTTP only: {offenders}"
