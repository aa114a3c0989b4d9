"""The package works outside a checkout: the wheel carries the contracts, ``rect-conformance
run`` from an empty folder is conformant against the embedded sandbox, and a team's repository
with only ``pytest.ini`` and a test file gets the plugin through its entry point.

The wheel is built offline from a copy of the sources (no build isolation: setuptools comes
from the project's environment) and installed, without dependencies, into a fresh venv. The
dependencies are lent by the project's environment through a ``.pth`` file naming a folder of
links to its site-packages, minus everything of this project (its editable install included),
so that only the wheel can provide ``rect_conformance`` and ``rect_sandbox``. Nothing is
downloaded, and installing the real dependencies again would only cost time.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
from setuptools import find_packages

from rect_conformance import _project
from rect_conformance._target import EmbeddedSandbox
from tests.engine.helpers import PROJECT_ROOT

SOURCES = ("pyproject.toml", "rect_conformance", "rect_sandbox", "contracts", "scenarios")
OURS = ("rect_conformance", "rect_sandbox", "__editable__", "_rect_")
TOKEN_ENV = "RECT_TEAM_TOKEN"


@dataclass
class Installed:
    """A fresh venv with the wheel installed."""

    root: Path
    python: Path
    script: Path
    site: Path

    def run(
        self, argv: list[str], cwd: Path, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        """Run ``argv`` in ``cwd`` with this venv first on PATH."""
        environment = {**os.environ, **(env or {})}
        environment.pop("PYTHONPATH", None)
        environment["PATH"] = f"{self.python.parent}{os.pathsep}{environment['PATH']}"
        return subprocess.run(
            argv, cwd=cwd, capture_output=True, text=True, env=environment, timeout=600, check=False
        )


def _pip(*args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q", *args],
        check=True,
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """Build the wheel from a copy of the sources and install it into a fresh venv."""
    root = tmp_path_factory.mktemp("packaging")
    source = root / "src"
    source.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in SOURCES:
        path = PROJECT_ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=ignore)
        else:
            shutil.copy2(path, source / name)
    wheels = root / "dist"
    _pip("wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", str(wheels), str(source))
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    _pip("--python", str(python), "install", "--no-deps", "--no-index", *map(str, wheels.iterdir()))
    site = Path(
        subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    lent = root / "dependencies"
    lent.mkdir()
    for entry in Path(sysconfig.get_paths()["purelib"]).iterdir():
        if not entry.name.startswith(OURS) and entry.suffix != ".pth":
            (lent / entry.name).symlink_to(entry)
    (site / "_rect_test_dependencies.pth").write_text(f"{lent}\n")
    return Installed(root, python, venv / "bin" / "rect-conformance", site)


@pytest.mark.parametrize("folder", ["contracts", "scenarios"])
def test_the_wheel_carries_the_contracts_and_scenarios(installed, folder):
    shipped = installed.site / "rect_conformance" / folder
    checkout = _project.contracts_dir() if folder == "contracts" else _project.scenarios_dir()

    def files(folder: Path) -> set[str]:
        return {
            str(p.relative_to(folder))
            for p in folder.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts
        }

    assert files(shipped) == files(checkout)


def test_the_installed_package_is_the_wheel_not_the_checkout(installed, tmp_path):
    done = installed.run(
        [
            str(installed.python),
            "-c",
            "import rect_conformance, rect_sandbox; "
            "from rect_conformance import _project; "
            "print(rect_conformance.__file__, rect_sandbox.__file__, _project.contracts_dir())",
        ],
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert all(part.startswith(str(installed.site)) for part in done.stdout.split())


def test_run_from_an_empty_folder_is_conformant(installed, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    done = installed.run(
        [str(installed.script), "run", "--max-examples", "2", "--seed", "1"], empty
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "verdict: conformant" in done.stdout
    (report,) = (empty / "reports").iterdir()
    assert (report / "summary.json").is_file() and (report / "junit.xml").is_file()
    version = installed.run([str(installed.script), "--version"], empty)
    assert version.stdout.strip() == "rect-conformance 0.1.0"


def _readme_example() -> str:
    readme = (PROJECT_ROOT / "README.md").read_text("utf-8")
    match = re.search(r"```python\n(# test_our_assumptions\.py\n.*?)```", readme, re.DOTALL)
    assert match, "README.md lost its example of a team's own check"
    return match.group(1)


FAILING_CHECK = """
import pytest
from rect_conformance import Finding, Kind


@pytest.mark.rect_check("ours-always-finds")
def test_a_check_that_finds(rect_target, rect_findings):
    rect_findings.report(
        [Finding(check="ours-always-finds", kind=Kind.CONTRACT, operation="getStatements",
                 message=f"found on {rect_target.kind}")]
    )
"""


def test_a_team_repository_uses_the_plugin_by_its_entry_point(installed, tmp_path):
    project = tmp_path / "team"
    project.mkdir()
    (project / "pytest.ini").write_text("[pytest]\naddopts = -p no:cacheprovider\n")
    (project / "test_our_assumptions.py").write_text(_readme_example())
    with EmbeddedSandbox() as sandbox:
        options = ["--rect-base-url", sandbox.base_url, "--rect-token-env", TOKEN_ENV]
        env = {TOKEN_ENV: str(sandbox.tokens[0]["token"])}
        passed = installed.run([str(installed.python), "-m", "pytest", *options], project, env)
        (project / "test_finds.py").write_text(FAILING_CHECK)
        found = installed.run(
            [str(installed.python), "-m", "pytest", "test_finds.py", *options], project, env
        )
    assert not (project / "conftest.py").exists()
    assert passed.returncode == 0, passed.stdout[-2000:]
    assert "1 passed" in passed.stdout and "rect-conformance: conformant" in passed.stdout
    assert found.returncode == 1, found.stdout[-2000:]
    assert "found on custom" in found.stdout and "rect-conformance: findings" in found.stdout
    assert len(list((project / "reports").glob("*/summary.json"))) == 2


def test_every_package_on_disk_is_listed_for_the_wheel():
    config = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text("utf-8"))["tool"]
    listed = config["setuptools"]["packages"]
    on_disk = find_packages(str(PROJECT_ROOT), include=["rect_conformance*", "rect_sandbox*"])
    shipped = ["rect_conformance.contracts", "rect_conformance.scenarios"]
    assert sorted(listed) == sorted([*on_disk, *shipped])
    assert config["setuptools"]["package-dir"] == {
        "rect_conformance.contracts": "contracts",
        "rect_conformance.scenarios": "scenarios",
    }
