"""The one output writer: every command's Result as a table, CSV, JSON or XLSX, masked and neutralised."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import sys
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from pairnet.graph import schema
from pairnet.graph.errors import PairnetError

FORMATS = ("table", "csv", "json", "xlsx")
# Sequence cells: a Cypher list (``collect(...)``) arrives as a numpy array.
_SEQ = (list, tuple, np.ndarray)


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


# --- masking (also used by the loader's fault messages) -------------------------------------------------
def _keep_ends(value: Any, head: int, tail: int) -> str:
    s = str(value)
    if len(s) <= head + tail:
        return "*" * len(s)
    return s[:head] + "*" * (len(s) - head - tail) + s[-tail:]


def mask_id_number(value: str) -> str:
    """Keep the first 6 (region) and last 4 characters of an ID number.

    >>> mask_id_number("61092419800101123X")
    '610924********123X'
    """
    return _keep_ends(value, 6, 4)


def mask_phone(value: str) -> str:
    """Keep the first 3 and last 4 digits of a phone number.

    >>> mask_phone("13900000001")
    '139****0001'
    """
    return _keep_ends(value, 3, 4)


MASKS = {"id_number": mask_id_number, "phone": mask_phone}


def pii_kind(column: Any) -> str | None:
    """The PII kind of a column or key: a schema PII name, alone or as the property of a Cypher column
    (``h.id_number``), else None."""
    name = str(column)
    return schema.PII_COLUMNS.get(name) or schema.PII_COLUMNS.get(name.rsplit(".", 1)[-1])


def mask_value(column: str, value: Any) -> Any:
    """``value`` masked if ``column`` is a PII column of the schema (``id_number``, ``phone``), else unchanged;
    a list under a PII column (``collect(c.phone) AS phone``) has each item masked."""
    kind = pii_kind(column)
    if kind is None or value is None or isinstance(value, Mapping):
        return mask_data(value)
    if isinstance(value, _SEQ):
        return [mask_value(column, v) for v in value]
    if _is_na(value) or value == "":
        return value
    return MASKS[kind](value)


def mask_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` with its PII columns masked, and PII keys inside nested cells (a Cypher node or map)."""
    pii = [c for c in df.columns if pii_kind(c)]
    nested = [c for c in df.columns if c not in pii and df[c].dtype == object
              and df[c].map(lambda v: isinstance(v, (Mapping, *_SEQ))).any()]
    if not pii and not nested:
        return df
    out = df.copy()
    for c in pii:
        out[c] = df[c].astype(object).map(lambda v, c=c: mask_value(c, v))
    for c in nested:
        out[c] = df[c].map(mask_data)
    return out


def mask_data(obj: Any) -> Any:
    """``obj`` (nested dicts/lists/frames) with every value under a PII key masked."""
    if isinstance(obj, Mapping):
        return {k: mask_value(k, v) for k, v in obj.items()}
    if isinstance(obj, _SEQ):
        return [mask_data(v) for v in obj]
    if isinstance(obj, pd.DataFrame):
        return mask_frame(obj)
    return obj


# A safety net for pre-rendered text: whole 18/15-character ID numbers and 11-digit mobile numbers.
_ID_RE = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
_PHONE_RE = re.compile(r"(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])")


def mask_text(text: str) -> str:
    """``text`` with anything shaped like an ID number or a mobile number masked."""
    text = _ID_RE.sub(lambda m: mask_id_number(m.group(0)), text)
    return _PHONE_RE.sub(lambda m: mask_phone(m.group(0)), text)


def mask_shapes(obj: Any) -> Any:
    """``obj`` (text, nested dicts/lists, or a frame) with every text shaped like an ID or mobile number masked.

    >>> mask_shapes({"x": ["11010519491231002X", "H0001"]})
    {'x': ['110105********002X', 'H0001']}
    """
    if isinstance(obj, str):
        return mask_text(obj)
    if isinstance(obj, Mapping):
        return {k: mask_shapes(v) for k, v in obj.items()}
    if isinstance(obj, _SEQ):
        return [mask_shapes(v) for v in obj]
    if isinstance(obj, pd.DataFrame):
        out = obj.copy()
        for c in out.columns:
            if out[c].dtype == object or pd.api.types.is_string_dtype(out[c]):
                out[c] = out[c].map(mask_shapes, na_action="ignore")
        return out
    return obj


