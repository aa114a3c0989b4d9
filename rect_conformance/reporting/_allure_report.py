"""Allure: the environment the results carry, and ``report --allure``, which builds a single-file
Allure 3 report (npm package ``allure@3``) with the shipped configuration
(``templates/allurerc.mjs.j2``).

Where Allure comes from: ``--allure-cli PATH`` (an ``allure`` executable), else the copy this
module installs once with npm into the user's cache (``$RECT_CONFORMANCE_CACHE`` or
``~/.cache/rect-conformance/allure3``), never into the project. Without Node.js the command
says so in one line.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2

from rect_conformance._errors import UsageError
from rect_conformance.reporting._render import KINDS

ALLURE_PACKAGE = "allure@3"
REPORT_NAME = "allure.html"
KIND_NAMES = {
    "tenancy": "Findings: tenancy (one provider sees another's records)",
    "auth": "Findings: authentication",
    "contract": "Findings: contract (status, content type, schema, envelope)",
    "robustness": "Findings: robustness (server errors)",
    "sync": "Findings: sync (pagination, updated_since, filters, sort)",
    "lifecycle": "Findings: lifecycle rules",
    "release-note": "Findings: release-note promises not kept",
    "spec": "Findings: defects of the spec itself",
}


def environment(data: dict[str, Any]) -> dict[str, str]:
    """What identifies a run's setting: target, spec, suite; Allure shows it and keys the
    history on the target."""
    return {
        "target": str(data.get("target", {}).get("base_url", "")),
        "target_kind": str(data.get("target", {}).get("kind", "")),
        "spec_version": str(data.get("spec", {}).get("version", "")),
        "spec_sha256": str(data.get("spec", {}).get("sha256", "")),
        "suite_version": str(data.get("run", {}).get("versions", {}).get("rect-conformance", "")),
        "run_id": str(data.get("run_id", "")),
        "verdict": str(data.get("verdict", "")),
    }


def write_environment(results: Path, data: dict[str, Any]) -> None:
    """``environment.properties`` in an Allure results folder."""
    lines = [f"{key}={_escape(value)}" for key, value in environment(data).items()]
    (results / "environment.properties").write_text("\n".join(lines) + "\n", "utf-8")


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", " ").replace(":", "\\:").replace("=", "\\=")


def categories() -> list[dict[str, Any]]:
    """The report's categories: one per kind of finding, then known deviations (matched on
    their label, whatever the test's status), checks not run, and broken checks."""
    rules: list[dict[str, Any]] = [
        {
            "name": KIND_NAMES[kind],
            "matchers": {"statuses": ["failed"], "labels": {"finding_kind": f"^{kind}$"}},
        }
        for kind in KINDS
    ]
    rules += [
        {"name": "Findings: other checks", "matchers": {"statuses": ["failed"]}},
        {
            "name": "Known deviations of the published spec (not failing)",
            "matchers": {"labels": {"known_deviation": ".+"}},
            "groupBy": [{"label": "known_deviation"}],
        },
        {"name": "Not run", "matchers": {"statuses": ["skipped"]}, "groupByMessage": True},
        {"name": "Checks that broke", "matchers": {"statuses": ["broken"]}},
    ]
    return rules


def history_path(folder: Path, target: str) -> Path:
    """Where the history of ``target`` is kept: beside the run folders, one file per target."""
    slug = hashlib.sha256(target.encode("utf-8")).hexdigest()[:12]
    return folder.parent / "allure-history" / f"{slug}.jsonl"


def config(data: dict[str, Any], output: Path, history: Path) -> str:
    """The Allure 3 configuration of one report."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("rect_conformance.reporting", "templates"),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    variables = environment(data)
    return env.get_template("allurerc.mjs.j2").render(
        name=f"RECT conformance: {variables['verdict']} ({variables['run_id']})",
        output=str(output),
        history=str(history),
        variables=variables,
        environment=re.sub(r"[^A-Za-z0-9_-]+", "-", variables["target"]).strip("-") or "target",
        environment_name=f"{urlsplit(variables['target']).netloc} ({variables['target_kind']})",
        categories=categories(),
    )


def cache_dir() -> Path:
    """The folder npm installs Allure 3 into (outside any project)."""
    root = os.environ.get("RECT_CONFORMANCE_CACHE")
    return Path(root) if root else Path.home() / ".cache" / "rect-conformance"


def find_cli(given: str | None, install: bool = True) -> Path:
    """The ``allure`` executable: ``given``, else the cached copy (installed with npm on first
    use); a :class:`UsageError` with what to do when there is none."""
    if given:
        path = Path(given)
        if not path.is_file():
            raise UsageError(f"--allure-cli {given}: no such file; give the path of `allure`")
        return path
    prefix = cache_dir() / "allure3"
    cli = prefix / "node_modules" / ".bin" / "allure"
    if cli.is_file():
        return cli
    if shutil.which("node") is None or shutil.which("npm") is None:
        raise UsageError(
            "--allure needs Node.js 18+ and npm to build the Allure 3 report, and neither was "
            "found; install Node.js, or pass --allure-cli PATH to an `allure` 3 executable"
        )
    if not install:
        raise UsageError(f"Allure 3 is not installed in {prefix}")
    prefix.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["npm", "install", "--prefix", str(prefix), "--no-audit", "--no-fund", ALLURE_PACKAGE],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0 or not cli.is_file():
        last = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        raise UsageError(f"npm could not install {ALLURE_PACKAGE} into {prefix}: {last[0]}")
    return cli


def _first_error(done: subprocess.CompletedProcess[str]) -> str:
    lines = [line.strip() for line in (done.stderr + done.stdout).splitlines() if line.strip()]
    error = next((line for line in lines if "Error" in line), lines[0] if lines else "no output")
    return re.sub(r"\x1b\[[0-9;]*m", "", error)


def build(folder: Path, data: dict[str, Any], cli: Path, history: Path | None = None) -> Path:
    """Build the single-file Allure report of a run folder; returns its path."""
    results = folder / "allure-results"
    if not results.is_dir():
        raise UsageError(f"{folder} has no allure-results folder; it holds no Allure results")
    write_environment(results, data)
    history = history or history_path(folder, environment(data)["target"])
    history.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="rect-allure-") as work:
        output = Path(work) / "report"
        (Path(work) / "allurerc.mjs").write_text(config(data, output, history), "utf-8")
        done = subprocess.run(
            [str(cli), "generate", str(results.resolve())],
            cwd=work,
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "NODE_PATH": str(cli.parent.parent)},
        )
        page = output / "index.html"
        if done.returncode != 0 or not page.is_file():
            raise UsageError(f"allure generate failed for {results}: {_first_error(done)}")
        target = folder / REPORT_NAME
        shutil.copyfile(page, target)
    return target
