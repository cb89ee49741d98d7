"""Excel 97-2003 (.xls, BIFF) workbooks through calamine; the format itself bounds a sheet (65,536 rows)."""

from __future__ import annotations

from pathlib import Path

from pairnet.graph.core.messages import loader_text
from pairnet.loaders.formats import cells, parsed
from pairnet.loaders.formats.grid import Grid, Source, Unreadable, reason
from pairnet.loaders.formats.limits import check_bytes, check_range


def sources(path: Path) -> list[Source]:
    """Every sheet of the .xls workbook, in its order."""
    check_bytes(path.name, path.stat().st_size)
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
        names = list(wb.sheet_names)
    except Exception as e:  # calamine raises its own error types for damaged or foreign files
        raise Unreadable(loader_text("cannot_open", path=path.name, kind=".xls", why=reason(e))) from None
    return [Source(name, "xls", lambda name=name: _grid(path, wb, name)) for name in names]


def _grid(path: Path, wb: object, name: str) -> Grid:
    try:
        sheet = parsed_sheet(path, wb, name)
        check_range(sheet.end[0] + 1 if sheet.end else 0, sheet.end[1] + 1 if sheet.end else 0)
        rows = sheet.to_python(skip_empty_area=False)
    except Unreadable:
        raise
    except Exception as e:
        raise Unreadable(loader_text("cannot_open", path=f"{path.name} [{name}]", kind=".xls", why=reason(e))) from None
    return Grid(iter(rows), lambda rest, _header_row: cells.block(rest))


def parsed_sheet(path: Path, wb: object, name: str) -> object:
    """The sheet as calamine parses it, once per file (recognising the file opens it first)."""
    return parsed.sheet(path, wb, name)[0]
