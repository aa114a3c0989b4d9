"""The honest verdict and the coverage matrix, as pure functions over a run's test results.

A *result* is one test of the run (a check on an operation) as a dict: ``test``, ``check``,
``operation``, ``family``, ``outcome`` (``passed``, ``failed``, ``not run`` or ``deselected``)
and, when it did not run, ``why`` (an id of :data:`_tables.NOT_RUN`) and ``reason`` (the words
the check gave). A check in scope that did not run is never a pass: the run is ``conformant``
only when every test in scope ran and passed.

    verdict        meaning                                          exit code
    conformant     every check in scope ran and passed              0
    incomplete     no findings, but N checks in scope did not run   0 (4 with --require-complete)
    findings       the target broke the contract                    1
    unreachable    the target failed during the run                 3
    interrupted    the run was stopped (Ctrl-C) before it finished  130
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from rect_conformance._errors import (
    EXIT_FINDINGS,
    EXIT_INCOMPLETE,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_TARGET,
)
from rect_conformance.reporting._tables import FAMILIES, NOT_RUN_BY_ID, SPEC_FAMILY

VERDICTS = ("conformant", "incomplete", "findings", "unreachable", "interrupted")
HEADLINES = {
    "conformant": "CONFORMANT",
    "incomplete": "NO FINDINGS, BUT INCOMPLETE",
    "findings": "FINDINGS",
    "unreachable": "TARGET FAILED",
    "interrupted": "INTERRUPTED",
}


def exit_code(verdict: str, require_complete: bool) -> int:
    """The exit code of ``verdict`` (see the module docstring)."""
    if verdict == "incomplete":
        return EXIT_INCOMPLETE if require_complete else EXIT_OK
    return {
        "conformant": EXIT_OK,
        "findings": EXIT_FINDINGS,
        "unreachable": EXIT_TARGET,
        "interrupted": EXIT_INTERRUPTED,
    }.get(verdict, EXIT_FINDINGS)


def in_scope(results: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The results the user asked for (deselected ones are out of scope)."""
    return [r for r in results if r["outcome"] != "deselected"]


def not_run(results: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The results in scope that did not run."""
    return [r for r in results if r["outcome"] == "not run"]


def verdict(
    results: list[dict[str, Any]],
    failing: int,
    *,
    interrupted: str | None = None,
    fatal: str | None = None,
    checks: int = 0,
) -> tuple[str, str]:
    """(verdict, the sentence that says it) for a run with these results and ``failing``
    findings (grouped findings that fail the run), seen by ``checks`` different checks."""
    scope = in_scope(results)
    missing = not_run(scope)
    ran = len(scope) - len(missing)
    if interrupted:
        tail = f"; {failing} findings so far" if failing else ""
        return "interrupted", (
            f"Interrupted: {interrupted}, after {ran} of {len(scope)} checks{tail}. "
            "This is no verdict on the target."
        )
    if fatal:
        return "unreachable", f"The target failed during the run: {fatal}"
    if failing:
        extra = f"; {len(missing)} checks did not run" if missing else ""
        by = f" from {checks} checks" if checks > 1 else ""
        return "findings", f"{failing} findings{by}: the target does not conform{extra}."
    if not scope:
        return "incomplete", "No check ran: nothing in scope."
    if missing:
        why = Counter(r["why"] for r in missing)
        reasons = ", ".join(f"{n} {NOT_RUN_BY_ID[k].label}" for k, n in why.most_common())
        return "incomplete", (
            f"No findings, but {len(missing)} of {len(scope)} checks did not run ({reasons}). "
            "Not conformant: what did not run was not checked."
        )
    return "conformant", f"Conformant: all {len(scope)} checks in scope ran and passed."


def matrix(results: list[dict[str, Any]], operations: list[str]) -> dict[str, Any]:
    """The coverage matrix: for every operation and family, a cell with ``result`` (``passed``,
    ``failed``, ``not run``, ``deselected`` or ``none`` when no check of the family applies),
    the number of tests, how many ran, and the reasons for those that did not."""
    cells: dict[str, dict[str, list[dict[str, Any]]]] = {op: {} for op in operations}
    for result in results:
        row = cells.get(result.get("operation") or "")
        if row is not None and result["family"] != SPEC_FAMILY:
            row.setdefault(result["family"], []).append(result)
    used = [f.id for f in FAMILIES if any(f.id in row for row in cells.values())]
    rows = {
        op: {family: _cell(row.get(family, [])) for family in used} for op, row in cells.items()
    }
    return {"families": used, "rows": rows}


def _cell(tests: list[dict[str, Any]]) -> dict[str, Any]:
    if not tests:
        return {"result": "none"}
    outcomes = Counter(t["outcome"] for t in tests)
    scope = [t for t in tests if t["outcome"] != "deselected"]
    cell: dict[str, Any] = {
        "tests": len(scope),
        "ran": outcomes["passed"] + outcomes["failed"],
        "findings": sum(t.get("findings", 0) for t in tests),
        "known": sum(t.get("known", 0) for t in tests),
    }
    if not scope:
        cell["result"] = "deselected"
    elif outcomes["failed"]:
        cell["result"] = "failed"
        # Failed only because the target answered 5xx: the robustness finding says so.
        cell["knock_on"] = all(t.get("knock_on") for t in tests if t["outcome"] == "failed")
    elif outcomes["not run"]:
        cell["result"] = "not run"
    else:
        cell["result"] = "passed"
    reasons = Counter(t["why"] for t in scope if t["outcome"] == "not run")
    if reasons:
        cell["reasons"] = [NOT_RUN_BY_ID[why].label for why, _ in reasons.most_common()]
    return cell


def per_operation(matrix_rows: dict[str, dict[str, Any]]) -> dict[str, str]:
    """One word per operation: ``failed`` if any cell failed, ``not run`` if any cell in scope
    did not (fully) run, ``passed`` when every cell passed, else ``not selected``."""
    words = {}
    for op, row in matrix_rows.items():
        results = {cell["result"] for cell in row.values()} - {"none"}
        if "failed" in results:
            words[op] = "failed"
        elif "not run" in results:
            words[op] = "not run"
        elif "passed" in results:
            words[op] = "passed"
        else:
            words[op] = "not selected"
    return words


def not_run_table(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The checks in scope that did not run, grouped by reason: label, remedy, count, tests."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for result in not_run(results):
        groups.setdefault(result["why"], []).append(result)
    table = []
    for why, items in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        reason = NOT_RUN_BY_ID[why]
        table.append(
            {
                "why": why,
                "label": reason.label,
                "remedy": reason.remedy,
                "count": len(items),
                "families": sorted({item["family"] for item in items}),
                "examples": sorted({item.get("reason") or "" for item in items} - {""})[:3],
                "tests": [item["test"] for item in items],
            }
        )
    return table
