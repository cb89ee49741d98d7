"""Every sheet of a file as a grid: its first rows as text, the rest as Arrow text columns, merges, hidden columns.

The cells come from the format readers (``loaders/formats``: .xlsx, .xls, SpreadsheetML, HTML, CSV); only the
merged ranges and hidden columns, which a ledger's layout needs and a normalised workbook does not, are read
here (from calamine and the sheet's XML).
"""

from __future__ import annotations

import itertools
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa

from pairnet.loaders import read
from pairnet.loaders.formats import xls as xls_format
from pairnet.loaders.formats import xlsx as xlsx_format
from pairnet.loaders.formats.grid import BadCell, Block, Source

HEAD_ROWS = 30  # titles, 填报单位 lines and a header of up to three rows sit in the first rows
Merge = tuple[int, int, int, int]  # first row, first column, last row, last column (0-based, inclusive)


@dataclass
class Grid:
    """One sheet. ``head`` holds the first rows as trimmed text (None = blank); ``body(start)`` gives the rows
    from ``start`` (0-based) on, as a Block of text columns (and where the cells were numbers); ``merges`` and
    ``hidden`` are 0-based; ``bad`` are cells the reader could not take (formulas with no value, #REF!)."""

    title: str
    head: list[list[str | None]]
    body: Callable[[int], Block]
    merges: list[Merge] = field(default_factory=list)
    hidden: set[int] = field(default_factory=set)
    bad: list[BadCell] = field(default_factory=list)


def grids(path: Path) -> list[Grid]:
    """The sheets of a workbook or of one CSV file, in the file's order (``FileRefused`` when unreadable)."""
    found = read.sources(path)
    layout = _layout(path, found)
    return [_grid(s, *layout.get(s.title, ([], set()))) for s in found]


def _line_text(line: bytes) -> str:
    try:
        return read.decode(line)
    except Exception:
        return line.decode("utf-8", "replace")


def peek(path: Path) -> list[Grid]:
    """The sheets' first rows only (no body), enough to tell whether a file is a ledger: a workbook's sheets
    are not converted in full, nor a CSV file decoded beyond its start."""
    suffix = path.suffix.lower()
    if not path.is_file():
        return []
    if suffix in (".csv", ".txt"):
        with path.open("rb") as f:
            start = f.read(1 << 16)
        try:
            text = read.decode(start)
        except Exception:  # a cut multi-byte character or a mixed file: the full reader will tell
            try:
                text = read.decode(start[: start.rfind(b"\n") + 1]) if b"\n" in start else ""
            except Exception:  # a file mixing UTF-8 and GBK lines: each first line alone, so that the ledger is
                text = "\n".join(_line_text(b) for b in start.split(b"\n")[:HEAD_ROWS])  # still known, and refused
        import csv
        import io

        lines = text.splitlines()[:HEAD_ROWS]
        first = lines[0] if lines else ""
        delimiter = max((",", "\t", ";"), key=first.count) if first else ","
        head = [[read._text(c) for c in r] for r in csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)]
        return [Grid(path.stem, head, _no_body)]
    with path.open("rb") as f:
        magic = f.read(8)
    if not (magic.startswith(b"PK\x03\x04") or magic.startswith(b"\xd0\xcf\x11\xe0")):
        return grids(path)  # SpreadsheetML, HTML: small files, read in full
    from python_calamine import CalamineWorkbook

    xlsx_parts = _xlsx_parts(path) if magic.startswith(b"PK") else None
    hidden = _xlsx_hidden_columns(path) if xlsx_parts is not None else {}
    out = []
    wb = CalamineWorkbook.from_path(str(path))
    try:
        for name in wb.sheet_names:
            sheet = _sheet(path, wb, name, xlsx_parts)
            rows = [[read._text(c) for c in r] for r in itertools.islice(sheet.iter_rows(), HEAD_ROWS)]
            merges = [(a[0], a[1], b[0], b[1]) for a, b in (sheet.merged_cell_ranges or [])]
            out.append(Grid(name, rows, _no_body, merges, hidden.get(name, set())))
    finally:
        wb.close()
    return out


def _sheet(path: Path, wb: object, name: str, xlsx_parts: dict[str, str] | None) -> object:
    """The sheet as calamine parses it, once per file: the reading that follows takes the same parse. An .xlsx
    sheet's used range is checked before calamine lays it out."""
    if xlsx_parts is not None:
        return xlsx_format._parsed(path, wb, name, xlsx_parts.get(name))[0]
    return xls_format.parsed_sheet(path, wb, name)


