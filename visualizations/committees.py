"""The joint committee map: villages coloured by committee (neighbours apart), lead and weak villages, town outlines."""

from __future__ import annotations

from pathlib import Path
from typing import Any


from pairnet.graph.core.errors import CommitteeError
from pairnet.graph.core.messages import map_text, value_text
from pairnet.graph.network import PairingNetwork
from pairnet.loaders.plan import read_plan
from pairnet.queries.committees import check_committees
from pairnet.visualizations.layout import Label, outline, place_labels
from pairnet.visualizations.overview import TOWN_AREA, village_positions
from pairnet.visualizations.page import INK, MapPage, Style, base_options, legend_item, render_page, tooltip

PALETTE = ("#1f77b4", "#e8590c", "#2b8a3e", "#c2255c", "#7048e8", "#8d5524", "#d6336c", "#0b7285",
           "#5c940d", "#f08c00", "#364fc7", "#a61e4d", "#087f5b", "#862e9c", "#e67700", "#495057")
UNPLACED = "#dee2e6"
LEGEND_MAX = 18
VILLAGE_FONT = 13
TOWN_FONT = 18


def committee_colours(committees: list[dict], adjacency: list[tuple[str, str]]) -> dict[int, int]:
    """A palette index per committee (by position) such that committees with adjacent villages never share one:
    a greedy colouring (NetworkX, DSatur) of the graph whose nodes are committees and whose edges join two
    committees when a village of one is adjacent to a village of the other. A plan's committee graph is nearly
    planar, so a handful of colours do; past ``len(PALETTE)`` colours (never seen) they would repeat.

    >>> committee_colours([{"villages": ["a"]}, {"villages": ["b"]}, {"villages": ["c"]}], [("a", "b"), ("b", "c")])
    {1: 0, 0: 1, 2: 1}
    """
    of = {}
    for i, c in enumerate(committees):
        for v in c["villages"]:
            of.setdefault(v, i)
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(range(len(committees)))
    g.add_edges_from((of[a], of[b]) for a, b in adjacency if a in of and b in of and of[a] != of[b])
    return nx.greedy_color(g, strategy="saturation_largest_first")


