"""The suite and the sandbox are two independent readings of the published documents."""

from __future__ import annotations

import ast
import sys
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


def _private_imports(folder: str) -> list[str]:
    found = []
    for path in sorted((ROOT / folder).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
                names: list[str] = []
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                modules = [node.module]
                names = [alias.name for alias in node.names]
            else:
                continue
            for module in modules:
                if module.split(".")[0] != "rect_conformance":
                    continue
                private = [p for p in module.split(".") if p.startswith("_")]
                private += [name for name in names if name.startswith("_")]
                if private:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} {module} {private}")
    return found


def test_contract_tests_use_only_public_names_of_the_suite() -> None:
    for folder in ("contracts", "scenarios"):
        offenders = _private_imports(folder)
        assert offenders == [], f"{folder}/ must import only public names: {offenders}"


def test_the_private_import_scan_sees_what_it_looks_for(tmp_path, monkeypatch) -> None:
    (tmp_path / "contracts").mkdir()
    (tmp_path / "contracts" / "test_x.py").write_text(
        "from rect_conformance.checks._contracts import cases\n"
        "from rect_conformance import _project\n"
        "import rect_conformance._run\n"
        "from rect_conformance.checks import registry\n"
    )
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert len(_private_imports("contracts")) == 3
