"""What every format reader gives: sheets as raw cells, lazily opened, with the cells it could not read."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa

from pairnet.graph.core.errors import PairnetError
from pairnet.graph.core.messages import Text


@dataclass
class Block:
    """The cells below a header row, one entry per column of the file.

    ``columns`` holds text (None where blank; numbers, dates and booleans already written as text);
    ``numbers`` holds, per column, a boolean array that is True where the cell was a number cell in the file
    (None when no cell of the column was): an ID number typed into a number cell has lost its last digits.
    """

    columns: list[pa.Array | pa.ChunkedArray]
    numbers: list[np.ndarray | None] = field(default_factory=list)

    def number_cells(self, i: int) -> np.ndarray | None:
        return self.numbers[i] if i < len(self.numbers) else None


@dataclass(frozen=True)
class BadCell:
    """A cell the reader found but cannot take: a formula without a saved value, or an error value (#REF!)."""

    row: int  # the spreadsheet's row number (1 = first row)
    column: int  # 0 = column A
    what: str  # "formula_no_value" | "error_cell" | "not_finite_cell"
    error: str | None = None  # the error as written (#REF!)

    @property
    def cell(self) -> str:
        return column_letters(self.column) + str(self.row)


@dataclass
class Grid:
    """One opened sheet: its rows from row 1 for the header search, and the columns of the rows left after it.

    ``columns(rows, header_row)`` is given the same iterator after the header search has taken rows 1 to
    ``header_row`` from it (a CSV reader parses the rest its own, faster way).
    """

    rows: Iterator[Sequence[Any]]
    columns: Callable[[Iterator[Sequence[Any]], int], Block]
    bad: list[BadCell] = field(default_factory=list)


@dataclass
class Source:
    """One sheet of a file, not yet read: ``open()`` reads it (or raises ``Unreadable``)."""

    title: str  # the file stem or sheet name as written
    kind: str  # "csv", "xlsx", "xls", "xml" or "html"
    open: Callable[[], Grid]


class Unreadable(PairnetError):
    """A sheet that cannot be read at all (``row`` when the trouble sits on one line); the message in both
    languages. A PairnetError, so that a reader that does not expect it still exits 2 with the message."""

    def __init__(self, text: Text, row: int | None = None) -> None:
        super().__init__(text.en)
        self.text = text
        self.row = row


def reason(e: BaseException) -> str:
    """A reader library's exception as one short line for a message."""
    return (str(e) or type(e).__name__).splitlines()[0][:200]


def column_letters(i: int) -> str:
    """Excel's letters for column ``i`` (0 = A).

    >>> column_letters(0), column_letters(25), column_letters(26), column_letters(16383)
    ('A', 'Z', 'AA', 'XFD')
    """
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(65 + r) + out
    return out
