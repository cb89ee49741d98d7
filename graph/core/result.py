"""Result, what every command hands to the writer, and the plain values it holds (``jsonable``, ``is_na``)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

# Sequence cells: a Cypher list (``collect(...)``) arrives as a numpy array.
SEQ = (list, tuple, np.ndarray)


@dataclass
class Result:
    """What a command hands to the writer.

    ``data`` is the JSON document (``--format json``); ``tables`` are named frames for table / CSV / XLSX
    (the first is the main one; XLSX writes one sheet each; CSV writes the first, or the one named by
    ``csv_table``); ``text`` is an optional readable rendering used by ``--format table`` instead of tables.
    ``mask_shapes`` masks, besides PII columns, any text shaped like an ID or mobile number: for results whose
    columns pairnet cannot know (an ad-hoc Cypher query may rename ``h.id_number AS x``).
    """

    data: dict[str, Any]
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    text: str | None = None
    csv_table: str | None = None
    mask_shapes: bool = False



def is_na(v: Any) -> bool:
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    return isinstance(v, float) and math.isnan(v)


def jsonable(obj: Any) -> Any:
    """``obj`` as plain JSON values: blanks (NaN, NA, NaT) ``None``, dates ISO, frames lists of records."""
    if isinstance(obj, Mapping):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, pd.DataFrame):
        return [jsonable(r) for r in obj.astype(object).to_dict("records")]
    if isinstance(obj, pd.Series):
        return [jsonable(v) for v in obj.astype(object)]
    if isinstance(obj, (*SEQ, set, frozenset)):
        items = sorted(obj, key=str) if isinstance(obj, (set, frozenset)) else obj
        return [jsonable(v) for v in items]
    if obj is None or isinstance(obj, str):
        return obj
    if is_na(obj):
        return None
    if isinstance(obj, pd.Timestamp):
        return obj.date().isoformat() if obj == obj.normalize() else obj.isoformat()
    if isinstance(obj, (dt.date, dt.datetime)):
        return obj.isoformat()
    if hasattr(obj, "item"):  # numpy scalars
        return jsonable(obj.item())
    if isinstance(obj, (bool, int, float)):
        return obj
    return str(obj)
