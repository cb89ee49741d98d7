"""Find a ledger's header: past title and 填报单位 rows, merged over up to three rows, each column given a field."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pairnet.loaders.ledger import columns as C
from pairnet.loaders.ledger.grid import Grid

MAX_DEPTH = 3
# Fields that name what a row is about: a header row holds at least one of them.
ANCHORS = ("head_name", "household_id", "id_number", "helper", "households", "relation")
_COUNTY = re.compile(r"^(?:填报单位|单位|报送单位)?[::]?(?:中共)?([\u4e00-\u9fff]{1,6}?[县市区旗])")


@dataclass
class Header:
    """Where the header is (``top``, ``depth`` rows, 0-based), each column's composed text, and the fields.

    ``fields`` maps household-level fields to a column; ``helpers`` holds one such map per helper block (two
    blocks when a ledger writes a leader and a cadre side by side). ``shadowed`` lists hidden columns left
    out because a visible column gives the same field.
    """

    top: int
    depth: int
    texts: list[str]
    fields: dict[str, int]
    helpers: list[dict[str, int]]
    title: str | None = None
    leader_blocks: set[int] = field(default_factory=set)  # helper blocks under 县级领导: their rank is county
    county: str | None = None
    twice: list[tuple[str, int, int]] = field(default_factory=list)  # field, first column, second column
    shadowed: list[int] = field(default_factory=list)
    unread: list[int] = field(default_factory=list)  # columns with a header pairnet does not read

    @property
    def start(self) -> int:
        """The first row below the header (0-based)."""
        return self.top + self.depth

    def written(self, col: int) -> str:
        """The header of column ``col`` as the file writes it."""
        return self.texts[col]

    def has(self, name: str) -> bool:
        return name in self.fields or any(name in h for h in self.helpers)


def _filled(grid: Grid) -> list[list[str | None]]:
    """The head rows with every merged range holding its top-left value."""
    rows = [list(r) for r in grid.head]
    width = max((len(r) for r in rows), default=0)
    rows = [r + [None] * (width - len(r)) for r in rows]
    for r0, c0, r1, c1 in grid.merges:
        if r0 >= len(rows) or c0 >= width:
            continue
        value = rows[r0][c0]
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            for c in range(c0, min(c1, width - 1) + 1):
                rows[r][c] = value
    return rows


def _known(text: str | None) -> C.Reading | None:
    if not text:
        return None
    reading = C.read_header(text)
    return reading if reading.field or reading.generic else None


def find_header(grid: Grid) -> Header | None:
    """The header of ``grid`` when one of its first rows reads as a ledger header, else None."""
    rows = _filled(grid)
    for top, cells in enumerate(rows):
        readings = [_known(t) for t in cells]
        found = {r.field for r in readings if r and r.field}
        if sum(r is not None for r in readings) >= 2 and (found & set(ANCHORS) or _has_groups(readings)):
            depth = _depth(grid, rows, top)
            return _resolve(grid, rows, top, depth)
    return None


def _has_groups(readings: list[C.Reading | None]) -> bool:
    return any(r is not None and r.field is None and r.group is not None for r in readings)


def _depth(grid: Grid, rows: list[list[str | None]], top: int) -> int:
    """How many rows the header spans: merges hanging down from its first row, or rows of header words."""
    depth = 1
    for r0, _, r1, _ in grid.merges:
        if r0 == top and r1 > r0:
            depth = max(depth, min(r1 - r0 + 1, MAX_DEPTH))
    for k in range(depth, MAX_DEPTH):
        if top + k >= len(rows):
            break
        below, above = rows[top + k], rows[top + k - 1]
        own = [t for i, t in enumerate(below) if t and t != above[i]]
        if not own or sum(_known(t) is not None for t in own) < max(1, 0.8 * len(own)):
            break
        depth = k + 1
    return depth


def _compose(grid: Grid, rows: list[list[str | None]], top: int, depth: int) -> list[str]:
    """One text per column: the header rows joined with ``/``, a group carried over the columns it spans.

    A CSV has no merges: there a group word stands over the first of its columns only, and is carried to the
    right while the row below holds sub-headers and the row itself is blank.
    """
    width = len(rows[top]) if rows else 0
    band = [list(rows[top + k][:width]) for k in range(depth)]
    for k in reversed(range(depth - 1)):  # lowest group row first, so that the rows above see its carried words
        carry = None
        for c in range(width):
            t = band[k][c]
            if t:
                carry = t if C.norm(t) in C.GROUPS else None
            elif carry and band[k + 1][c]:
                band[k][c] = carry
            else:
                carry = None
    out = []
    for c in range(width):
        parts: list[str] = []
        for k in range(depth):
            t = band[k][c]
            if t and (not parts or parts[-1] != t):
                parts.append(t)
        out.append("/".join(parts))
    return out


def _resolve(grid: Grid, rows: list[list[str | None]], top: int, depth: int) -> Header:
    texts = _compose(grid, rows, top, depth)
    readings = [C.read_header(t) if t else C.Reading(None) for t in texts]
    explicit = [r.field for r in readings]
    helper_cols = [i for i, r in enumerate(readings)
                   if (r.field in C.HELPER_ONLY) or (r.field is None and r.group == C.HELPER)]
    roster = "households" in explicit and "head_name" not in explicit
    persons = "relation" in explicit
    start_helper = min(helper_cols) if helper_cols else len(texts)
    fields: dict[str, int] = {}
    helpers: list[dict[str, int]] = [{}]
    groups: list[str | None] = [None]
    header = Header(top, depth, texts, fields, helpers)
    names: list[str | None] = []
    for i, r in enumerate(readings):
        name = r.field
        if name is None and r.generic:
            block = r.group or (C.HELPER if roster or i >= start_helper else C.HOUSEHOLD)
            name = C.generic_field(r.generic, block)
            if name == "head_name" and persons:
                name = "person_name"
        names.append(name)
    visible = {n for i, n in enumerate(names) if n and i not in grid.hidden}
    for i, name in enumerate(names):
        if name is None:
            if texts[i].strip():
                header.unread.append(i)
            continue
        if i in grid.hidden and name in visible:  # an old column hidden beside the one in use
            header.shadowed.append(i)
            continue
        if C.FIELD.get(name, C.FIELD["head_name"]).block == C.HELPER:
            prefix = texts[i].split("/")[-2] if "/" in texts[i] else None  # the group right above
            current = helpers[-1]
            if name in current or (prefix is not None and current and prefix != groups[-1]):
                helpers.append({})
                groups.append(prefix)
                current = helpers[-1]
            current[name] = i
            groups[-1] = prefix
        elif name in fields:
            if name not in ("seq", "note"):
                header.twice.append((name, fields[name], i))
        else:
            fields[name] = i
    header.leader_blocks = {k for k, (h, g) in enumerate((h, g) for h, g in zip(helpers, groups) if h)
                            if g is not None and C.norm(g) in C.LEADER_GROUPS}
    header.helpers = [h for h in helpers if h]
    header.title, header.county = _title(rows[:top])
    return header


def _title(above: list[list[str | None]]) -> tuple[str | None, str | None]:
    """The title written above the header (清溪县2025年结对帮扶台账) and the county it names, if any."""
    title = county = None
    for cells in above:
        for t in cells:
            if not t:
                continue
            title = title or t
            m = _COUNTY.match(re.sub(r"^\d{4}年度?", "", C.norm(t)))
            if m and county is None:
                county = m.group(1)
            break
    return title, county
