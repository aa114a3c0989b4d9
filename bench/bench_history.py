"""Benchmark: the whole published history (60 versions, 59 diffs) and the notes cross-check.

Run: ``.venv/bin/python bench/bench_history.py [REFERENCE_DIR]`` (default ../shared/reference,
or RECT_REFERENCE_DIR). Prints the time of each phase and the headline counts; the target is
under 10 s on the project machine. Not a test: speed is measured here, never asserted.
"""

from __future__ import annotations

import itertools
import os
import sys
import time
from pathlib import Path

from rect_conformance.evolution import diff_models, load_notes, load_versions, run_history
from rect_conformance.evolution._history import timeline_totals


def main() -> int:
    """Time load+normalise, the 59 diffs, and the full history cross-check."""
    default = os.environ.get(
        "RECT_REFERENCE_DIR",
        str(Path(__file__).resolve().parents[1] / ".." / "shared" / "reference"),
    )
    reference = Path(sys.argv[1] if len(sys.argv) > 1 else default).resolve()
    history, feed = reference / "dfe" / "openapi-history", reference / "dfe" / "release_notes.yml"
    if not history.is_dir():
        print(f"no history at {history}; give the reference folder as the argument")
        return 2
    start = time.perf_counter()
    versions = load_versions(history)
    loaded = time.perf_counter()
    diffs = [diff_models(a.model, b.model) for a, b in itertools.pairwise(versions)]
    diffed = time.perf_counter()
    timeline = run_history(versions, load_notes(feed))
    done = time.perf_counter()
    print(f"versions: {len(versions)}, pairs: {len(diffs)}")
    print(f"load + normalise: {loaded - start:.2f} s")
    print(f"59 diffs:         {diffed - loaded:.2f} s")
    print(f"history + notes:  {done - diffed:.2f} s (diffs again, cross-check, note checks)")
    print(f"total:            {done - start:.2f} s (target < 10 s)")
    print(", ".join(f"{k}: {v}" for k, v in timeline_totals(timeline).items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