def committee_map(network: PairingNetwork, plan: dict[str, Any] | str | Path | None = None, *,
                  lang: str = "en") -> MapPage:
    """Villages coloured by joint committee (neighbouring committees in different colours), lead villages as
    stars, weak (软弱涣散) villages with a dashed outline, each town's villages inside a dashed outline (so a
    committee across a town boundary shows), adjacency edges (thick inside a committee).

    ``plan`` is a planner result (dict or JSON file); without one the committees already in the network are
    drawn, with the checker's violations in their tooltips.
    """
    if plan is None:
        plan, kind = check_committees(network), "existing"
    else:
        plan, kind = (read_plan(plan) if isinstance(plan, (str, Path)) else plan), "plan"
    villages = network.nodes["Village"]
    known = set(villages["village_id"])
    pos, adjacency = village_positions(network)
    towns = dict(zip(network.nodes["Town"]["town_id"], network.nodes["Town"]["name"]))
    committee_of: dict[str, int] = {}
    for i, c in enumerate(plan["committees"]):
        unknown = [v for v in c["villages"] if v not in known]
        if unknown:
            raise CommitteeError(map_text("plan_unknown_villages", lang, id=c["committee_id"], ids=", ".join(unknown[:5])))
        for v in c["villages"]:
            committee_of.setdefault(v, i)
    colour_of = committee_colours(plan["committees"], adjacency)

    def colour(i: int) -> str:
        return PALETTE[colour_of.get(i, i) % len(PALETTE)]

    problems: dict[str, list[str]] = {}
    for p in plan.get("violations", []):
        problems.setdefault(p.get("committee_id"), []).append(f"{p.get('rule')}: {p.get('detail') or ''}".strip(": "))
    reasons = {u["village_id"]: u.get("reason") for u in plan.get("unplaced", []) if isinstance(u, dict)}

    nodes, labels = [], []
    for v in villages.itertuples(index=False):
        i = committee_of.get(v.village_id)
        c = plan["committees"][i] if i is not None else None
        lead = c is not None and v.village_id == c.get("lead_village_id")
        weak = isinstance(v.branch_rating, str) and v.branch_rating == "weak"
        style = village_style(colour(i) if i is not None else UNPLACED, lead=lead, placed=c is not None, weak=weak)
        x, y = pos[v.village_id]
        cname = (c.get("name") or c["committee_id"]) if c else None
        reason = reasons.get(v.village_id)
        nodes.append({
            "id": f"Village:{v.village_id}", "key": v.village_id, "name": v.name, "x": x, "y": y, **style.node(),
            "title": tooltip(v.name, map_text("tip_town", lang, name=towns.get(v.town_id) or v.town_id),
                             map_text("tip_committee", lang, name=cname, n=len(c["villages"])) if c else
                             map_text("tip_no_committee", lang) + (f": {reason}" if reason else ""),
                             map_text("tip_lead", lang) if lead else None,
                             map_text("tip_rating", lang, v=value_text("branch_rating", v.branch_rating, lang))
                             if isinstance(v.branch_rating, str) else None,
                             map_text("tip_industry", lang, v=v.industry) if isinstance(v.industry, str) else None,
                             *(problems.get(c["committee_id"], []) if c else []),
                             map_text("tip_id", lang, v=v.village_id)),
        })
        labels.append(Label(v.village_id, v.name if isinstance(v.name, str) else "", x, y, style.size + 1.5,
                            VILLAGE_FONT, priority=2 if lead else 1 if c else 0))
    areas, obstacles = [], []
    for tid, g in villages.groupby("town_id"):
        pts = [pos[v] for v in g["village_id"]]
        ring = outline(pts, 40.0)
        areas.append({"points": ring, **TOWN_AREA})
        top = min(ring, key=lambda p: (p[1], p[0]))  # the town's name sits on top of its outline
        labels.append(Label(f"Town:{tid}", str(towns.get(tid) or tid), top[0], top[1] - TOWN_FONT * 0.7, 0.5,
                            TOWN_FONT, priority=10))
    edges = []
    for a, b in adjacency:
        same = a in committee_of and committee_of.get(a) == committee_of.get(b)
        edges.append({"from": f"Village:{a}", "to": f"Village:{b}", "arrows": {"to": {"enabled": False}},
                      "color": {"color": colour(committee_of[a]) if same else "#ced4da"}, "width": 3 if same else 1})
    n_com = len(plan["committees"])
    placed = len(committee_of)
    title = map_text("committees_title", lang,
                     kind=map_text("committees_existing" if kind == "existing" else "committees_planned", lang))
    subtitle = map_text("committees_sub", lang, n=n_com, placed=placed, villages=len(villages),
                        none=len(villages) - placed)
    if plan.get("violations"):
        subtitle += map_text("committees_violations", lang, n=len(plan["violations"]))
    items = [village_style(colour(i)).legend(c.get("name") or c["committee_id"])
             for i, c in enumerate(plan["committees"][:LEGEND_MAX])]
    if n_com > LEGEND_MAX:
        items.append({"svg": "", "text": map_text("committees_more", lang, n=n_com - LEGEND_MAX)})
    legend = [{"heading": map_text("legend_committees", lang), "items": items},
              {"heading": map_text("legend_villages", lang).split(":")[0].split("：")[0], "items": [
                  village_style(PALETTE[0], lead=True).legend(map_text("lead_village", lang)),
                  village_style(UNPLACED, placed=False).legend(map_text("in_no_committee", lang)),
                  village_style(PALETTE[0], weak=True).legend(map_text("village_weak", lang)),
                  legend_item("area", TOWN_AREA["fill"], map_text("town_area", lang), stroke=TOWN_AREA["stroke"]),
                  legend_item("line", PALETTE[0], map_text("same_committee", lang)),
                  legend_item("line", "#ced4da", map_text("adjacent", lang))]}]
    return render_page(title=title, subtitle=subtitle, nodes=nodes, edges=edges, legend=legend,
                       labels=place_labels(labels, obstacles), areas=areas, options=base_options(len(nodes)), lang=lang,
                       text={"find": map_text("find", lang), "no_match": map_text("no_match", lang),
                             "search_hint": map_text("search_village", lang)})


def village_style(fill: str, *, lead: bool = False, placed: bool = True, weak: bool = False) -> Style:
    """How a village is drawn here: its committee's colour, a star if it leads, dashed outline if weak."""
    return Style("star" if lead else "dot", fill, border=INK if placed else "#adb5bd", border_width=2 if lead else 1,
                 size=16 if lead else 9 if placed else 6, dashes=weak)
