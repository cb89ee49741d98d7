"""Resident ID numbers for generated households: area code, birth date, sequence and the check character."""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa

from pairnet.loaders.idnumber import check_characters


def _digits(a: np.ndarray, width: int) -> np.ndarray:
    """The decimal digits of non-negative ints ``a`` as an (n, width) uint8 array (via a table of the values' range)."""
    lo = int(a.min(initial=0))
    values = np.arange(lo, int(a.max(initial=0)) + 1, dtype=np.int64)
    pows = 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)
    table = ((values[:, None] // pows) % 10).astype(np.uint8)
    return table[a - lo]


def id_chars(area: np.ndarray, birth: np.ndarray, seq: np.ndarray) -> np.ndarray:
    """ID numbers as an (n, 18) array of ASCII codes (see ``id_numbers``)."""
    y = birth.astype("datetime64[Y]").astype(np.int64) + 1970
    m = birth.astype("datetime64[M]").astype(np.int64) % 12 + 1
    d = (birth - birth.astype("datetime64[M]")).astype(np.int64) + 1
    body = np.concatenate([_digits(area.astype(np.int64), 6), _digits(y, 4), _digits(m, 2), _digits(d, 2),
                           _digits(seq.astype(np.int64), 3)], axis=1)
    check = check_characters(body)
    return np.ascontiguousarray(np.concatenate([body + np.uint8(ord("0")), check[:, None]], axis=1))


def id_numbers(area: np.ndarray, birth: np.ndarray, seq: np.ndarray) -> np.ndarray:
    """18-character resident ID numbers: area code, birth date, sequence and the ISO 7064 MOD 11-2 check character.

    >>> str(id_numbers(np.array([110105]), np.array(["1949-12-31"], dtype="datetime64[D]"), np.array([2]))[0])
    '11010519491231002X'
    """
    return id_chars(area, birth, seq).view("S18").ravel().astype("U18")


def fixed_strings(chars: np.ndarray) -> Any:
    """An (n, width) array of ASCII codes as an Arrow string array, without a Python string per row."""
    n, width = chars.shape
    offsets = np.arange(0, (n + 1) * width, width, dtype=np.int32)
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(chars.tobytes()))
