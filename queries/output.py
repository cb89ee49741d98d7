"""The one output writer: every command's Result as a table, CSV, JSON or XLSX, masked and neutralised."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd


@dataclass
class Result:
    """What a command hands to the writer.

    ``data`` is the JSON document (``--format json``); ``tables`` are named frames for table / CSV / XLSX
    (the first is the main one; XLSX writes one sheet each; CSV writes the first, or the one named by
    ``csv_table``); ``text`` is an optional readable rendering used by ``--format table`` instead of tables.
    """

    data: dict[str, Any]
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    text: str | None = None
    csv_table: str | None = None


def write_result(result: Result, *, fmt: str = "table", out: str | None = None, lang: str = "en",
                 show_pii: bool = False) -> None:
    """Write ``result`` in ``fmt`` to ``out`` (or stdout). Implemented by the loader issue's output work."""
    raise NotImplementedError
