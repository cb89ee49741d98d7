"""Write a PairingNetwork as a workbook: a folder of CSV files or one XLSX file, English or Chinese, byte-stable."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

import pyarrow as pa
import pyarrow.compute as pc

from pairnet.graph.core import atomic
from pairnet.graph.core import schema
from pairnet.graph.core.errors import PairnetError
from pairnet.graph.network import PairingNetwork
from pairnet.graph.core.cells import FORMULA_START

FORMATS = ("csv", "xlsx")
LANGS = ("en", "zh")
ENCODINGS = ("utf-8", "utf-8-sig", "gb18030")
XLSX_MAX_ROWS = 1_048_576
_FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_FIXED_ISO = "2000-01-01T00:00:00Z"
_RISKY = FORMULA_START  # spreadsheet formula triggers (= + - @, and tab / CR before one)


def sheet_frame(network: PairingNetwork, sheet: schema.Sheet) -> pd.DataFrame:
    """The rows of one workbook sheet, typed, with the sheet's column names in the sheet's order."""
    if sheet.node is not None:
        return network.nodes[sheet.node][sheet.column_names]
    if sheet.event is not None:
        return network.events[sheet.name][sheet.column_names].reset_index(drop=True)
    rs = sheet.rel_sheet
    df = network.rels[sheet.rel]
    if schema.REL[sheet.rel].multi_source and len(rs.source_labels) == 1:
        df = df[df["source_label"] == rs.source_labels[0]]
    df = df.rename(columns={"source": rs.source.name, "target": rs.target.name})
    return df[sheet.column_names].reset_index(drop=True)


def header(sheet: schema.Sheet, lang: str) -> list[str]:
    """Column headers of a sheet: English names, or the first Chinese alias of each."""
    return [c.zh[0] if lang == "zh" and c.zh else c.name for c in sheet.columns]


def _bool_text(lang: str) -> dict[bool, str]:
    if lang == "zh":
        return {b: next(v for v in vals if not v.isascii()) for b, vals in schema.BOOL_VALUES.items()}
    return {True: "true", False: "false"}


def _text(s: pd.Series, prop: schema.Prop, lang: str) -> pa.Array:
    """One column as text cells (no nulls): ISO dates, plain numbers, canonical or Chinese values, blanks."""
    if prop.type == "date":
        out = pa.array(s.astype("datetime64[s]"), type=pa.timestamp("s")).cast(pa.date32()).cast(pa.string())
    elif prop.type == "int":
        out = pa.array(s.astype("Int64"), type=pa.int64()).cast(pa.string())
    elif prop.type == "float":
        out = pa.array([None if pd.isna(x) else repr(float(x)) for x in s.astype(object)], type=pa.string())
    elif prop.type == "bool":
        words = _bool_text(lang)
        out = pc.if_else(pa.array(s.astype("boolean"), type=pa.bool_()), words[True], words[False])
    else:
        out = pa.array(s.astype("string"), type=pa.string())
        if prop.enum and lang == "zh":
            zh = schema.VALUE_ZH[prop.enum]
            where = pc.index_in(out, value_set=pa.array(list(zh), type=pa.string()))
            out = pc.if_else(pc.is_null(where), out, pa.array(list(zh.values()), type=pa.string()).take(where))
        risky = pc.starts_with(out, _RISKY[0])
        for r in _RISKY[1:]:
            risky = pc.or_(risky, pc.starts_with(out, r))
        if pc.any(risky).as_py():  # a cell a spreadsheet would run as a formula: keep it text
            out = pc.if_else(risky, pc.binary_join_element_wise("'", out, ""), out)
    return pc.fill_null(out, "")


def _csv_field(col: pa.Array) -> pa.Array:
    """A text column as CSV fields: quoted (quotes doubled) only where a comma, quote or line break needs it."""
    needs = pc.match_substring_regex(col, '[",\r\n]')
    if not pc.any(needs).as_py():
        return col
    quoted = pc.binary_join_element_wise('"', pc.replace_substring(col, '"', '""'), '"', "")
    return pc.if_else(needs, quoted, col)


CSV_CHUNK_ROWS = 500_000  # rows joined at a time: bounds memory and keeps Arrow's 32-bit offsets safe


def _csv_chunks(names: list[str], columns: list[pa.Array]) -> Iterator[bytes]:
    """UTF-8 CSV text of the columns, header first, built in Arrow a chunk of rows at a time (no loop over rows)."""
    yield (",".join(_csv_field(pa.array(names, type=pa.string())).to_pylist()) + "\n").encode()
    # Frames read back from a store or built by concat hold chunked arrays; buffers() needs one contiguous array.
    columns = [c.combine_chunks() if isinstance(c, pa.ChunkedArray) else c for c in columns]
    n = len(columns[0]) if columns else 0
    for start in range(0, n, CSV_CHUNK_ROWS):
        fields = [_csv_field(c.slice(start, CSV_CHUNK_ROWS)) for c in columns]
        fields[-1] = pc.binary_join_element_wise(fields[-1], "", "\n")  # the line end rides on the last field
        lines = pc.binary_join_element_wise(*fields, ",") if len(fields) > 1 else fields[0]
        offsets = np.frombuffer(lines.buffers()[1], dtype=np.int32)[lines.offset: lines.offset + len(lines) + 1]
        yield lines.buffers()[2].to_pybytes()[offsets[0]: offsets[-1]]


def sheet_csv(network: PairingNetwork, sheet: schema.Sheet, lang: str = "en",
              encoding: str = "utf-8") -> Iterator[bytes]:
    """A sheet's CSV file as successive byte chunks in ``encoding`` (``utf-8-sig`` starts with a BOM)."""
    df = sheet_frame(network, sheet)
    enc = encoding.lower()
    if enc == "utf-8-sig":
        yield b"\xef\xbb\xbf"
    for chunk in _csv_chunks(header(sheet, lang), [_text(df[c.name], c, lang) for c in sheet.columns]):
        yield chunk if enc in ("utf-8", "utf-8-sig") else chunk.decode("utf-8").encode(encoding)


