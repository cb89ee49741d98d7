"""XML Spreadsheet 2003 (SpreadsheetML), which web systems often save as ``.xls``: read with the standard library
(no DOCTYPE, no entities), each sheet bounded by the limits before its rows are laid out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import xml.etree.ElementTree as ET

from pairnet.graph.core.messages import loader_text
from pairnet.loaders.formats import cells
from pairnet.loaders.formats.grid import BadCell, Grid, Source, Unreadable
from pairnet.loaders.formats.limits import MAX_COLUMNS, MAX_ROWS, check_bytes, check_range
from pairnet.loaders.formats.xmlsafe import local, parse


def sources(path: Path) -> list[Source]:
    """Every worksheet of the XML spreadsheet, in its order; one that does not parse refuses the file with the
    advice to save it as .xlsx."""
    check_bytes(path.name, path.stat().st_size)
    try:
        root = parse(path.read_bytes(), path.name)
    except Unreadable as e:
        raise Unreadable(loader_text("xml_xls", path=path.name)) from e
    if local(root.tag) != "Workbook":
        raise Unreadable(loader_text("xml_xls", path=path.name))
    out = []
    for ws in root:
        if local(ws.tag) == "Worksheet":
            out.append(Source(_attr(ws, "Name") or f"Sheet{len(out) + 1}", "xml", lambda ws=ws: _grid(ws)))
    return out


def _attr(el: ET.Element, name: str) -> str | None:
    for k, v in el.attrib.items():
        if local(k) == name:
            return v
    return None


def _index(el: ET.Element, after: int) -> int:
    """The 1-based position ``el`` takes (``ss:Index``, else the one after ``after``)."""
    given = _attr(el, "Index")
    if given is None:
        return after + 1
    try:
        at = int(given)
    except ValueError:
        raise Unreadable(loader_text("cannot_open", path=f"ss:Index={given!r}", kind="XML", why="not a number")) from None
    if at <= after:
        raise Unreadable(loader_text("cannot_open", path=f"ss:Index={given!r}", kind="XML", why="out of order"))
    return at


def _grid(ws: ET.Element) -> Grid:
    table = next((t for t in ws if local(t.tag) == "Table"), None)
    placed: dict[int, dict[int, Any]] = {}
    bad: list[BadCell] = []
    last_row = last_col = 0
    r = 0
    for row in table if table is not None else ():
        if local(row.tag) != "Row":
            continue
        r = _index(row, r)
        if r > MAX_ROWS:
            check_range(r, 1)
        c = 0
        for cell in row:
            if local(cell.tag) != "Cell":
                continue
            c = _index(cell, c)
            if c > MAX_COLUMNS:
                check_range(r, c)
            value, problem = _value(cell)
            if problem is not None:
                bad.append(BadCell(r, c - 1, problem[0], problem[1]))
            if value is not None:
                placed.setdefault(r, {})[c] = value
                last_row, last_col = max(last_row, r), max(last_col, c)
            c += int(_attr(cell, "MergeAcross") or 0) if (_attr(cell, "MergeAcross") or "0").isdigit() else 0
    check_range(last_row, last_col)
    rows = [[placed.get(i, {}).get(j) for j in range(1, last_col + 1)] for i in range(1, last_row + 1)]
    return Grid(iter(rows), lambda rest, _header_row: cells.block(rest), bad)


def _value(cell: ET.Element) -> tuple[Any, tuple[str, str | None] | None]:
    """The cell's value as a Python cell (str, float, bool, datetime), and what is wrong with it if anything."""
    data = next((d for d in cell if local(d.tag) == "Data"), None)
    formula = _attr(cell, "Formula")
    if data is None:
        return None, (("formula_no_value", None) if formula else None)
    kind = _attr(data, "Type") or "String"
    text = "".join(data.itertext())
    if kind == "Error":
        return None, ("error_cell", text.strip() or "#N/A")
    if kind == "Number":
        try:
            return float(text), None
        except ValueError:
            return text, None
    if kind == "Boolean":
        return text.strip() in ("1", "true", "TRUE"), None
    if kind == "DateTime":
        try:
            return dt.datetime.fromisoformat(text.strip().rstrip("Z")[:26]), None
        except ValueError:
            return text, None
    return text, None
