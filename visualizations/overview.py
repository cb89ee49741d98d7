"""The county overview map: villages on their coordinates, sized by households, coloured by coverage."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict

import pandas as pd

from pairnet.graph.network import PairingNetwork
from pairnet.queries.adjacency import village_adjacency
from pairnet.graph.core.dates import check_as_of
from pairnet.queries.gaps import households_without_helper
from pairnet.graph.core.rules import current_rels, need_mask
from pairnet.graph.core.policy import Policy
from pairnet.visualizations.layout import Point, place_by_coords
from pairnet.visualizations.page import MapPage, base_options, legend_item, render_page, tooltip

NO_NEED = "#ced4da"
UNIT_COLOR, LEADER_COLOR, TOWN_COLOR = "#0b7285", "#6d28d9", "#e9ecef"


def village_positions(network: PairingNetwork, *,
                      spacing: float = 160.0) -> tuple[dict[str, Point], list[tuple[str, str]]]:
    """Canvas positions of every village (coordinates, or a spring layout over adjacency) and the adjacency edges.

    The county spans about ``spacing * sqrt(villages)`` px, so a village has room for its label.
    """
    v = network.nodes["Village"]
    adj = village_adjacency(network)
    edges = [(a, b) for a, b in adj.graph.edges]
    coords = {vid: (None if pd.isna(x) else float(x), None if pd.isna(y) else float(y))
              for vid, x, y in zip(v["village_id"], v["x"], v["y"])}
    # villages of one town pull together when coordinates are missing
    town_edges = [(a, b) for _, g in v.groupby("town_id") for a, b in zip(g["village_id"], g["village_id"].iloc[1:])]
    pos = place_by_coords(coords, edges + town_edges, extent=spacing * math.sqrt(max(len(v), 1)))
    return pos, edges


def coverage(network: PairingNetwork, *, as_of: dt.date, policy: Policy | None = None,
             missing: set[str] | None = None) -> pd.DataFrame:
    """Per village: ``households``, ``in_need`` and ``without_helper`` on ``as_of`` and ``share`` covered
    (1 - without_helper / in_need; blank when nobody is in need). Rules are the analyses' own; ``missing``
    (ids of households without a helper) is computed unless given.

    >>> coverage(net, as_of=dt.date(2026, 6, 30)).loc["V1", "share"]  # doctest: +SKIP
    0.75
    """
    as_of, policy = check_as_of(as_of), policy or Policy()
    hh = network.nodes["Household"]
    need = need_mask(hh, as_of, policy)
    if missing is None:
        missing = set(households_without_helper(network, as_of=as_of, policy=policy, engine="networkx")["id"])
    df = pd.DataFrame({"village_id": hh["village_id"], "in_need": need,
                       "without_helper": hh["household_id"].isin(missing)})
    out = df.groupby("village_id").agg(households=("in_need", "size"), in_need=("in_need", "sum"),
                                       without_helper=("without_helper", "sum"))
    out = out.reindex(network.nodes["Village"]["village_id"], fill_value=0)
    out["share"] = (1 - out["without_helper"] / out["in_need"].where(out["in_need"] > 0)).astype("Float64")
    return out


def _yes(flag: object) -> bool:
    """A nullable boolean cell as a plain bool (blank is no)."""
    return flag is not None and flag is not pd.NA and bool(flag)


def share_color(share: float | None) -> str:
    """Red (0 %) through amber to green (100 %); grey when nobody needs a helper."""
    if share is None or pd.isna(share):
        return NO_NEED
    stops = [(0.0, (224, 49, 49)), (0.9, (245, 159, 0)), (1.0, (47, 158, 68))]
    for (a, ca), (b, cb) in zip(stops, stops[1:]):
        if share <= b:
            t = (share - a) / (b - a)
            return "#%02x%02x%02x" % tuple(round(x + (y - x) * t) for x, y in zip(ca, cb))
    return "#2f9e44"


def overview_map(network: PairingNetwork, *, as_of: dt.date | str, policy: Policy | None = None,
                 title: str | None = None, missing: set[str] | None = None) -> MapPage:
    """The county at a glance on ``as_of``: towns, villages (size = households, colour = share of households in
    need that have a helper), adjacency, packaging units and leaders with the towns they liaise with.

    >>> overview_map(net, as_of="2026-06-30").write("overview.html")  # doctest: +SKIP
    """
    as_of = check_as_of(as_of)
    villages, towns = network.nodes["Village"], network.nodes["Town"]
    pos, adjacency = village_positions(network)
    cov = coverage(network, as_of=as_of, policy=policy, missing=missing)
    town_names = dict(zip(towns["town_id"], towns["name"]))
    packages = current_rels(network, "PACKAGES", as_of)
    unit_names = dict(zip(network.nodes["Unit"]["unit_id"], network.nodes["Unit"]["name"]))
    packers: dict[str, list[str]] = defaultdict(list)
    for s, lab, t in zip(packages["source"], packages["source_label"], packages["target"]):
        packers[t].append(unit_names.get(s, s) if lab == "Unit" else f"leader {s}")

    nodes: list[dict] = []
    for v in villages.itertuples(index=False):
        c = cov.loc[v.village_id]
        share = None if pd.isna(c["share"]) else float(c["share"])
        x, y = pos[v.village_id]
        kind = "deep-poverty village" if _yes(v.deep_poverty) else "poor village" if _yes(v.poor) else "village"
        nodes.append({
            "id": f"Village:{v.village_id}", "key": v.village_id, "name": v.name, "label": v.name, "shape": "dot",
            "size": 4 + 0.8 * math.sqrt(int(c["households"])), "x": x, "y": y,
            "color": {"background": share_color(share), "border": "#1f2933" if _yes(v.poor) else "#868e96"},
            "borderWidth": 3 if _yes(v.deep_poverty) else 2 if _yes(v.poor) else 1,
            "font": {"size": 12}, "title": tooltip(
                f"{v.name} ({kind})", f"town: {town_names.get(v.town_id) or v.town_id}",
                f"{int(c['households'])} households, {int(c['in_need'])} in need, "
                f"{int(c['without_helper'])} of them without a helper",
                f"coverage {share:.0%}" if share is not None else "nobody in need of a helper",
                f"packaged by: {', '.join(packers[v.village_id])}" if packers[v.village_id] else "no packaging unit",
                f"id: {v.village_id}")})
    # a town sits at the middle of its villages, its leaders just above it
    town_pos: dict[str, Point] = {}
    for tid, g in villages.groupby("town_id"):
        pts = [pos[v] for v in g["village_id"]]
        town_pos[tid] = (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts))
    xs = [p[0] for p in pos.values()] or [0.0]
    ys = [p[1] for p in pos.values()] or [0.0]
    town_nodes: list[dict] = []  # drawn first, under the villages
    for i, t in enumerate(towns.itertuples(index=False)):
        x, y = town_pos.get(t.town_id, (min(xs) + 160 * i, max(ys) + 200))
        town_pos[t.town_id] = (x, y)
        n_v = int((villages["town_id"] == t.town_id).sum())
        town_nodes.append({"id": f"Town:{t.town_id}", "key": t.town_id, "name": t.name, "label": t.name, "shape": "box",
                      "x": x, "y": y, "color": {"background": "rgba(233,236,239,0.85)", "border": "#495057"},
                      "font": {"size": 20, "color": "#212529"}, "margin": 6,
                      "title": tooltip(f"town {t.name}", f"{n_v} villages", f"id: {t.town_id}")})
    nodes = town_nodes + nodes
    edges: list[dict] = [{"from": f"Village:{a}", "to": f"Village:{b}", "arrows": {"to": {"enabled": False}},
                          "color": {"color": "#adb5bd"}, "width": 1} for a, b in adjacency]
    # a unit sits beside the middle of the villages it packages; units that package nothing line the bottom
    by_source = packages.groupby(["source_label", "source"])["target"].apply(list).to_dict()
    spare = 0
    for u in network.nodes["Unit"].itertuples(index=False):
        vs = [v for v in by_source.get(("Unit", u.unit_id), []) if v in pos]
        if vs:
            x = sum(pos[v][0] for v in vs) / len(vs) + 34
            y = sum(pos[v][1] for v in vs) / len(vs) - 30
        else:
            x, y = min(xs) + 60 * spare, max(ys) + 160
            spare += 1
        # units and leaders go unlabelled (names in tooltips and search): a county has a hundred of them
        nodes.append({"id": f"Unit:{u.unit_id}", "key": u.unit_id, "name": u.name,
                      "shape": "square", "size": 6, "x": x, "y": y, "color": UNIT_COLOR, "font": {"size": 11},
                      "title": tooltip(f"unit {u.name}", f"packages {len(vs)} villages", f"id: {u.unit_id}")})
        edges += [{"from": f"Unit:{u.unit_id}", "to": f"Village:{v}", "dashes": True, "color": {"color": UNIT_COLOR}}
                  for v in vs]
    liaises = network.rels["LIAISES"].groupby("source")["target"].apply(list).to_dict()
    stacked: dict[str, int] = defaultdict(int)
    for ld in network.nodes["Leader"].itertuples(index=False):
        ts = [t for t in liaises.get(ld.leader_id, []) if t in town_pos]
        vs = [v for v in by_source.get(("Leader", ld.leader_id), []) if v in pos]
        anchor = town_pos[ts[0]] if ts else pos[vs[0]] if vs else (max(xs) + 200, min(ys))
        key = ts[0] if ts else "_"
        x, y = anchor[0] + 26 * stacked[key] - 13, anchor[1] - 46
        stacked[key] += 1
        nodes.append({"id": f"Leader:{ld.leader_id}", "key": ld.leader_id, "name": ld.name,
                      "shape": "star", "size": 11, "x": x, "y": y, "color": LEADER_COLOR, "font": {"size": 12},
                      "title": tooltip(f"county leader {ld.name}"
                                       + (f", {ld.title}" if isinstance(ld.title, str) else ""),
                                       f"liaises with {len(ts)} town(s), packages {len(vs)} village(s)",
                                       f"id: {ld.leader_id}")})
        edges += [{"from": f"Leader:{ld.leader_id}", "to": f"Town:{t}", "color": {"color": LEADER_COLOR}, "width": 1.5}
                  for t in ts]
        edges += [{"from": f"Leader:{ld.leader_id}", "to": f"Village:{v}", "dashes": True,
                   "color": {"color": LEADER_COLOR}} for v in vs]

    in_need, without = int(cov["in_need"].sum()), int(cov["without_helper"].sum())
    title = title or f"County overview (全县概览), {as_of.isoformat()}"
    subtitle = (f"{len(towns):,} towns, {len(villages):,} villages; "
                f"{in_need:,} households in need, {without:,} without a helper "
                f"({(1 - without / in_need) if in_need else 1:.1%} covered)")
    legend = [
        {"heading": "Villages (size = households)", "items": [
            legend_item("dot", share_color(1.0), "every household in need has a helper"),
            legend_item("dot", share_color(0.9), "90 % covered"),
            legend_item("dot", share_color(0.0), "nobody in need is covered"),
            legend_item("dot", NO_NEED, "nobody in need"),
            legend_item("dot", "#ffffff", "thick outline: poor / deep-poverty village")]},
        {"heading": "Others", "items": [
            legend_item("box", TOWN_COLOR, "town"),
            legend_item("square", UNIT_COLOR, "packaging unit (dashed: villages it packages)"),
            legend_item("star", LEADER_COLOR, "county leader (line: town it liaises with)"),
            legend_item("line", "#adb5bd", "adjacent villages")]},
    ]
    return render_page(title=title, subtitle=subtitle, nodes=nodes, edges=edges, legend=legend,
                       options=base_options(len(nodes)), search_hint="Find a village, town, unit or leader")
