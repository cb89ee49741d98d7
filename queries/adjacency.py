"""The village adjacency graph: from the adjacency sheet, from village coordinates, or from village polygons."""

from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd

from pairnet.graph.core.messages import Text
from pairnet.graph.core.textfile import read_text
from pairnet.graph.core import schema
from pairnet.graph.core.algorithms import delaunay_edges
from pairnet.graph.core.errors import AdjacencyError
from pairnet.graph.network import PairingNetwork

SOURCES = ("sheet", "coords", "polygons")
EARTH_KM = 6371.0088
CUT_FACTOR = 3.0  # a Delaunay edge longer than this many median edges spans a gap (a river, a hull edge)


@dataclass
class Adjacency:
    """The graph over every village (nodes are village ids), the source it came from and the villages left isolated.

    ``missing`` lists the villages the source could say nothing about (no coordinates, no polygon).
    """

    graph: nx.Graph
    source: str
    isolated: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    cut_km: float | None = None


def village_adjacency(network: PairingNetwork, *, adjacency: str | None = None, polygons: str | Path | None = None,
                      cut_km: float | None = None) -> Adjacency:
    """The adjacency graph of the network's villages.

    Rule: ``polygons`` given -> villages whose polygons share a border; ``adjacency="coords"``, or no
    adjacency rows and ``adjacency`` unset -> Delaunay neighbours on the village coordinates (km on a local
    projection), cut at ``cut_km`` (default three times the median neighbour distance); otherwise the
    ADJACENT_TO rows. Every village is a node; ``isolated`` are those with no neighbour.

    >>> from pairnet.graph.example import example_network
    >>> adj = village_adjacency(example_network())  # the adjacency sheet
    >>> adj.source, sorted(adj.graph.edges()), adj.isolated
    ('sheet', [('V1', 'V2'), ('V1', 'V3'), ('V2', 'V4'), ('V2', 'V5'), ('V3', 'V4'), ('V4', 'V6'), ('V5', 'V6')], [])
    >>> adj = village_adjacency(example_network(), adjacency="coords")  # Delaunay on the 2 x 3 grid
    >>> adj.source, adj.graph.number_of_edges(), round(adj.cut_km, 1)
    ('coords', 9, 6.7)
    """
    if adjacency not in (None, *SOURCES):
        raise AdjacencyError(Text("adjacency.unknown", source=repr(adjacency), sources=", ".join(SOURCES)))
    villages = network.nodes["Village"]
    ids = [str(v) for v in villages["village_id"]]
    g = nx.Graph()
    g.add_nodes_from(ids)
    missing: list[str] = []
    used_cut = None
    if polygons is not None or adjacency == "polygons":
        if polygons is None:
            raise AdjacencyError(Text("polygons.needed"))
        source = "polygons"
        edges, missing = polygon_edges(polygons, set(ids))
    elif adjacency == "coords" or (adjacency is None and network.rels["ADJACENT_TO"].empty):
        source = "coords"
        edges, missing, used_cut = coordinate_edges(villages, cut_km=cut_km)
    else:
        source = "sheet"
        rel = network.rels["ADJACENT_TO"]
        known = set(ids)
        edges = [(s, t) for s, t in zip(rel["source"].astype(str), rel["target"].astype(str))
                 if s != t and s in known and t in known]
    g.add_edges_from(edges)
    isolated = sorted(n for n in g.nodes if g.degree(n) == 0)
    return Adjacency(g, source, isolated, sorted(missing), used_cut)


