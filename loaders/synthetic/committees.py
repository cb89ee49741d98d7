"""Step 6 of the generator: joint committees (联村党委) of 3-8 adjacent villages, each led by a strong or good branch."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np

from pairnet.loaders.synthetic.profiles import Profile
from pairnet.loaders.synthetic.vocab import code

GOOD = code("branch_rating", "good")  # ratings are coded best first: a lead must be at most this


@dataclass(frozen=True)
class Committees:
    """Member village indexes per committee, the lead village of each, and the branch ratings after leads were
    raised to good where a committee had no strong or good branch."""

    groups: list[np.ndarray]
    leads: list[int]
    rating: np.ndarray


def draw_committees(p: Profile, rng: np.random.Generator, edges: np.ndarray, rating: np.ndarray) -> Committees:
    """The profile's committees over the adjacency ``edges``; the best-rated member leads each."""
    groups = contiguous_groups(rng, p.villages, edges, p.committees, p.committee_villages)
    rating = rating.copy()
    leads = []
    for g in groups:
        best = g[np.argmin(rating[g])]
        if rating[best] > GOOD:
            rating[best] = GOOD  # a committee is led by a strong or good branch
        leads.append(int(best))
    return Committees(groups, leads, rating)


def contiguous_groups(rng: np.random.Generator, n: int, edges: np.ndarray, k: int, total: int) -> list[np.ndarray]:
    """``k`` disjoint connected groups of 3..8 villages holding ``total`` villages in all (as near as the map allows).

    Groups grow breadth-first from random seeds over unassigned neighbours; the largest ``k`` are kept and
    trimmed (never cutting a group in two) until they hold ``total`` villages.
    """
    if k <= 0 or n < 3:
        return []
    adj: list[list[int]] = [[] for _ in range(n)]
    for a, b in edges.tolist():
        adj[a].append(b)
        adj[b].append(a)
    graph = nx.Graph(edges.tolist())
    graph.add_nodes_from(range(n))
    best: list[list[int]] = []
    for attempt in range(12):
        lo, hi = 3 + attempt // 4, 6 + attempt // 3
        owner = np.full(n, -1)
        groups: list[list[int]] = []
        for s in rng.permutation(n).tolist():
            if owner[s] >= 0:
                continue
            want = int(rng.integers(lo, min(hi, 8) + 1))
            g, frontier = [s], [s]
            owner[s] = len(groups)
            while frontier and len(g) < want:
                x = frontier.pop(0)
                for y in rng.permutation(adj[x]).tolist():
                    if owner[y] < 0 and len(g) < want:
                        owner[y] = len(groups)
                        g.append(y)
                        frontier.append(y)
            if len(g) >= 3:
                groups.append(g)
            else:
                owner[g] = -2  # too small here; left out
        groups.sort(key=len, reverse=True)
        chosen = groups[:k]
        if sum(map(len, chosen)) > sum(map(len, best)) or not best:
            best = chosen
        if len(chosen) == k and sum(map(len, chosen)) >= total:
            best = chosen
            break
    excess = sum(map(len, best)) - total
    while excess > 0:
        changed = False
        for g in sorted(best, key=len, reverse=True):
            if excess <= 0 or len(g) <= 3:
                continue
            for v in reversed(g):
                rest = [u for u in g if u != v]
                if nx.is_connected(graph.subgraph(rest)):
                    g.remove(v)
                    excess -= 1
                    changed = True
                    break
        if not changed:
            break
    return [np.array(sorted(g), np.int64) for g in sorted(best, key=min)]
