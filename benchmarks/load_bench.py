"""Times generate, write workbook, read workbook and store write/read for a profile, into the embedded store and
the Bolt test server; medians over repeats, peak RSS per run (each run in its own process). Prints a table.

    .venv/bin/python benchmarks/load_bench.py                     # ziyang, embedded scale 1 and 100, bolt scale 1
    .venv/bin/python benchmarks/load_bench.py --scales 1 --bolt-scales 1 --repeats 3
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
from pathlib import Path

STEPS = ["generate", "write_csv", "read_csv", "store_write", "store_rewrite", "store_read"]


def one_run(profile: str, scale: float, store_kind: str, workdir: Path, bolt: dict | None) -> dict:
    """One measurement in this process: seconds per step, row counts and peak RSS."""
    from pairnet.loaders.generate import generate
    from pairnet.loaders.load import read_workbook
    from pairnet.loaders.write import write_workbook

    out: dict = {}
    t = time.perf_counter()
    net = generate(profile, scale=scale, seed=1).network
    out["generate"] = time.perf_counter() - t
    t = time.perf_counter()
    write_workbook(net, workdir / "wb", fmt="csv")
    out["write_csv"] = time.perf_counter() - t
    t = time.perf_counter()
    loaded = read_workbook(workdir / "wb")
    out["read_csv"] = time.perf_counter() - t
    if store_kind == "embedded":
        from pairnet.graph.embedded import EmbeddedStore

        store = EmbeddedStore(workdir / "pairnet.db")
    else:
        from pairnet.graph.neo4j_store import Neo4jStore

        store = Neo4jStore(bolt["uri"], username=bolt["user"], password=bolt["password"], database=bolt["database"])
    with store:
        t = time.perf_counter()
        store.write(loaded)
        out["store_write"] = time.perf_counter() - t
        t = time.perf_counter()
        store.write(loaded)  # unchanged: embedded rewrites its file, Neo4j diffs and sends nothing
        out["store_rewrite"] = time.perf_counter() - t
        t = time.perf_counter()
        back = store.read()
        out["store_read"] = time.perf_counter() - t
        assert back.counts() == net.counts(), "read back differs from what was written"
    counts = net.counts()
    out["nodes"] = sum(counts["nodes"].values())
    out["rels"] = sum(counts["relationships"].values())
    out["households"] = counts["nodes"]["Household"]
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def measure(profile: str, scale: float, store_kind: str, repeats: int, bolt: dict | None) -> dict:
    """Medians over ``repeats`` fresh processes; peak RSS is the largest seen."""
    runs = []
    for _ in range(repeats):
        with tempfile.TemporaryDirectory(prefix="pairnet-bench-") as d:
            if bolt is not None:
                bolt = {**bolt, "database": bolt["server"].create_database(f"bench{len(runs)}x{int(time.time())}")}
            args = [sys.executable, __file__, "--one", json.dumps({
                "profile": profile, "scale": scale, "store": store_kind, "dir": d,
                "bolt": {k: v for k, v in (bolt or {}).items() if k != "server"} or None})]
            res = subprocess.run(args, capture_output=True, text=True, check=False)
            if res.returncode != 0:
                raise SystemExit(f"run failed: {res.stderr[-3000:]}")
            runs.append(json.loads(res.stdout.strip().splitlines()[-1]))
            if bolt is not None:
                bolt["server"].drop_database(bolt["database"])
    med = {k: statistics.median(r[k] for r in runs) for k in STEPS}
    med.update({k: runs[0][k] for k in ("nodes", "rels", "households")})
    med["peak_rss_mb"] = max(r["peak_rss_mb"] for r in runs)
    med.update(profile=profile, scale=scale, store=store_kind, repeats=repeats)
    return med


def table(rows: list[dict]) -> str:
    head = ["store", "scale", "households", "nodes", "rels", "n", *STEPS, "rows/s write", "peak RSS MB"]
    lines = [head]
    for r in rows:
        rate = (r["nodes"] + r["rels"]) / r["store_write"] if r["store_write"] else 0
        lines.append([r["store"], f"{r['scale']:g}", f"{r['households']:,}", f"{r['nodes']:,}", f"{r['rels']:,}",
                      str(r["repeats"]), *(f"{r[k]:.2f}s" for k in STEPS), f"{rate:,.0f}", f"{r['peak_rss_mb']:,.0f}"])
    widths = [max(len(row[i]) for row in lines) for i in range(len(head))]
    return "\n".join("  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) for row in lines)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--profile", default="ziyang")
    p.add_argument("--scales", type=float, nargs="*", default=[1, 100], help="embedded store scales")
    p.add_argument("--bolt-scales", type=float, nargs="*", default=[1], help="Bolt test server scales")
    p.add_argument("--repeats", type=int, default=3, help="repeats for scales <= 1 (larger scales run once)")
    p.add_argument("--one", help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.one:
        spec = json.loads(a.one)
        print(json.dumps(one_run(spec["profile"], spec["scale"], spec["store"], Path(spec["dir"]), spec["bolt"])))
        return
    rows = []
    for scale in a.scales:
        rows.append(measure(a.profile, scale, "embedded", a.repeats if scale <= 1 else 1, None))
        print(table(rows[-1:]), flush=True)
    if a.bolt_scales:
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
        from bolt_server import BoltServer

        with tempfile.TemporaryDirectory(prefix="pairnet-bolt-") as d:
            server = BoltServer(Path(d), heap="4g")
            server.start()
            try:
                bolt = {"server": server, "uri": server.uri, "user": server.user, "password": server.password}
                for scale in a.bolt_scales:
                    rows.append(measure(a.profile, scale, "bolt", a.repeats if scale <= 1 else 1, bolt))
                    print(table(rows[-1:]), flush=True)
            finally:
                server.stop()
    print()
    print(f"profile {a.profile}; seconds are medians over n runs, each in a fresh process")
    print(table(rows))


if __name__ == "__main__":
    main()
