"""Speed of the embedded sandbox with a large seed (issue 2 targets, on this 2-core machine):
seeding 10,000 participants under 10 s; ``GET /participants?page[per_page]=100`` p50 under
20 ms; at least 300 requests/s of mixed reads from one client; peak server memory under 300 MB.

    .venv/bin/python bench/bench_sandbox.py [--participants 10000] [--seconds 10]

Seeding is timed in-process; the rest runs against ``python -m rect_sandbox`` over loopback,
with one keep-alive client. Not a test: it prints the figures and whether each target is met.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rect_sandbox._db import connect  # noqa: E402
from rect_sandbox._seed import seed  # noqa: E402
from tests.serving import free_port, spawned  # noqa: E402


def _peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    """Run the benchmark and print its figures."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--participants", type=int, default=10_000)
    options.add_argument("--seconds", type=float, default=10.0)
    args = options.parse_args()

    started = time.perf_counter()
    seed(connect(":memory:"), 1, args.participants)
    seeding = time.perf_counter() - started

    folder = Path(tempfile.mkdtemp(prefix="rect-bench-"))
    port, tokens = free_port(), folder / "tokens.json"
    argv = [
        sys.executable,
        "-m",
        "rect_sandbox",
        "--port",
        str(port),
        "--participants",
        str(args.participants),
        "--database",
        str(folder / "db.sqlite3"),
        "--tokens-json",
        str(tokens),
    ]
    url = f"http://127.0.0.1:{port}"
    with (
        spawned(argv, f"{url}/api/docs/v3/swagger.yaml", timeout=120, cwd=ROOT) as server,
        httpx.Client(base_url=url, timeout=30) as client,
    ):
        provider = json.loads(tokens.read_text())[0]
        client.headers["Authorization"] = f"Bearer {provider['token']}"
        timings = []
        for number in range(1, 61):
            began = time.perf_counter()
            client.get(
                f"/api/v3/participants?page[per_page]=100&page[page]={number % 20 + 1}"
            ).raise_for_status()
            timings.append((time.perf_counter() - began) * 1000)
        ids = [r["id"] for r in client.get("/api/v3/participants?page[per_page]=50").json()["data"]]
        mix = [
            "/api/v3/statements",
            "/api/v3/partnerships?filter[cohort]=2025",
            "/api/v3/schools?filter[cohort]=2025&page[per_page]=20",
            "/api/v3/delivery-partners",
            "/api/v3/participant-declarations?page[per_page]=20",
            "/api/v3/unfunded-mentors",
            *[f"/api/v3/participants/{i}" for i in ids[:10]],
            "/api/v3/participants?page[per_page]=10",
        ]
        sent, began = 0, time.perf_counter()
        while time.perf_counter() - began < args.seconds:
            client.get(mix[sent % len(mix)]).raise_for_status()
            sent += 1
        rate = sent / (time.perf_counter() - began)
        peak = _peak_mb(server.process.pid)
    p50 = statistics.median(timings)
    rows = [
        ("seeding (s)", seeding, 10, seeding < 10),
        ("GET /participants p50 (ms)", p50, 20, p50 < 20),
        ("mixed reads (req/s)", rate, 300, rate >= 300),
        ("server peak memory (MB)", peak, 300, peak < 300),
    ]
    print(f"participants: {args.participants}")
    for name, value, target, met in rows:
        print(f"{name:28} {value:9.1f}   target {target:>4}   {'met' if met else 'NOT MET'}")


if __name__ == "__main__":
    main()
