"""The one output writer: every command's Result as a table, CSV, JSON or XLSX, masked and neutralised."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from pairnet.graph.core import atomic
from pairnet.graph.core.cells import neutralise
from pairnet.graph.core.errors import PairnetError
from pairnet.graph.core.messages import frame_zh
from pairnet.graph.core.pii import mask_data, mask_frame, mask_shapes, mask_text
from pairnet.graph.core.result import SEQ as _SEQ
from pairnet.graph.core.result import Result, jsonable
from pairnet.graph.core.result import is_na as _is_na

FORMATS = ("table", "csv", "json", "xlsx")


# --- the writer -----------------------------------------------------------------------------------------
def write_result(result: Result, *, fmt: str = "table", out: str | None = None, lang: str = "en",
                 show_pii: bool = False) -> None:
    """Write ``result`` in ``fmt`` to ``out`` (or stdout).

    - ``table``: aligned text (CJK characters count double), or ``result.text`` when the command gave one.
    - ``csv``: the first table (or ``result.csv_table``). A file is written UTF-8 *with a BOM* so that Excel
      opens Chinese text correctly; standard output gets plain UTF-8.
    - ``json``: ``result.data``, UTF-8 (not escaped), dates ISO. Keys and values stay English whatever
      ``lang``, so scripts can rely on them.
    - ``xlsx``: one sheet per table; needs ``out``.

    ``lang="zh"`` gives Chinese headers (the schema's first alias) and values in table, CSV and XLSX.
    ``id_number`` and ``phone`` are masked everywhere (tables and JSON, by key name) unless ``show_pii``.
    CSV and XLSX text cells that start with ``= + - @`` are prefixed with ``'``.
    """
    if fmt not in FORMATS:
        raise PairnetError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt == "xlsx" and not out:
        raise PairnetError("--format xlsx needs --out FILE")
    if result.mask_shapes and not show_pii:
        result = Result(mask_shapes(result.data), {k: mask_shapes(v) for k, v in result.tables.items()},
                        None if result.text is None else mask_text(result.text), result.csv_table)
    tables = _tables(result, show_pii)
    if not show_pii:
        tables = {k: mask_frame(v) for k, v in tables.items()}
    if lang == "zh":
        tables = {k: frame_zh(v) for k, v in tables.items()}
    if fmt == "xlsx":
        _write_xlsx(tables, Path(out))  # type: ignore[arg-type]
        return
    if fmt == "json":
        data = jsonable(result.data if show_pii else mask_data(result.data))
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    elif fmt == "csv":
        text = _csv_text(_csv_frame(result, tables))
    elif result.text is not None:
        text = result.text if show_pii else mask_text(result.text)
        text = text if text.endswith("\n") else text + "\n"
    else:
        text = render_tables(tables)
    if out:
        atomic.write_text(out, text, encoding="utf-8-sig" if fmt == "csv" else "utf-8")
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


def _tables(result: Result, show_pii: bool = False) -> dict[str, pd.DataFrame]:
    """The result's tables, or one built from ``data`` (flattened ``key.path -> value``, PII masked before the
    keys are lost) when it has none."""
    if result.tables:
        return dict(result.tables)
    rows = list(_flatten(result.data if show_pii else mask_data(result.data)))
    return {"result": pd.DataFrame(rows, columns=["key", "value"])}


def _flatten(obj: Any, prefix: str = ""):
    if isinstance(obj, Mapping):
        for k, v in obj.items():
            yield from _flatten(v, f"{prefix}{k}." if not isinstance(v, Mapping) or v else f"{prefix}{k}")
        return
    key = prefix[:-1] if prefix.endswith(".") else prefix
    if isinstance(obj, _SEQ):
        obj = ", ".join(_cell_text(v) for v in obj)
    yield key, obj


def _csv_frame(result: Result, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    if result.csv_table is not None and result.csv_table in result.tables:
        names = list(result.tables)
        return list(tables.values())[names.index(result.csv_table)]
    return next(iter(tables.values()))


def _csv_text(df: pd.DataFrame) -> str:
    cells = _cells(df).map(neutralise)
    rows = [[neutralise(str(c)) for c in cells.columns], *cells.values.tolist()]
    return "".join(",".join(_csv_field(v) for v in row) + "\n" if row != [""] else '""\n' for row in rows)


def _csv_field(s: str) -> str:
    """A CSV field, quoted when it holds a comma, a quote or a line break. A bare CR counts too: the csv module
    (lineterminator LF) leaves it unquoted, and a spreadsheet then starts a new row, formula first, after it."""
    return '"' + s.replace('"', '""') + '"' if any(ch in s for ch in ',"\r\n') else s


def _write_xlsx(tables: dict[str, pd.DataFrame], path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for name, df in tables.items():
        ws = wb.create_sheet(_sheet_title(name, used))
        ws.append([neutralise(str(c)) for c in df.columns])
        for row in df.astype(object).itertuples(index=False):
            ws.append([neutralise(_xlsx_cell(v)) for v in row])
    import io

    buf = io.BytesIO()
    wb.save(buf)
    atomic.write_bytes(path, buf.getvalue())


def _sheet_title(name: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "_", str(name))[:31] or "sheet"
    title, i = base, 1
    while title.lower() in used:
        i += 1
        title = f"{base[:28]}_{i}"
    used.add(title.lower())
    return title


def _xlsx_cell(v: Any) -> Any:
    if v is None or _is_na(v):
        return None
    if isinstance(v, pd.Timestamp):
        return v.date() if v == v.normalize() else v.to_pydatetime()
    if isinstance(v, (*_SEQ, dict)):
        return _cell_text(v)
    if hasattr(v, "item") and not isinstance(v, str):  # numpy scalars
        return v.item()
    return v


def render_tables(tables: dict[str, pd.DataFrame]) -> str:
    """Aligned plain-text tables, one after another, each titled when there are several."""
    parts = []
    for name, df in tables.items():
        block = render_table(df)
        parts.append(f"{name}\n{block}" if len(tables) > 1 else block)
    return "\n".join(parts)


def render_table(df: pd.DataFrame) -> str:
    """One aligned text table; numbers right-aligned, CJK characters counted as two columns.

    >>> print(render_table(pd.DataFrame({"id": ["T1"], "名称": ["城关镇"]})), end="")
    id  名称
    --  ------
    T1  城关镇
    """
    cells = _cells(df)
    headers = [str(c) for c in df.columns]
    numeric = [pd.api.types.is_numeric_dtype(df[c].dtype) and not pd.api.types.is_bool_dtype(df[c].dtype)
               for c in df.columns]
    rows = cells.values.tolist()
    widths = [max([text_width(h)] + [text_width(r[i]) for r in rows]) for i, h in enumerate(headers)]

    def line(values: list[str]) -> str:
        out = [_pad(v, widths[i], numeric[i]) for i, v in enumerate(values)]
        return "  ".join(out).rstrip()

    lines = [line(headers), line(["-" * w for w in widths])] + [line(r) for r in rows]
    if not rows:
        lines.append("(none)")
    return "\n".join(lines) + "\n"


def text_width(s: str) -> int:
    """Display width of ``s`` in a terminal: wide and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in s)


def _pad(s: str, width: int, right: bool) -> str:
    gap = " " * (width - text_width(s))
    return gap + s if right else s + gap


def _cells(df: pd.DataFrame) -> pd.DataFrame:
    """Every cell as display text: blanks empty, dates ISO, whole floats without ``.0``."""
    return pd.DataFrame({c: [_cell_text(v) for v in df[c].astype(object)] for c in df.columns},
                        index=df.index, columns=df.columns)


def _cell_text(v: Any) -> str:
    if v is None or _is_na(v):
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, pd.Timestamp):
        return v.date().isoformat() if v == v.normalize() else v.isoformat()
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else f"{v:.6g}"
    if isinstance(v, _SEQ):
        return ", ".join(_cell_text(x) for x in v)
    if hasattr(v, "item") and not isinstance(v, str):
        return _cell_text(v.item())
    return str(v)

