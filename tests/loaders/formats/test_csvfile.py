"""CSV files: a single GBK or UTF-8 (BOM or not) file as one sheet, mixed encodings refused with their lines, a
cell over the limit refused on its line (never the csv module's field-limit error)."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from pairnet.loaders.formats.csvfile import decode
from pairnet.loaders.formats.grid import Unreadable
from pairnet.loaders.formats.limits import MAX_CELL_CHARS
from pairnet.loaders.read import read_sheets

PAIRINGS = "帮扶人编号,户编号,开始日期,结束日期\r\nC001,H001,2019年3月,\r\nC002,H002,2019.03,2021/12/31\r\n"


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8", "utf-8-sig"])
def test_one_csv_file_is_one_sheet(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "结对帮扶.csv"
    path.write_bytes(PAIRINGS.encode(encoding))
    sheets, faults = read_sheets(path)
    assert faults == [] and list(sheets) == ["pairings"]
    assert sheets["pairings"].frame["since"].tolist() == ["2019年3月", "2019.03"]
    assert sheets["pairings"].headers["helper_id"] == "帮扶人编号"


def test_one_gbk_line_in_a_utf8_file_is_refused_naming_it(tmp_path: Path) -> None:
    lines = ["村编码,村名称,乡镇编码", "V001,东城村,T01", "V002,西城村,T01", "V003,河口村,T02"]
    data = b"\n".join(line.encode("gbk" if i == 2 else "utf-8") for i, line in enumerate(lines))
    folder = tmp_path / "wb"
    folder.mkdir()
    (folder / "villages.csv").write_bytes(data)
    sheets, faults = read_sheets(folder)
    assert "villages" not in sheets
    [f] = faults
    assert f.sheet == "villages" and f.row == 3
    assert "line(s) 3 are GBK while the rest is UTF-8" in f.message
    with pytest.raises(Unreadable) as info:
        decode(codecs.BOM_UTF8 + data)
    assert info.value.row == 3


def test_a_utf8_line_in_a_gbk_file_is_refused(tmp_path: Path) -> None:
    lines = ["村编码,村名称,乡镇编码", "V001,东城村,T01", "V002,西城村,T01", "V003,河口村,T02"]
    data = b"\n".join(line.encode("utf-8" if i == 3 else "gbk") for i, line in enumerate(lines))
    with pytest.raises(Unreadable) as info:
        decode(data)
    assert info.value.row == 4  # the one UTF-8 line among GBK ones is named
    assert "line(s) 4 are UTF-8 while the rest is GBK" in info.value.text.en


def test_plain_gbk_is_not_mistaken_for_a_mix() -> None:
    text = "户主姓名,致贫原因\n" + "\n".join(f"张{i},因病" for i in range(500))
    assert decode(text.encode("gbk")) == text


@pytest.mark.parametrize("quoted", [False, True])
def test_cell_over_the_limit(tmp_path: Path, quoted: bool) -> None:
    """Through Arrow (no quotes) or through the csv module (quotes): a fault on the cell's line, not a crash."""
    big = "x" * (MAX_CELL_CHARS + 5)
    folder = tmp_path / "wb"
    folder.mkdir()
    cell = f'"{big}"' if quoted else big
    (folder / "towns.csv").write_text(f"town_id,name\nT01,城关镇\nT02,{cell}\n", encoding="utf-8")
    sheets, faults = read_sheets(folder)
    assert len(faults) == 1 and faults[0].row == 3
    assert f"{MAX_CELL_CHARS:,}" in faults[0].message
    assert big not in str(faults[0])


def test_cell_over_the_limit_in_a_load_is_exit_2(cli, tmp_path: Path) -> None:

    folder = tmp_path / "wb"
    folder.mkdir()
    (folder / "towns.csv").write_text('town_id,name\nT01,"' + "y" * 200_000 + '"\n', encoding="utf-8")
    r = cli("load", str(folder), "--db", str(tmp_path / "s.db"))
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert "131,072" in r.output


def test_a_quote_never_closed_is_refused_naming_its_line(tmp_path: Path) -> None:
    """A stray opening quote made the csv module read the rest of the file into one cell, in silence."""
    path = tmp_path / "towns.csv"
    path.write_text('town_id,name\nT01,城关镇\nT02,"洞河镇\nT03,高桥镇\n', encoding="utf-8")
    _, faults = read_sheets(path)
    assert [(f.sheet, f.row) for f in faults] == [("towns", 3)]
    assert "line 3" in faults[0].message and "never closed" in faults[0].message


def test_closed_quotes_and_inner_quote_marks_still_read(tmp_path: Path) -> None:
    path = tmp_path / "towns.csv"
    path.write_text('town_id,name\nT01,"城关, ""老""\n镇"\nT02,5" 镇\n', encoding="utf-8")
    sheets, faults = read_sheets(path)
    assert faults == []
    assert sheets["towns"].frame["name"].tolist() == ['城关, "老"\n镇', '5" 镇']
