"""Plane geometry for generated maps: well-spread seed points, Delaunay edges, and joining each town's villages."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial import Delaunay, QhullError


def farthest_points(pts: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """``k`` well-spread indices of ``pts`` (greedy farthest-point sampling from a random start)."""
    chosen = [int(rng.integers(len(pts)))]
    dist = np.linalg.norm(pts - pts[chosen[0]], axis=1)
    for _ in range(k - 1):
        i = int(np.argmax(dist))
        chosen.append(i)
        dist = np.minimum(dist, np.linalg.norm(pts - pts[i], axis=1))
    return np.array(chosen)


def delaunay_edges(pts: np.ndarray) -> np.ndarray:
    """Unique (a, b), a < b, edges of the Delaunay triangulation (a path when it is degenerate)."""
    n = len(pts)
    if n < 2:
        return np.empty((0, 2), dtype=np.int64)
    try:
        if n < 3:
            raise QhullError("too few points")
        s = Delaunay(pts).simplices
        e = np.concatenate([s[:, [0, 1]], s[:, [1, 2]], s[:, [0, 2]]])
    except QhullError:
        o = np.argsort(pts[:, 0])
        e = np.stack([o[:-1], o[1:]], axis=1)
    e = np.sort(e, axis=1)
    return np.unique(e, axis=0).astype(np.int64)


def connect_within(pts: np.ndarray, group: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Add the shortest edges (from each group's own triangulation) that make every group connected."""
    n = len(pts)
    if len(edges):
        g = coo_matrix((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(n, n))
        _, comp = connected_components(g, directed=False)
    else:
        comp = np.arange(n)
    per_group = pd.Series(comp).groupby(group).nunique()
    extra = []
    for t in per_group.index[per_group.to_numpy() > 1]:
        members = np.flatnonzero(group == t)
        cand = members[delaunay_edges(pts[members])]
        cand = cand[np.argsort(np.linalg.norm(pts[cand[:, 0]] - pts[cand[:, 1]], axis=1), kind="stable")]
        parent = {int(c): int(c) for c in np.unique(comp[members])}

        def root(x: int) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for a, b in cand:
            ra, rb = root(int(comp[a])), root(int(comp[b]))
            if ra != rb:
                parent[ra] = rb
                extra.append((a, b))
    if extra:
        edges = np.unique(np.sort(np.concatenate([edges, np.array(extra, dtype=np.int64)]), axis=1), axis=0)
    return edges
