"""The villages a committee plan or check looks at, as integer-indexed arrays over one adjacency graph."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx
import pandas as pd

from pairnet.graph.core.algorithms import contiguous
from pairnet.graph.network import PairingNetwork
from pairnet.queries.adjacency import Adjacency

LEADING = ("strong", "good")  # ratings that may lead a committee and partner a weak village


@dataclass
class County:
    """Villages ``0..n-1`` (sorted by id) with what the rules and the search read, and their adjacency."""

    ids: list[str]
    names: list[str]
    town: list[str | None]
    rating: list[str | None]
    lead: list[bool]  # may lead a committee and partner a weak village: rated strong or good
    industry: list[str | None]
    households: list[int]
    nbrs: list[list[int]]  # sorted neighbour lists (the search walks them in this order)
    adjacency: Adjacency
    graph: nx.Graph  # the same neighbours as a NetworkX graph over 0..n-1 (connectivity)

    @property
    def index(self) -> dict[str, int]:
        return {v: i for i, v in enumerate(self.ids)}

    def components(self, members: Iterable[int] | None = None) -> list[list[int]]:
        """Connected components (each sorted, in order of their first village) of the villages, or of ``members``."""
        g = self.graph if members is None else self.graph.subgraph(members)
        return sorted((sorted(c) for c in nx.connected_components(g)), key=lambda c: c[0])

    def connected(self, members: set[int]) -> bool:
        """Whether ``members`` form one contiguous group in the adjacency graph (an empty group does)."""
        return contiguous(members, self.nbrs)


def county(network: PairingNetwork, adj: Adjacency, *, within_town: bool, only_poor: bool) -> County:
    """The villages of ``network`` (only the poor ones with ``only_poor``) over ``adj``; with ``within_town``
    the adjacency keeps only pairs in the same town. Household counts balance committees (villages count one
    each when there is no household sheet)."""
    v = network.nodes["Village"].sort_values("village_id", kind="stable")
    if only_poor:
        v = v[v["poor"].fillna(False).astype(bool)]
    ids = [str(x) for x in v["village_id"]]
    hh = network.nodes["Household"]["village_id"].astype(str).value_counts()
    households = [int(hh.get(i, 0)) for i in ids]
    if sum(households) == 0:  # no household sheet: balance by village count instead
        households = [1] * len(ids)

    def col(name: str) -> list[str | None]:
        return [None if pd.isna(x) else str(x) for x in v[name]]

    town = col("town_id")
    idx = {x: i for i, x in enumerate(ids)}
    nbrs: list[list[int]] = [[] for _ in ids]
    for a, b in adj.graph.edges():
        ia, ib = idx.get(a), idx.get(b)
        if ia is None or ib is None or (within_town and town[ia] != town[ib]):
            continue
        nbrs[ia].append(ib)
        nbrs[ib].append(ia)
    for n in nbrs:
        n.sort()
    graph = nx.Graph()
    graph.add_nodes_from(range(len(ids)))
    graph.add_edges_from((u, w) for u, ns in enumerate(nbrs) for w in ns if w > u)
    rating = col("branch_rating")
    return County(ids, col("name"), town, rating, [r in LEADING for r in rating], col("industry"), households,
                  nbrs, adj, graph)
