"""Benchmark: ``rect-conformance history`` over the 60 published versions (59 diffs and the
release-note cross-check), the command as a user runs it, and its phases.

Run: ``.venv/bin/python bench/bench_history.py [REFERENCE_DIR]`` (default ../shared/reference,
or RECT_REFERENCE_DIR). Prints the wall time of the whole command (a new process, imports
included) with an empty model cache and with a warm one (best of three), then the time of each
phase in this process. The target is under 2 s for the command. Not a test: speed is measured
here, never asserted.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rect_conformance.evolution import diff_models, load_notes, load_versions, run_history
from rect_conformance.evolution._history import timeline_totals

TARGET = 2.0


def _command(history: Path, cache: Path, out: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "rect_conformance", "history", str(history), "--out", str(out)],
        check=True,
        stdout=subprocess.DEVNULL,
        env={**os.environ, "RECT_CACHE_DIR": str(cache)},
    )
    return time.perf_counter() - started


def main() -> int:
    """Time the command cold and warm, then load+normalise, the 59 diffs and the history."""
    default = os.environ.get(
        "RECT_REFERENCE_DIR",
        str(Path(__file__).resolve().parents[1] / ".." / "shared" / "reference"),
    )
    reference = Path(sys.argv[1] if len(sys.argv) > 1 else default).resolve()
    history, feed = reference / "dfe" / "openapi-history", reference / "dfe" / "release_notes.yml"
    if not history.is_dir():
        print(f"no history at {history}; give the reference folder as the argument")
        return 2
    with tempfile.TemporaryDirectory() as scratch:
        cache, out = Path(scratch) / "cache", Path(scratch) / "out"
        cold = _command(history, cache, out)
        warm = min(_command(history, cache, out) for _ in range(3))
    print(f"`rect-conformance history`, empty cache: {cold:.2f} s")
    print(f"`rect-conformance history`, warm cache:  {warm:.2f} s (target < {TARGET:.0f} s)")
    start = time.perf_counter()
    versions = load_versions(history, use_cache=False)
    loaded = time.perf_counter()
    diffs = [diff_models(a.model, b.model) for a, b in itertools.pairwise(versions)]
    diffed = time.perf_counter()
    timeline = run_history(versions, load_notes(feed))
    done = time.perf_counter()
    print(f"in process: versions {len(versions)}, pairs {len(diffs)}")
    print(f"  parse + normalise: {loaded - start:.2f} s (what the cache saves)")
    print(f"  59 diffs:          {diffed - loaded:.2f} s")
    print(f"  history + notes:   {done - diffed:.2f} s (diffs again, cross-check, note checks)")
    print("  " + ", ".join(f"{k}: {v}" for k, v in timeline_totals(timeline).items()))
    return 0 if warm < TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
