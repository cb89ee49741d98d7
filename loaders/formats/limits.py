"""The sizes pairnet reads, stated once and checked before a sheet is read into memory."""

from __future__ import annotations

from pairnet.graph.core.messages import loader_text
from pairnet.loaders.formats.grid import Unreadable, column_letters

MAX_COLUMNS = 16_384  # Excel's own (XFD)
MAX_ROWS = 1_048_576  # Excel's own
MAX_CELLS = 50_000_000  # rows x columns of one sheet's used range (a province's households fit in three sheets)
MAX_CELL_CHARS = 131_072  # Excel holds 32,767; the csv module's default field limit
MAX_PART_BYTES = 1 << 30  # one unpacked part of an .xlsx (a sheet's XML), and one .xls, .csv or XML file


def check_range(rows: int, columns: int) -> None:
    """Raise ``Unreadable`` when a used range of ``rows`` x ``columns`` is more than pairnet reads."""
    if columns > MAX_COLUMNS or rows > MAX_ROWS or rows * columns > MAX_CELLS:
        cell = (column_letters(columns - 1) if columns <= 10 * MAX_COLUMNS else f"column {columns:,} ") + str(rows)
        raise Unreadable(loader_text("sheet_too_big", cell=cell, rows=rows, cols=columns, max_cols=MAX_COLUMNS,
                                     max_cells=MAX_CELLS))


def check_bytes(part: str, size: int) -> None:
    if size > MAX_PART_BYTES:
        raise Unreadable(loader_text("part_too_big", part=part, limit=MAX_PART_BYTES))
