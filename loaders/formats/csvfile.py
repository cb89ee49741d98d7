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

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from pairnet.graph.core.messages import loader_text
from pairnet.loaders.formats import cells as cellmod
from pairnet.loaders.formats.grid import Block, Grid, Source, Unreadable
from pairnet.loaders.formats.limits import MAX_CELL_CHARS, check_bytes

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
    broken, chinese = utf8_lines(raw)
    if data.startswith(codecs.BOM_UTF8) or chinese.any():
        bad = (np.flatnonzero(broken) + 1).tolist()
        good = (np.flatnonzero(chinese) + 1).tolist()
        if len(good) < len(bad) and not data.startswith(codecs.BOM_UTF8):  # a GBK file with a few UTF-8 lines
            raise Unreadable(loader_text("mixed_encoding_utf8", lines=_lines(good)), good[0])
        raise Unreadable(loader_text("mixed_encoding", lines=_lines(bad)), bad[0])
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        raise Unreadable(loader_text("no_encoding")) from None


def utf8_lines(data: bytes) -> tuple[np.ndarray, np.ndarray]:
    """Per line of ``data``: whether it is not UTF-8, and whether it is UTF-8 holding Chinese (U+4E00-U+9FFF).

    The bytes are decoded once with replacement characters; Arrow then looks at every line at once.
    """
    lines = pc.split_pattern(pa.array([data.decode("utf-8", errors="replace")], pa.string()), "\n").values
    broken = pc.match_substring(lines, "\ufffd").to_numpy(zero_copy_only=False)
    chinese = pc.match_substring_regex(lines, "[\u4e00-\u9fff]").to_numpy(zero_copy_only=False)
    return broken, chinese & ~broken


def _lines(numbers: list[int]) -> str:
    shown = ", ".join(map(str, numbers[:MAX_LINES_SHOWN]))
    return shown + (f" (+{len(numbers) - MAX_LINES_SHOWN})" if len(numbers) > MAX_LINES_SHOWN else "")


def source(path: Path, title: str | None = None) -> Source:
    """The one sheet a CSV file holds, named by its file stem."""
    return Source(title or path.stem, "csv", lambda: grid(path))


def grid(path: Path) -> Grid:
    check_bytes(path.name, path.stat().st_size)
    text = decode(path.read_bytes())
    first = text[:4096].split("\n", 1)[0]
    delimiter = max((",", "\t", ";"), key=first.count) if first else ","

    if '"' in text:
        unclosed = unclosed_quote(text, delimiter)
        if unclosed is not None:
            raise Unreadable(loader_text("unclosed_quote", line=unclosed), unclosed)

    def columns(rows: Iterator[Sequence[Any]], header_row: int) -> Block:
        parsed = arrow_columns(text, header_row, delimiter)
        return Block(parsed) if parsed is not None else cellmod.block(rows)

    return Grid(_rows(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)), columns)


def unclosed_quote(text: str, delimiter: str = ",") -> int | None:
    r"""The line where a quoted cell opens that the file never closes (None when every quote closes).

    A quote opens a quoted cell only at the start of a cell, as the csv module reads it; inside one, ``""`` is
    a quote. The csv module would read the rest of the file into that cell without a word.

    >>> unclosed_quote('id,name\n1,"ok ""x"" y"\n2,5" tall\n'), unclosed_quote('id,name\n1,a\n2,"never\n3,b\n')
    (None, 3)
    """
    field = re.compile(r'(?:(?<=[%s\n\r])|\A)"[^"]*(?:""[^"]*)*("|\Z)' % re.escape(delimiter))
    last = None
    for last in field.finditer(text):
        pass
    if last is None or last.group(1):
        return None
    return text.count("\n", 0, last.start()) + 1


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
