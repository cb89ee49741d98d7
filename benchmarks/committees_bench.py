"""Joint committees: pairnet's planner against spopt's max-p and GerryChain (ReCom short bursts) on the same graphs.

Run: ``.venv/bin/python benchmarks/committees_bench.py [--sizes 100,300,1000,5000] [--cap 300]``
(needs the ``bench`` extra: spopt, libpysal, gerrychain, geopandas). Graphs: generated counties (villages at
random points, Delaunay adjacency, spatially clustered industries), a county from pairnet's generator, and the
real contiguity graphs that ship inside libpysal's wheel (sids2: 100 NC counties, georgia: 159 counties).
Every method is run on the same connected graph with sizes 3..8; the anchors run in a child process that is
stopped after ``--cap`` seconds; GerryChain's ReCom bursts stop after 60 s of CPU time. Hard rules are judged
by ``check_committees`` (contiguity, 3..8 villages, a strong or good lead, weak villages partnered).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import time
import warnings
from collections import Counter

import networkx as nx
import numpy as np
import pandas as pd

from pairnet.graph.network import PairingNetwork
from pairnet.queries.committees import check_committees, plan_committees

warnings.filterwarnings("ignore")
LO, HI = 3, 8
INDUSTRIES = ("tea", "fruit", "livestock", "tourism", "vegetables")
GERRY_CPU_SECONDS = 60.0  # ReCom short bursts stop after this much CPU time (fair on a loaded machine)


# --- graphs: a networkx graph with industry, rating, households, x, y on each node --------------------------
def _attributes(g: nx.Graph, pts: np.ndarray, industry: list[str], rng: np.random.Generator) -> nx.Graph:
    r = rng.random(len(pts))
    rating = np.where(r < 0.25, "strong", np.where(r < 0.55, "good", np.where(r < 0.9, "average", "weak")))
    hh = rng.integers(40, 400, len(pts))
    for i, n in enumerate(sorted(g.nodes)):
        g.nodes[n].update(industry=industry[i], rating=str(rating[i]), households=int(hh[i]),
                          x=float(pts[i, 0]), y=float(pts[i, 1]))
    return g


def planar_county(n: int, seed: int = 0) -> nx.Graph:
    """Villages at random points, Delaunay neighbours, industries clustered around centres (85%)."""
    from scipy.spatial import Delaunay

    rng = np.random.default_rng(seed)
    pts = rng.random((n, 2)) * np.sqrt(n)
    centres = rng.random((max(3, n // 25), 2)) * np.sqrt(n)
    kind = rng.integers(0, len(INDUSTRIES), len(centres))
    near = np.argmin(((pts[:, None] - centres[None]) ** 2).sum(-1), axis=1)
    industry = [INDUSTRIES[kind[k]] if rng.random() < 0.85 else INDUSTRIES[rng.integers(len(INDUSTRIES))] for k in near]
    g = nx.Graph()
    g.add_nodes_from(range(n))
    for s in Delaunay(pts).simplices:
        a, b, c = (int(i) for i in s)
        g.add_edges_from([(a, b), (a, c), (b, c)])
    return _attributes(g, pts, industry, rng)


def libpysal_graph(name: str, seed: int = 0) -> nx.Graph:
    """A real contiguity graph shipped in libpysal's wheel (queen contiguity of its polygons)."""
    import geopandas as gpd
    import libpysal

    path = {"sids2": "sids2.shp", "georgia": "G_utm.shp"}[name]
    gdf = gpd.read_file(libpysal.examples.get_path(path))
    w = libpysal.weights.Queen.from_dataframe(gdf, use_index=False)
    g = nx.Graph()
    g.add_nodes_from(range(len(gdf)))
    g.add_edges_from((i, j) for i, js in w.neighbors.items() for j in js)
    # industry from a spatially autocorrelated census variable (quintiles), as a county's crops follow terrain
    col = {"sids2": "NWBIR74", "georgia": "PctRural"}[name]
    values = gdf[col].astype(float)
    if name == "sids2":
        values = values / gdf["BIR74"].astype(float)
    industry = [INDUSTRIES[int(q)] for q in pd.qcut(values.rank(method="first"), 5, labels=False)]
    cent = gdf.geometry.centroid
    return _attributes(g, np.column_stack([cent.x, cent.y]), industry, np.random.default_rng(seed))


def generator_graph(profile: str, scale: float, seed: int = 0) -> nx.Graph:
    """The adjacency of a county from pairnet's own generator, with its ratings, industries, households."""
    from pairnet.loaders.generate import generate

    net = generate(profile, scale=scale, seed=seed).network
    v = net.nodes["Village"].reset_index(drop=True)
    idx = {vid: i for i, vid in enumerate(v["village_id"])}
    g = nx.Graph()
    g.add_nodes_from(range(len(v)))
    adj = net.rels["ADJACENT_TO"]
    g.add_edges_from((idx[a], idx[b]) for a, b in zip(adj["source"], adj["target"]))
    hh = net.nodes["Household"]["village_id"].value_counts()
    for i, row in v.iterrows():
        rating = row["branch_rating"] if pd.notna(row["branch_rating"]) else None
        g.nodes[i].update(industry=row["industry"], rating=rating,
                          households=int(hh.get(row["village_id"], 0)), x=float(row["x"]), y=float(row["y"]))
    return g


