"""The one output writer: every command's Result as a table, CSV, JSON or XLSX, masked, neutralised, translated."""

from __future__ import annotations

import datetime as dt
import json
import numbers
import re
import sys
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pairnet.graph.core import atomic
from pairnet.graph.core.cells import neutralise
from pairnet.graph.core.errors import PairnetError
from pairnet.graph.core.messages import Text, frame, say, sheet_name
from pairnet.graph.core.pii import mask_data, mask_frame, mask_shapes, mask_text
from pairnet.graph.core.result import SEQ as _SEQ
from pairnet.graph.core.result import Result, jsonable, render_text
from pairnet.graph.core.result import is_na as _is_na
from pairnet.graph.core.terminal import json_visible, visible

FORMATS = ("table", "csv", "json", "xlsx")
CREATOR = "pairnet"  # the author recorded in every XLSX pairnet writes
XLSX_MAX_WIDTH = 60  # characters: wider columns wrap in the cell rather than push the sheet sideways


# --- the writer -----------------------------------------------------------------------------------------
def write_result(result: Result, *, fmt: str = "table", out: str | None = None, lang: str = "en",
                 show_pii: bool = False) -> None:
    """Write ``result`` in ``fmt`` to ``out`` (or stdout), in ``lang`` (zh or en).

    - ``table``: ``result.text`` when the command gave one; else its head, every table not hidden (titled with
      its name and row count, ``(none)`` when empty) and its foot. CJK characters count double in alignment.
    - ``csv``: the main table (``result.csv_table`` or the first). A file is written UTF-8 *with a BOM* so that
      Excel opens Chinese text correctly; standard output gets plain UTF-8. With ``csv_siblings`` the other
      tables go beside the file, one CSV each named after its sheet.
    - ``json``: ``result.data``, UTF-8 (not escaped), dates ISO. Keys and values stay English whatever
      ``lang``, so scripts can rely on them.
    - ``xlsx``: one sheet per table, named in ``lang``; header frozen, autofilter, columns as wide as their
      text, codes and every text cell stored as text; needs ``out``.

    ``lang="zh"`` gives Chinese headers, values and sheet names in table, CSV and XLSX. ``id_number`` and
    ``phone`` are masked everywhere (tables and JSON, by key name) unless ``show_pii``. CSV and XLSX text cells
    that start with ``= + - @`` are prefixed with ``'``.
    """
    if fmt not in FORMATS:
        raise PairnetError(Text("format.unknown", fmt=fmt, formats=", ".join(FORMATS)))
    if fmt == "xlsx" and not out:
        raise PairnetError(Text("format.xlsx_out"))
    if fmt == "json":
        data = result.data if show_pii else mask_data(result.data)
        if result.mask_shapes and not show_pii:
            data = mask_shapes(data, result.keep)
        _emit(json.dumps(jsonable(data), ensure_ascii=False, indent=2) + "\n", out, "utf-8", "json")
        return
    if fmt == "table" and result.text is not None:
        text = render_text(result.text, lang) or ""
        text = text if show_pii else _masked_text(text, result)
        _emit(text if text.endswith("\n") else text + "\n", out, "utf-8")
        return
    tables = _tables(result, show_pii)
    if result.mask_shapes and not show_pii:
        tables = {k: mask_shapes(v, result.keep) for k, v in tables.items()}
    if not show_pii:
        tables = {k: mask_frame(v) for k, v in tables.items()}
    tables = {k: frame(v, lang) for k, v in tables.items()}
    if fmt == "xlsx":
        write_xlsx({sheet_name(k, lang): v for k, v in tables.items()}, Path(out))  # type: ignore[arg-type]
    elif fmt == "csv":
        main = result.csv_table if result.csv_table in tables else next(iter(tables))
        with atomic.together():  # the main CSV and its siblings land together or not at all
            _emit(_csv_text(tables[main]), out, "utf-8-sig", "csv")
            if out and result.csv_siblings:
                folder = Path(out).parent
                for name, df in tables.items():
                    if name != main:
                        _emit(_csv_text(df), str(folder / f"{sheet_name(name, lang)}.csv"), "utf-8-sig")
    else:
        parts = [render_text(result.head, lang)]
        shown = {k: v for k, v in tables.items() if k not in result.hidden}
        parts += [titled(name, df, lang) for name, df in shown.items()]
        parts.append(render_text(result.foot, lang))
        text = "\n".join(p.rstrip("\n") + "\n" for p in parts if p)
        _emit(text if show_pii else _masked_text(text, result), out, "utf-8")


