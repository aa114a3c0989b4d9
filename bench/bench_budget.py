"""Faults found per request: ``rect-conformance run`` under a budget against plain
``schemathesis run`` with about the same number of requests, for every fault of the sandbox's
catalogue.

    .venv/bin/python bench/bench_budget.py [--faults A,B] [--jobs N] [--budgets 1000,300]
        [--st-examples N] [--fresh] [--full-from-table] [--out bench/results/budget.md]
    .venv/bin/python bench/bench_budget.py --tune          # schemathesis -n for ~1,000 requests
    .venv/bin/python bench/bench_budget.py --calibrate     # requests per test, by check

For each fault (``python -m rect_sandbox --list-faults``), each on a fresh sandbox with only
that fault switched on:

* ours: ``rect-conformance run --sandbox-fault F`` without a budget (the full run), and with
  each ``--budget``; requests are what the run's journal says it sent (answers it shared are
  not requests); caught means the run has a failing finding (the clean sandbox has none);
* plain ``schemathesis run`` on the same spec (the sandbox's own), with the token, ``-n`` set
  so that it sends about as many requests as the largest budget (``--tune`` measures it);
  requests are counted by the sandbox itself (a counting layer around the app); caught means
  a failure (operation, code, first line of the detail, values blanked) that the same run
  against the clean sandbox does not have.

Each result is kept in ``bench/results/.budget-cache/`` as soon as it is known, so an
interrupted bench resumes where it stopped (``--fresh`` starts over). The table goes to
``--out`` (Markdown) and stdout. Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ElementTree
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_run import run_schemathesis  # noqa: E402
from tests.serving import free_port, spawned  # noqa: E402

CACHE = ROOT / "bench" / "results" / ".budget-cache"
CLEAN = "(none)"
ST_EXAMPLES = (
    5  # measured with --tune: about 1,000 requests on the full world (-n 4: 986, -n 6: 1,014)
)
COUNT_PATH = "/__bench/requests"
PYTHON = sys.executable
_LOCK = threading.Lock()


# -- the counting sandbox (a subprocess of this script) -----------------------------------------
def serve_counting(fault: str, port: int, folder: str) -> None:
    """Serve a fresh sandbox with ``fault`` (``(none)``: none) that counts every request it
    answers; ``GET /__bench/requests`` gives the count (and is not counted)."""
    import uvicorn

    from rect_sandbox.app import create_app

    app = create_app(
        str(Path(folder) / "sandbox.sqlite3"), faults=[] if fault == CLEAN else [fault]
    )
    Path(folder, "tokens.json").write_text(json.dumps(app.state.lead_providers))
    count = [0]

    async def counting(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"] == COUNT_PATH:
            body = json.dumps({"requests": count[0]}).encode()
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": body})
            return
        if scope["type"] == "http":
            count[0] += 1
        await app(scope, receive, send)

    uvicorn.run(counting, host="127.0.0.1", port=port, log_level="error")


# -- one fault ---------------------------------------------------------------------------------
def ours(fault: str, budget: int | None) -> dict[str, Any]:
    """``rect-conformance run`` against a fresh embedded sandbox with ``fault``."""
    with tempfile.TemporaryDirectory(prefix="bench-budget-") as folder:
        argv = [PYTHON, "-m", "rect_conformance", "run", "--report-dir", folder + "/r"]
        if fault != CLEAN:
            argv += ["--sandbox-fault", fault]
        if budget is not None:
            argv += ["--budget", str(budget)]
        started = time.perf_counter()
        done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - started
        try:
            summary = json.loads((Path(folder) / "r" / "summary.json").read_text())
        except (OSError, ValueError):
            return {"error": (done.stderr or done.stdout)[-300:], "exit": done.returncode}
    findings = summary.get("findings", [])
    return {
        "caught": bool(findings),
        "kinds": sorted({f["kind"] for f in findings}),
        "checks": sorted({f["check"] for f in findings})[:8],
        "requests": summary["requests"]["sent"],
        "reused": summary["requests"].get("reused", 0),
        "not_run": summary.get("tests", {}).get("not run", 0),
        "verdict": summary["verdict"],
        "exit": done.returncode,
        "wall_s": round(wall, 1),
    }


def schemathesis(fault: str, examples: int, spec: Path) -> dict[str, Any]:
    """Plain ``schemathesis run`` against a fresh counting sandbox with ``fault``."""
    with tempfile.TemporaryDirectory(prefix="bench-st-") as folder:
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        serve = [PYTHON, __file__, "--serve", fault, "--port", str(port), "--folder", folder]
        with spawned(serve, url + COUNT_PATH, cwd=ROOT):
            token = json.loads(Path(folder, "tokens.json").read_text())[0]["token"]
            reports = Path(folder, "st")
            reports.mkdir()
            code, wall = run_schemathesis(str(spec), url, token, str(reports), examples, "junit")
            sent = httpx.get(url + COUNT_PATH).json()["requests"]
        failures = sorted(_failures(Path(folder) / "st"))
    return {"failures": failures, "requests": sent, "exit": code, "wall_s": round(wall, 1)}


def _failures(folder: Path) -> set[str]:
    # "operation | code | first detail line" of every failure in the JUnit report (values are
    # blanked when runs are compared, by ``_kind``).
    found = set()
    for path in folder.glob("*.xml"):
        for case in ElementTree.parse(path).getroot().iter("testcase"):
            for failure in case:
                text = failure.text or ""
                for block in re.split(r"\n- (?=ST\d+)", "\n" + text)[1:]:
                    lines = [line.strip() for line in block.splitlines() if line.strip()]
                    code = lines[0].split()[0]
                    detail = lines[1] if len(lines) > 1 else ""
                    found.add(f"{case.get('name')} | {code} | {detail}")
    return found


def _kind(failure: str) -> str:
    # What tells one failure from another across two runs: the operation, the code and the
    # detail with its values blanked (quoted values, long numbers); statuses are kept.
    text = re.sub(r'"[^"]*"|\'[^\']*\'|`[^`]*`', "…", failure)
    return re.sub(r"\d{4,}", "0", text)[:200]


# -- the cache -----------------------------------------------------------------------------------
def _read_cache(fault: str) -> dict[str, Any]:
    path = CACHE / f"{fault.strip('()')}.json"
    with _LOCK:
        return json.loads(path.read_text()) if path.exists() else {}


def _table_says_caught(fault: str) -> bool:
    from tests.faults import FAULTS

    return fault != CLEAN and isinstance(FAULTS.get(fault), tuple)


def _cached(fault: str, key: str, fresh: bool, work: Any) -> dict[str, Any]:
    path = CACHE / f"{fault.strip('()')}.json"
    data = _read_cache(fault)
    if key in data and not fresh:
        return dict(data[key])
    result = work()
    with _LOCK:
        data = json.loads(path.read_text()) if path.exists() else {}
        data[key] = result
        CACHE.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, indent=1, ensure_ascii=False))
    return dict(result)


def one_fault(
    fault: str,
    budgets: list[int],
    examples: int,
    spec: Path,
    fresh: bool,
    full_from_table: bool = False,
) -> dict[str, Any]:
    """Every run of one fault (cached). With ``full_from_table``, a fault whose full run is
    not cached is counted caught by the full run when the fault table says so (the tests replay
    every row of it: ``tests/test_fault_table.py``, ``tests/scenarios/test_lifecycle_faults.py``)
    instead of running it, which halves the bench."""
    row: dict[str, Any] = {"fault": fault}
    if full_from_table and "full" not in _read_cache(fault):
        row["full"] = {"caught": _table_says_caught(fault), "from_table": True}
    else:
        row["full"] = _cached(fault, "full", fresh, lambda: ours(fault, None))
    for budget in budgets:
        row[f"b{budget}"] = _cached(fault, f"b{budget}", fresh, lambda b=budget: ours(fault, b))
    row["st"] = _cached(
        fault, f"st-n{examples}", fresh, lambda: schemathesis(fault, examples, spec)
    )
    print(f"  {fault}: done", flush=True)
    return row


# -- the table -----------------------------------------------------------------------------------
def table(rows: list[dict[str, Any]], budgets: list[int], examples: int) -> str:
    """The Markdown table of ``rows`` (the clean baseline first) with the totals."""
    clean = next(r for r in rows if r["fault"] == CLEAN)
    baseline = {_kind(f) for f in clean["st"]["failures"]}
    faults = [r for r in rows if r["fault"] != CLEAN]
    for row in faults:
        row["st"]["caught"] = bool({_kind(f) for f in row["st"]["failures"]} - baseline)
    runs = ["full", *(f"b{b}" for b in budgets), "st"]
    names = {
        "full": "ours, no budget",
        **{f"b{b}": f"ours, --budget {b}" for b in budgets},
        "st": f"schemathesis -n {examples}",
    }
    from_table = sum(1 for r in faults if r["full"].get("from_table"))
    if from_table:
        names["full"] += f" ({from_table} faults: as the fault table says, not run here)"
    caught = {run: sum(bool(r[run].get("caught")) for r in faults) for run in runs}
    lines = [
        f"Faults of the sandbox catalogue caught ({len(faults)} faults, each on a fresh "
        "sandbox with only that fault on):",
        "",
        "| run | faults caught | requests per run (mean) | wall s per run (mean) |",
        "|---|---|---|---|",
    ]
    for run in runs:
        sent = [r[run]["requests"] for r in faults if "requests" in r[run]]
        walls = [r[run]["wall_s"] for r in faults if "wall_s" in r[run]]
        lines.append(
            f"| {names[run]} | {caught[run]} | {sum(sent) / max(len(sent), 1):.0f} | "
            f"{sum(walls) / max(len(walls), 1):.1f} |"
        )
    full_caught = {r["fault"] for r in faults if r["full"].get("caught")}
    for budget in budgets:
        lost = sorted(
            f
            for f in full_caught
            if not next(r for r in faults if r["fault"] == f)[f"b{budget}"].get("caught")
        )
        lines.append("")
        lines.append(
            f"Caught by the full run but not with --budget {budget}: "
            + (", ".join(lost) if lost else "none")
        )
    by_category: Counter[tuple[str, str]] = Counter()
    for row in faults:
        for run in runs:
            by_category[(row.get("category", "?"), run)] += bool(row[run].get("caught"))
    categories = sorted({row.get("category", "?") for row in faults})
    lines += ["", "| category | faults | " + " | ".join(names[r] for r in runs) + " |"]
    lines.append("|---|---|" + "---|" * len(runs))
    for category in categories:
        total = sum(1 for row in faults if row.get("category") == category)
        cells = " | ".join(str(by_category[(category, run)]) for run in runs)
        lines.append(f"| {category} | {total} | {cells} |")
    lines += ["", "| fault | category | " + " | ".join(names[r] for r in runs) + " |"]
    lines.append("|---|---|" + "---|" * len(runs))
    for row in faults:
        cells = []
        for run in runs:
            result = row[run]
            mark = "caught" if result.get("caught") else ("error" if "error" in result else "-")
            cells.append(f"{mark} ({result.get('requests', '?')})")
        lines.append(f"| {row['fault']} | {row.get('category', '?')} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


# -- the catalogue, the spec, tuning and calibration ---------------------------------------------
def catalogue() -> list[tuple[str, str]]:
    """(name, category) of every fault of ``python -m rect_sandbox --list-faults``."""
    done = subprocess.run(
        [PYTHON, "-m", "rect_sandbox", "--list-faults"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return [tuple(line.split("\t")[:2]) for line in done.stdout.splitlines() if "\t" in line]  # type: ignore[misc]


def the_spec(folder: Path) -> Path:
    """The sandbox's own spec, as a file schemathesis reads."""
    from rect_conformance._target import EmbeddedSandbox

    with EmbeddedSandbox() as sandbox:
        text = httpx.get(sandbox.base_url + "/api/docs/v3/swagger.yaml").text
    path = folder / "swagger.yaml"
    path.write_text(text)
    return path


