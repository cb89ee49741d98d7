"""Node positions computed in Python: grouped rings, coordinates or a spring layout; labels placed without overlap."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import networkx as nx

Point = tuple[float, float]


@dataclass
class Cell:
    """A centre node (a helper) with the nodes hung around it (its households); no centre = a plain grid.

    ``spacing`` overrides the layout's spacing for this cell (small nodes pack tighter); ``label`` is the width
    and height of the centre's name, drawn below it, which the cell keeps free of children and of other cells.
    """

    center: Hashable | None
    children: list[Hashable] = field(default_factory=list)
    spacing: float | None = None
    label: tuple[float, float] = (0.0, 0.0)
    center_size: float = 10.0
    child_size: float = 7.0


@dataclass
class Group:
    """Cells drawn together in one labelled box (a unit's helpers, a village's unhelped households)."""

    label: str
    cells: list[Cell]
    fill: str = "rgba(245,247,250,0.9)"


def cell_layout(cell: Cell, spacing: float) -> tuple[dict[Hashable, Point], float]:
    """Offsets of a cell's nodes around (0, 0) and the cell's radius.

    Children sit on rings around the centre, leaving free the sector below it where its name is drawn (the wider
    the name, the wider the sector); without a centre they fill a square grid. The radius covers the name too.
    """
    spacing = cell.spacing or spacing
    pos: dict[Hashable, Point] = {}
    kids = cell.children
    if cell.center is None:
        side = max(1, math.ceil(math.sqrt(len(kids))))
        half = (side - 1) * spacing / 2
        for i, k in enumerate(kids):
            pos[k] = ((i % side) * spacing - half, (i // side) * spacing - half)
        return pos, half + spacing * 0.7
    pos[cell.center] = (0.0, 0.0)
    w, h = cell.label
    clear = w / 2 + cell.child_size + 1  # a child this far sideways of the centre misses the name
    arc = spacing * 0.75  # least distance between neighbours on a ring
    i, ring, outer = 0, 1, 0.0
    while i < len(kids):
        r = ring * spacing
        if w:  # a child clears the name if it is far enough sideways, or above the name's top
            above = math.acos(max(-1.0, min(1.0, -(cell.center_size + 2 - cell.child_size - 1) / r)))
            side = math.pi - math.asin(clear / r) if clear < r else 0.0
            free = 2 * max(above, side)
        else:
            free = 2 * math.pi
        if free > 0:
            cap = max(1, int(free * r / arc) + (0 if free >= 2 * math.pi - 1e-9 else 1))
            n = min(cap, len(kids) - i)
            step = min(spacing / r, free / n if free >= 2 * math.pi - 1e-9 else free / max(n - 1, 1))
            for j in range(n):
                a = -math.pi / 2 + (j - (n - 1) / 2) * step  # centred on the top, the bottom stays free
                pos[kids[i + j]] = (r * math.cos(a), r * math.sin(a))
            i += n
            outer = r
        ring += 1
    name_bottom = cell.center_size + 2 + h if w else cell.center_size
    radius = max(outer + spacing * 0.7 if kids else spacing * 0.7, w / 2 + 3, name_bottom + 3)
    return pos, radius


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


BOX_FONT = (12.0, 40.0)  # smallest and largest size of a box's name


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
    # a box is at least as wide as its name at the smallest size (canvas text, 0.65 em per Latin letter, 1 per CJK)
    sizes = [(max(w + 2 * pad, label_width(g.label, BOX_FONT[0]) + 8), h + 2 * pad + header)
             for g, (_, w, h) in zip(groups, inner)]
    area = sum(w * h for w, h in sizes) or 1.0
    width = max(math.sqrt(area * aspect), max((s[0] for s in sizes), default=0))
    corners, _, _ = shelf_pack(sizes, width, spacing * 1.5)
    boxes = []
    for g, (local, w, h), (gx, gy), (bw, _) in zip(groups, inner, corners, sizes):
        top = gy + header
        for node, (x, y) in local.items():
            pos[node] = (gx + pad + x, top + pad + y)
        # bigger boxes get bigger names, legible when the whole map is in view, but never wider than the box
        # (so never over a neighbour's name) nor taller than the header above it
        em = label_width(g.label, 1.0) or 1.0
        font = max(BOX_FONT[0], min(BOX_FONT[1], header * 0.8, (bw - 8) / em))
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


# --- labels and outlines -------------------------------------------------------------------------------
Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 (canvas: y grows downwards)
GAP = 2.0  # px between a node's edge and its label
LINE = 1.25  # a label's height in em


def label_width(text: str, size: float) -> float:
    """Drawn width of a label at font ``size`` px, erring wide: a wide (CJK) character is 1 em, others 0.65 em."""
    return size * sum(1.0 if ord(ch) > 0x2E80 else 0.65 for ch in text)


@dataclass(frozen=True)
class Label:
    """A name to paint beside the node ``key`` at (``x``, ``y``) of radius ``r``; higher ``priority`` goes first."""

    key: Hashable
    text: str
    x: float
    y: float
    r: float
    size: float = 12.0
    priority: float = 0.0


# where a label may go, tried in this order: (name, canvas textAlign, textBaseline)
POSITIONS = (("below", "center", "top"), ("right", "left", "middle"), ("above", "center", "bottom"),
             ("left", "right", "middle"))


def label_rect(label: Label, where: str) -> tuple[Rect, Point]:
    """The box a label takes at ``where`` and the anchor point the canvas text is drawn at."""
    w, h = label_width(label.text, label.size), label.size * LINE
    x, y, r = label.x, label.y, label.r + GAP
    if where == "below":
        return (x - w / 2, y + r, x + w / 2, y + r + h), (x, y + r)
    if where == "above":
        return (x - w / 2, y - r - h, x + w / 2, y - r), (x, y - r)
    if where == "right":
        return (x + r, y - h / 2, x + r + w, y + h / 2), (x + r, y)
    return (x - r - w, y - h / 2, x - r, y + h / 2), (x - r, y)


def overlaps(a: Rect, b: Rect) -> bool:
    """Whether two boxes share more than an edge."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


