"""Read a workbook (a folder of CSV files, one CSV file, .xlsx or .xls) into raw text sheets with English column
names: find each sheet's header row, map its headers, keep the rows below it with their spreadsheet row numbers."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pairnet.graph.core import schema
from pairnet.graph.core.messages import loader_text
from pairnet.loaders.faults import Fault, FileRefused, language
from pairnet.loaders.formats import cells as _cells
from pairnet.loaders.formats import xlsx
from pairnet.loaders.formats.csvfile import arrow_columns as _arrow_columns  # noqa: F401 (tests reach it here)
from pairnet.loaders.formats.csvfile import decode  # noqa: F401 (part of the reader's API)
from pairnet.loaders.formats.files import sources
from pairnet.loaders.formats.grid import BadCell, Block, Source, Unreadable
from pairnet.loaders.formats.limits import MAX_CELL_CHARS

HEADER_SEARCH_ROWS = 10  # title rows (often merged cells) may sit above the header
_BLANKS = _cells.BLANKS
_NEUTRALISED = _cells.NEUTRALISED
_text = _cells.text

__all__ = ["HEADER_SEARCH_ROWS", "RawSheet", "Source", "decode", "normalise_name", "read_sheets", "sheet_for",
           "sheet_language", "sources"]


@dataclass
class RawSheet:
    """One sheet as text: ``frame`` has the sheet's known columns (English names, cells trimmed, blank = NA).

    The columns are pandas ``string`` columns backed by Arrow, so that checks run on whole columns.

    ``rows`` holds the spreadsheet's own row number of each frame row; ``headers`` maps each English column to
    the header the user wrote; ``title`` is the file or sheet name as given. ``numbers`` holds, for a column
    where the file had number cells (an .xlsx or .xls), a boolean array per frame row: True where the cell was a
    number, so that an ID number or a code Excel has already changed can be refused.
    """

    name: str
    title: str
    frame: pd.DataFrame
    rows: list[int]
    headers: dict[str, str] = field(default_factory=dict)
    numbers: dict[str, np.ndarray] = field(default_factory=dict)


def normalise_name(text: str) -> str:
    """Header / sheet-name form used for matching: trimmed, lower case, no inner blanks, no required-marker ``*``."""
    return "".join(ch for ch in str(text) if ch not in _BLANKS).lstrip("*＊").lower()


def _sheet_names() -> dict[str, str]:
    out = {}
    for s in schema.SHEETS:
        for alias in (s.name, *schema.SHEET_ZH.get(s.name, ())):
            out[normalise_name(alias)] = s.name
    return out


def _column_names(sheet: schema.Sheet) -> dict[str, str]:
    out: dict[str, str] = {}
    for p in sheet.columns:
        for alias in (p.name, *p.zh):
            out.setdefault(normalise_name(alias), p.name)
    return out


SHEET_NAMES = _sheet_names()
COLUMN_NAMES = {s.name: _column_names(s) for s in schema.SHEETS}


def sheet_for(title: str) -> str | None:
    """The English sheet name a file stem or XLSX sheet title stands for (``贫困户`` -> ``households``), or None."""
    return SHEET_NAMES.get(normalise_name(title))


def sheet_language(sheets: dict[str, RawSheet]) -> str:
    """``zh`` when the sheets' titles or headers as written are Chinese, else ``en``; with no sheet pairnet knows
    (a ledger with its header missing, an empty file) the user's language (``default_lang``), not English."""
    from pairnet.graph.core.messages import default_lang

    if not sheets:
        return default_lang()
    return language(*(s.title for s in sheets.values()), *(h for s in sheets.values() for h in s.headers.values()))


def read_sheets(path: str | os.PathLike[str]) -> tuple[dict[str, RawSheet], list[Fault]]:
    """Every known sheet of the workbook at ``path`` as text, and the faults found while reading.

    Unknown files and sheets are ignored; unknown columns too (a clerk's notes column does no harm). A file
    that cannot be read at all raises ``FileRefused``.
    """
    p = Path(path)
    found = sources(p)
    if p.is_file() and found and found[0].kind == "csv" and sheet_for(found[0].title) is None:
        # One sheet on its own (e.g. approved proposals as pairings.csv for --append): named by its file name.
        raise FileRefused(loader_text("one_csv_name", path=p), language(p.name))
    sheets: dict[str, RawSheet] = {}
    faults: list[Fault] = []
    try:
        _read_known(found, sheets, faults)
    finally:
        xlsx.forget()  # the parsed sheets of this file are no longer needed
    return sheets, faults


def _read_known(found: list[Source], sheets: dict[str, RawSheet], faults: list[Fault]) -> None:
    """Each source whose title is a known sheet, read into ``sheets`` (faults into ``faults``)."""
    for source in found:
        name = sheet_for(source.title)
        if name is None:
            continue
        if name in sheets:
            faults.append(Fault.of(name, None, None, None, None, loader_text(
                "given_twice_sheet", first=sheets[name].title, second=source.title), source.title))
            continue
        try:
            sheet, more = raw_sheet(name, source)
        except Unreadable as e:
            faults.append(Fault.of(name, e.row, None, None, None, e.text, source.title))
            continue
        faults.extend(more)
        if sheet is not None:
            sheets[name] = sheet


def raw_sheet(name: str, source: Source) -> tuple[RawSheet | None, list[Fault]]:
    """The sheet ``name`` (English) read from ``source``; ``Unreadable`` when it cannot be read at all."""
    grid = source.open()
    return _raw_sheet(name, source.title, grid.rows, grid.columns, grid.bad)