def tune(spec: Path, target: int) -> None:
    """Print the requests plain schemathesis sends for a few ``-n`` on the clean sandbox."""
    for examples in (2, 4, 6, 8, 10, 12):
        sent = schemathesis(CLEAN, examples, spec)["requests"]
        print(f"schemathesis -n {examples}: {sent} requests (target {target})", flush=True)


def calibrate() -> None:
    """Requests sent per test, by check, in a default run (for ``planner/_table.py``)."""
    from rect_conformance._journal import read_journal

    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            [PYTHON, "-m", "rect_conformance", "run", "--report-dir", folder],
            cwd=ROOT,
            capture_output=True,
            check=False,
        )
        summary = json.loads((Path(folder) / "summary.json").read_text())
        sent: Counter[str] = Counter()
        for entry in read_journal(Path(folder) / "journal.jsonl.gz"):
            if entry.get("type") == "exchange":
                sent[entry.get("test") or ""] += 1
    per_check: dict[str, list[int]] = {}
    for result in summary["results"]:
        if result["outcome"] in ("passed", "failed"):
            name = result["check"] or result["family"]
            if name == "operations":
                name += "-" + result["params"]["mode"]
            per_check.setdefault(name, []).append(sent[result["test"]])
    for name, counts in sorted(per_check.items()):
        print(f"    {name!r}: {sum(counts) / len(counts):.1f},  # {len(counts)} tests")


