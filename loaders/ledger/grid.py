"""Every sheet of a file as a grid: its first rows as text, the rest as Arrow text columns, merges, hidden columns."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from pairnet.graph.core.errors import PairnetError
from pairnet.loaders import read

HEAD_ROWS = 30  # titles, 填报单位 lines and a header of up to three rows sit in the first rows
Merge = tuple[int, int, int, int]  # first row, first column, last row, last column (0-based, inclusive)


@dataclass
class Grid:
    """One sheet. ``head`` holds the first rows as trimmed text (None = blank); ``body(start)`` gives the rows
    from ``start`` (0-based) on, one Arrow text array per column; ``merges`` and ``hidden`` are 0-based."""

    title: str
    head: list[list[str | None]]
    body: Callable[[int], list[pa.Array]]
    merges: list[Merge] = field(default_factory=list)
    hidden: set[int] = field(default_factory=set)


def grids(path: Path) -> list[Grid]:
    """The sheets of an .xlsx/.xlsm/.xls workbook or of one CSV file, in workbook order."""
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        return [csv_grid(path.stem, path)]
    if suffix in (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"):
        return _workbook_grids(path)
    raise PairnetError(f"{path} is not an .xlsx, .xls or .csv file")


def _rows_grid(title: str, rows: list[list[Any]], merges: list[Merge], hidden: set[int]) -> Grid:
    head = [[read._text(c) for c in r] for r in rows[:HEAD_ROWS]]

    def body(start: int) -> list[pa.Array]:
        return read._python_columns([c if isinstance(c, str) or c is None else read._text(c) for c in r]
                                    for r in rows[start:])

    return Grid(title, head, body, merges, hidden)


def _workbook_grids(path: Path) -> list[Grid]:
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:  # pragma: no cover - calamine is a dependency
        return _openpyxl_grids(path)
    try:
        wb = CalamineWorkbook.from_path(str(path))
    except Exception as e:  # calamine raises its own error types for damaged or foreign files
        raise PairnetError(f"cannot open {path} as a workbook: {e}") from e
    hidden = _xlsx_hidden_columns(path) if path.suffix.lower() in (".xlsx", ".xlsm") else {}
    try:
        out = []
        for meta in wb.sheets_metadata:
            if str(getattr(meta, "typ", "")).endswith("ChartSheet"):
                continue
            sheet = wb.get_sheet_by_name(meta.name)
            rows = sheet.to_python(skip_empty_area=False)
            merges = [(a[0], a[1], b[0], b[1]) for a, b in (sheet.merged_cell_ranges or [])]
            out.append(_rows_grid(meta.name, rows, merges, hidden.get(meta.name, set())))
        return out
    finally:
        wb.close()


def _openpyxl_grids(path: Path) -> list[Grid]:  # pragma: no cover - only without calamine
    from openpyxl import load_workbook

    wb = load_workbook(path, data_only=True)
    out = []
    for ws in wb.worksheets:
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        merges = [(m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1) for m in ws.merged_cells.ranges]
        hidden = {ws[f"{k}1"].column - 1 for k, d in ws.column_dimensions.items() if d.hidden}
        out.append(_rows_grid(ws.title, rows, merges, hidden))
    return out


_COLS = re.compile(rb"<(?:\w+:)?col\b[^>]*>")
_ATTR = re.compile(rb'\b(min|max|hidden)="([^"]*)"')


def _xlsx_hidden_columns(path: Path) -> dict[str, set[int]]:
    """Hidden columns per sheet title, from each sheet's ``<cols>`` (which precedes its cells: a few KB read)."""
    out: dict[str, set[int]] = {}
    try:
        with zipfile.ZipFile(path) as z:
            book = z.read("xl/workbook.xml")
            rels = z.read("xl/_rels/workbook.xml.rels")
            targets = {m.group(1): m.group(2) for m in re.finditer(
                rb'<Relationship\b[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"', rels)}
            targets.update({m.group(2): m.group(1) for m in re.finditer(
                rb'<Relationship\b[^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"', rels)})
            for m in re.finditer(rb"<(?:\w+:)?sheet\b[^>]*>", book):
                tag = m.group(0)
                name = re.search(rb'\bname="([^"]*)"', tag)
                rid = re.search(rb'\br:id="([^"]*)"', tag) or re.search(rb'\bid="([^"]*)"', tag)
                if not name or not rid or rid.group(1) not in targets:
                    continue
                target = targets[rid.group(1)].decode()
                member = target.lstrip("/") if target.startswith("/") else "xl/" + target
                with z.open(member) as f:
                    start = f.read(1 << 16)
                start = start.split(b"<sheetData", 1)[0]
                cols: set[int] = set()
                for col in _COLS.finditer(start):
                    attrs = dict(_ATTR.findall(col.group(0)))
                    if attrs.get(b"hidden") in (b"1", b"true"):
                        cols.update(range(int(attrs[b"min"]) - 1, int(attrs[b"max"])))
                title = _unescape(name.group(1).decode("utf-8"))
                if cols:
                    out[title] = cols
    except (KeyError, OSError, ValueError, zipfile.BadZipFile):
        return {}
    return out


def _unescape(s: str) -> str:
    return (s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'")
            .replace("&amp;", "&"))


def csv_grid(title: str, path: Path) -> Grid:
    """One CSV file (UTF-8 or GBK/GB18030) as a grid; the body is parsed by Arrow when the file allows it."""
    try:
        text = read.decode(path.read_bytes())
    except read._Unreadable as e:
        raise PairnetError(f"{path}: {e}") from e
    first = text[:4096].split("\n", 1)[0]
    delimiter = max((",", "\t", ";"), key=first.count) if first else ","
    head = []
    for i, r in enumerate(csv.reader(io.StringIO(text[: 1 << 20], newline=""), delimiter=delimiter)):
        if i >= HEAD_ROWS:
            break
        head.append([read._text(c) for c in r])

    def body(start: int) -> list[pa.Array]:
        parsed = read._arrow_columns(text, start, delimiter)
        if parsed is not None:
            return [c.combine_chunks() if isinstance(c, pa.ChunkedArray) else c for c in parsed]
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))[start:]
        return read._python_columns(rows)

    return Grid(title, head, body)