# --- neutralising spreadsheet formulas ------------------------------------------------------------------
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Prefix ``'`` to a text cell that a spreadsheet would run as a formula (``= + - @``, tab, CR).

    >>> neutralise("=HYPERLINK(1)")
    "'=HYPERLINK(1)"
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


# --- Chinese headers and values (--lang zh) -------------------------------------------------------------
# Output-only columns and values that the schema does not declare; schema columns get their first alias.
_LOCAL_HEADERS_ZH = {
    "name": "名称", "id": "编号", "label": "名称", "kind": "类型", "reason": "原因", "load": "帮扶户数",
    "quota": "定额", "status": "状态", "source": "起点", "target": "终点", "source_label": "起点类别",
    "type": "关系类型", "count": "数量", "helper_id": "帮扶人编号", "size": "规模", "members": "家庭人口",
    "villages": "村", "need": "需要", "missing": "缺少", "town": "乡镇", "village": "村",
}
_LOCAL_VALUES_ZH = {
    "status": {"over": "超额", "at": "满额", "under": "不足"},
    "reason": {"never_paired": "从未结对", "pairings_ended": "结对已结束", "only_inactive_helpers": "帮扶人均不在岗"},
    "kind": {
        "household_without_helper": "无帮扶人的户", "village_without_unit": "无包抓单位的村",
        "village_without_first_secretary": "无第一书记的村", "village_team_understaffed": "工作队人数不足的村",
        "deep_village_without_leader": "无县级领导包抓的深度贫困村", "town_without_leader": "无联系领导的乡镇",
    },
}


_BOOL_ZH = {b: next(v for v in vs if not v.isascii()) for b, vs in schema.BOOL_VALUES.items()}


def _schema_columns() -> dict[str, schema.Prop]:
    """Each column name of the schema with the first declaration carrying it."""
    out: dict[str, schema.Prop] = {}
    for s in schema.SHEETS:
        for p in s.columns:
            out.setdefault(p.name, p)
    return out


_COLUMNS = _schema_columns()


def header_zh(column: str) -> str:
    """The Chinese header of ``column``: the local map for generic output columns, else the schema's first alias."""
    if column in _LOCAL_HEADERS_ZH:
        return _LOCAL_HEADERS_ZH[column]
    p = _COLUMNS.get(column)
    return p.zh[0] if p is not None and p.zh else column


def _value_map_zh(column: str) -> dict[str, str]:
    p = _COLUMNS.get(column)
    m = dict(schema.VALUE_ZH.get(p.enum, {})) if p is not None and p.enum else {}
    if column == "kind":
        m.update(schema.VALUE_ZH["unit_kind"])
    m.update(_LOCAL_VALUES_ZH.get(column, {}))
    return m


def frame_zh(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with Chinese headers and Chinese enum and boolean values."""
    out = pd.DataFrame(index=df.index)
    for c in df.columns:
        s = df[c]
        if pd.api.types.is_bool_dtype(s.dtype):
            s = s.astype(object).map(lambda v: v if _is_na(v) else _BOOL_ZH[bool(v)])
        else:
            m = _value_map_zh(str(c))
            if m:
                s = s.astype(object).map(lambda v, m=m: m.get(v, v) if isinstance(v, str) else v)
        out[header_zh(str(c))] = s
    return out


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
        Path(out).write_text(text, encoding="utf-8-sig" if fmt == "csv" else "utf-8", newline="")
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
    try:
        wb.save(path)
    except OSError as e:
        raise PairnetError(f"cannot write {path}: {e}") from e


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


def _is_na(v: Any) -> bool:
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
    if isinstance(obj, (*_SEQ, set, frozenset)):
        items = sorted(obj, key=str) if isinstance(obj, (set, frozenset)) else obj
        return [jsonable(v) for v in items]
    if obj is None or isinstance(obj, str):
        return obj
    if _is_na(obj):
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
