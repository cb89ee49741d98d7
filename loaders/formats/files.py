"""Which reader a path needs, told by the file's first bytes rather than its name (web systems write XML or
HTML under ``.xls``), and the sheets it holds."""

from __future__ import annotations

from pathlib import Path

from pairnet.graph.core.messages import loader_text
from pairnet.loaders.faults import FileRefused, language
from pairnet.loaders.formats import csvfile, html, spreadsheetml, xls, xlsx
from pairnet.loaders.formats.grid import Source, Unreadable

ZIP = b"PK\x03\x04"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CSV_SUFFIXES = (".csv", ".txt")


def sources(path: Path) -> list[Source]:
    """Every sheet at ``path``: each CSV file of a folder, one CSV file, or each sheet of a workbook.

    Raises ``FileRefused`` (with the message in the language of the file's name) when the path is missing,
    of a kind pairnet does not read, or damaged.
    """
    lang = language(path.name)
    if path.is_dir():
        files = sorted(f for f in path.iterdir() if f.is_file() and f.suffix.lower() in CSV_SUFFIXES)
        if not files:
            raise FileRefused(loader_text("no_csv", path=path), lang)
        return [csvfile.source(f) for f in files]
    if not path.exists():
        raise FileRefused(loader_text("not_found", path=path), lang)
    if not path.is_file():
        raise FileRefused(loader_text("not_workbook", path=path), lang)
    try:
        with path.open("rb") as f:
            head = f.read(4096)
    except OSError as e:
        raise FileRefused(loader_text("cannot_open", path=path, kind="file", why=e.strerror or str(e)), lang) from None
    suffix = path.suffix.lower()
    try:
        if head.startswith(ZIP):
            return xlsx.sources(path)
        if head.startswith(OLE2):
            return xls.sources(path)
        kind = markup(head)
        if kind == "xml":
            return spreadsheetml.sources(path)
        if kind == "html":
            return html.sources(path)
        if suffix in CSV_SUFFIXES:
            return [csvfile.source(path)]
    except Unreadable as e:
        raise FileRefused(e.text, lang) from None
    if suffix in (".xlsx", ".xlsm", ".xls"):
        raise FileRefused(loader_text("cannot_open", path=path, kind=suffix,
                                      why="the file is not a workbook of that kind (damaged, or another format)",
                                      why_zh="文件不是这种格式的工作簿（已损坏，或是别的格式）"), lang)
    raise FileRefused(loader_text("not_workbook", path=path), lang)


def markup(head: bytes) -> str | None:
    """``xml`` for an XML Spreadsheet 2003 (SpreadsheetML), ``html`` for a web page, else None."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"urn:schemas-microsoft-com:office:spreadsheet" in text and text.startswith(b"<?xml") or (
            text.startswith(b"<?xml") and b"<workbook" in text):
        return "xml"
    if text.startswith((b"<!doctype html", b"<html", b"<table", b"<meta", b"<head", b"<body")) or (
            text.startswith(b"<") and b"<table" in text):
        return "html"
    return None
