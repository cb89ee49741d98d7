"""Fault messages a clerk can act on: in the file's language (Chinese headers give Chinese messages), naming sheet,
spreadsheet row, column as written and value, with ID- and phone-shaped values masked wherever they appear."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from pairnet.loaders.faults import Fault, WorkbookError
from pairnet.loaders.load import read_workbook

sys.path.insert(0, str(Path(__file__).parent))
from loader_workbooks import base_workbook, id_number, write_csv, write_xlsx  # noqa: E402

ID = id_number("610924", "19800101", "123")
PHONE = "13912345678"


def _faults(wb, tmp_path: Path, lang: str) -> WorkbookError:
    with pytest.raises(WorkbookError) as info:
        read_workbook(write_csv(wb, tmp_path / f"wb-{lang}", lang=lang))
    return info.value


def test_chinese_headers_give_chinese_messages(tmp_path: Path) -> None:
    wb = base_workbook()
    wb["households"][3]["village_id"] = "V99"
    wb["cadres"][1]["rank"] = "处长"
    zh = _faults(wb, tmp_path, "zh")
    en = _faults(base_workbook() | {"households": wb["households"], "cadres": wb["cadres"]}, tmp_path, "en")
    assert zh.lang == "zh" and en.lang == "en"
    text = str(zh)
    assert text.splitlines()[0].endswith("2 处错误，未载入任何内容")
    assert "贫困户 第 5 行（H004），村编码：'V99' 不在行政村中" in text
    assert "帮扶干部 第 3 行（C002），职级：'处长' 不是有效的职级：请填 县处级、科级、一般干部、村干部" in text
    assert "households row 5 (H004), village_id: 'V99' is not in villages" in str(en)


@pytest.mark.parametrize("sheet,i,column,value", [
    ("households", 0, "household_id", ID),  # in a key
    ("households", 0, "status", ID),  # in a status
    ("households", 0, "members", ID),  # in members (an 18-digit ID typed as the household size)
    ("pairings", 0, "helper_id", PHONE),  # an unknown helper id
    ("households", 1, "exit_year", PHONE),
])
def test_id_and_phone_shapes_masked_everywhere(tmp_path: Path, sheet: str, i: int, column: str, value: str) -> None:
    wb = base_workbook()
    wb[sheet][i][column] = value
    if column == "household_id":
        wb[sheet][i]["members"] = "0"  # a fault on the row, so that its key is shown
    for lang in ("en", "zh"):
        e = _faults(wb, tmp_path, lang)
        text = str(e) + " ".join(f"{f.key} {f.value} {f.message} {f.zh}" for f in e.faults)
        assert value not in text, text
        assert (value[:6] + "********" + value[-4:] if len(value) == 18 else value[:3] + "****" + value[-4:]) in text


def test_masked_when_spaced_or_full_width() -> None:
    wide = ID.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    for v in (wide, f"{ID[:6]} {ID[6:]}", f"{PHONE[:3]}-{PHONE[3:7]}-{PHONE[7:]}"):
        f = Fault("households", 2, v, "head_name", v, f"about {v}")
        assert not any(ch.isdigit() for ch in (f.value or "")[6:-4] if ch not in "*"), f.value
        assert "*" in f.key and "*" in f.message


def test_no_both_no_header_and_missing_sheet(tmp_path: Path) -> None:
    """A sheet whose header cannot be found is named once, not also as a missing required sheet."""
    folder = write_csv(base_workbook(), tmp_path / "wb")
    (folder / "units.csv").write_text("标题\n这不是表头,也不是\nU01,县财政局\n", encoding="utf-8")
    with pytest.raises(WorkbookError) as info:
        read_workbook(folder)
    units = [f for f in info.value.faults if f.sheet == "units"]
    assert len(units) == 1 and "no header row" in units[0].message
    (folder / "units.csv").write_bytes("unit_id,name\nU01,县财政局\n".encode() + "U02,安康银行\n".encode("gbk"))
    with pytest.raises(WorkbookError) as info:
        read_workbook(folder)
    units = [f for f in info.value.faults if f.sheet == "units"]
    assert len(units) == 1 and units[0].row == 3 and "mixes text encodings" in units[0].message


def test_file_level_refusals_are_exit_2_in_the_files_language(cli, tmp_path: Path) -> None:
    bad = tmp_path / "台账.xlsx"
    bad.write_bytes(b"not a zip at all")
    r = cli("load", str(bad), "--db", str(tmp_path / "s.db"))
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert "无法以 .xlsx 打开" in r.output


def test_xlsx_chinese_messages_through_the_cli(cli, tmp_path: Path) -> None:
    wb = base_workbook()
    wb["households"][0]["members"] = "0"
    path = write_xlsx(wb, tmp_path / "wb.xlsx", lang="zh")
    r = cli("load", str(path), "--db", str(tmp_path / "s.db"))
    assert r.exit_code == 2
    assert "家庭人口：'0' 不能小于 1" in r.output
