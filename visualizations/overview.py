"""The county overview map: villages on their coordinates, coloured by coverage, gaps and weak branches marked."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Mapping

import pandas as pd

from pairnet.graph.core.dates import check_as_of
from pairnet.graph.core.messages import map_text, value_text
from pairnet.graph.core.policy import Policy
from pairnet.graph.core.rules import current_rels, need_mask
from pairnet.graph.network import PairingNetwork
from pairnet.graph.store import Store
from pairnet.queries.adjacency import village_adjacency
from pairnet.queries.engine import pull_network
from pairnet.queries.gaps import gaps as find_gaps
from pairnet.visualizations.layout import Label, Point, label_width, outline, place_by_coords, place_labels
from pairnet.visualizations.page import MapPage, Style, base_options, legend_item, render_page, tooltip

NO_NEED = "#ced4da"
UNIT_COLOR, LEADER_COLOR, TOWN_COLOR = "#0b7285", "#6d28d9", "#e9ecef"
GAP_BORDER = "#c92a2a"  # the outline of a village with a gap, in the legend and on the map
PLAIN_BORDER = "#495057"
# The colour scale, in steps a reader can tell apart: (lowest share of the step, colour), best first.
SHARE_STEPS: tuple[tuple[float, str], ...] = ((1.0, "#2f9e44"), (0.9, "#fcc419"), (0.5, "#f76707"), (0.0, "#a61e4d"))
VILLAGE_SHAPE = {"village": "dot", "poor": "diamond", "deep": "triangle"}  # kind -> shape
VILLAGE_FONT = 12
VILLAGE_KINDS = ("village_without_unit", "village_without_first_secretary", "village_team_understaffed",
                 "deep_village_without_leader")  # the gaps of a village's own organisation
TOWN_FONT = 20
TOWN_AREA = {"fill": "rgba(134,142,150,0.06)", "stroke": "#868e96", "dashes": True, "width": 1.5}


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
             missing: set[str] | None = None, colours: Mapping[str, str] | None = None,
             need: pd.Series | None = None) -> pd.DataFrame:
    """Per village: ``households``, ``in_need`` and ``without_helper`` on ``as_of`` and ``share`` covered
    (1 - without_helper / in_need; blank when nobody is in need). With ``colours`` (household id -> red / yellow /
    green, supervision's 三色) also ``green`` and ``green_share``. Rules are the analyses' own; ``missing`` (ids
    of households without a helper) is computed unless given.
    """
    as_of, policy = check_as_of(as_of), policy or Policy()
    hh = network.nodes["Household"]
    need = need_mask(hh, as_of, policy) if need is None else need
    if missing is None:
        from pairnet.queries.gaps import households_without_helper

        missing = set(households_without_helper(network, as_of=as_of, policy=policy)["id"])
    df = pd.DataFrame({"village_id": hh["village_id"], "in_need": need,
                       "without_helper": hh["household_id"].isin(missing)})
    aggs = {"households": ("in_need", "size"), "in_need": ("in_need", "sum"), "without_helper": ("without_helper", "sum")}
    if colours is not None:
        df["green"] = need & hh["household_id"].map(lambda h: colours.get(h) == "green")
        aggs["green"] = ("green", "sum")
    out = df.groupby("village_id").agg(**aggs)
    out = out.reindex(network.nodes["Village"]["village_id"], fill_value=0)
    in_need = out["in_need"].where(out["in_need"] > 0)
    out["share"] = (1 - out["without_helper"] / in_need).astype("Float64")
    if colours is not None:
        out["green_share"] = (out["green"] / in_need).astype("Float64")
    return out


def share_step(share: float | None) -> int | None:
    """Which step of ``SHARE_STEPS`` a share falls in (None when nobody is in need)."""
    if share is None or pd.isna(share):
        return None
    return next(i for i, (lo, _) in enumerate(SHARE_STEPS) if share >= lo - 1e-12)


def share_color(share: float | None) -> str:
    """The colour of a share: one colour per step of ``SHARE_STEPS``; grey when nobody needs a helper."""
    step = share_step(share)
    return NO_NEED if step is None else SHARE_STEPS[step][1]


def share_legend(lang: str = "en") -> list[tuple[str, str]]:
    """(colour, text) per step of the scale, best first, then "nobody in need": the legend is the scale itself."""
    out = []
    for i, (lo, color) in enumerate(SHARE_STEPS):
        if i == 0:
            text = map_text("share_all", lang)
        elif i == len(SHARE_STEPS) - 1:
            text = map_text("share_below", lang, hi=SHARE_STEPS[i - 1][0])
        else:
            text = map_text("share_range", lang, lo=lo, hi=SHARE_STEPS[i - 1][0])
        out.append((color, text))
    return out + [(NO_NEED, map_text("share_none", lang))]


def _yes(flag: object) -> bool:
    """A nullable boolean cell as a plain bool (blank is no)."""
    return flag is not None and flag is not pd.NA and bool(flag)


def village_kind(poor: object, deep: object) -> str:
    return "deep" if _yes(deep) else "poor" if _yes(poor) else "village"


def village_style(kind: str, fill: str, *, gap: bool, weak: bool, size: float = 10.0) -> Style:
    """How a village is drawn: shape by kind, fill by coverage, a thick red outline for a gap, dashed if weak."""
    return Style(VILLAGE_SHAPE[kind], fill, border=GAP_BORDER if gap else PLAIN_BORDER,
                 border_width=3 if gap else 1, size=size, dashes=weak)


def village_gaps(found: pd.DataFrame | None, lang: str = "en") -> dict[str, list[str]]:
    """Per village id, its gaps as text (``kind (n)``): household gaps counted, village gaps named."""
    out: dict[str, list[str]] = defaultdict(list)
    if found is None or found.empty:
        return out
    rows = found[found["village_id"].notna()]
    for (vid, kind), g in rows.groupby(["village_id", "kind"], sort=True):
        text = value_text("kind", kind, lang)
        out[vid].append(f"{text} ({len(g)})" if kind == "household_without_helper" else
                        f"{text}" + (f": {g['reason'].iloc[0]}" if isinstance(g["reason"].iloc[0], str) else ""))
    return out


def overview_map(source: Store | PairingNetwork, *, as_of: dt.date | str, policy: Policy | None = None,
                 title: str | None = None, missing: set[str] | None = None, found: pd.DataFrame | None = None,
                 lang: str = "en", colours: Mapping[str, str] | None = None,
                 cov: pd.DataFrame | None = None) -> MapPage:
    """The county at a glance on ``as_of``: village outlines per town, villages (shape = kind, size = households,
    colour = share of households in need that have a helper, or that are green when ``colours`` gives the 三色;
    red outline = a gap, dashed = weak branch), adjacency, packaging units and leaders with their towns.

    ``found`` (``gaps`` on the same day and policy) and ``missing`` are computed unless given: on a store by its
    Cypher, on a network by NetworkX; ``cov`` (``coverage`` with the same ``missing`` and ``colours``) likewise.
    """
    as_of, policy = check_as_of(as_of), policy or Policy()
    network = pull_network(source)
    if found is None:
        found = find_gaps(source, as_of=as_of, policy=policy)
    if missing is None:
        missing = set(found.loc[found["kind"] == "household_without_helper", "id"])
    villages, towns = network.nodes["Village"], network.nodes["Town"]
    pos, adjacency = village_positions(network)
    if cov is None:
        cov = coverage(network, as_of=as_of, policy=policy, missing=missing, colours=colours)
    share_col = "green_share" if colours is not None else "share"
    gap_text = village_gaps(found, lang)
    # the fill tells household gaps; the red outline tells the village's own (unit, first secretary, team, leader)
    org_gaps = set(found.loc[found["kind"].isin(VILLAGE_KINDS), "id"])
    town_names = dict(zip(towns["town_id"], towns["name"]))
    packages = current_rels(network, "PACKAGES", as_of)
    unit_names = dict(zip(network.nodes["Unit"]["unit_id"], network.nodes["Unit"]["name"]))
    packers: dict[str, list[str]] = defaultdict(list)
    for s, lab, t in zip(packages["source"], packages["source_label"], packages["target"]):
        packers[t].append(unit_names.get(s, s) if lab == "Unit" else map_text("leader_of", lang, id=s))

    nodes: list[dict] = []
    labels: list[Label] = []
    kind_words = {k: map_text(f"village_{'plain' if k == 'village' else k}", lang) for k in VILLAGE_SHAPE}
    for v in villages.itertuples(index=False):
        c = cov.loc[v.village_id]
        share = None if pd.isna(c[share_col]) else float(c[share_col])
        covered = None if pd.isna(c["share"]) else float(c["share"])
        x, y = pos[v.village_id]
        kind = village_kind(v.poor, v.deep_poverty)
        weak = isinstance(v.branch_rating, str) and v.branch_rating == "weak"
        size = 4 + 0.8 * math.sqrt(int(c["households"]))
        org_gap = v.village_id in org_gaps
        style = village_style(kind, share_color(share), gap=org_gap, weak=weak, size=size)
        nodes.append({
            "id": f"Village:{v.village_id}", "key": v.village_id, "name": v.name, "x": x, "y": y, **style.node(),
            "title": tooltip(
                f"{v.name} ({kind_words[kind]})", map_text("tip_town", lang, name=town_names.get(v.town_id) or v.town_id),
                map_text("tip_counts", lang, households=int(c["households"]), in_need=int(c["in_need"]),
                         without=int(c["without_helper"])),
                map_text("tip_coverage", lang, share=covered) if covered is not None else map_text("tip_nobody", lang),
                map_text("tip_green", lang, share=share) if colours is not None and share is not None else None,
                *(map_text("tip_gap", lang, v=g) for g in gap_text.get(v.village_id, [])),
                map_text("tip_rating", lang, v=value_text("branch_rating", v.branch_rating, lang))
                if isinstance(v.branch_rating, str) else None,
                map_text("tip_packaged", lang, names=", ".join(packers[v.village_id])) if packers[v.village_id]
                else map_text("tip_no_unit", lang),
                map_text("tip_id", lang, v=v.village_id))})
        labels.append(Label(v.village_id, v.name if isinstance(v.name, str) else "", x, y, size + 1.5,
                            VILLAGE_FONT, priority=(2 if org_gap else 1 if gap_text.get(v.village_id) else 0) + int(c["in_need"]) / 1e6))
    # a town sits at the middle of its villages, its leaders just above it; its outline wraps its villages
    town_pos: dict[str, Point] = {}
    areas = []
    for tid, g in villages.groupby("town_id"):
        pts = [pos[v] for v in g["village_id"]]
        town_pos[tid] = (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts))
        areas.append({"points": outline(pts, 42.0), **TOWN_AREA})
    xs = [p[0] for p in pos.values()] or [0.0]
    ys = [p[1] for p in pos.values()] or [0.0]
    town_nodes: list[dict] = []  # drawn first, under the villages
    obstacles = []
    for i, t in enumerate(towns.itertuples(index=False)):
        x, y = town_pos.get(t.town_id, (min(xs) + 160 * i, max(ys) + 200))
        town_pos[t.town_id] = (x, y)
        n_v = int((villages["town_id"] == t.town_id).sum())
        w = label_width(t.name if isinstance(t.name, str) else "", TOWN_FONT) + 2 * 6 + 4
        obstacles.append((x - w / 2, y - TOWN_FONT, x + w / 2, y + TOWN_FONT))
        town_nodes.append({"id": f"Town:{t.town_id}", "key": t.town_id, "name": t.name, "label": t.name, "shape": "box",
                           "x": x, "y": y, "color": {"background": "rgba(233,236,239,0.85)", "border": PLAIN_BORDER},
                           "font": {"size": TOWN_FONT, "color": "#212529"}, "margin": 6,
                           "title": tooltip(map_text("tip_town", lang, name=t.name),
                                            map_text("tip_town_villages", lang, n=n_v),
                                            map_text("tip_id", lang, v=t.town_id))})
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
        obstacles.append((x - 6, y - 6, x + 6, y + 6))
        # units and leaders go unlabelled (names in tooltips and search): a county has a hundred of them
        nodes.append({"id": f"Unit:{u.unit_id}", "key": u.unit_id, "name": u.name,
                      "shape": "square", "size": 6, "x": x, "y": y, "color": UNIT_COLOR,
                      "title": tooltip(map_text("tip_unit", lang, name=u.name),
                                       map_text("tip_unit_packages", lang, n=len(vs)),
                                       map_text("tip_id", lang, v=u.unit_id))})
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
        obstacles.append((x - 11, y - 11, x + 11, y + 11))
        nodes.append({"id": f"Leader:{ld.leader_id}", "key": ld.leader_id, "name": ld.name,
                      "shape": "star", "size": 11, "x": x, "y": y, "color": LEADER_COLOR,
                      "title": tooltip(map_text("tip_leader", lang, name=ld.name)
                                       + (f", {ld.title}" if isinstance(ld.title, str) else ""),
                                       map_text("tip_leader_ties", lang, towns=len(ts), villages=len(vs)),
                                       map_text("tip_id", lang, v=ld.leader_id))})
        edges += [{"from": f"Leader:{ld.leader_id}", "to": f"Town:{t}", "color": {"color": LEADER_COLOR}, "width": 1.5}
                  for t in ts]
        edges += [{"from": f"Leader:{ld.leader_id}", "to": f"Village:{v}", "dashes": True,
                   "color": {"color": LEADER_COLOR}} for v in vs]

    in_need, without = int(cov["in_need"].sum()), int(cov["without_helper"].sum())
    title = title or map_text("overview_title", lang, day=as_of.isoformat())
    subtitle = map_text("overview_sub", lang, towns=len(towns), villages=len(villages), in_need=in_need,
                        without=without, share=(1 - without / in_need) if in_need else 1, gap_villages=len(org_gaps))
    return render_page(title=title, subtitle=subtitle, nodes=nodes, edges=edges,
                       legend=overview_legend(lang, traffic=colours is not None),
                       labels=place_labels(labels, obstacles), areas=areas, options=base_options(len(nodes)),
                       lang=lang, text={"find": map_text("find", lang), "no_match": map_text("no_match", lang),
                                        "search_hint": map_text("search_overview", lang)})


def overview_legend(lang: str = "en", *, traffic: bool = False) -> list[dict]:
    """The legend: the colour scale step by step, then the village marks, each swatch made from the drawn style."""
    blank = "#ffffff"
    return [
        {"heading": map_text("legend_green_share" if traffic else "legend_coverage", lang),
         "items": [village_style("village", c, gap=False, weak=False).legend(t) for c, t in share_legend(lang)]},
        {"heading": map_text("legend_villages", lang), "items": [
            village_style("village", blank, gap=False, weak=False).legend(map_text("village_plain", lang)),
            village_style("poor", blank, gap=False, weak=False).legend(map_text("village_poor", lang)),
            village_style("deep", blank, gap=False, weak=False).legend(map_text("village_deep", lang)),
            village_style("village", blank, gap=True, weak=False).legend(map_text("village_gap", lang)),
            village_style("village", blank, gap=False, weak=True).legend(map_text("village_weak", lang))]},
        {"heading": map_text("legend_others", lang), "items": [
            legend_item("area", TOWN_AREA["fill"], map_text("town_area", lang), stroke=TOWN_AREA["stroke"]),
            legend_item("box", TOWN_COLOR, map_text("town_box", lang), stroke=PLAIN_BORDER),
            legend_item("square", UNIT_COLOR, map_text("unit_node", lang), stroke=UNIT_COLOR),
            legend_item("star", LEADER_COLOR, map_text("leader_node", lang), stroke=LEADER_COLOR),
            legend_item("line", "#adb5bd", map_text("adjacent", lang))]},
    ]