def _masked_text(text: str, result: Result) -> str:
    """Rendered text masked by shape: wide for ad-hoc results (the store's codes kept), strict for the others,
    whose PII columns are masked by name already."""
    return mask_text(text, keep=result.keep) if result.mask_shapes else mask_text(text, strict=True)


def _emit(text: str, out: str | None, encoding: str, kind: str = "text") -> None:
    """``text`` into the file ``out`` as it is, or on standard output with its control characters escaped
    (JSON stays the same JSON value; a CSV keeps its tabs and line breaks)."""
    if out:
        atomic.write_text(out, text, encoding=encoding)  # all or nothing: a full disk leaves no half file
    else:
        text = json_visible(text) if kind == "json" else visible(text, keep_tabs=kind == "csv")
        sys.stdout.write(text)
        sys.stdout.flush()


def titled(name: str, df: Any, lang: str) -> str:
    """One table under its title and row count, e.g. ``缺口（共 12 行）``."""
    title = say("title.count", lang, title=sheet_name(name, lang), n=say("count.rows", lang, n=len(df)))
    return f"{title}\n{render_table(df, lang)}"


def _tables(result: Result, show_pii: bool = False) -> dict[str, Any]:
    """The result's tables, or one built from ``data`` (flattened ``key.path -> value``, PII masked before the
    keys are lost) when it has none."""
    if callable(result.tables):
        return dict(result.tables())
    if result.tables:
        return dict(result.tables)
    import pandas as pd

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


def _csv_text(df: Any) -> str:
    cols = [[_csv_cell(v) for v in df[c].astype(object)] for c in df.columns]
    rows = [[neutralise(str(c)) for c in df.columns], *(list(r) for r in zip(*cols))]
    return "".join(",".join(_csv_field(v) for v in row) + "\n" if row != [""] else '""\n' for row in rows)


def _csv_cell(v: Any) -> str:
    """A CSV cell: a number as written (``-5`` stays a number), any text neutralised (``'-5`` for the text -5)."""
    text = _cell_text(v)
    return text if isinstance(v, numbers.Number) else neutralise(text)


def _csv_field(s: str) -> str:
    """A CSV field, quoted when it holds a comma, a quote or a line break. A bare CR counts too: the csv module
    (lineterminator LF) leaves it unquoted, and a spreadsheet then starts a new row, formula first, after it."""
    return '"' + s.replace('"', '""') + '"' if any(ch in s for ch in ',"\r\n') else s


