"""Pairing map sizes and load times in headless Chromium: one town, a few towns, the whole ziyang county.

Run: ``.venv/bin/python benchmarks/maps_bench.py [--scale 1.0] [--runs 3]``. For each map it prints nodes,
edges, file size, Python render time, the median time from navigation to the first drawn frame (physics is
off, so the map is usable from then on) and the median time of one redraw after a zoom (how a pan or zoom
feels). The pairing map's node limit (``MAX_PAIRING_NODES``) is set from these figures.
"""

from __future__ import annotations

import argparse
import sys
import statistics
import tempfile
import time
from pathlib import Path

import pandas as pd

from pairnet.graph.core import schema
from pairnet.graph.network import PairingNetwork, Scope
from pairnet.loaders.generate import generate
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from browser import Browser
from pairnet.visualizations.pairing import pairing_map, pairing_state

REDRAW_JS = """new Promise(resolve => { const n = window.pairnetMap.network, t0 = performance.now();
  n.once("afterDrawing", () => resolve(performance.now() - t0)); n.moveTo({scale: n.getScale() * 1.25}); })"""


def towns_network(net: PairingNetwork, towns: list[str]) -> PairingNetwork:
    """The part of ``net`` that ``towns`` cover together (the union of their scopes)."""
    parts = [net.subnetwork(Scope(town_id=t)) for t in towns]
    nodes = {n.label: pd.concat([p.nodes[n.label] for p in parts]).drop_duplicates(n.key) for n in schema.NODES}
    rels = {r.type: pd.concat([p.rels[r.type] for p in parts]).drop_duplicates() for r in schema.RELS}
    return PairingNetwork(nodes, rels)


def measure(browser: Browser, path: Path, runs: int) -> tuple[float, float]:
    """Median first-draw time (ms) over ``runs`` fresh loads and median redraw time (ms) after a zoom."""
    loads, redraws = [], []
    for _ in range(runs):
        load = browser.open(path)
        assert not load.errors and load.requests == [load.url], (load.errors, load.requests)
        loads.append(load.ready["drawnMs"])
        redraws += [browser.evaluate(REDRAW_JS) for _ in range(3)]
    return statistics.median(loads), statistics.median(redraws)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    gen = generate("ziyang", scale=args.scale, seed=1)
    net, as_of = gen.network, gen.truth["as_of"]
    towns = sorted(net.nodes["Town"]["town_id"])
    state = pairing_state(net, as_of=as_of)
    cases = [("1 town", [towns[0]]), ("3 towns", towns[:3]), ("5 towns", towns[:5]), ("6 towns", towns[:6]),
             ("10 towns", towns[:10]), (f"county ({len(towns)} towns)", towns)]
    print(f"ziyang scale {args.scale}: {len(net.nodes['Household']):,} households, "
          f"{len(net.nodes['Cadre']) + len(net.nodes['Leader']):,} helpers; medians of {args.runs} loads\n")
    print(f"{'map':<20}{'nodes':>8}{'edges':>8}{'MB':>8}{'render s':>10}{'first draw s':>14}{'redraw ms':>11}")
    with tempfile.TemporaryDirectory() as tmp, Browser() as browser:
        for name, subset in cases:
            part = net if subset == towns else towns_network(net, subset)
            t0 = time.perf_counter()
            page = pairing_map(part, as_of=as_of, state=state, max_nodes=10**9, place=name)
            render = time.perf_counter() - t0
            path = page.write(Path(tmp) / "map.html")
            first, redraw = measure(browser, path, args.runs)
            print(f"{name:<20}{page.nodes:>8,}{page.edges:>8,}{path.stat().st_size / 1e6:>8.1f}{render:>10.1f}"
                  f"{first / 1000:>14.2f}{redraw:>11.0f}", flush=True)


if __name__ == "__main__":
    main()