def project_km(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Longitude/latitude in degrees -> x/y in km on an equirectangular projection centred on the points.

    Good to well under 1% over a county (tens of km). Coordinates that are not degrees (outside the
    lon/lat ranges) are taken as planar kilometres already.
    """
    if len(lon) and (np.abs(lat).max() > 90 or np.abs(lon).max() > 180):
        return np.column_stack([lon, lat]).astype(float)
    lat0 = math.radians(float(np.mean(lat))) if len(lat) else 0.0
    x = np.radians(lon) * EARTH_KM * math.cos(lat0)
    y = np.radians(lat) * EARTH_KM
    return np.column_stack([x, y])


def coordinate_edges(villages: pd.DataFrame, *, cut_km: float | None = None
                     ) -> tuple[list[tuple[str, str]], list[str], float | None]:
    """Delaunay neighbour pairs of the villages with coordinates, edges longer than the cut dropped.

    Returns (edges, villages without coordinates, the cut used in km).
    """
    has = villages["x"].notna() & villages["y"].notna()
    ids = [str(v) for v in villages.loc[has, "village_id"]]
    missing = [str(v) for v in villages.loc[~has, "village_id"]]
    pts = project_km(villages.loc[has, "x"].to_numpy(float), villages.loc[has, "y"].to_numpy(float))
    pairs = [(int(a), int(b)) for a, b in delaunay_edges(pts)]
    if not pairs:
        return [], missing, cut_km
    lengths = np.array([float(np.hypot(*(pts[a] - pts[b]))) for a, b in pairs])
    cut = cut_km if cut_km is not None else CUT_FACTOR * float(np.median(lengths))
    edges = [(ids[a], ids[b]) for (a, b), d in zip(pairs, lengths) if d <= cut + 1e-9]
    return edges, missing, cut


def _feature_id(props: dict, keys: tuple[str, ...]) -> str | None:
    for k in keys:
        if props.get(k) not in (None, ""):
            return str(props[k])
    return None


def _rings(geometry: dict) -> list[list[tuple[float, float]]]:
    geometry = geometry if isinstance(geometry, dict) else {}
    kind = geometry.get("type")
    coords = geometry.get("coordinates") or []
    try:
        if kind == "Polygon":
            return [list(map(tuple, r)) for r in coords]
        if kind == "MultiPolygon":
            return [list(map(tuple, r)) for poly in coords for r in poly]
    except TypeError as e:
        raise AdjacencyError(Text("polygons.coords", why=str(e))) from None
    raise AdjacencyError(Text("polygons.kind", kind=repr(kind)))


def polygon_edges(path: str | Path, known: set[str], *, digits: int = 7) -> tuple[list[tuple[str, str]], list[str]]:
    """Pairs of villages whose polygons share a border, read from a GeoJSON FeatureCollection.

    Rule: two villages share a border when their rings have a common edge, or at least two common vertices
    (a border whose vertices only partly coincide); one common corner is not a border. Vertices are
    compared after rounding to ``digits`` decimals. Each feature names its village in a ``village_id``
    property (or a Chinese alias such as 村编码). Returns (edges, known villages without a polygon).
    """
    try:
        doc = json.loads(read_text(path, "polygons.file"))  # UTF-8 with or without a BOM, or GBK
    except ValueError as e:
        raise AdjacencyError(Text("polygons.unreadable", path=path, why=str(e))) from None
    except RecursionError:  # arrays nested thousands deep
        raise AdjacencyError(Text("polygons.unreadable", path=path, why=Text("file.too_deep"))) from None
    feats = doc.get("features") if isinstance(doc, dict) else None
    if not isinstance(feats, list):
        raise AdjacencyError(Text("polygons.not_collection", path=str(path)))
    keys = ("village_id", *schema.NODE["Village"].prop("village_id").zh, "id")
    by_vertex: dict[tuple[float, float], set[str]] = defaultdict(set)
    by_edge: dict[tuple, set[str]] = defaultdict(set)
    seen: set[str] = set()
    for i, f in enumerate(feats):
        if not isinstance(f, dict) or not isinstance(f.get("properties") or {}, dict):
            raise AdjacencyError(f"{path}: feature {i} is not a GeoJSON Feature")
        vid = _feature_id(f.get("properties") or {}, keys) or (str(f["id"]) if f.get("id") is not None else None)
        if vid is None:
            raise AdjacencyError(Text("polygons.no_village", path=str(path), i=i))
        if vid not in known:
            continue
        seen.add(vid)
        for ring in _rings(f.get("geometry")):
            try:
                pts = [(round(float(p[0]), digits), round(float(p[1]), digits)) for p in ring]
            except (TypeError, ValueError, IndexError) as e:
                raise AdjacencyError(f"{path}: feature {i} (village {vid}) has a coordinate that is not a "
                                   f"[longitude, latitude] pair of numbers: {e}") from None
            for a, b in zip(pts, pts[1:]):
                if a != b:
                    by_edge[(min(a, b), max(a, b))].add(vid)
            for p in set(pts):
                by_vertex[p].add(vid)
    shared: dict[tuple[str, str], int] = defaultdict(int)
    pairs: set[tuple[str, str]] = set()
    for owners in by_vertex.values():
        for a in owners:
            for b in owners:
                if a < b:
                    shared[(a, b)] += 1
    pairs.update(p for p, n in shared.items() if n >= 2)
    for owners in by_edge.values():
        pairs.update((a, b) for a in owners for b in owners if a < b)
    return sorted(pairs), sorted(known - seen)
