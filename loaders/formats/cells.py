"""Python cells (as spreadsheet readers give them) into text columns, remembering which cells were numbers."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pairnet.loaders.formats.grid import Block

BLANKS = " \t\r\n\u3000\u00a0\ufeff"
NEUTRALISED = tuple("'" + c for c in ("=", "+", "-", "@", "\t", "\r"))


def text(v: Any) -> str | None:
    """A cell as trimmed text (None when blank); numbers as written, never in exponent form or with ``.0``."""
    if v is None:
        return None
    if isinstance(v, str):
        s = v.strip(BLANKS)
        if s[:2] in NEUTRALISED:  # written neutralised ('=...): the value is what follows
            s = s[1:]
        return s or None
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if not math.isfinite(v):
            return None if v != v else repr(v)
        return str(int(v)) if v.is_integer() else repr(v)
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time() else v.isoformat(sep=" ")
    if isinstance(v, (dt.date, dt.time)):
        return v.isoformat()
    return str(v).strip(BLANKS) or None


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def column(cells: Sequence[Any]) -> tuple[pa.Array, np.ndarray | None]:
    """One column of Python cells as text (strings left for the reader's own trimming, which takes a
    neutralising quote off once) and where its cells were numbers (None when none was).

    A column of strings alone goes to Arrow in one call; a column of numbers too (whole numbers are written
    without ``.0``); only a column that mixes kinds takes a Python step per cell.
    """
    try:
        arr = pa.array(cells, from_pandas=False)
    except (pa.ArrowException, OverflowError, TypeError, ValueError):
        arr = None
    if arr is not None and (pa.types.is_string(arr.type) or pa.types.is_null(arr.type)):
        return arr.cast(pa.string()), None
    if arr is not None and pa.types.is_floating(arr.type):
        values = arr.to_numpy(zero_copy_only=False)
        given = ~np.isnan(values)
        whole = given & np.isfinite(values) & (np.abs(values) < 2 ** 53) & (np.floor(values) == values)
        if whole.all() or not (given & ~whole).any():
            ints = pc.cast(pc.if_else(pa.array(whole), arr, pa.scalar(0.0)), pa.int64())
            out = pc.if_else(pa.array(whole), pc.cast(ints, pa.string()), pa.scalar(None, pa.string()))
            return out, given
    if arr is not None and (pa.types.is_date(arr.type) or pa.types.is_boolean(arr.type)):
        return pc.cast(arr, pa.string()), None
    if arr is not None and pa.types.is_integer(arr.type):
        return pc.cast(arr, pa.string()), arr.is_valid().to_numpy(zero_copy_only=False)
    numbers = np.fromiter((_is_number(c) for c in cells), dtype=bool, count=len(cells))
    out = pa.array([c if isinstance(c, str) or c is None else text(c) for c in cells], pa.string())
    return out, numbers if numbers.any() else None


def block(rows: Iterable[Sequence[Any]]) -> Block:
    """The columns of ``rows``; short rows are padded with blanks so that every column is as long."""
    data = rows if isinstance(rows, list) else list(rows)
    width = max((len(r) for r in data), default=0)
    padded = [list(r) + [None] * (width - len(r)) if len(r) < width else r for r in data]
    cols, numbers = [], []
    for cells in zip(*padded):
        c, n = column(cells)
        cols.append(c)
        numbers.append(n)
    return Block(cols, numbers)
