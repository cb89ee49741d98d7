"""Excel .xlsx workbooks through calamine, each sheet's used range bounded from its XML before it is read."""

from __future__ import annotations

import math
import posixpath
import re
import zipfile
from pathlib import Path

import numpy as np

from pairnet.graph.core.messages import loader_text
from pairnet.loaders.formats import cells, parsed
from pairnet.loaders.formats.grid import BadCell, Grid, Source, Unreadable, reason
from pairnet.loaders.formats.limits import check_bytes, check_range
from pairnet.loaders.formats.xmlsafe import local, parse

_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def sources(path: Path) -> list[Source]:
    """Every sheet of the workbook, in its order (opened lazily; a part too big to unpack refuses the file)."""
    try:
        with zipfile.ZipFile(path) as z:
            for info in z.infolist():
                check_bytes(info.filename, info.file_size)
            parts = _sheet_parts(z)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, EOFError) as e:
        raise Unreadable(loader_text("cannot_open", path=path.name, kind=".xlsx", why=reason(e))) from None
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:  # the Rust reader is about ten times faster; openpyxl gives the same rows
        return _openpyxl_sources(path, parts)
    try:
        wb = CalamineWorkbook.from_path(str(path))
        names = list(wb.sheet_names)
    except Exception as e:  # calamine raises its own error types for damaged or foreign files
        raise Unreadable(loader_text("cannot_open", path=path.name, kind=".xlsx", why=reason(e))) from None
    return [Source(name, "xlsx", lambda name=name: _grid(path, wb, name, parts.get(name))) for name in names]


def _openpyxl_sources(path: Path, parts: dict[str, str]) -> list[Source]:
    from openpyxl import load_workbook

    try:
        # read_only streams rows; data_only gives the values cached for formula cells
        wb = load_workbook(path, read_only=True, data_only=True)
        names = list(wb.sheetnames)
    except Exception as e:
        raise Unreadable(loader_text("cannot_open", path=path.name, kind=".xlsx", why=reason(e))) from None

    def grid(name: str) -> Grid:
        bad = _bounded(path, name, parts.get(name))
        ws = wb[name]
        ws.reset_dimensions()  # exporters often write a wrong <dimension>, which would cut rows short
        return Grid(ws.iter_rows(values_only=True), lambda rows, _header_row: cells.block(rows), bad)

    return [Source(name, "xlsx", lambda name=name: grid(name)) for name in names]


def _bounded(path: Path, name: str, part: str | None) -> list[BadCell]:
    """The sheet's cells a reader cannot take, after its used range is checked against the limits."""
    if part is None:
        return []
    try:
        with zipfile.ZipFile(path) as z:
            data = z.read(part)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, EOFError) as e:
        raise Unreadable(loader_text("cannot_open", path=f"{path.name} [{name}]", kind=".xlsx", why=reason(e))) from None
    rows, columns, bad, cells_ = bounds_and_bad_cells(data, count=True)
    check_range(rows, columns, cells_)
    return bad


