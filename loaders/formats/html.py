"""Web pages saved as ``.xls`` (an HTML table, as many web systems export): each table one sheet, read with the
standard library's HTML parser; spanned cells are laid out as Excel opens them (the value in the first cell)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from pairnet.graph.core.messages import loader_text
from pairnet.loaders.formats import cells
from pairnet.loaders.formats.grid import Grid, Source, Unreadable
from pairnet.loaders.formats.limits import MAX_COLUMNS, MAX_ROWS, check_bytes, check_range
from pairnet.loaders.formats.csvfile import decode


class _Tables(HTMLParser):
    """The text of every table cell, row by row, table by table (nested tables are read as text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[tuple[str, int, int]]]] = []
        self.depth = 0
        self.cell: list[str] | None = None
        self.span = (1, 1)
        self.title = ""
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.depth += 1
            if self.depth == 1:
                self.tables.append([])
        elif self.depth == 1 and tag == "tr":
            self.tables[-1].append([])
        elif self.depth == 1 and tag in ("td", "th"):
            if not self.tables[-1]:
                self.tables[-1].append([])
            a = dict(attrs)
            self.cell, self.span = [], (_span(a.get("rowspan")), _span(a.get("colspan")))
        elif tag == "br" and self.cell is not None:
            self.cell.append("\n")
        elif tag == "title":
            self.in_title = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.depth = max(0, self.depth - 1)
        elif self.depth == 1 and tag in ("td", "th") and self.cell is not None:
            self.tables[-1][-1].append(("".join(self.cell), *self.span))
            self.cell = None
        elif tag == "title":
            self.in_title = False

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)
        elif self.in_title:
            self.title += data


def _span(v: str | None) -> int:
    try:
        return max(1, min(int(v or 1), MAX_COLUMNS + 1))
    except ValueError:
        return 1


def sources(path: Path) -> list[Source]:
    """Every table of the page, named by the page title (or the file name) and its number."""
    check_bytes(path.name, path.stat().st_size)
    parser = _Tables()
    try:
        parser.feed(decode(path.read_bytes()))
        parser.close()
    except Unreadable:
        raise
    except Exception:  # the standard parser is lenient; anything it still cannot take refuses the file
        raise Unreadable(loader_text("html_xls", path=path.name)) from None
    tables = [t for t in parser.tables if any(t)]
    if not tables:
        raise Unreadable(loader_text("html_xls", path=path.name))
    base = path.stem
    return [Source(base if len(tables) == 1 else f"{base} {i + 1}", "html", lambda t=t: _grid(t))
            for i, t in enumerate(tables)]


def _grid(table: list[list[tuple[str, int, int]]]) -> Grid:
    taken: dict[tuple[int, int], bool] = {}
    placed: dict[tuple[int, int], str] = {}
    width = 0
    for r, row in enumerate(table):
        c = 0
        for value, rowspan, colspan in row:
            while (r, c) in taken:
                c += 1
            check_range(r + rowspan, c + colspan)
            placed[(r, c)] = value
            for i in range(r, min(r + rowspan, MAX_ROWS + 1)):
                for j in range(c, c + colspan):
                    taken[(i, j)] = True
            c += colspan
            width = max(width, c)
    check_range(len(table), width)
    rows = [[placed.get((r, c)) for c in range(width)] for r in range(len(table))]
    return Grid(iter(rows), lambda rest, _header_row: cells.block(rest))