def write_workbook(network: PairingNetwork, path: str | Path, fmt: str = "csv", lang: str = "en",
                   encoding: str = "utf-8") -> Path:
    """Write ``network`` as a workbook at ``path``: a folder of ``<sheet>.csv`` files or one XLSX file.

    Columns and their order come from the schema's sheets; ``lang="zh"`` writes the first Chinese alias of each
    column and Chinese enum and yes/no values. The same network always gives the same bytes.

    >>> import tempfile
    >>> write_workbook(PairingNetwork.empty(), tempfile.mkdtemp() + "/wb").name
    'wb'
    """
    if fmt not in FORMATS:
        raise PairnetError(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    if lang not in LANGS:
        raise PairnetError(f"lang must be one of {', '.join(LANGS)}, got {lang!r}")
    if encoding.lower() not in ENCODINGS:
        raise PairnetError(f"encoding must be one of {', '.join(ENCODINGS)}, got {encoding!r}")
    path = Path(path)
    if fmt == "csv":
        path.mkdir(parents=True, exist_ok=True)
        for sheet in schema.SHEETS:
            atomic.write_bytes(path / f"{sheet.name}.csv", b"".join(sheet_csv(network, sheet, lang, encoding)))
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic.write_bytes(path, _xlsx_bytes(network, lang))
    return path


def _xlsx_bytes(network: PairingNetwork, lang: str) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    for sheet in schema.SHEETS:
        df = sheet_frame(network, sheet)
        if len(df) >= XLSX_MAX_ROWS:
            raise PairnetError(f"sheet {sheet.name} has {len(df):,} rows, more than XLSX allows; write CSV instead")
        ws = wb.create_sheet(sheet.name)
        ws.append(header(sheet, lang))
        cols = []
        for c in sheet.columns:
            if c.type in ("int", "float"):  # numbers stay numbers; every other cell is text
                s = df[c.name].astype("object")
                cols.append(s.where(df[c.name].notna(), None).to_numpy())
            else:
                cols.append([v or None for v in _text(df[c.name], c, lang).to_pylist()])
        for row in zip(*cols):
            ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return _stable_zip(buf.getvalue())


def _stable_zip(data: bytes) -> bytes:
    """The same archive with fixed entry times and document dates, so equal content gives equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\g<1>" + _FIXED_ISO.encode(), body)
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, body)
    return out.getvalue()
