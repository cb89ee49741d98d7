"""Time loading a generated county workbook (CSV and XLSX) into the embedded store and the Bolt test server.

Reading + validating is timed apart from the store write. Usage:

    .venv/bin/python benchmarks/workbook_bench.py [--profile ziyang] [--scale 1] [--stores embedded,bolt]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from pairnet.graph.embedded import EmbeddedStore
from pairnet.graph.neo4j_store import Neo4jStore
from pairnet.loaders.generate import generate
from pairnet.loaders.load import read_workbook
from pairnet.loaders.write import write_workbook

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from bolt_server import BoltServer  # noqa: E402

FORMS = {"csv (en, utf-8)": ("csv", "en", "utf-8"), "csv (zh, gb18030)": ("csv", "zh", "gb18030"),
         "xlsx (zh)": ("xlsx", "zh", "utf-8")}


def _timed(fn):
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--profile", default="ziyang")
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--stores", default="embedded,bolt")
    ap.add_argument("--repeat", type=int, default=2, help="Best of this many runs (the first warms up the JVM).")
    args = ap.parse_args()
    stores = args.stores.split(",")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        gen, t_gen = _timed(lambda: generate(args.profile, args.scale, args.seed))
        counts = gen.network.counts()
        n_rows = sum(counts["nodes"].values()) + sum(counts["relationships"].values())
        print(f"{args.profile} x{args.scale:g}: {sum(counts['nodes'].values()):,} nodes, "
              f"{sum(counts['relationships'].values()):,} relationships (generated in {t_gen:.1f} s)")
        server = None
        if "bolt" in stores:
            server = BoltServer(root / "bolt")
            server.start()
        rows = []
        try:
            for name, (fmt, lang, enc) in FORMS.items():
                path = root / f"wb-{fmt}-{lang}" if fmt == "csv" else root / f"wb-{lang}.xlsx"
                write_workbook(gen.network, path, fmt, lang, enc)
                net, t_read = _timed(lambda: read_workbook(path))
                for _ in range(args.repeat - 1):
                    t_read = min(t_read, _timed(lambda: read_workbook(path))[1])
                assert net.differences(gen.network) == [], "the workbook did not read back to the generated network"
                for kind in stores:
                    t_write = float("inf")
                    for i in range(args.repeat):
                        with _open(kind, root, f"{name}{i}", server) as store:
                            store.create_schema()
                            t_write = min(t_write, _timed(lambda: store.write(net))[1])
                            assert store.counts() == counts
                    rows.append((name, kind, t_read, t_write, n_rows / (t_read + t_write)))
        finally:
            if server is not None:
                server.stop()
    print(f"\nbest of {args.repeat} runs; store writes go into a fresh, empty store")
    print(f"{'workbook':<20} {'store':<9} {'read+validate s':>15} {'write s':>9} {'total s':>9} {'rows/s':>9}")
    for name, kind, t_read, t_write, rate in rows:
        print(f"{name:<20} {kind:<9} {t_read:>15.2f} {t_write:>9.2f} {t_read + t_write:>9.2f} {rate:>9,.0f}")


def _open(kind: str, root: Path, name: str, server: BoltServer | None):
    tag = "".join(ch for ch in name if ch.isalnum())
    if kind == "embedded":
        return EmbeddedStore(root / f"{tag}.db")
    assert server is not None
    db = server.create_database(f"bench{tag}")
    return Neo4jStore(server.uri, username=server.user, password=server.password, database=db)


if __name__ == "__main__":
    main()
