"""Which reader a file gets, by its bytes: .xls by xlwt, SpreadsheetML and HTML saved as .xls, and refusals."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from pairnet.loaders.faults import FileRefused, WorkbookError
from pairnet.loaders.load import read_workbook
from pairnet.loaders.read import read_sheets

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[1]))
from books import spreadsheetml, workbook_xml, write_xls  # noqa: E402
from loader_workbooks import base_workbook, write_csv  # noqa: E402


def test_xls_by_xlwt_reads_as_the_csv_folder(tmp_path: Path) -> None:
    """An Excel 97-2003 file written by xlwt (Chinese sheet names, headers and values) gives the same network."""
    expected = read_workbook(write_csv(base_workbook(), tmp_path / "csv"))
    path = write_xls(base_workbook(), tmp_path / "台账.xls")
    assert read_workbook(path).differences(expected) == []


@pytest.fixture
def xls_with_number_id(tmp_path: Path) -> Path:
    import xlwt

    wb = base_workbook()
    book = xlwt.Workbook(encoding="utf-8")
    from loader_workbooks import sheet_table

    for name in wb:
        ws = book.add_sheet(name)
        for r, row in enumerate(sheet_table(wb, name)):
            for c, v in enumerate(row):
                if name == "households" and r == 1 and c == 2:
                    ws.write(r, c, 610924198001011234.0)  # as Excel keeps it: a float of 15 significant digits
                elif v != "":
                    ws.write(r, c, v)
    path = tmp_path / "wb.xls"
    book.save(str(path))
    return path


def test_id_number_in_an_xls_number_cell(xls_with_number_id: Path) -> None:
    with pytest.raises(WorkbookError) as info:
        read_workbook(xls_with_number_id)
    [f] = info.value.faults
    assert (f.sheet, f.row, f.column) == ("households", 2, "id_number")
    assert "number cell" in f.message and "Excel has already changed" in f.message and "as text" in f.message
    assert "610924198001011234" not in str(info.value)


def test_spreadsheetml_xls_reads_as_the_csv_folder(tmp_path: Path) -> None:
    expected = read_workbook(write_csv(base_workbook(), tmp_path / "csv"))
    path = tmp_path / "导出.xls"
    path.write_bytes(workbook_xml(base_workbook()))
    assert read_workbook(path).differences(expected) == []


def test_spreadsheetml_cells_indexes_formulas_and_errors(tmp_path: Path) -> None:
    """ss:Index skips cells and rows as Excel lays them out; a formula without a value and #REF! are faults."""
    rows = ('<Row><Cell><Data ss:Type="String">town_id</Data></Cell><Cell><Data ss:Type="String">name</Data></Cell>'
            '</Row><Row ss:Index="3"><Cell><Data ss:Type="String">T01</Data></Cell><Cell ss:Index="2">'
            '<Data ss:Type="String">城关镇</Data></Cell></Row>'
            '<Row><Cell><Data ss:Type="String">T02</Data></Cell><Cell ss:Formula="=A1"/></Row>'
            '<Row><Cell><Data ss:Type="String">T03</Data></Cell><Cell><Data ss:Type="Error">#REF!</Data></Cell></Row>')
    doc = ('<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
           'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="towns"><Table>'
           + rows + "</Table></Worksheet></Workbook>")
    path = tmp_path / "towns.xls"
    path.write_text(doc, encoding="utf-8")
    sheets, faults = read_sheets(path)
    assert sheets["towns"].rows == [3, 4, 5]
    assert sheets["towns"].frame["name"].tolist()[0] == "城关镇"
    got = [(f.row, f.column, f.message.split(":")[0]) for f in faults]
    assert got == [(4, "name", "cell B4 is a formula without a saved value"), (5, "name", "cell B5 holds the error #REF!")]


@pytest.mark.parametrize("head", ['<!DOCTYPE Workbook [<!ENTITY big "xxxxxxxxxx">]>',
                                  '<!DOCTYPE Workbook SYSTEM "file:///etc/passwd">'])
def test_xml_with_entities_is_refused(tmp_path: Path, head: str) -> None:
    """No DOCTYPE, no entities: neither an entity bomb nor an external file is ever expanded."""
    path = tmp_path / "wb.xls"
    path.write_bytes(spreadsheetml({"towns": [["town_id", "name"], ["T01", "&big;"]]}, head=head))
    with pytest.raises(FileRefused) as info:
        read_sheets(path)
    assert "this .xls is an XML spreadsheet: open it in Excel and save as .xlsx" in str(info.value)


def test_broken_xml_xls_is_refused_with_advice(tmp_path: Path) -> None:
    path = tmp_path / "导出.xls"
    path.write_bytes(spreadsheetml({"towns": [["town_id", "name"]]})[:-30])
    with pytest.raises(FileRefused) as info:
        read_sheets(path)
    assert "此 .xls 实为 XML 电子表格：请用 Excel 打开并另存为 .xlsx" in str(info.value)  # the file's name is Chinese


def test_html_xls_is_read_as_excel_lays_it_out(tmp_path: Path) -> None:
    """A web system's ".xls" that is an HTML table: a title cell spanning the row, a rowspan, entities."""
    page = """<html><head><meta charset="utf-8"><title>结对</title></head><body><table border=1>
    <tr><td colspan="4">清溪县 结对帮扶</td></tr>
    <tr><th>帮扶人编号</th><th>户编号</th><th>开始日期</th><th>结束日期</th></tr>
    <tr><td rowspan="2">C001</td><td>H001</td><td>2019-03-01</td><td></td></tr>
    <tr><td>H002</td><td>2019/3/15</td><td>2021-12-31</td></tr>
    <tr><td>C&#48;02</td><td>H003</td><td>2019年3月</td><td>&nbsp;</td></tr>
    </table></body></html>"""
    path = tmp_path / "pairings.xls"
    path.write_text(page, encoding="utf-8")
    sheets, faults = read_sheets(path)
    assert faults == []
    p = sheets["pairings"]
    assert p.rows == [3, 4, 5]
    assert p.frame["helper_id"].fillna("").tolist() == ["C001", "", "C002"]  # Excel too leaves a row-spanned cell blank
    assert p.frame["since"].tolist() == ["2019-03-01", "2019/3/15", "2019年3月"]


def test_html_without_a_table_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "wb.xls"
    path.write_text("<html><body><p>登录已过期</p></body></html>", encoding="utf-8")
    with pytest.raises(FileRefused) as info:
        read_sheets(path)
    assert "this .xls is a web page (HTML): open it in Excel and save as .xlsx" in str(info.value)


@pytest.mark.parametrize("name", ["wb.xlsx", "wb.xls", "wb.xlsm", "wb.ods"])
def test_foreign_bytes_are_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"\x00\x01garbage" * 50)
    with pytest.raises(FileRefused):
        read_sheets(path)
