"""Plan joint village committees (联村党委): per connected component the search's best plan, as a JSON document."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

from pairnet.graph.network import PairingNetwork
from pairnet.queries.adjacency import village_adjacency
from pairnet.queries.committees.county import county
from pairnet.queries.committees.metrics import committee_record, metrics
from pairnet.queries.committees.rules import check_bounds, lead_of, unplaced_reason, violations
from pairnet.queries.committees.search import solve_component


def plan_committees(network: PairingNetwork, *, min_size: int = 3, max_size: int = 8, within_town: bool = False,
                    only_poor: bool = False, seed: int = 0, adjacency: str | None = None,
                    polygons: str | Path | None = None) -> dict:
    """A plan of joint committees over the villages, in the issue's JSON shape.

    Hard rules (never broken): each committee is contiguous in the adjacency graph, has ``min_size`` to
    ``max_size`` villages, lies in one town with ``within_town``, and is led by a village rated strong or good
    (so every weak village has a strong or good partner). Soft, in this order: place as many villages as the
    graph allows, then industry purity (share of villages whose industry is their committee's majority) and
    household balance. Villages that cannot be placed are listed with a reason. Same seed, same plan.
    Method: per connected component, the best of several random spanning trees cut exactly by dynamic
    programming, leftovers filled in, then local search by boundary moves and swaps that keep every rule.

    >>> from pairnet.graph.example import example_network
    >>> plan = plan_committees(example_network(), min_size=2, max_size=4)
    >>> [c["villages"] for c in plan["committees"]], plan["metrics"]["violations"], plan["unplaced"]
    ([['V1', 'V2'], ['V3', 'V4'], ['V5', 'V6']], 0, [])
    """
    check_bounds(min_size, max_size)
    adj = village_adjacency(network, adjacency=adjacency, polygons=polygons)
    c = county(network, adj, within_town=within_town, only_poor=only_poor)
    town_sizes = Counter(c.town)
    groups: list[list[int]] = []
    unplaced: list[tuple[int, str]] = []
    for comp in c.components():
        loose = comp
        if len(comp) >= min_size and any(c.lead[v] for v in comp):
            rng = random.Random(f"{seed}/{c.ids[comp[0]]}")
            more, loose = solve_component(comp, c, min_size, max_size, rng)
            groups += more
        unplaced += [(v, unplaced_reason(v, comp, c, min_size, max_size, within_town, town_sizes[c.town[v]]))
                     for v in loose]
    committees = []
    for members in groups:
        lead = lead_of(c, members)
        lead_id = c.ids[lead]
        committees.append(committee_record(c, f"JC-{lead_id}", f"{c.names[lead] or lead_id}联村党委", members, lead_id))
    committees.sort(key=lambda r: r["committee_id"])
    found = violations(c, committees, min_size, max_size, within_town)
    return {
        "committees": committees,
        "unplaced": [{"village_id": c.ids[v], "reason": r} for v, r in sorted(unplaced, key=lambda x: c.ids[x[0]])],
        "violations": found,
        "metrics": metrics(c, committees, found, len(c.ids)),
    }
