"""Speed a person feels: whole commands on the demo county (one-town pairing map, overview, cards, report, export)
as medians of wall time, each beside baselines measured in the same run (``python -c "import ladybug"`` and
``python -c "import pandas"``), so a loaded machine shows as slow baselines rather than slow commands.

Run: ``.venv/bin/python benchmarks/pages_bench.py [--dir pairnet-demo] [--runs 5]`` (makes the demo there first if
it has no store). Prints one row per command: median, min, max seconds, and the median minus the ladybug baseline.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PY = sys.executable
PAIRNET = [PY, "-m", "pairnet.cli"]


def timed(cmd: list[str], runs: int) -> list[float]:
    """Wall seconds of ``runs`` runs of ``cmd`` (output discarded; a failing command stops the benchmark)."""
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        out.append(time.perf_counter() - t0)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", default="pairnet-demo", help="The demo folder (made with `pairnet demo` if missing).")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    demo = Path(args.dir)
    db = demo / "pairnet.db"
    if not db.exists():
        subprocess.run([*PAIRNET, "demo", "--dir", str(demo)], check=True, stdout=subprocess.DEVNULL)
    truth = json.loads((demo / "truth.json").read_text("utf-8"))
    as_of = truth["as_of"]
    store = ["--db", str(db)]
    town = subprocess.run([*PAIRNET, "cypher", *store, "MATCH (t:Town) RETURN min(t.town_id) AS t", "--format", "csv"],
                          check=True, capture_output=True, text=True).stdout.split()[-1]
    village = subprocess.run([*PAIRNET, "cypher", *store, "MATCH (v:Village) RETURN min(v.village_id) AS v",
                              "--format", "csv"], check=True, capture_output=True, text=True).stdout.split()[-1]
    tmp = Path(tempfile.mkdtemp(prefix="pairnet-pages-"))
    cases = [
        ("baseline: python -c 'import ladybug'", [PY, "-c", "import ladybug"]),
        ("baseline: python -c 'import pandas'", [PY, "-c", "import pandas"]),
        (f"map pairing --town {town}", [*PAIRNET, "map", "pairing", "--town", town, "--out", str(tmp / "p.html"),
                                        "--as-of", as_of, *store]),
        ("map overview", [*PAIRNET, "map", "overview", "--out", str(tmp / "o.html"), "--as-of", as_of, *store]),
        (f"card --village {village}", [*PAIRNET, "card", "--village", village, "--out", str(tmp / "c.html"),
                                       "--as-of", as_of, *store]),
        ("report", [*PAIRNET, "report", "--out", str(tmp / "report"), "--as-of", as_of, *store]),
        ("export (csv workbook)", [*PAIRNET, "export", "--out", str(tmp / "wb"), *store]),
        ("export --format xlsx", [*PAIRNET, "export", "--format", "xlsx", "--out", str(tmp / "wb.xlsx"), *store]),
        ("export --as neo4j-admin", [*PAIRNET, "export", "--as", "neo4j-admin", "--out", str(tmp / "admin"), *store]),
    ]
    print(f"demo county {demo} ({truth['counts']['nodes']['Household']:,} households), as of {as_of}; "
          f"{args.runs} runs each, load average {os.getloadavg()[0]:.1f}\n")
    print(f"{'command':<44}{'median s':>10}{'min s':>8}{'max s':>8}{'- ladybug':>11}")
    base = None
    try:
        for name, cmd in cases:
            times = timed(cmd, args.runs)
            med = statistics.median(times)
            base = med if base is None else base
            print(f"{name:<44}{med:>10.2f}{min(times):>8.2f}{max(times):>8.2f}{med - base:>11.2f}", flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"\nload average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
