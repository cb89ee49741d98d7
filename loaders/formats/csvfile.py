"""CSV files: their text encoding (UTF-8 with or without BOM, UTF-16 with BOM, GB18030/GBK; never a mix) and
their rows, parsed by Arrow when it splits them as the csv module does, else by the csv module."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv

from pairnet.graph.core.messages import loader_text
from pairnet.loaders.formats import cells as cellmod
from pairnet.loaders.formats.grid import Block, Grid, Source, Unreadable
from pairnet.loaders.formats.limits import MAX_CELL_CHARS, check_bytes

# a line that reads as UTF-8 and holds Chinese; a line that does not read as UTF-8 (U+FFFD once replaced)
_UTF8_CJK_LINE = re.compile(r"^[^\ufffd\n]*[\u4e00-\u9fff][^\ufffd\n]*$", re.M)
_BAD_LINE = re.compile(r"^[^\n]*\ufffd", re.M)
MAX_LINES_SHOWN = 10


def decode(data: bytes) -> str:
    """Text of a CSV file: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (a superset of GBK).

    A file that is UTF-8 on some lines and GBK on others (two exports pasted together) is refused, naming the
    lines that are not UTF-8: read as either, some of its names would silently come out garbled.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise Unreadable(loader_text("no_encoding")) from None
    raw = data[len(codecs.BOM_UTF8):] if data.startswith(codecs.BOM_UTF8) else data
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    loose = raw.decode("utf-8", errors="replace")
    if data.startswith(codecs.BOM_UTF8) or _UTF8_CJK_LINE.search(loose):
        bad = [loose.count("\n", 0, m.start()) + 1 for m in _BAD_LINE.finditer(loose)]
        shown = ", ".join(map(str, bad[:MAX_LINES_SHOWN])) + (f" (+{len(bad) - MAX_LINES_SHOWN})"
                                                             if len(bad) > MAX_LINES_SHOWN else "")
        raise Unreadable(loader_text("mixed_encoding", lines=shown), bad[0])
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        raise Unreadable(loader_text("no_encoding")) from None


def source(path: Path, title: str | None = None) -> Source:
    """The one sheet a CSV file holds, named by its file stem."""
    return Source(title or path.stem, "csv", lambda: grid(path))


def grid(path: Path) -> Grid:
    check_bytes(path.name, path.stat().st_size)
    text = decode(path.read_bytes())
    first = text[:4096].split("\n", 1)[0]
    delimiter = max((",", "\t", ";"), key=first.count) if first else ","

    def columns(rows: Iterator[Sequence[Any]], header_row: int) -> Block:
        parsed = arrow_columns(text, header_row, delimiter)
        return Block(parsed) if parsed is not None else cellmod.block(rows)

    return Grid(_rows(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)), columns)


def _rows(reader: Any) -> Iterator[Sequence[Any]]:
    """The csv module's rows; a cell over the limit (or a line it cannot split) is named by its line."""
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            if "field larger than field limit" in str(e):
                raise Unreadable(loader_text("line_too_long", line=reader.line_num, limit=MAX_CELL_CHARS),
                                 reader.line_num) from None
            raise Unreadable(loader_text("csv_line", line=reader.line_num, why=str(e)), reader.line_num) from None
        yield row


_LINE_END = re.compile(r"\r\n|\r|\n")


def arrow_columns(text: str, header_row: int, delimiter: str) -> list[pa.ChunkedArray] | None:
    """The cells below row ``header_row`` parsed by Arrow's CSV reader, many times faster than the csv module.

    None when Arrow might split the rows differently from the csv module: quotes (a quoted cell may hold a
    delimiter or a line break, and Python reads stray quotes its own way), NUL characters, or rows of
    different lengths (the csv module pads them; Arrow refuses them). The caller then reads the rows itself.
    Without quotes every line is one row, so row numbers stay the line numbers the csv module counts.
    """
    data = text.encode("utf-8")
    if b'"' in data or b"\0" in data:
        return None
    start = 0
    for _, line_end in zip(range(header_row), _LINE_END.finditer(text)):
        start, header_row = line_end.end(), header_row - 1
    if header_row or start >= len(text):  # nothing below the header
        return None
    first = _LINE_END.search(text, start)
    width = text.count(delimiter, start, first.start() if first else len(text)) + 1
    names = [f"c{i}" for i in range(width)]
    try:
        table = pacsv.read_csv(
            pa.py_buffer(data)[len(text[:start].encode("utf-8")):],
            pacsv.ReadOptions(column_names=names),
            # blank lines are kept as rows of empty cells, so that the row numbers stay right
            pacsv.ParseOptions(delimiter=delimiter, quote_char=False, ignore_empty_lines=False),
            pacsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False))
    except pa.ArrowInvalid:
        return None
    return table.columns
