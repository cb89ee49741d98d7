"""Benchmark gaps and balance: each engine on the embedded store at ziyang scales, against DuckDB SQL as yardstick.

Usage: python benchmarks/analyses_bench.py [--scales 1 10 100] [--repeats 3] [--dir /tmp/pairnet-bench]
       [--networkx-max-scale 10]

Each scale is generated once (seed 0) and loaded into ``DIR/ziyang-SCALE.db`` (reused by later runs). Every
(scale, command, engine) runs in a fresh child process, so the reported peak memory (max RSS) is its own; the
time is the median of the repeats of the analysis call alone (the store already open). The DuckDB yardstick
gets the same data as frames (``store.read()``), registered in an in-memory DuckDB, and times the SQL only;
every engine's answer is fingerprinted and compared.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing as mp
import resource
import statistics
import sys
import time
from pathlib import Path

GAPS_SQL = """
WITH need AS (
  SELECT * FROM household WHERE status IN ('poor', 'monitored')
     OR (status = 'exited' AND exit_year + $cy >= $year)),
cur AS (
  SELECT h.*, (h.source_label = 'Leader' OR coalesce(c.active, true)) AS ok FROM helps h
  LEFT JOIN cadre c ON h.source_label = 'Cadre' AND c.cadre_id = h.source
  WHERE (h.since IS NULL OR h.since <= $as_of) AND (h.until IS NULL OR h.until >= $as_of)),
per AS (
  SELECT n.household_id, n.head_name, n.village_id,
         count(c.target) AS now, count(c.target) FILTER (WHERE c.ok) AS ok_now
  FROM need n LEFT JOIN cur c ON c.target = n.household_id GROUP BY ALL),
ended AS (SELECT DISTINCT target FROM helps WHERE until < $as_of),
pk AS (SELECT * FROM packages WHERE (since IS NULL OR since <= $as_of) AND (until IS NULL OR until >= $as_of)),
st AS (SELECT s.* FROM stationed s JOIN cadre c ON c.cadre_id = s.source
       WHERE coalesce(c.active, true) AND (s.since IS NULL OR s.since <= $as_of)
         AND (s.until IS NULL OR s.until >= $as_of))
SELECT 'household_without_helper' AS kind, p.household_id AS id, p.head_name AS label, p.village_id, v.town_id,
       CASE WHEN p.now > 0 THEN 'only_inactive_helpers' WHEN e.target IS NOT NULL THEN 'pairings_ended'
            ELSE 'never_paired' END AS reason
FROM per p LEFT JOIN ended e ON e.target = p.household_id LEFT JOIN village v ON v.village_id = p.village_id
WHERE p.ok_now = 0
UNION ALL
SELECT 'village_without_unit', village_id, name, village_id, town_id, NULL FROM village v WHERE poor
  AND NOT EXISTS (SELECT 1 FROM pk WHERE pk.target = v.village_id AND pk.source_label = 'Unit')
UNION ALL
SELECT 'village_without_first_secretary', village_id, name, village_id, town_id, NULL FROM village v WHERE poor
  AND NOT EXISTS (SELECT 1 FROM st WHERE st.target = v.village_id AND st.role = 'first_secretary')
UNION ALL
SELECT 'village_team_understaffed', village_id, name, village_id, town_id, NULL FROM village v WHERE poor
  AND (SELECT count(DISTINCT source) FROM st WHERE st.target = v.village_id) < $min_team
UNION ALL
SELECT 'deep_village_without_leader', village_id, name, village_id, town_id, NULL FROM village v WHERE deep_poverty
  AND NOT EXISTS (SELECT 1 FROM pk WHERE pk.target = v.village_id AND pk.source_label = 'Leader')
UNION ALL
SELECT 'town_without_leader', town_id, name, NULL, town_id, NULL FROM town t
  WHERE NOT EXISTS (SELECT 1 FROM liaises l WHERE l.target = t.town_id)
"""

LOAD_SQL = """
WITH need AS (
  SELECT household_id FROM household WHERE status IN ('poor', 'monitored')
     OR (status = 'exited' AND exit_year + $cy >= $year)),
live AS (
  SELECT h.source, h.source_label, count(DISTINCT h.target) AS load FROM helps h
  JOIN need n ON n.household_id = h.target
  WHERE (h.since IS NULL OR h.since <= $as_of) AND (h.until IS NULL OR h.until >= $as_of) GROUP BY ALL),
helpers AS (
  SELECT leader_id AS id, name AS label, 'county' AS rank, NULL AS unit_id, 'Leader' AS source_label FROM leader
  UNION ALL
  SELECT cadre_id, name, rank, unit_id, 'Cadre' FROM cadre WHERE coalesce(active, true))
SELECT h.id, h.label, h.rank, h.unit_id, coalesce(l.load, 0) AS load,
       CASE h.rank WHEN 'county' THEN 5 WHEN 'section' THEN 4 ELSE 3 END AS quota
FROM helpers h LEFT JOIN live l ON l.source = h.id AND l.source_label = h.source_label
"""

NEED_SQL = """
SELECT count(*) FROM household WHERE status IN ('poor', 'monitored')
   OR (status = 'exited' AND exit_year + $cy >= $year)