class _Grid:
    """Boxes bucketed on a square grid, so a placement checks only its neighbours (fast for thousands)."""

    def __init__(self, cell: float) -> None:
        self.cell = max(cell, 1.0)
        self.buckets: dict[tuple[int, int], list[Rect]] = defaultdict(list)

    def _cells(self, r: Rect) -> Iterable[tuple[int, int]]:
        c = self.cell
        for i in range(math.floor(r[0] / c), math.floor(r[2] / c) + 1):
            for j in range(math.floor(r[1] / c), math.floor(r[3] / c) + 1):
                yield i, j

    def add(self, r: Rect) -> None:
        for k in self._cells(r):
            self.buckets[k].append(r)

    def hits(self, r: Rect) -> bool:
        return any(overlaps(r, o) for k in self._cells(r) for o in self.buckets.get(k, ()))


def place_labels(labels: Sequence[Label], obstacles: Iterable[Rect] = ()) -> list[dict]:
    """Labels that fit: each goes below, right of, above or left of its node, the first place that overlaps no
    label already placed, no node disc and no obstacle (a town's box); a label with no free place is left off
    (the name stays in the tooltip and the search). Highest ``priority`` first, then input order.

    Returns one dict per placed label: ``key``, ``text``, ``x``, ``y`` (the anchor), ``size``, ``align``,
    ``baseline`` (canvas text settings) and ``box`` (the rectangle it takes).

    >>> a, b = Label("a", "Alpha", 0, 0, 5), Label("b", "Beta", 0, 22, 5)
    >>> [(p["key"], p["where"]) for p in place_labels([a, b])]
    [('a', 'right'), ('b', 'below')]
    """
    if not labels:
        return []
    typical = max(max(label_width(lb.text, lb.size) for lb in labels), max(lb.size for lb in labels) * 2)
    grid = _Grid(typical)
    for lb in labels:  # every node's disc is an obstacle for every label
        grid.add((lb.x - lb.r, lb.y - lb.r, lb.x + lb.r, lb.y + lb.r))
    for ob in obstacles:
        grid.add(ob)
    placed = []
    order = sorted(range(len(labels)), key=lambda i: (-labels[i].priority, i))
    for i in order:
        lb = labels[i]
        if not lb.text:
            continue
        for where, align, baseline in POSITIONS:
            box, (ax, ay) = label_rect(lb, where)
            if not grid.hits(box):
                grid.add(box)
                placed.append({"key": lb.key, "text": lb.text, "x": round(ax, 1), "y": round(ay, 1),
                               "size": lb.size, "align": align, "baseline": baseline, "where": where,
                               "box": [round(v, 1) for v in box]})
                break
    return placed


def hull(points: Sequence[Point]) -> list[Point]:
    """The convex hull of ``points`` counter-clockwise (Andrew's monotone chain); fewer than 3 points as given."""
    pts = sorted(set(points))
    if len(pts) < 3:
        return pts

    def cross(o: Point, a: Point, b: Point) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[Point] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[Point] = []
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def outline(points: Sequence[Point], pad: float, sides: int = 12) -> list[Point]:
    """A town's outline: the hull of its villages, each widened to a ``sides``-gon of radius ``pad``, so one
    village or two in a row still get an area."""
    ring = [(pad * math.cos(2 * math.pi * k / sides), pad * math.sin(2 * math.pi * k / sides)) for k in range(sides)]
    return [(round(x, 1), round(y, 1)) for x, y in hull([(px + dx, py + dy) for px, py in points for dx, dy in ring])]


def inside(p: Point, polygon: Sequence[Point]) -> bool:
    """Whether ``p`` lies inside ``polygon`` (even-odd rule)."""
    x, y, n, hit = p[0], p[1], len(polygon), False
    for i in range(n):
        (x1, y1), (x2, y2) = polygon[i], polygon[(i + 1) % n]
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            hit = not hit
    return hit
