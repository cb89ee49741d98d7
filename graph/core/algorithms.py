"""Small graph and geometry algorithms shared by the generator and the analyses: Delaunay edges, contiguity,
union-find.

Connected components come from NetworkX (``nx.connected_components``); what is here is what NetworkX does not
offer, or offers too slowly for the committee search's inner loops (its ``is_connected`` on a subgraph view and
its ``UnionFind`` cost that search about half as much time again).
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Sequence

import numpy as np


def delaunay_edges(pts: np.ndarray) -> np.ndarray:
    """Unique ``(a, b)`` index pairs, ``a < b``, sorted: the edges of the Delaunay triangulation of ``pts``.

    A point Qhull leaves out (the duplicate of another point) joins its nearest vertex; points all on one line
    are joined one after another along it; two points make one edge.

    >>> delaunay_edges(np.array([[0.0, 0.0], [4.0, 0.0], [0.0, 4.0], [1.0, 1.0]])).tolist()  # a point inside
    [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]]
    >>> delaunay_edges(np.array([[0.0, 0.0], [2.0, 0.0], [1.0, 0.0]])).tolist()  # on one line
    [[0, 2], [1, 2]]
    """
    from scipy.spatial import Delaunay, QhullError

    n = len(pts)
    if n < 2:
        return np.empty((0, 2), dtype=np.int64)
    if n == 2:
        return np.array([[0, 1]], dtype=np.int64)
    try:
        tri = Delaunay(pts)
        s = tri.simplices
        e = np.concatenate([s[:, [0, 1]], s[:, [1, 2]], s[:, [0, 2]]])
        if len(tri.coplanar):
            e = np.concatenate([e, tri.coplanar[:, [0, 2]]])
    except QhullError:  # all on one line (or coincident): neighbours along the line
        centred = pts - pts.mean(axis=0)
        direction = np.linalg.svd(centred, full_matrices=False)[2][0]
        order = np.argsort(centred @ direction, kind="stable")
        e = np.stack([order[:-1], order[1:]], axis=1)
    return np.unique(np.sort(e, axis=1), axis=0).astype(np.int64)


def contiguous(members: Collection[int], nbrs: Sequence[Sequence[int]]) -> bool:
    """Whether ``members`` are one connected group of the graph given as neighbour lists (an empty group is).

    A plain search rather than ``nx.is_connected`` on a subgraph view, which costs about six times as much
    in the committee search's inner loop.

    >>> contiguous({0, 1, 2}, [[1], [0, 2], [1, 3], [2]]), contiguous({0, 2}, [[1], [0, 2], [1, 3], [2]])
    (True, False)
    """
    if not members:
        return True
    inside = members if isinstance(members, (set, frozenset)) else set(members)
    start = next(iter(inside))
    seen, stack = {start}, [start]
    while stack:
        for w in nbrs[stack.pop()]:
            if w in inside and w not in seen:
                seen.add(w)
                stack.append(w)
    return len(seen) == len(inside)


class UnionFind:
    """Disjoint sets of hashable items (path halving): ``union`` joins two sets and says whether they were apart.

    >>> sets = UnionFind("abcd")
    >>> sets.union("a", "b"), sets.union("b", "a"), sets.find("a") == sets.find("b"), sets.find("c") == sets.find("a")
    (True, False, True, False)
    """

    __slots__ = ("parent",)

    def __init__(self, items: Iterable[Hashable]) -> None:
        self.parent: dict[Hashable, Hashable] = {x: x for x in items}

    def find(self, x: Hashable) -> Hashable:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: Hashable, b: Hashable) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        self.parent[ra] = rb
        return True
