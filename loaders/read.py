"""Read a workbook (a folder of CSV files or one .xlsx) into raw text sheets with English column names."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import os
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from pairnet.graph.core.messages import Text
from pairnet.graph.core import schema
from pairnet.graph.core.errors import PairnetError
from pairnet.loaders.faults import Fault
from pairnet.graph.core.cells import FORMULA_START

HEADER_SEARCH_ROWS = 10  # title rows (often merged cells) may sit above the header
_BLANKS = " \t\r\n\u3000\u00a0\ufeff"
_NEUTRALISED = tuple("'" + c for c in FORMULA_START)


@dataclass
class RawSheet:
    """One sheet as text: ``frame`` has the sheet's known columns (English names, cells trimmed, blank = NA).

    The columns are pandas ``string`` columns backed by Arrow, so that checks run on whole columns.

    ``rows`` holds the spreadsheet's own row number of each frame row; ``headers`` maps each English column to
    the header the user wrote; ``title`` is the file or sheet name as given.
    """

    name: str
    title: str
    frame: pd.DataFrame
    rows: list[int]
    headers: dict[str, str] = field(default_factory=dict)


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


def read_sheets(path: str | os.PathLike[str]) -> tuple[dict[str, RawSheet], list[Fault]]:
    """Every known sheet of the workbook at ``path`` as text, and the faults found while reading.

    Unknown files and sheets are ignored; unknown columns too (a clerk's notes column does no harm).
    """
    p = Path(path)
    sources: list[tuple[str, Path | list[list[Any]]]]
    if p.is_dir():
        sources = _csv_sources(p)
    elif p.is_file() and p.suffix.lower() in (".xlsx", ".xlsm"):
        sources = _xlsx_sources(p)
    elif p.is_file() and p.suffix.lower() == ".csv":
        # One sheet on its own (e.g. approved proposals as pairings.csv for --append): named by its file name.
        if sheet_for(p.stem) is None:
            raise PairnetError(Text("read.one_csv", path=str(p)))
        sources = [(p.stem, p)]
    elif p.exists():
        raise PairnetError(Text("read.not_workbook", path=str(p)))
    else:
        raise PairnetError(Text("read.missing", path=str(p)))
    sheets: dict[str, RawSheet] = {}
    faults: list[Fault] = []
    for title, source in sources:
        name = sheet_for(title)
        if name is None:
            continue
        if name in sheets:
            faults.append(Fault(name, None, None, None, None,
                                f"given twice: as {sheets[name].title!r} and as {title!r}", title))
            continue
        try:
            if isinstance(source, Path):
                sheet, found = _csv_sheet(name, title, source)
            else:
                sheet, found = _raw_sheet(name, title, iter(source), _xlsx_columns)
        except _Unreadable as e:
            faults.append(Fault(name, None, None, None, None, str(e), title))
            continue
        faults.extend(found)
        if sheet is not None:
            sheets[name] = sheet
    return sheets, faults


class _Unreadable(Exception):
    pass


# The cells below the header, one text array per column of the file (None where a row is short).
Columns = list[pa.Array | pa.ChunkedArray]


def _raw_sheet(name: str, title: str, rows: Iterator[Sequence[Any]],
               columns: Callable[[Iterator[Sequence[Any]], int], Columns]) -> tuple[RawSheet | None, list[Fault]]:
    """Find the header row, map its cells to columns, and keep the non-blank rows below it with their row numbers.

    ``columns(rows, header_row)`` gives the cells of the rows left after the header, column by column: the
    cells are trimmed and checked as whole columns, because a workbook holds millions of them.
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
        return None, [Fault(name, None, None, None, None,
                            f"no header row found in the first {HEADER_SEARCH_ROWS} rows (expected columns: {expected})",
                            title)]
    faults: list[Fault] = []
    positions: dict[str, int] = {}
    headers: dict[str, str] = {}
    for i, h in enumerate(header):
        col = known.get(normalise_name(h)) if h else None
        if col is None:
            continue
        if col in positions:
            faults.append(Fault(name, header_row, None, col, None,
                                f"column given twice (as {headers[col]!r} and {h!r})", title, h))
            continue
        positions[col], headers[col] = i, h
    cells = [_cell_texts(c) for c in columns(rows, header_row)]
    n = len(cells[0]) if cells else 0
    # a row is kept when any of its cells holds text, also in a column that is not read (a clerk's note)
    keep = np.zeros(n, dtype=bool)
    for c in cells:
        keep |= c.is_valid().to_numpy(zero_copy_only=False)
    kept = np.flatnonzero(keep)
    if len(kept) < n:
        cells = [c.take(kept) for c in cells]
    blank = pa.nulls(len(kept), pa.string())  # a column the header names but no row reaches
    frame = pd.DataFrame({col: _strings(cells[i] if i < len(cells) else blank) for col, i in positions.items()})
    return RawSheet(name, title, frame, (kept + header_row + 1).tolist(), headers), faults


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


def _python_columns(rows: Iterator[Sequence[Any]]) -> Columns:
    """Columns of rows given as Python cells; short rows are padded with None so every column is as long."""
    data = list(rows)
    width = max((len(r) for r in data), default=0)
    padded = [list(r) + [None] * (width - len(r)) if len(r) < width else r for r in data]
    return [pa.array(col, pa.string()) for col in zip(*padded)]


def _xlsx_columns(rows: Iterator[Sequence[Any]], header_row: int) -> Columns:
    """XLSX cells hold numbers, dates and booleans too: those are written as text first (strings are left for
    _cell_texts, which would otherwise take a neutralising quote off twice)."""
    return _python_columns([c if isinstance(c, str) or c is None else _text(c) for c in r] for r in rows)


def _text(v: Any) -> str | None:
    """A cell as trimmed text (None when blank); numbers as written, never in exponent form or with ``.0``."""
    if v is None:
        return None
    if isinstance(v, str):
        s = v.strip(_BLANKS)
        if s[:2] in _NEUTRALISED:  # written neutralised ('=...): the value is what follows
            s = s[1:]
        return s or None
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if v != v:
            return None
        return str(int(v)) if v.is_integer() else repr(v)
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time() else v.isoformat(sep=" ")
    if isinstance(v, (dt.date, dt.time)):
        return v.isoformat()
    return str(v).strip(_BLANKS) or None


# --- CSV folders ----------------------------------------------------------------------------------------
def _csv_sources(folder: Path) -> list[tuple[str, Path]]:
    files = sorted(f for f in folder.iterdir() if f.is_file() and f.suffix.lower() in (".csv", ".txt"))
    if not files:
        raise PairnetError(Text("read.no_csv", path=str(folder)))
    return [(f.stem, f) for f in files if sheet_for(f.stem) is not None]


def decode(data: bytes) -> str:
    """Text of a CSV file: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (a superset of GBK)."""
    if data.startswith(codecs.BOM_UTF8):
        candidates = [("utf-8", data[len(codecs.BOM_UTF8):])]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = [("utf-16", data)]
    else:
        candidates = [("utf-8", data), ("gb18030", data)]
    for encoding, raw in candidates:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _Unreadable(f"cannot read the file's text: not {' nor '.join(e for e, _ in candidates)}")


def _csv_sheet(name: str, title: str, path: Path) -> tuple[RawSheet | None, list[Fault]]:
    """One CSV file as a sheet: the csv module finds the header, Arrow reads the rows below it when it can."""
    text = decode(path.read_bytes())
    first = text[:4096].split("\n", 1)[0]
    delimiter = max((",", "\t", ";"), key=first.count) if first else ","

    def columns(rows: Iterator[Sequence[Any]], header_row: int) -> Columns:
        parsed = _arrow_columns(text, header_row, delimiter)
        return parsed if parsed is not None else _python_columns(rows)

    return _raw_sheet(name, title, csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), columns)


