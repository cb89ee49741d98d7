"""Workbooks written by real writers for the format tests: xlwt (.xls), SpreadsheetML and HTML by hand."""

from __future__ import annotations

import sys
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).parents[1]))
from loader_workbooks import Workbook, sheet_table, sheet_title  # noqa: E402


def write_xls(wb: Workbook, path: Path, lang: str = "zh") -> Path:
    """An Excel 97-2003 workbook written by xlwt, every cell as text."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    for name in wb:
        ws = book.add_sheet(sheet_title(name, lang))
        for r, row in enumerate(sheet_table(wb, name, lang)):
            for c, v in enumerate(row):
                if v != "":
                    ws.write(r, c, v)
    book.save(str(path))
    return path


def spreadsheetml(sheets: dict[str, list[list[object]]], *, head: str = "") -> bytes:
    """An XML Spreadsheet 2003 document as Excel writes it (numbers typed ``Number``, the rest ``String``)."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>', '<?mso-application progid="Excel.Sheet"?>', head,
           '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
           'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">']
    for name, rows in sheets.items():
        out.append(f'<Worksheet ss:Name="{escape(name)}"><Table>')
        for row in rows:
            out.append("<Row>")
            for v in row:
                if v == "" or v is None:
                    out.append("<Cell/>")
                elif isinstance(v, (int, float)):
                    out.append(f'<Cell><Data ss:Type="Number">{v}</Data></Cell>')
                else:
                    out.append(f'<Cell><Data ss:Type="String">{escape(str(v))}</Data></Cell>')
            out.append("</Row>")
        out.append("</Table></Worksheet>")
    out.append("</Workbook>")
    return "\n".join(out).encode("utf-8")


def workbook_xml(wb: Workbook, lang: str = "zh") -> bytes:
    return spreadsheetml({sheet_title(name, lang): sheet_table(wb, name, lang) for name in wb})
