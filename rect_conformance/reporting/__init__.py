"""The reports of a run, made from one summary: ``summary.json`` (the data), ``summary.md`` (the
first screen, as text), ``report.html`` (one self-contained page), JUnit properties, the Allure
environment and configuration, the evidence pack; and ``compare`` and ``replay``.

    Run ──► _summary.build ──► summary.json ──► _render (summary.md, report.html)
                 │                          ├─► _junit (properties, reproductions)
                 ├─ _verdict (verdict, coverage matrix, not-run reasons)
                 ├─ _grouping (merged findings, knock-ons, waivers)
                 └─ _reproduce (request sequences from the journal)
    summary.json + folder ──► _allure_report (--allure), _evidence (--evidence),
                              _compare (--compare), _replay (replay)

Everything after ``summary.json`` reads only the run folder, so ``rect-conformance report
RUN_DIR`` rebuilds the same files later, elsewhere.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rect_conformance.reporting._tables import FAMILIES, family_of

if TYPE_CHECKING:
    from rect_conformance._run import Run

log = logging.getLogger(__name__)
SUMMARY = "summary.json"

__all__ = ["family_label", "load_summary", "rebuild", "write_run"]


def family_label(check: str | None, kind: str | None, mode: str | None, test: str) -> str:
    """The label of the check family a test belongs to (a column of the coverage matrix)."""
    family = family_of(check, kind, mode, test)
    return next((f.label for f in FAMILIES if f.id == family), family)


def write_run(run: Run) -> dict[str, Any]:
    """Write the summary and the reports of a finished (or stopped) run; returns the summary."""
    from rect_conformance import lifecycle
    from rect_conformance.reporting import _summary

    extra = {"baseline_changes": baseline_changes(run), "lifecycle": lifecycle.summary_section(run)}
    data = _summary.build(run, extra)
    folder = run.report_dir
    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, indent=1, ensure_ascii=False, default=str)
    (folder / SUMMARY).write_text(run.client.redactor.text(text) + "\n", "utf-8")
    _write_renderings(folder, data, run.client.redactor.text)
    return data


def load_summary(folder: Path) -> dict[str, Any]:
    """The ``summary.json`` of a run folder; a :class:`UsageError` when it is not the summary
    of a run that got as far as its tests (a run that could not start has nothing to show)."""
    from rect_conformance._errors import UsageError

    try:
        data = json.loads((folder / SUMMARY).read_text("utf-8"))
    except (OSError, ValueError) as error:
        raise UsageError(
            f"{folder / SUMMARY} cannot be read ({error}); is it a run folder?"
        ) from None
    if not isinstance(data, dict) or "results" not in data:
        why = data.get("error") if isinstance(data, dict) else None
        raise UsageError(
            f"{folder} holds no finished run"
            + (f" (it stopped before its tests: {why})" if why else "")
            + "; there is nothing to report"
        )
    return data


def rebuild(folder: Path) -> dict[str, Any]:
    """Make ``summary.md``, ``report.html`` and JUnit's properties again from a run folder."""
    data = load_summary(folder)
    _write_renderings(folder, data, lambda text: text)
    from rect_conformance.reporting import _junit

    _junit.enrich(folder / "junit.xml", data)
    return data


def _write_renderings(folder: Path, data: dict[str, Any], redact: Any) -> None:
    from rect_conformance.reporting import _allure_report, _render

    (folder / "summary.md").write_text(redact(_render.markdown(data)), "utf-8")
    (folder / "report.html").write_text(redact(_render.html(data)), "utf-8")
    results = folder / "allure-results"
    if results.is_dir():
        _allure_report.write_environment(results, data)


def baseline_changes(run: Run) -> list[dict[str, Any]] | str:
    """What changed in the run's spec since the signed-off baseline, or a message saying why
    that could not be worked out."""
    from rect_conformance import _project
    from rect_conformance._errors import ConformanceError
    from rect_conformance.evolution import changes_since_baseline

    baseline = _project.baseline_file()
    try:
        return changes_since_baseline(run.contract.raw, baseline)
    except ConformanceError as error:
        return f"could not compare with {baseline.name}: {error}"
    except Exception as error:
        # The comparison is extra information: its failure must not end the run, but it is a
        # bug to look into, so it is logged with its traceback.
        log.exception("comparing the run's spec with %s failed", baseline)
        return f"could not compare with {baseline.name}: {type(error).__name__}: {error}"