# The cells below the header, one text array per column of the file (None where a row is short).
Columns = list[pa.Array | pa.ChunkedArray]


def _raw_sheet(name: str, title: str, rows: Iterator[Sequence[Any]],
               columns: Callable[[Iterator[Sequence[Any]], int], Block | Columns],
               bad: Sequence[BadCell] = ()) -> tuple[RawSheet | None, list[Fault]]:
    """Find the header row, map its cells to columns, and keep the non-blank rows below it with their row numbers.

    ``columns(rows, header_row)`` gives the cells of the rows left after the header, column by column: the
    cells are trimmed and checked as whole columns, because a workbook holds millions of them. ``bad`` are
    cells the reader could not take (formulas without a value, error cells): each one below the header in a
    column that is read is a fault.
    """
    known = COLUMN_NAMES[name]
    need = min(2, len(schema.SHEET[name].columns))
    header: list[str] | None = None
    header_row = 0
    seen_text = False
    for header_row, cells in enumerate(rows, start=1):
        texts = [_text(c) or "" for c in cells]
        seen_text = seen_text or any(texts)
        if sum(normalise_name(t) in known for t in texts if t) >= need:
            header = texts
            break
        if header_row >= HEADER_SEARCH_ROWS:
            break
    if header is None and not seen_text:
        return None, []  # an empty file or sheet is taken as absent
    if header is None:
        expected = ", ".join(schema.SHEET[name].column_names)
        return None, [Fault.of(name, None, None, None, None,
                               loader_text("no_header", n=HEADER_SEARCH_ROWS, expected=expected), title)]
    faults: list[Fault] = []
    positions: dict[str, int] = {}
    headers: dict[str, str] = {}
    for i, h in enumerate(header):
        col = known.get(normalise_name(h)) if h else None
        if col is None:
            continue
        if col in positions:
            faults.append(Fault.of(name, header_row, None, col, None,
                                   loader_text("column_twice", first=headers[col], second=h), title, h))
            continue
        positions[col], headers[col] = i, h
    block = columns(rows, header_row)
    if not isinstance(block, Block):
        block = Block(list(block))
    cells = [_cell_texts(c) for c in block.columns]
    n = len(cells[0]) if cells else 0
    for col, i in positions.items():  # a cell too long to be a value (a pasted file, a runaway quote)
        # bytes first (read off the offsets): only a column with that many bytes can have that many characters
        if i < len(cells) and n and (pc.max(pc.binary_length(cells[i])).as_py() or 0) > MAX_CELL_CHARS and (
                pc.max(pc.utf8_length(cells[i])).as_py() or 0) > MAX_CELL_CHARS:
            lengths = pc.utf8_length(cells[i]).to_numpy(zero_copy_only=False)
            for j in np.flatnonzero(np.nan_to_num(lengths.astype(float)) > MAX_CELL_CHARS):
                faults.append(Fault.of(name, header_row + 1 + int(j), None, col, None, loader_text(
                    "cell_too_long", n=int(lengths[j]), limit=MAX_CELL_CHARS), title, headers[col]))
            cells[i] = pc.if_else(pc.greater(pc.utf8_length(cells[i]), MAX_CELL_CHARS),
                                  pa.scalar(None, pa.string()), cells[i])
    read_at = {i: col for col, i in positions.items()}
    for b in bad:
        if b.row > header_row and b.column in read_at:
            col = read_at[b.column]
            faults.append(Fault.of(name, b.row, None, col, None, loader_text(b.what, cell=b.cell, error=b.error),
                                   title, headers[col]))
    # a row is kept when any of its cells holds text, also in a column that is not read (a clerk's note)
    keep = np.zeros(n, dtype=bool)
    for c in cells:
        keep |= c.is_valid().to_numpy(zero_copy_only=False)
    for b in bad:  # a row whose only cell is a formula without a value is still a row
        if header_row < b.row <= header_row + n:
            keep[b.row - header_row - 1] = True
    kept = np.flatnonzero(keep)
    if len(kept) < n:
        cells = [c.take(kept) for c in cells]
    blank = pa.nulls(len(kept), pa.string())  # a column the header names but no row reaches
    frame = pd.DataFrame({col: _strings(cells[i] if i < len(cells) else blank) for col, i in positions.items()})
    numbers = {}
    for col, i in positions.items():
        mask = block.number_cells(i)
        if mask is not None and mask.any():
            numbers[col] = mask[kept] if len(kept) < n else mask
    return RawSheet(name, title, frame, (kept + header_row + 1).tolist(), headers, numbers), faults


def _cell_texts(cells: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """Text cells as ``_text`` gives them, a whole column at once: trimmed, un-neutralised, blank = null."""
    s = pc.utf8_trim(cells, characters=_BLANKS)
    if pc.any(pc.starts_with(s, "'"), min_count=0).as_py():  # rare: spare the full test on most columns
        neutralised = pc.starts_with(s, _NEUTRALISED[0])
        for prefix in _NEUTRALISED[1:]:
            neutralised = pc.or_(neutralised, pc.starts_with(s, prefix))
        # only the quote goes: what follows it is not trimmed again, as in _text
        s = pc.if_else(neutralised, pc.utf8_slice_codeunits(s, 1), s)
    return pc.if_else(pc.equal(pc.utf8_length(s), 0), pa.scalar(None, pa.string()), s)


def _strings(cells: pa.Array | pa.ChunkedArray) -> pd.Series:
    """A pandas text column backed by the arrow array (no per-cell Python objects)."""
    chunks = cells.chunks if isinstance(cells, pa.ChunkedArray) else [cells]
    return pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array(chunks, pa.string())))

