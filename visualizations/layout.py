"""Node positions computed in Python: grouped rings for the pairing map, coordinates or a spring layout for places."""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import networkx as nx

Point = tuple[float, float]


@dataclass
class Cell:
    """A centre node (a helper) with the nodes hung around it (its households); no centre = a plain grid."""

    center: Hashable | None
    children: list[Hashable] = field(default_factory=list)


@dataclass
class Group:
    """Cells drawn together in one labelled box (a unit's helpers, a village's unhelped households)."""

    label: str
    cells: list[Cell]
    fill: str = "rgba(245,247,250,0.9)"


def _ring_capacity(k: int) -> int:
    return 6 * k


def cell_layout(cell: Cell, spacing: float) -> tuple[dict[Hashable, Point], float]:
    """Offsets of a cell's nodes around (0, 0) and the cell's radius.

    Children sit on rings of 6, 12, 18 ... around the centre; without a centre they fill a square grid.
    """
    pos: dict[Hashable, Point] = {}
    kids = cell.children
    if cell.center is None:
        side = max(1, math.ceil(math.sqrt(len(kids))))
        half = (side - 1) * spacing / 2
        for i, k in enumerate(kids):
            pos[k] = ((i % side) * spacing - half, (i // side) * spacing - half)
        return pos, half + spacing * 0.7
    pos[cell.center] = (0.0, 0.0)
    i, ring = 0, 1
    gap = math.radians(70)  # keep the bottom of each ring free: the centre's label is drawn there
    while i < len(kids):
        n = min(_ring_capacity(ring), len(kids) - i)
        r = ring * spacing
        for j in range(n):
            a = -math.pi / 2 + (j - (n - 1) / 2) * min(2 * math.pi / 6 / ring, (2 * math.pi - gap) / max(n - 1, 1))
            pos[kids[i + j]] = (r * math.cos(a), r * math.sin(a))
        i += n
        ring += 1
    return pos, max(ring - 1, 0) * spacing + spacing * 0.7


def shelf_pack(sizes: Sequence[tuple[float, float]], width: float, gap: float) -> tuple[list[Point], float, float]:
    """Top-left corners for boxes of ``sizes`` filled left to right in rows of about ``width``.

    Returns the corners (in input order) and the packed width and height.
    """
    order = sorted(range(len(sizes)), key=lambda i: -sizes[i][1])
    corners: list[Point] = [(0.0, 0.0)] * len(sizes)
    x = y = row_h = used_w = 0.0
    for i in order:
        w, h = sizes[i]
        if x > 0 and x + w > width:
            y += row_h + gap
            x = row_h = 0.0
        corners[i] = (x, y)
        x += w + gap
        row_h = max(row_h, h)
        used_w = max(used_w, x - gap)
    return corners, used_w, y + row_h


def grouped_layout(groups: Sequence[Group], *, spacing: float = 24.0, aspect: float = 1.6,
                   header: float = 30.0) -> tuple[dict[Hashable, Point], list[dict]]:
    """Positions for every node of ``groups`` and one labelled box per group (for the canvas painter).

    Cells are packed into each group's box, boxes into a page about ``aspect`` times wider than high.
    """
    pos: dict[Hashable, Point] = {}
    inner: list[tuple[dict[Hashable, Point], float, float]] = []
    for g in groups:
        laid = [cell_layout(c, spacing) for c in g.cells]
        sizes = [(2 * r, 2 * r) for _, r in laid]
        area = sum(w * h for w, h in sizes) or 1.0
        row = max(math.sqrt(area * 1.3), max((s[0] for s in sizes), default=0))
        corners, w, h = shelf_pack(sizes, row, spacing * 0.4)
        local: dict[Hashable, Point] = {}
        for (offs, r), (cx, cy) in zip(laid, corners):
            for node, (dx, dy) in offs.items():
                local[node] = (cx + r + dx, cy + r + dy)
        inner.append((local, w, h))
    pad = spacing * 0.6
    # a box is at least as wide as its name (canvas text, about 0.6 em per Latin letter, 1 em per CJK one)
    sizes = [(max(w + 2 * pad, text_width(g.label, header * 0.55)), h + 2 * pad + header)
             for g, (_, w, h) in zip(groups, inner)]
    area = sum(w * h for w, h in sizes) or 1.0
    width = max(math.sqrt(area * aspect), max((s[0] for s in sizes), default=0))
    corners, _, _ = shelf_pack(sizes, width, spacing * 1.5)
    boxes = []
    for g, (local, w, h), (gx, gy), (bw, _) in zip(groups, inner, corners, sizes):
        top = gy + header
        for node, (x, y) in local.items():
            pos[node] = (gx + pad + x, top + pad + y)
        # bigger boxes get bigger names, so they stay legible when the whole map is in view
        font = max(14.0, min(header * 1.6, bw / 14))
        boxes.append({"label": g.label, "x0": gx, "y0": top, "x1": gx + bw, "y1": top + h + 2 * pad,
                      "fill": g.fill, "stroke": "#cbd2d9", "font": round(font, 1)})
    return pos, boxes


def text_width(text: str, size: float) -> float:
    """Rough drawn width of ``text`` at font ``size`` px (wide characters count double)."""
    return size * sum(1.0 if ord(ch) > 0x2E80 else 0.6 for ch in text) + size


def place_by_coords(coords: Mapping[Hashable, tuple[float | None, float | None]], edges: Iterable[tuple],
                    *, extent: float = 2400.0, seed: int = 0) -> dict[Hashable, Point]:
    """Canvas positions (y down) from longitude/latitude, spreading nodes without coordinates by a spring layout.

    Nodes with coordinates stay where they are (scaled, longitudes shrunk by cos(latitude)); the others are
    placed by ``networkx.spring_layout`` with the known ones fixed, pulled by ``edges`` (adjacency, membership).
    """
    known = {n: (float(x), float(y)) for n, (x, y) in coords.items() if x is not None and y is not None}
    nodes = list(coords)
    if known:
        lat0 = sum(y for _, y in known.values()) / len(known)
        squash = math.cos(math.radians(lat0)) if abs(lat0) <= 90 else 1.0
        known = {n: (x * squash, y) for n, (x, y) in known.items()}
    if len(known) < len(nodes):
        g = nx.Graph()
        g.add_nodes_from(nodes)
        g.add_edges_from(e for e in edges if e[0] in coords and e[1] in coords)
        if known:
            xs, ys = zip(*known.values())
            span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
            init = {n: ((x - min(xs)) / span * 2 - 1, (y - min(ys)) / span * 2 - 1) for n, (x, y) in known.items()}
            raw = nx.spring_layout(g, pos=init, fixed=list(init), seed=seed, k=1.5 / math.sqrt(len(nodes)))
        else:
            raw = nx.spring_layout(g, seed=seed, k=1.5 / math.sqrt(max(len(nodes), 1)))
        known = {n: (float(p[0]), float(p[1])) for n, p in raw.items()}
    if not known:
        return {}
    xs, ys = zip(*known.values())
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    k = extent / span
    # latitude grows northwards, canvas y grows downwards
    return {n: ((x - min(xs)) * k, (max(ys) - y) * k) for n, (x, y) in known.items()}
