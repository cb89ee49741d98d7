"""The joint committee map: villages coloured by committee (existing or planned), lead villages marked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pairnet.graph.core.errors import PairnetError
from pairnet.graph.network import PairingNetwork
from pairnet.loaders.plan import read_plan
from pairnet.queries.committees import check_committees
from pairnet.visualizations.overview import village_positions
from pairnet.visualizations.page import MapPage, base_options, legend_item, render_page, tooltip

PALETTE = ("#1f77b4", "#e8590c", "#2b8a3e", "#c2255c", "#7048e8", "#8d5524", "#d6336c", "#0b7285",
           "#5c940d", "#f08c00", "#364fc7", "#a61e4d", "#087f5b", "#862e9c", "#e67700", "#495057")
UNPLACED = "#dee2e6"
LEGEND_MAX = 18


def committee_map(network: PairingNetwork, plan: dict[str, Any] | str | Path | None = None) -> MapPage:
    """Villages coloured by joint committee, lead villages as stars, adjacency edges (thick inside a committee).

    ``plan`` is a planner result (dict or JSON file); without one the committees already in the network are
    drawn, with the checker's violations in their tooltips.

    >>> committee_map(net, plan_committees(net)).write("committees.html")  # doctest: +SKIP
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
            raise PairnetError(f"committee {c['committee_id']} lists villages not in the store: "
                               f"{', '.join(unknown[:5])}")
        for v in c["villages"]:
            committee_of.setdefault(v, i)
    problems: dict[str, list[str]] = {}
    for p in plan.get("violations", []):
        problems.setdefault(p.get("committee_id"), []).append(f"{p.get('rule')}: {p.get('detail') or ''}".strip(": "))
    reasons = {u["village_id"]: u.get("reason") for u in plan.get("unplaced", []) if isinstance(u, dict)}

    nodes = []
    for v in villages.itertuples(index=False):
        i = committee_of.get(v.village_id)
        c = plan["committees"][i] if i is not None else None
        lead = c is not None and v.village_id == c.get("lead_village_id")
        color = PALETTE[i % len(PALETTE)] if i is not None else UNPLACED
        x, y = pos[v.village_id]
        cname = (c.get("name") or c["committee_id"]) if c else None
        nodes.append({
            "id": f"Village:{v.village_id}", "key": v.village_id, "name": v.name, "label": v.name, "x": x, "y": y,
            "shape": "star" if lead else "dot", "size": 16 if lead else 9 if c else 6,
            "color": {"background": color, "border": "#1f2933" if c else "#adb5bd"}, "borderWidth": 2 if lead else 1,
            "font": {"size": 13, "color": "#1f2933" if c else "#868e96"},
            "title": tooltip(v.name, f"town: {towns.get(v.town_id) or v.town_id}",
                             f"committee: {cname} ({len(c['villages'])} villages)" if c else
                             f"in no committee{': ' + str(reasons[v.village_id]) if reasons.get(v.village_id) else ''}",
                             "lead village" if lead else None,
                             f"branch rating: {v.branch_rating}" if isinstance(v.branch_rating, str) else None,
                             f"industry: {v.industry}" if isinstance(v.industry, str) else None,
                             *(problems.get(c["committee_id"], []) if c else []), f"id: {v.village_id}"),
        })
    edges = []
    for a, b in adjacency:
        same = a in committee_of and committee_of.get(a) == committee_of.get(b)
        edges.append({"from": f"Village:{a}", "to": f"Village:{b}", "arrows": {"to": {"enabled": False}},
                      "color": {"color": PALETTE[committee_of[a] % len(PALETTE)] if same else "#ced4da"},
                      "width": 3 if same else 1})
    n_com = len(plan["committees"])
    placed = len(committee_of)
    title = f"Joint committees (联村党委): {'existing' if kind == 'existing' else 'planned'}"
    subtitle = (f"{n_com:,} committees over {placed:,} of {len(villages):,} villages; "
                f"{len(villages) - placed:,} in none" + (f"; {len(plan.get('violations', []))} rule violations"
                                                         if plan.get("violations") else ""))
    items = [legend_item("dot", PALETTE[i % len(PALETTE)], c.get("name") or c["committee_id"])
             for i, c in enumerate(plan["committees"][:LEGEND_MAX])]
    if n_com > LEGEND_MAX:
        items.append(legend_item("dot", "#ffffff", f"... and {n_com - LEGEND_MAX} more (colours repeat)"))
    legend = [{"heading": "Committees", "items": items},
              {"heading": "Villages", "items": [
                  legend_item("star", PALETTE[0], "lead village (牵头村)"),
                  legend_item("dot", UNPLACED, "in no committee"),
                  legend_item("line", PALETTE[0], "adjacent, same committee"),
                  legend_item("line", "#ced4da", "adjacent")]}]
    return render_page(title=title, subtitle=subtitle, nodes=nodes, edges=edges, legend=legend,
                       options=base_options(len(nodes)), search_hint="Find a village")