def _sheet_parts(z: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the zip part holding its XML, from the workbook and its relationships."""
    book = parse(z.read("xl/workbook.xml"), "xl/workbook.xml")
    rels = parse(z.read("xl/_rels/workbook.xml.rels"), "xl/_rels/workbook.xml.rels")
    target = {r.get("Id"): r.get("Target", "") for r in rels.iter() if local(r.tag) == "Relationship"}
    out = {}
    for s in book.iter():
        if local(s.tag) == "sheet" and s.get(_REL) in target:
            t = target[s.get(_REL)]
            out[s.get("name", "")] = t.lstrip("/") if t.startswith("/") else posixpath.normpath("xl/" + t)
    return out


def forget() -> None:
    """Let go of the parsed sheets kept for the next read of the same file."""
    parsed.forget()


def _parsed(path: Path, wb: object, name: str, part: str | None) -> tuple[object, list[BadCell]]:
    """The sheet as calamine parses it (once per file), its used range checked before it is laid out."""
    return parsed.sheet(path, wb, name, lambda: _bounded(path, name, part))


def _grid(path: Path, wb: object, name: str, part: str | None) -> Grid:
    try:
        sheet, bad = _parsed(path, wb, name, part)
    except Unreadable:
        raise
    except Exception as e:
        raise Unreadable(loader_text("cannot_open", path=f"{path.name} [{name}]", kind=".xlsx",
                                     why=reason(e))) from None
    try:
        cells_ = sheet.to_python(skip_empty_area=False)  # type: ignore[attr-defined]
    except Exception as e:
        raise Unreadable(loader_text("cannot_open", path=f"{path.name} [{name}]", kind=".xlsx",
                                     why=reason(e))) from None
    return Grid(iter(cells_), lambda rows, _header_row: cells.block(rows), bad)


def _prefix(data: bytes) -> bytes:
    """The namespace prefix the sheet's XML writes its elements with (``x:`` in ``<x:c>``), usually none."""
    m = re.search(rb"<(\w+:)?sheetData\b", data)
    return (m.group(1) or b"") if m else b""


def _pairs(data: bytes, pair: bytes) -> np.ndarray:
    """Positions of the two-byte ``pair`` in ``data``, found with numpy (two passes over 16-bit words)."""
    code = int.from_bytes(pair, "little")
    n = len(data)
    even = np.flatnonzero(np.frombuffer(data, "<u2", count=n // 2) == code) * 2
    odd = np.flatnonzero(np.frombuffer(data, "<u2", count=(n - 1) // 2, offset=1) == code) * 2 + 1
    return np.concatenate([even, odd])


def _scan(data: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The sheet's bytes, where its ``r="A1"`` references start, and where its ``t="e"`` (error) attributes are."""
    a = np.frombuffer(data, dtype=np.uint8)
    out = []
    for name in (b"r=", b"t="):
        q = _pairs(data, name)
        q = q[(q >= 1) & (q < len(data) - 16)]
        q = q[np.isin(a[q - 1], (32, 9, 10, 13)) & np.isin(a[q + 2], (34, 39))]
        out.append(q)
    refs, types = out
    errors = types[(a[types + 3] == ord("e")) & np.isin(a[types + 4], (34, 39))]
    return a, refs + 3, np.sort(errors)


def used_range(data: bytes) -> tuple[int, int]:
    """(last row, last column) that a sheet's XML reaches, read from its cell references without parsing it.

    Every ``r="XFD1048576"`` reference is decoded at once with numpy; cells or rows written without a reference
    (the format allows it: they follow the one before) are counted on top, so the result is never less than
    the range a reader lays out.
    """
    a, p, _ = _scan(data)
    return _range(data, a, p)


def _range(data: bytes, a: np.ndarray, p: np.ndarray) -> tuple[int, int]:
    m = a[p[:, None] + np.arange(13)]  # the reference's letters and digits, one row per reference
    upper = (m >= 65) & (m <= 90)
    letters = np.logical_and.accumulate(upper[:, :4], axis=1).sum(axis=1)
    last_col, last_row = 0, 0
    for n in range(5):
        at = letters == n
        if not at.any():
            continue
        sub = m[at]
        if n:
            first = sub[:, 0].astype(np.int64) - 64
            col = first if n == 1 else _letters_value(sub[:, :n]) if n < 4 else np.full(len(sub), 26 ** 4)
            last_col = max(last_col, int(col.max()))
        digits = sub[:, n:n + 9]
        run = np.logical_and.accumulate((digits >= 48) & (digits <= 57), axis=1).sum(axis=1)
        longest = int(run.max())
        if longest == 9 and n + 9 <= 12 and ((sub[run == 9, n + 9] >= 48) & (sub[run == 9, n + 9] <= 57)).any():
            last_row = max(last_row, 10 ** 9)
        elif longest:
            top = digits[run == longest, :longest].astype(np.int64) - 48
            last_row = max(last_row, int((top @ (10 ** np.arange(longest - 1, -1, -1))).max()))
    pre = _prefix(data)
    n_cells, n_rows = _elements(data, a, pre, b"c"), _elements(data, a, pre, b"row")
    if n_cells > int((letters > 0).sum()):  # cells without a reference: as wide as the most cells in a row
        last_col += _most_cells_in_a_row(data, pre)
    if n_rows > int((letters == 0).sum()):
        last_row += n_rows
    return last_row, last_col


def _letters_value(letters: np.ndarray) -> np.ndarray:
    out = np.zeros(len(letters), dtype=np.int64)
    for k in range(letters.shape[1]):
        out = out * 26 + letters[:, k].astype(np.int64) - 64
    return out


_ENDS = (32, 9, 10, 13, ord(">"), ord("/"))


def _elements(data: bytes, a: np.ndarray, pre: bytes, name: bytes) -> int:
    """How many ``<name`` elements ``data`` holds (with the sheet's namespace prefix)."""
    if pre:
        return sum(data.count(b"<" + pre + name + bytes([end])) for end in _ENDS)
    at = _pairs(data, b"<" + name[:1])
    at = at[at < len(data) - len(name) - 1]
    ok = np.ones(len(at), dtype=bool)
    for k, ch in enumerate(name[1:], start=2):
        ok &= a[at + k] == ch
    return int((ok & np.isin(a[at + len(name) + 1], _ENDS)).sum())


def bounds_and_bad_cells(data: bytes, count: bool = False) -> tuple:
    """The sheet's used range (see ``used_range``), its formula cells without a saved value and its error cells
    (``t="e"``): calamine reads both as blank. ``count`` adds the number of cells the XML holds."""
    a, p, errors = _scan(data)
    rows, cols = _range(data, a, p)
    pre = re.escape(_prefix(data))
    bad: list[BadCell] = []
    if _elements(data, a, _prefix(data), b"f"):
        bad.extend(_formulas_without_value(data, pre))
    for e in errors.tolist():
        start = _cell_start(data, pre, e)
        end = data.find(b"</" + _prefix(data) + b"c>", e)
        value = re.search(b"<" + pre + rb"v>([^<]*)</", data[start:end if end > 0 else len(data)])
        error = value.group(1).decode("utf-8", "replace") if value else "#N/A"
        bad.extend(_at(data[start:e + 8], "error_cell", error))
    for m in _NOT_FINITE.finditer(data):  # inf, nan or 1e400 written as a number: read as blank or as "inf"
        start = _cell_start(data, pre, m.start())
        head = data[start:m.start()]
        if not math.isfinite(float(m.group(1))) and not re.search(rb'\st=["\'](?:s|str|inlineStr|e)["\']', head):
            bad.extend(_at(head, "not_finite_cell", m.group(1).decode("ascii", "replace")))
    bad.sort(key=lambda b: (b.row, b.column))
    if count:  # with the number of cells the sheet holds, for the sparse-range limit
        return rows, cols, bad, _elements(data, a, _prefix(data), b"c")
    return rows, cols, bad


# a number cell's value that is no finite number: NaN, INF, Infinity, or an exponent past a double's range
_NOT_FINITE = re.compile(rb"<(?:\w+:)?v>\s*([-+]?(?:nan|inf(?:inity)?|\d*\.?\d+e\+?\d{3,}))\s*</", re.I)


def _most_cells_in_a_row(data: bytes, pre: bytes) -> int:
    starts = [m.start() for m in re.finditer(b"<" + re.escape(pre) + rb"row[\s>/]", data)] + [len(data)]
    cells_at = np.array([m.start() for m in re.finditer(b"<" + re.escape(pre) + rb"c[\s>/]", data)], dtype=np.int64)
    counts = np.diff(np.searchsorted(cells_at, np.array(starts)))
    return int(counts.max()) if len(counts) else len(cells_at)


def _formulas_without_value(data: bytes, pre: bytes) -> list[BadCell]:
    out = []
    formula = re.compile(b"<" + pre + rb"f\b[^>]*?(?:/>|>[^<]*</" + pre + rb"f>)\s*(?:<" + pre + rb"v\s*/>|<" + pre
                         + rb"v>\s*</" + pre + rb"v>)?\s*</" + pre + rb"c>")
    for m in formula.finditer(data):
        start = _cell_start(data, pre, m.start())
        head = data[start:m.start()]
        if re.search(rb'\st=["\']str["\']', head) and re.search(b"<" + pre + rb"v>\s*</", m.group(0)):
            continue  # a formula whose saved value is the empty text
        out.extend(_at(head, "formula_no_value", None))
    return out


def _cell_start(data: bytes, pre: bytes, pos: int) -> int:
    """Where the ``<c`` element holding position ``pos`` starts."""
    window = max(0, pos - 4096)
    found = [m.start() for m in re.finditer(b"<" + pre + rb"c[\s>]", data[window:pos])]
    return window + found[-1] if found else pos


def _at(head: bytes, what: str, error: str | None) -> list[BadCell]:
    m = re.search(rb'\sr=["\']([A-Z]{1,3})(\d{1,7})["\']', head)
    if not m:
        return []
    col = 0
    for ch in m.group(1):
        col = col * 26 + ch - 64
    return [BadCell(int(m.group(2)), col - 1, what, error)]
