"""Times appending one month of visits to stores that already hold 1 and 12 months: the cost of an append must
not grow with the store (issue 11 item 9). Embedded (LadybugDB) at province size by default, the Neo4j path on
the Bolt test server at a smaller size; medians over repeats, each timed append on a fresh copy of the store.

    .venv/bin/python benchmarks/append_bench.py                          # 6M rows a month (a province)
    .venv/bin/python benchmarks/append_bench.py --rows 300000 --bolt-rows 5000 --repeats 3
    .venv/bin/python benchmarks/append_bench.py --rows 200000 --bolt-rows 0 --phases    # seconds per phase
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

SUFFIXES = ("", ".standby", ".pending")  # the embedded store's files (the lock file is made as needed)


def month_of_visits(n: int, month: int, seed: int) -> pd.DataFrame:
    """``n`` synthetic visits in month ``month`` (1 = 2026-01) by 1% as many helpers to 10% as many households."""
    rng = np.random.default_rng(seed)
    helpers = max(n // 100, 1)
    households = max(n // 10, 1)
    start = pd.Timestamp(2026, 1, 1) + pd.DateOffset(months=month - 1)
    days = rng.integers(0, 28, n).astype("timedelta64[D]") + np.datetime64(start.date())
    return pd.DataFrame({
        "helper_id": pd.Series(np.char.add("C", rng.integers(0, helpers, n).astype(str)), dtype="string"),
        "household_id": pd.Series(np.char.add("H", rng.integers(0, households, n).astype(str)), dtype="string"),
        "date": pd.Series(days.astype("datetime64[s]")),
        "kind": pd.Series(rng.choice(np.array(["home", "phone", "other"]), n, p=[0.8, 0.15, 0.05]), dtype="string"),
        "note": pd.Series([None] * n, dtype="string"),
    })


def embedded(rows: int, months: int, repeats: int, work: Path, phases: bool = False) -> list[float]:
    """Seconds to append one month to a store of ``months`` months (built month by month), per repeat."""
    from pairnet.graph.embedded import EmbeddedStore

    base = work / f"base-{months}.db"
    with EmbeddedStore(base) as store:
        for m in range(1, months + 1):
            t = time.perf_counter()
            store.append_events("visits", month_of_visits(rows, m, seed=m))
            print(f"  built month {m}/{months} in {time.perf_counter() - t:.1f} s", flush=True)
    new = month_of_visits(rows, months + 1, seed=1000)
    times = []
    for r in range(repeats):
        copy = work / f"run-{months}-{r}.db"
        for s in SUFFIXES:
            if Path(str(base) + s).exists():
                shutil.copyfile(str(base) + s, str(copy) + s)
        with EmbeddedStore(copy) as store:
            t = time.perf_counter()
            store.append_events("visits", new)
            times.append(time.perf_counter() - t)
            if phases:  # seconds per phase of the write (see EmbeddedStore.phases); "commit" is part of "apply"
                print("    phases: " + ", ".join(f"{k} {v:.2f}" for k, v in store.phases.items()), flush=True)
        with EmbeddedStore(copy) as store:
            assert len(store.events("visits", new["date"].min(), new["date"].max())) == rows
        for s in (*SUFFIXES, ".lock"):
            Path(str(copy) + s).unlink(missing_ok=True)
        print(f"  {months} month(s): append {times[-1]:.2f} s", flush=True)
    return times


def bolt(rows: int, months: int, repeats: int, server) -> list[float]:  # noqa: ANN001 - tests.bolt_server
    from pairnet.graph.neo4j_store import Neo4jStore

    times = []
    for r in range(repeats):
        name = server.create_database(f"append{months}x{r}")
        try:
            with Neo4jStore(server.uri, username=server.user, password=server.password, database=name) as store:
                for m in range(1, months + 1):
                    store.append_events("visits", month_of_visits(rows, m, seed=m))
                t = time.perf_counter()
                store.append_events("visits", month_of_visits(rows, months + 1, seed=1000))
                times.append(time.perf_counter() - t)
        finally:
            server.drop_database(name)
        print(f"  bolt {months} month(s): append {times[-1]:.2f} s", flush=True)
    return times


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=6_000_000, help="visits a month, embedded (a province: 6M)")
    p.add_argument("--bolt-rows", type=int, default=20_000, help="visits a month on the Bolt test server (0: skip)")
    p.add_argument("--months", type=int, nargs="+", default=[1, 12], help="months already in the store")
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--phases", action="store_true", help="print the seconds of each phase of every timed append")
    a = p.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="pairnet-append-") as d:
        for months in a.months:
            t = embedded(a.rows, months, a.repeats, Path(d), a.phases)
            results.append(("embedded", a.rows, months, statistics.median(t), len(t)))
    if a.bolt_rows:
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
        from bolt_server import BoltServer

        with tempfile.TemporaryDirectory(prefix="pairnet-bolt-") as d:
            server = BoltServer(Path(d), heap="4g")
            server.start()
            try:
                for months in a.months:
                    t = bolt(a.bolt_rows, months, a.repeats, server)
                    results.append(("bolt", a.bolt_rows, months, statistics.median(t), len(t)))
            finally:
                server.stop()
    print("\nstore     rows/month  months held  append median (s)  n")
    for kind, rows, months, med, n in results:
        print(f"{kind:<9} {rows:>10,}  {months:>11}  {med:>17.2f}  {n}")


if __name__ == "__main__":
    main()
