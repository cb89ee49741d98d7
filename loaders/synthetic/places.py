"""Step 1 of the generator: towns and villages on a map (places, codes, names, poverty, ratings, industries, adjacency)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree

from pairnet.loaders.synthetic.draw import top_weighted
from pairnet.loaders.synthetic.geometry import connect_within, delaunay_edges, farthest_points
from pairnet.loaders.synthetic.names import place_names
from pairnet.loaders.synthetic.profiles import Profile
from pairnet.loaders.synthetic.vocab import shares

INDUSTRIES = ("茶叶", "魔芋", "蚕桑", "畜牧", "中药材", "乡村旅游", "核桃", "食用菌", "柑橘", "生猪养殖")
RATING_POOR = shares("branch_rating", {"strong": 0.4, "good": 0.5, "average": 0.1, "weak": 0.0})  # Ziyang (000)
RATING_OTHER = shares("branch_rating", {"strong": 0.3, "good": 0.4, "average": 0.2, "weak": 0.1})


@dataclass(frozen=True)
class Places:
    """Towns (index t) and villages (index v, sorted by town then north to south); arrays by index."""

    town_ids: np.ndarray
    town_names: np.ndarray
    town_area: np.ndarray  # 6-digit area code of each town (ID-number prefix), int
    village_ids: np.ndarray
    village_names: np.ndarray
    village_town: np.ndarray  # town index of each village
    pts: np.ndarray  # km from the county centre, (V, 2)
    lon: np.ndarray
    lat: np.ndarray
    poor: np.ndarray
    deep: np.ndarray
    rating: np.ndarray  # code of branch_rating
    industry: np.ndarray  # index into INDUSTRIES
    edges: np.ndarray  # (E, 2) village index pairs, a < b


def draw_places(p: Profile, rng: np.random.Generator) -> Places:
    """Villages scattered over the county's area, towns grown from well-spread seeds, remote villages poorer."""
    V, T = p.villages, p.towns
    radius = np.sqrt(p.area_km2 / np.pi)
    r = radius * np.sqrt(rng.random(V))
    th = 2 * np.pi * rng.random(V)
    pts = np.stack([1.15 * r * np.cos(th), 0.87 * r * np.sin(th)], axis=1)
    seeds = farthest_points(pts, T, rng)
    seeds = seeds[np.lexsort((pts[seeds, 0], -pts[seeds, 1]))]  # towns numbered north to south
    _, town = cKDTree(pts[seeds]).query(pts)
    order = np.lexsort((pts[:, 0], -pts[:, 1], town))
    pts, v_town = pts[order], town[order].astype(np.int64)
    lon = np.round(p.lon + pts[:, 0] / (111.32 * np.cos(np.radians(p.lat))), 6)
    lat = np.round(p.lat + pts[:, 1] / 110.57, 6)

    area_codes = np.array(p.area_codes)[np.arange(T) % len(p.area_codes)]
    town_ids = np.strings.add(area_codes, np.strings.zfill(np.arange(1, T + 1).astype("U"), max(3, len(str(T)))))
    suffix = np.where(rng.random(T) < 0.7, "镇", "乡")
    town_names = place_names(rng, T, suffix)
    seq = np.arange(V) - np.searchsorted(v_town, v_town)  # position inside its town
    w = max(3, len(str(int(seq.max()) + 1)))
    village_ids = np.strings.add(town_ids[v_town], np.strings.zfill((seq + 1).astype("U"), w))
    village_names = place_names(rng, V, "村")

    remote = 1.0 + np.linalg.norm(pts, axis=1) / radius
    poor = np.zeros(V, bool)
    poor[top_weighted(rng, remote * 2, p.poor_villages)] = True
    poor_idx = np.flatnonzero(poor)
    deep = np.zeros(V, bool)
    deep[poor_idx[top_weighted(rng, remote[poor_idx] * 2, p.deep_villages)]] = True
    rating = np.where(poor, rng.choice(len(RATING_POOR), V, p=RATING_POOR),
                      rng.choice(len(RATING_OTHER), V, p=RATING_OTHER))

    main = rng.choice(len(INDUSTRIES), T)
    second = (main + rng.integers(1, len(INDUSTRIES), T)) % len(INDUSTRIES)
    u = rng.random(V)
    industry = np.where(u < 0.6, main[v_town], np.where(u < 0.9, second[v_town], rng.integers(0, len(INDUSTRIES), V)))

    edges = delaunay_edges(pts)
    if len(edges):
        same = v_town[edges[:, 0]] == v_town[edges[:, 1]]
        length = np.linalg.norm(pts[edges[:, 0]] - pts[edges[:, 1]], axis=1)
        short = length <= np.median(length) * 1.2
        keep = same | (short & (rng.random(len(edges)) < 0.2))
        edges = edges[keep]
    edges = connect_within(pts, v_town, edges)
    return Places(town_ids, town_names, area_codes.astype(np.int64), village_ids, village_names, v_town, pts, lon,
                  lat, poor, deep, rating, industry, edges)