# --- XLSX --------------------------------------------------------------------------------------------
def write_xlsx(sheets: Mapping[str, Any], path: Path) -> None:
    """One sheet per frame, as a clerk works in it: header bold and frozen, autofilter over the table, columns
    as wide as their text (up to ``XLSX_MAX_WIDTH``), text cells stored as text (a code such as ``0012`` keeps
    its zeros, and a column of codes is formatted as text for the rows a clerk adds)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.creator = CREATOR  # so that pairnet reads its own files back as it wrote them
    used: set[str] = set()
    bold = Font(bold=True)
    for name, df in sheets.items():
        ws = wb.create_sheet(_sheet_title(name, used))
        headers = [neutralise(_XML_BAD.sub("", str(c))) for c in df.columns]
        ws.append(headers)
        widths = [text_width(h) for h in headers]
        texts = [_is_text_column(df[c]) for c in df.columns]
        for row in df.astype(object).itertuples(index=False):
            cells = [neutralise(_xlsx_cell(v)) for v in row]
            ws.append(cells)
            for i, v in enumerate(cells):
                if v is not None:
                    widths[i] = max(widths[i], text_width(_cell_text(v)))
        for i, w in enumerate(widths, start=1):
            letter = get_column_letter(i)
            ws.column_dimensions[letter].width = min(XLSX_MAX_WIDTH, w + 2)
            ws.cell(1, i).font = bold
            if texts[i - 1]:
                ws.column_dimensions[letter].number_format = "@"
                for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                    cell.number_format = "@"
        ws.freeze_panes = "A2"
        if headers:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(1, len(df) + 1)}"
    import io

    buf = io.BytesIO()
    wb.save(buf)
    atomic.write_bytes(path, buf.getvalue())


def _is_text_column(s: Any) -> bool:
    import pandas as pd

    if pd.api.types.is_string_dtype(s.dtype):
        return True
    return s.dtype == object and all(isinstance(v, str) for v in s.dropna().head(50))


def _sheet_title(name: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "_", str(name))[:31] or "sheet"
    title, i = base, 1
    while title.lower() in used:
        i += 1
        title = f"{base[:28]}_{i}"
    used.add(title.lower())
    return title


# characters XML 1.0 cannot hold (openpyxl raised IllegalCharacterError on a name holding ESC); dropped, as
# the workbook export drops them
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xlsx_cell(v: Any) -> Any:
    if isinstance(v, str):
        return _XML_BAD.sub("", v)
    if v is None or _is_na(v):
        return None
    pd = sys.modules.get("pandas")
    if pd is not None and isinstance(v, pd.Timestamp):
        return v.date() if v == v.normalize() else v.to_pydatetime()
    if isinstance(v, (*_SEQ, dict)):
        return _XML_BAD.sub("", _cell_text(v))
    if hasattr(v, "item") and not isinstance(v, str):  # numpy scalars
        return v.item()
    return v


# --- text tables -------------------------------------------------------------------------------------------
def render_tables(tables: Mapping[str, Any], lang: str = "en") -> str:
    """Aligned plain-text tables, one after another, each titled with its name and row count."""
    return "\n".join(titled(name, df, lang) for name, df in tables.items())


def render_table(df: Any, lang: str = "en") -> str:
    """One aligned text table; numbers right-aligned, CJK characters counted as two columns.

    >>> import pandas as pd
    >>> print(render_table(pd.DataFrame({"id": ["T1"], "名称": ["城关镇"]})), end="")
    id  名称
    --  ------
    T1  城关镇
    """
    import pandas as pd

    numeric = [pd.api.types.is_numeric_dtype(df[c].dtype) and not pd.api.types.is_bool_dtype(df[c].dtype)
               for c in df.columns]
    return render_rows([str(c) for c in df.columns], _cell_rows(df), numeric, lang)


def render_rows(headers: Sequence[str], rows: Sequence[Sequence[Any]], numeric: Sequence[bool] | None = None,
                lang: str = "en") -> str:
    """An aligned text table from plain rows (no pandas needed); ``numeric`` columns right-aligned.

    >>> print(render_rows(["kind", "n"], [["Town", 17]], [False, True]), end="")
    kind   n
    ----  --
    Town  17
    """
    rows = [[visible(_cell_text(v)) for v in r] for r in rows]  # a control character shows as its escape
    headers = [visible(h) for h in headers]
    right = list(numeric or [False] * len(headers))
    widths = [max([text_width(h)] + [text_width(r[i]) for r in rows]) for i, h in enumerate(headers)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(_pad(v, widths[i], right[i]) for i, v in enumerate(values)).rstrip()

    lines = [line(headers), line(["-" * w for w in widths])] + [line(r) for r in rows]
    if not rows:
        lines.append(say("none", lang))
    return "\n".join(lines) + "\n"


def text_width(s: str) -> int:
    """Display width of ``s`` in a terminal: wide and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in s)


def _pad(s: str, width: int, right: bool) -> str:
    gap = " " * (width - text_width(s))
    return gap + s if right else s + gap


def _cell_rows(df: Any) -> list[list[str]]:
    """Every cell as display text, row by row: blanks empty, dates ISO, whole floats without ``.0``."""
    cols = [[_cell_text(v) for v in df[c].astype(object)] for c in df.columns]
    return [list(r) for r in zip(*cols)] if cols else [[] for _ in range(len(df))]


def _cell_text(v: Any) -> str:
    if v is None or _is_na(v):
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    pd = sys.modules.get("pandas")
    if pd is not None and isinstance(v, pd.Timestamp):
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
