"""What the lifecycle state machine catches on its own, and what it costs.

    .venv/bin/python bench/bench_state_machine.py [--faults F,F] [--seed N] [--jobs 2]

For each lifecycle fault of the sandbox catalogue (``python -m rect_sandbox --list-faults``), or
only those named, runs ``rect-conformance run --checks lifecycle-state-machine --sandbox-fault
F`` and prints one row: caught or not, the rule the finding names, how many requests the
reported sequence holds, the requests the run sent, and its wall time. A first row does the same
on the clean sandbox (it must pass). Not a test: nothing is asserted; the table goes in the
report. Every run gets a fresh embedded sandbox.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECK = "lifecycle-state-machine"


def lifecycle_faults() -> list[str]:
    """Every lifecycle fault the embedded sandbox offers, in catalogue order."""
    listed = subprocess.run(
        [sys.executable, "-m", "rect_sandbox", "--list-faults"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [line.split("\t")[0] for line in listed.splitlines() if "\tlifecycle\t" in line]


def one(fault: str | None, seed: int | None) -> dict[str, object]:
    """One run of the state machine alone, with ``fault`` switched on (``None``: clean)."""
    with tempfile.TemporaryDirectory() as folder:
        argv = [sys.executable, "-m", "rect_conformance", "run", "--checks", CHECK]
        argv += ["--report-dir", folder]
        if fault:
            argv += ["--sandbox-fault", fault]
        if seed is not None:
            argv += ["--seed", str(seed)]
        started = time.perf_counter()
        done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - started
        summary = json.loads((Path(folder) / "summary.json").read_text())
    ours = [f for f in summary["findings"] if f["check"] == CHECK]
    lines = (
        [line for line in ours[0]["message"].splitlines()[1:] if "curl " in line] if ours else []
    )
    return {
        "fault": fault or "(clean)",
        "exit": done.returncode,
        "caught": bool(ours),
        "rule": ours[0]["rule"] if ours else "",
        "sequence": len(lines),
        "requests": summary["requests"]["sent"],
        "seconds": round(wall, 1),
    }


def main() -> None:
    """Run the survey and print the table (markdown)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--faults", help="comma list (default: every lifecycle fault)")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--jobs", type=int, default=1)
    options = parser.parse_args()
    faults = options.faults.split(",") if options.faults else lifecycle_faults()
    print("| fault | caught | rule named | sequence | requests | seconds |")
    print("|---|---|---|---|---|---|")
    with ThreadPoolExecutor(max_workers=options.jobs) as pool:
        rows = pool.map(lambda f: one(f, options.seed), [None, *faults])
        caught = 0
        for row in rows:
            caught += bool(row["caught"]) and row["fault"] != "(clean)"
            mark = "yes" if row["caught"] else ("exit " + str(row["exit"]))
            print(
                f"| {row['fault']} | {mark} | {row['rule']} | {row['sequence'] or ''} | "
                f"{row['requests']} | {row['seconds']} |",
                flush=True,
            )
    print(f"\ncaught {caught} of {len(faults)} lifecycle faults")


if __name__ == "__main__":
    main()