_LINE_END = re.compile(r"\r\n|\r|\n")


def _arrow_columns(text: str, header_row: int, delimiter: str) -> Columns | None:
    """The cells below row ``header_row`` parsed by Arrow's CSV reader, many times faster than the csv module.

    None when Arrow might split the rows differently from the csv module: quotes (a quoted cell may hold a
    delimiter or a line break, and Python reads stray quotes its own way), NUL characters, or rows of
    different lengths (the csv module pads them; Arrow refuses them). The caller then reads the rows itself.
    Without quotes every line is one row, so row numbers stay the line numbers the csv module counts.
    """
    data = text.encode("utf-8")
    if b'"' in data or b"\0" in data:
        return None
    start = 0
    for _, line_end in zip(range(header_row), _LINE_END.finditer(text)):
        start, header_row = line_end.end(), header_row - 1
    if header_row or start >= len(text):  # nothing below the header
        return None
    first = _LINE_END.search(text, start)
    width = text.count(delimiter, start, first.start() if first else len(text)) + 1
    names = [f"c{i}" for i in range(width)]
    try:
        table = pacsv.read_csv(
            pa.py_buffer(data)[len(text[:start].encode("utf-8")):],
            pacsv.ReadOptions(column_names=names),
            # blank lines are kept as rows of empty cells, so that the row numbers stay right
            pacsv.ParseOptions(delimiter=delimiter, quote_char=False, ignore_empty_lines=False),
            pacsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False))
    except pa.ArrowInvalid:
        return None
    return table.columns


# --- XLSX workbooks ------------------------------------------------------------------------------------
def _xlsx_sources(path: Path) -> list[tuple[str, list[list[Any]]]]:
    """Rows of each known sheet, from row 1 (blank rows kept so that row numbers stay the spreadsheet's)."""
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:  # the Rust reader is about ten times faster; openpyxl gives the same rows
        return _openpyxl_sources(path)
    try:
        wb = CalamineWorkbook.from_path(str(path))
    except Exception as e:  # calamine raises its own error types for damaged or foreign files
        raise PairnetError(Text("read.bad_xlsx", path=str(path), why=str(e))) from e
    try:
        return [(name, wb.get_sheet_by_name(name).to_python(skip_empty_area=False))
                for name in wb.sheet_names if sheet_for(name) is not None]
    finally:
        wb.close()


def _openpyxl_sources(path: Path) -> list[tuple[str, list[tuple[Any, ...]]]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        # read_only streams rows; data_only gives the values cached for formula cells
        wb = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError, zipfile.BadZipFile) as e:
        raise PairnetError(Text("read.bad_xlsx", path=str(path), why=str(e))) from e
    try:
        out = []
        for ws in wb.worksheets:
            if sheet_for(ws.title) is None:
                continue
            ws.reset_dimensions()  # exporters often write a wrong <dimension>, which would cut rows short
            out.append((ws.title, list(ws.iter_rows(values_only=True))))
        return out
    finally:
        wb.close()
