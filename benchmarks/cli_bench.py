"""Whole-command times a person feels: ``pairnet info`` and ``--help`` on the demo county, beside baselines.

Run: ``.venv/bin/python benchmarks/cli_bench.py [--db pairnet-demo/pairnet.db] [--runs 7]``. Each command runs
as its own process (what a clerk types), alternating with the baselines in the same run so that a busy
machine slows both alike; the script prints the median and the spread of each. Baselines: ``python -c pass``
(the interpreter) and ``python -c "import ladybug"`` (the embedded database library every store command
needs). Without ``--db`` it makes the demo county (scale 1) in a temporary folder first.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PY = sys.executable
PAIRNET = str(Path(PY).with_name("pairnet"))


def timed(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default=None, help="embedded store of the demo county (default: make one)")
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    env = {**os.environ, "PAIRNET_LANG": "zh"}
    tmp = None
    db = args.db
    if db is None:
        tmp = tempfile.TemporaryDirectory()
        subprocess.run([PAIRNET, "demo", "--dir", tmp.name], check=True, stdout=subprocess.DEVNULL, env=env)
        db = str(Path(tmp.name) / "pairnet.db")
    cases = {
        "python -c pass": [PY, "-c", "pass"],
        'python -c "import ladybug"': [PY, "-c", "import ladybug"],
        "pairnet --help": [PAIRNET, "--help"],
        "pairnet info": [PAIRNET, "info", "--db", db],
        "pairnet info --format json": [PAIRNET, "info", "--db", db, "--format", "json"],
    }
    for cmd in cases.values():  # warm the file cache
        timed(cmd, env)
    times: dict[str, list[float]] = {k: [] for k in cases}
    for _ in range(args.runs):
        for name, cmd in cases.items():
            times[name].append(timed(cmd, env))
    load = os.getloadavg()[0]
    print(f"{args.runs} runs each, interleaved; load average {load:.1f} on {os.cpu_count()} cores")
    print(f"{'command':32} {'median':>8} {'min':>8} {'max':>8}")
    for name, ts in times.items():
        print(f"{name:32} {statistics.median(ts):7.3f}s {min(ts):7.3f}s {max(ts):7.3f}s")
    if tmp is not None:
        tmp.cleanup()


if __name__ == "__main__":
    main()
