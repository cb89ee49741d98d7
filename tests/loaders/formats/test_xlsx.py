"""The .xlsx reader: a sheet's used range bounded from its XML before calamine lays it out; formulas without a
saved value and error cells refused with their cell; the range scan agrees with openpyxl's own dimensions."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from pairnet.loaders.formats.limits import MAX_CELLS
from pairnet.loaders.formats.xlsx import bounds_and_bad_cells, used_range
from pairnet.loaders.read import read_sheets


def _sheet_xml(path: Path) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read("xl/worksheets/sheet1.xml")


def test_far_cell_is_refused_before_reading(tmp_path: Path) -> None:
    """A 6 KB file with one cell at XFD1048576 asks for 17 billion cells: refused, stating the limit, in a process
    whose memory is capped at 1 GB (calamine would abort asking for 512 GB)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "towns"
    ws.append(["town_id", "name"])
    ws.append(["T01", "城关镇"])
    ws["XFD1048576"] = "x"
    path = tmp_path / "far.xlsx"
    wb.save(path)
    assert path.stat().st_size < 8000
    code = ("import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30));"
            "from pairnet.loaders.read import read_sheets;"
            f"sheets, faults = read_sheets({str(path)!r}); print(faults[0]); print(len(sheets))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    first, count = r.stdout.splitlines()
    assert "XFD1048576" in first and "16,384 columns" in first and f"{MAX_CELLS:,} cells" in first
    assert count == "0"


def test_cells_without_references_still_count(tmp_path: Path) -> None:
    """Cells may omit r="A1" (they follow the one before): the range is then never under-counted."""
    xml = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
           b'<row r="1">' + b'<c t="inlineStr"><is><t>x</t></is></c>' * 40 + b'</row><row><c><v>1</v></c></row>'
           b'</sheetData></worksheet>')
    rows, cols = used_range(xml)
    assert rows >= 2 and cols >= 40


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 3000), st.integers(1, 800)), min_size=1, max_size=12))
def test_used_range_matches_the_cells_written(tmp_path_factory: pytest.TempPathFactory,
                                              cells: list[tuple[int, int]]) -> None:
    """Cells written by openpyxl anywhere: the scan finds exactly the last row and column."""
    wb = Workbook()
    ws = wb.active
    for r, c in cells:
        ws.cell(row=r, column=c, value="v")
    path = tmp_path_factory.mktemp("x") / "wb.xlsx"
    wb.save(path)
    assert used_range(_sheet_xml(path)) == (max(r for r, _ in cells), max(c for _, c in cells))


def test_formula_without_value_and_error_cells_are_refused(tmp_path: Path) -> None:
    """openpyxl writes formulas without a cached value; calamine would read them, and #REF!, as blank."""
    wb = Workbook()
    ws = wb.active
    ws.title = "towns"
    ws.append(["town_id", "name"])
    ws.append(["T01", "=B1&\"镇\""])
    ws.append(["T02", "洞河镇"])
    ws["B4"] = "#REF!"
    ws["B4"].data_type = "e"
    ws["A4"] = "T03"
    path = tmp_path / "wb.xlsx"
    wb.save(path)
    sheets, faults = read_sheets(path)
    got = [(f.sheet, f.row, f.column, f.message.split(":")[0]) for f in faults]
    assert got == [("towns", 2, "name", "cell B2 is a formula without a saved value"),
                   ("towns", 4, "name", "cell B4 holds the error #REF!")]
    assert sheets["towns"].rows == [2, 3, 4]


def test_formula_with_saved_value_is_read(tmp_path: Path) -> None:
    """A formula whose value Excel saved (here written into the XML as Excel does) is read as that value."""
    wb = Workbook()
    ws = wb.active
    ws.title = "towns"
    ws.append(["town_id", "name"])
    ws.append(["T01", "=B1"])
    path = tmp_path / "wb.xlsx"
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["xl/worksheets/sheet1.xml"] = re.sub(rb"<v\s*/>", b"<v>\xe5\x9f\x8e\xe5\x85\xb3\xe9\x95\x87</v>",
                                               parts["xl/worksheets/sheet1.xml"]).replace(b'<c r="B2"', b'<c r="B2" t="str"')
    with zipfile.ZipFile(path, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    assert bounds_and_bad_cells(parts["xl/worksheets/sheet1.xml"])[2] == []
    sheets, faults = read_sheets(path)
    assert faults == [] and sheets["towns"].frame["name"].tolist() == ["城关镇"]


def _with_values(path: Path, values: dict[str, bytes]) -> None:
    """Rewrite the saved values of number cells, as a foreign writer could have saved them."""
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    xml = parts["xl/worksheets/sheet1.xml"]
    for ref, v in values.items():
        xml, n = re.subn(rb'(<c r="' + ref.encode() + rb'"[^>]*>)<v>[^<]*</v>', rb"\g<1><v>" + v + rb"</v>", xml)
        assert n == 1, ref
    parts["xl/worksheets/sheet1.xml"] = xml
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def test_non_finite_number_cells_are_refused_with_their_cell(tmp_path: Path) -> None:
    """NaN, INF and 1e400 saved as numbers: calamine reads NaN as blank and the others as "inf", so a name went
    blank and an optional cell held "inf", in silence. A finite 1e300 is a number like any other."""
    wb = Workbook()
    ws = wb.active
    ws.title = "villages"
    ws.append(["village_id", "name", "town_id", "x", "y"])
    ws.append(["V1", 1, "T1", 2, 3])
    ws.append(["V2", "北村", "T1", 4, 5])
    path = tmp_path / "wb.xlsx"
    wb.save(path)
    _with_values(path, {"B2": b"NaN", "D2": b"INF", "E3": b"-1e400", "D3": b"1e300"})
    _, faults = read_sheets(path)
    got = [(f.row, f.column, f.message.split(",")[0]) for f in faults if "no spreadsheet writes" in f.message]
    assert got == [(2, "name", "cell B2 holds the number NaN"), (2, "x", "cell D2 holds the number INF"),
                   (3, "y", "cell E3 holds the number -1e400")]