def largest_component(g: nx.Graph) -> nx.Graph:
    keep = max(nx.connected_components(g), key=len)
    return nx.convert_node_labels_to_integers(g.subgraph(sorted(keep)).copy(), ordering="sorted")


# --- the same graph as a PairingNetwork ------------------------------------------------------------------------
def to_network(g: nx.Graph, groups: list[list[int]] | None = None) -> PairingNetwork:
    vid = {n: f"V{n:05d}" for n in g.nodes}
    v = pd.DataFrame([{"village_id": vid[n], "name": vid[n], "town_id": "T", "branch_rating": d["rating"],
                       "industry": d["industry"], "x": d["x"], "y": d["y"]} for n, d in g.nodes(data=True)])
    hv = [vid[n] for n, d in g.nodes(data=True) for _ in range(d["households"])]
    hh = pd.DataFrame({"household_id": [f"H{i}" for i in range(len(hv))], "head_name": "x", "village_id": hv,
                       "status": "poor"})
    adj = pd.DataFrame(sorted(tuple(sorted((vid[a], vid[b]))) for a, b in g.edges), columns=["source", "target"])
    nodes = {"Village": v, "Household": hh, "Town": pd.DataFrame({"town_id": ["T"], "name": ["T"]})}
    rels = {"ADJACENT_TO": adj}
    if groups is not None:
        leads = []
        for k, grp in enumerate(groups):
            leading = [n for n in grp if g.nodes[n]["rating"] in ("strong", "good")]
            lead = min(leading, key=lambda n: (g.nodes[n]["rating"] != "strong", -g.nodes[n]["households"]),
                       default=None)
            leads.append((f"C{k}", f"C{k}", None if lead is None else vid[lead]))
        nodes["JointCommittee"] = pd.DataFrame(leads, columns=["committee_id", "name", "lead_village_id"])
        rels["MEMBER_OF"] = pd.DataFrame([(vid[n], f"C{k}") for k, grp in enumerate(groups) for n in grp],
                                         columns=["source", "target"])
    return PairingNetwork(nodes, rels)


def judge(g: nx.Graph, groups: list[list[int]], seconds: float, note: str = "", cpu: float | None = None) -> dict:
    """Hard-rule breaches and metrics of a partition, judged by pairnet's check (lead = best strong/good member)."""
    res = check_committees(to_network(g, groups), min_size=LO, max_size=HI)
    broken = {v["committee_id"] for v in res["violations"]}
    m = res["metrics"]
    return {"placed": m["share_placed"], "committees": m["committees"], "broken": len(broken),
            "violations": m["violations"], "purity": m["industry_purity"],
            "sizes": f"{m['size_min']}..{m['size_max']} sd {m['size_std']:.2f}", "hh_cv": m["households_cv"],
            "seconds": round(seconds, 2), "cpu_s": None if cpu is None else round(cpu, 2), "note": note}


# --- the three methods --------------------------------------------------------------------------------------------
def run_pairnet(g: nx.Graph) -> dict:
    net = to_network(g)
    t, cpu = time.perf_counter(), time.process_time()
    plan = plan_committees(net, min_size=LO, max_size=HI, seed=0)
    seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
    idx = {f"V{n:05d}": n for n in g.nodes}
    groups = [[idx[v] for v in c["villages"]] for c in plan["committees"]]
    return judge(g, groups, seconds, f"{len(plan['unplaced'])} unplaced", cpu)


def run_maxp(g: nx.Graph) -> tuple[list[list[int]], float, str, float]:
    import geopandas as gpd
    import libpysal
    from shapely.geometry import Point
    from spopt.region import MaxPHeuristic

    nodes = sorted(g.nodes)
    df = pd.DataFrame({"count": 1}, index=nodes)
    for ind in INDUSTRIES:
        df[ind] = [1.0 if g.nodes[n]["industry"] == ind else 0.0 for n in nodes]
    gdf = gpd.GeoDataFrame(df, geometry=[Point(g.nodes[n]["x"], g.nodes[n]["y"]) for n in nodes])
    w = libpysal.weights.W({n: sorted(g.neighbors(n)) for n in nodes}, silence_warnings=True)
    t, cpu = time.perf_counter(), time.process_time()
    model = MaxPHeuristic(gdf, w, list(INDUSTRIES), "count", LO, top_n=2)
    np.random.seed(0)
    model.solve()
    seconds = time.perf_counter() - t
    groups: dict[int, list[int]] = {}
    for n, lab in zip(nodes, model.labels_):
        if lab is not None and int(lab) > 0:
            groups.setdefault(int(lab), []).append(n)
    return list(groups.values()), seconds, f"p={model.p}", time.process_time() - cpu