def _xlsx_parts(path: Path) -> dict[str, str]:
    """Sheet name -> zip part, or nothing when the file is not a readable zip (the full reader will tell)."""
    try:
        with zipfile.ZipFile(path) as z:
            return xlsx_format._sheet_parts(z)
    except Exception:  # a damaged file: the full reader refuses it with its own message
        return {}


def _no_body(start: int) -> Block:
    raise RuntimeError("a peeked grid has no body: read the file with grids()")


def _grid(source: Source, merges: list[Merge], hidden: set[int]) -> Grid:
    opened: dict[str, object] = {}

    def open_() -> tuple[list[list[object]], object]:
        if "grid" not in opened:
            g = source.open()
            opened["grid"] = g
            opened["head"] = list(itertools.islice(g.rows, HEAD_ROWS))
        return opened["head"], opened["grid"]  # type: ignore[return-value]

    head_cells, g = open_()
    head = [[read._text(c) for c in r] for r in head_cells]

    def body(start: int) -> Block:
        rest = itertools.chain(head_cells[start:], g.rows)  # type: ignore[attr-defined]
        block = g.columns(rest, start)  # type: ignore[attr-defined]
        return block if isinstance(block, Block) else Block(list(block))

    return Grid(source.title, head, body, merges, hidden, list(getattr(g, "bad", [])))


def _layout(path: Path, found: list[Source]) -> dict[str, tuple[list[Merge], set[int]]]:
    """Merged ranges and hidden columns per sheet title, for the kinds that keep them (.xlsx, .xls)."""
    kinds = {s.kind for s in found}
    if not kinds & {"xlsx", "xls"}:
        return {}
    hidden = _xlsx_hidden_columns(path) if "xlsx" in kinds else {}
    out: dict[str, tuple[list[Merge], set[int]]] = {}
    try:
        from python_calamine import CalamineWorkbook

        xlsx_parts = _xlsx_parts(path) if "xlsx" in kinds else None
        wb = CalamineWorkbook.from_path(str(path))
        try:
            for name in wb.sheet_names:
                ranges = _sheet(path, wb, name, xlsx_parts).merged_cell_ranges or []
                out[name] = ([(a[0], a[1], b[0], b[1]) for a, b in ranges], hidden.get(name, set()))
        finally:
            wb.close()
    except Exception:  # merges are a help, not a need: a reader that cannot give them gives none
        return {name: ([], cols) for name, cols in hidden.items()}
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
            targets = {}
            for m in re.finditer(rb"<Relationship\b[^>]*>", rels):
                rid, target = re.search(rb'\bId="([^"]+)"', m.group(0)), re.search(rb'\bTarget="([^"]+)"', m.group(0))
                if rid and target:
                    targets[rid.group(1)] = target.group(1).decode()
            for m in re.finditer(rb"<(?:\w+:)?sheet\b[^>]*>", book):
                tag = m.group(0)
                name = re.search(rb'\bname="([^"]*)"', tag)
                rid = re.search(rb'\br:id="([^"]*)"', tag)
                if not name or not rid or rid.group(1) not in targets:
                    continue
                target = targets[rid.group(1)]
                member = target.lstrip("/") if target.startswith("/") else "xl/" + target
                with z.open(member) as f:
                    start = f.read(1 << 16).split(b"<sheetData", 1)[0]
                cols: set[int] = set()
                for col in _COLS.finditer(start):
                    attrs = dict(_ATTR.findall(col.group(0)))
                    if attrs.get(b"hidden") in (b"1", b"true") and b"min" in attrs and b"max" in attrs:
                        cols.update(range(int(attrs[b"min"]) - 1, min(int(attrs[b"max"]), 16384)))
                if cols:
                    out[_unescape(name.group(1).decode("utf-8"))] = cols
    except (KeyError, OSError, ValueError, zipfile.BadZipFile):
        return {}
    return out


def _unescape(s: str) -> str:
    return (s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'")
            .replace("&amp;", "&"))


def number_mask(block: Block, i: int, n: int) -> np.ndarray:
    """Per row, whether column ``i`` held a number cell (all False when the format has no number cells)."""
    mask = block.number_cells(i)
    return mask if mask is not None and len(mask) == n else np.zeros(n, dtype=bool)


def text_columns(block: Block) -> list[pa.Array]:
    """The block's columns trimmed, blank = null, each one Arrow array."""
    out = []
    for c in block.columns:
        c = read._cell_texts(c)
        out.append(c.combine_chunks() if isinstance(c, pa.ChunkedArray) else c)
    return out
