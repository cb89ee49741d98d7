"""Times the generator and the CSV writer on the ziyang profile at scale 1, 10 and 100, with peak memory.

Run: ``python benchmarks/generate_bench.py [--scales 1 10 100] [--profile ziyang] [--xlsx]``. Each scale runs in
its own process so that the peak resident memory (``ru_maxrss``) belongs to that scale alone; small scales are
repeated and the median is shown.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time


def one(profile: str, scale: float, repeats: int, xlsx: bool) -> dict:
    """Generate and write ``repeats`` times in this process; medians and the process's peak memory."""
    from pairnet.loaders.generate import generate
    from pairnet.loaders.write import write_workbook

    gen_s, csv_s, xlsx_s = [], [], []
    for i in range(repeats):
        t = time.perf_counter()
        gen = generate(profile, scale=scale, seed=i)
        gen_s.append(time.perf_counter() - t)
        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            write_workbook(gen.network, f"{tmp}/wb")
            csv_s.append(time.perf_counter() - t)
            if xlsx:
                t = time.perf_counter()
                write_workbook(gen.network, f"{tmp}/wb.xlsx", fmt="xlsx")
                xlsx_s.append(time.perf_counter() - t)
    counts = gen.truth["counts"]
    return {
        "scale": scale, "households": counts["nodes"]["Household"], "pairings": counts["relationships"]["HELPS"],
        "generate_s": statistics.median(gen_s), "csv_s": statistics.median(csv_s),
        "xlsx_s": statistics.median(xlsx_s) if xlsx_s else None, "repeats": repeats,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--profile", default="ziyang")
    ap.add_argument("--scales", type=float, nargs="+", default=[1, 10, 100])
    ap.add_argument("--xlsx", action="store_true", help="also time XLSX (scales below 30 only: the row limit)")
    ap.add_argument("--one", type=float, help=argparse.SUPPRESS)
    ap.add_argument("--repeats", type=int, default=1, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one is not None:
        print(json.dumps(one(args.profile, args.one, args.repeats, args.xlsx)))
        return
    print(f"profile {args.profile}")
    print(f"{'scale':>6} {'households':>11} {'pairings':>10} {'generate s':>11} {'write csv s':>12} "
          f"{'write xlsx s':>13} {'peak MB':>8} {'repeats':>8}")
    for scale in args.scales:
        repeats = 5 if scale <= 1 else (3 if scale <= 10 else 1)
        cmd = [sys.executable, __file__, "--profile", args.profile, "--one", str(scale), "--repeats", str(repeats)]
        if args.xlsx and scale < 30:
            cmd.append("--xlsx")
        r = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1])
        xs = f"{r['xlsx_s']:13.2f}" if r["xlsx_s"] is not None else f"{'-':>13}"
        print(f"{r['scale']:>6g} {r['households']:>11,} {r['pairings']:>10,} {r['generate_s']:>11.2f} "
              f"{r['csv_s']:>12.2f} {xs} {r['peak_mb']:>8.0f} {r['repeats']:>8}", flush=True)


if __name__ == "__main__":
    main()