def run_gerrychain(g: nx.Graph) -> tuple[list[list[int]], float, str, float]:
    import random
    from functools import partial

    from gerrychain import Graph, Partition, updaters
    from gerrychain.constraints import contiguous, within_percent_of_ideal_population
    from gerrychain.optimization import SingleMetricOptimizer
    from gerrychain.proposals import recom
    from gerrychain.tree import recursive_tree_part

    g = g.copy()
    nx.set_node_attributes(g, 1, "count")
    graph = Graph.from_networkx(g)
    k = max(1, round(len(g) / ((LO + HI) / 2)))
    ideal = len(g) / k
    eps = min((ideal - LO) / ideal, (HI - ideal) / ideal) - 1e-9
    t, cpu = time.perf_counter(), time.process_time()
    assignment = recursive_tree_part(graph, range(k), ideal, "count", eps, node_repeats=2, rng=random.Random(0))
    seeded = time.perf_counter() - t
    initial = Partition(graph, assignment, {"population": updaters.Tally("count", alias="population")})

    def score(p: Partition) -> float:
        # purity plus a reward per committee with a strong or good member (GerryChain cannot require it)
        matches = led = 0
        for part, members in p.parts.items():
            inds = Counter(g.nodes[n]["industry"] for n in members)
            matches += max(inds.values())
            led += any(g.nodes[n]["rating"] in ("strong", "good") for n in members)
        return matches / len(g) + led / len(p.parts)

    proposal = partial(recom, pop_col="count", pop_target=ideal, epsilon=eps, node_repeats=2, rng=random.Random(1))
    opt = SingleMetricOptimizer(proposal, [contiguous, within_percent_of_ideal_population(initial, eps)], initial,
                                score, maximize=True, rng=random.Random(2))
    steps = 0
    for _ in opt.short_bursts(burst_length=10, num_bursts=10_000):
        steps += 1
        if time.process_time() - cpu > GERRY_CPU_SECONDS:
            break
    best = opt.best_part
    seconds = time.perf_counter() - t
    groups = [sorted(m) for m in best.parts.values()]
    return groups, seconds, f"k={k}, {steps} ReCom steps, tree_part {seeded:.1f}s", time.process_time() - cpu


def _child(fn, g, q) -> None:
    try:
        q.put(fn(g))
    except Exception as e:  # an anchor failing is a figure, not a crash of the benchmark
        q.put(e)


def run_capped(fn, g: nx.Graph, cap: float) -> dict:
    ctx = mp.get_context("fork")
    q = ctx.Queue()
    p = ctx.Process(target=_child, args=(fn, g, q))
    t = time.perf_counter()
    p.start()
    try:
        out = q.get(timeout=cap)
    except Exception:
        p.terminate()
        p.join()
        return {"placed": None, "note": f"stopped after {cap:.0f}s", "seconds": round(time.perf_counter() - t, 1)}
    p.join()
    if isinstance(out, Exception):
        return {"placed": None, "note": f"failed: {type(out).__name__}: {str(out)[:60]}",
                "seconds": round(time.perf_counter() - t, 1)}
    groups, seconds, note, cpu = out
    return judge(g, groups, seconds, note, cpu)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100,300,1000,5000")
    ap.add_argument("--cap", type=float, default=300.0, help="seconds before an anchor is stopped")
    ap.add_argument("--skip", default="", help="methods to skip, e.g. maxp,gerrychain")
    ap.add_argument("--no-real", action="store_true", help="only the generated counties of --sizes")
    args = ap.parse_args()
    sizes = [int(n) for n in args.sizes.split(",") if n]
    graphs: list[tuple[str, nx.Graph]] = [(f"generated {n}", planar_county(n, seed=n)) for n in sizes]
    graphs += [] if args.no_real else [("sids2 (libpysal)", largest_component(libpysal_graph("sids2"))),
               ("georgia (libpysal)", largest_component(libpysal_graph("georgia"))),
               ("xuanen x1 (generator)", largest_component(generator_graph("xuanen", 1.0, seed=1)))]
    skip = set(args.skip.split(","))
    rows = []
    for name, g in graphs:
        print(f"# {name}: {g.number_of_nodes()} villages, {g.number_of_edges()} adjacencies", flush=True)
        results = {"pairnet": run_pairnet(g)}
        if "maxp" not in skip:
            results["spopt max-p"] = run_capped(run_maxp, g, args.cap)
        if "gerrychain" not in skip:
            results["gerrychain"] = run_capped(run_gerrychain, g, args.cap)
        for method, r in results.items():
            rows.append({"graph": name, "n": g.number_of_nodes(), "method": method, **r})
            print("   ", method, r, flush=True)
    table = pd.DataFrame(rows)
    cols = ["graph", "n", "method", "placed", "committees", "broken", "violations", "purity", "sizes", "hh_cv",
            "seconds", "cpu_s", "note"]
    print()
    print(table.reindex(columns=cols).to_string(index=False))


if __name__ == "__main__":
    main()