"""


def _store_for(scale: float, folder: Path) -> tuple[Path, str]:
    """The embedded store of ziyang at ``scale`` (generated and loaded once) and its as-of day."""
    from pairnet.graph.embedded import EmbeddedStore
    from pairnet.loaders.generate import generate

    db, meta = folder / f"ziyang-{scale:g}.db", folder / f"ziyang-{scale:g}.json"
    if db.exists() and meta.exists():
        return db, json.loads(meta.read_text())["as_of"]
    folder.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    gen = generate("ziyang", scale=scale, seed=0)
    print(f"  generated scale {scale:g} in {time.perf_counter() - t:.1f}s: {gen.network.counts()['nodes']}",
          flush=True)
    t = time.perf_counter()
    with EmbeddedStore(db) as store:
        store.write(gen.network)
    print(f"  loaded into {db} in {time.perf_counter() - t:.1f}s", flush=True)
    meta.write_text(json.dumps({"as_of": gen.truth["as_of"], "counts": gen.network.counts()}))
    return db, gen.truth["as_of"]


def _measure(db: str, as_of: str, command: str, engine: str, repeats: int, out: mp.Queue) -> None:
    """Child process: time ``command`` with ``engine`` (or DuckDB) and report median, rows and peak RSS."""
    from pairnet.graph.embedded import EmbeddedStore
    from pairnet.queries.balance import balance
    from pairnet.queries.gaps import gaps

    day = dt.date.fromisoformat(as_of)
    with EmbeddedStore(db) as store:
        if engine == "duckdb":
            fn = _duckdb_runner(store, day, command)
        else:
            if command == "gaps":
                fn = lambda: gaps(store, as_of=day, engine=engine)  # noqa: E731
            else:
                fn = lambda: balance(store, as_of=day, engine=engine).tables["helpers"]  # noqa: E731
        times, rows = [], None
        for _ in range(repeats):
            t = time.perf_counter()
            df = fn()
            times.append(time.perf_counter() - t)
            rows = len(df)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out.put({"median": statistics.median(times), "rows": rows, "peak_mb": peak_mb, "digest": _digest(command, df)})


def _digest(command: str, df) -> str:
    """A fingerprint of the answer: (kind, id, household reason) for gaps, (id, load, quota) for balance."""
    import hashlib

    if command == "gaps":
        reason = df["reason"].where(df["kind"] == "household_without_helper")
        rows = zip(df["kind"], df["id"], reason.astype(object).where(reason.notna(), ""))
    else:
        rows = zip(df["id"], df["load"].astype(int), df["quota"].astype(int))
    return hashlib.sha1(repr(sorted(tuple(map(str, r)) for r in rows)).encode()).hexdigest()[:12]


def _duckdb_runner(store, day: dt.date, command: str):
    import duckdb

    net = store.read()
    con = duckdb.connect()
    tables = {"household": net.nodes["Household"], "village": net.nodes["Village"], "town": net.nodes["Town"],
              "cadre": net.nodes["Cadre"], "leader": net.nodes["Leader"], "helps": net.rels["HELPS"],
              "packages": net.rels["PACKAGES"], "stationed": net.rels["STATIONED_IN"], "liaises": net.rels["LIAISES"]}
    for name, df in tables.items():
        con.register(f"{name}_df", df)
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM {name}_df")  # materialised, as an analyst would
    params = {"as_of": day, "year": day.year, "cy": 2, "min_team": 3}

    def run(sql: str):
        return con.execute(sql, {k: v for k, v in params.items() if f"${k}" in sql}).df()

    if command == "gaps":
        return lambda: run(GAPS_SQL)
    return lambda: (run(NEED_SQL), run(LOAD_SQL))[1]  # like balance(): households in need, then every load


def _run_child(*args) -> dict:
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    p = ctx.Process(target=_measure, args=(*args, q))
    p.start()
    p.join()
    if p.exitcode != 0:
        return {"error": f"exit {p.exitcode}"}
    return q.get()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scales", type=float, nargs="+", default=[1, 10, 100])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--dir", type=Path, default=Path("/tmp/pairnet-bench"))
    ap.add_argument("--networkx-max-scale", type=float, default=10,
                    help="Skip the NetworkX engine above this scale (its pulled graph needs tens of GB at 100).")
    args = ap.parse_args()
    print(f"{'scale':>6} {'command':8} {'engine':9} {'median s':>9} {'rows':>8} {'peak MB':>8} {'vs duckdb':>9}",
          flush=True)
    for scale in args.scales:
        db, as_of = _store_for(scale, args.dir)
        for command in ("gaps", "balance"):
            results = {}
            for engine in ("duckdb", "cypher", "networkx"):
                if engine == "networkx" and scale > args.networkx_max_scale:
                    print(f"{scale:>6g} {command:8} {engine:9} {'skipped':>9}", flush=True)
                    continue
                r = results[engine] = _run_child(str(db), as_of, command, engine, args.repeats)
                if "error" in r:
                    print(f"{scale:>6g} {command:8} {engine:9} {r['error']:>9}", flush=True)
                    continue
                base = results.get("duckdb", {}).get("median")
                ratio = f"{r['median'] / base:.2f}x" if base else "-"
                print(f"{scale:>6g} {command:8} {engine:9} {r['median']:>9.3f} {r['rows']:>8} {r['peak_mb']:>8.0f} "
                      f"{ratio:>9}", flush=True)
            digests = {e: r.get("digest") for e, r in results.items()}
            same = "all engines give the same answer" if len(set(digests.values())) == 1 else "ANSWERS DIFFER"
            print(f"  {same}: {digests}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