def main() -> None:
    """Run the bench (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--faults", help="only these faults (comma list)")
    parser.add_argument("--jobs", type=int, default=1, help="faults run side by side")
    parser.add_argument("--budgets", default="1000,300")
    parser.add_argument("--st-examples", type=int, default=ST_EXAMPLES)
    parser.add_argument("--fresh", action="store_true", help="ignore the cached results")
    parser.add_argument(
        "--full-from-table",
        action="store_true",
        help="take whether the full run catches a fault from the fault table (its rows are "
        "replayed by the tests) instead of running it",
    )
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "budget.md"))
    parser.add_argument("--tune", action="store_true")
    parser.add_argument("--calibrate", action="store_true")
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve_counting(args.serve, args.port, args.folder)
        return
    if args.calibrate:
        calibrate()
        return
    budgets = [int(b) for b in args.budgets.split(",") if b.strip()]
    spec = the_spec(Path(tempfile.mkdtemp(prefix="bench-spec-")))
    if args.tune:
        tune(spec, max(budgets))
        return
    known = dict(catalogue())
    wanted = [f.strip() for f in (args.faults or "").split(",") if f.strip()] or list(known)
    unknown = [f for f in wanted if f not in known]
    if unknown:
        parser.error(f"no such fault: {', '.join(unknown)}")
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        rows = list(
            pool.map(
                lambda fault: one_fault(
                    fault, budgets, args.st_examples, spec, args.fresh, args.full_from_table
                ),
                [CLEAN, *wanted],
            )
        )
    for row in rows:
        row["category"] = known.get(row["fault"], "")
    text = table(rows, budgets, args.st_examples)
    text += f"\nBench wall time: {time.perf_counter() - started:.0f} s (cached results count 0).\n"
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(text)
    print(text)


if __name__ == "__main__":
    main()
