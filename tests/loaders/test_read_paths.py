"""The loader's two ways through a sheet give the same rows and faults: Arrow's CSV reader and the csv module, and
columns checked once per distinct value (statuses, sizes, days) as well as cell by cell (ID and phone numbers)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from pairnet.loaders import read
from pairnet.loaders.faults import WorkbookError
from pairnet.loaders.load import read_workbook
from pairnet.loaders.read import read_sheets

sys.path.insert(0, str(Path(__file__).parent))
from loader_workbooks import base_workbook, generated_workbook, write_csv

# A villages sheet as a clerk might save it: a title row, blank lines, a row of empty cells, a blank-only row,
# a row with only a note in a column the loader does not read, a neutralised cell and Windows line ends.
VILLAGES = [
    "2026年 贫困村名单,,,,,,,,,,",
    "village_id,name,town_id,poor,deep_poverty,branch_rating,industry,x,y,备注",
    "V001,东城村,T01,true,false,good,茶叶,108.5,32.5,",
    "",
    ",,,,,,,,,",
    " V002 ,西城村,T01,true,true,weak,'=种植,108.6,32.6,",
    " ,\u3000,,,,,,,,",
    ",,,,,,,,,见附件",
    "V003,河口村,T02,false,false,strong,魔芋,108.7,32.7,",
    "V004,双河村,T02,true,false,average,,,,",
]
ROWS = [3, 6, 8, 9, 10]  # the spreadsheet rows that hold text, counted from the title row as row 1


def _villages(tmp_path: Path, name: str, lines: list[str]) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "villages.csv").write_bytes("\r\n".join(lines).encode("utf-8") + b"\r\n")
    return folder


def test_arrow_and_csv_module_give_the_same_rows(tmp_path: Path) -> None:
    plain = _villages(tmp_path, "plain", VILLAGES)
    # a quoted cell (same value) and a short row (padded by the csv module) each send the sheet the csv way
    quoted = _villages(tmp_path, "quoted", [line.replace("河口村", '"河口村"') for line in VILLAGES])
    short = _villages(tmp_path, "short", VILLAGES[:-1] + ["V004,双河村,T02,true,false,average"])
    text = (plain / "villages.csv").read_text("utf-8")
    assert read._arrow_columns(text, 2, ",") is not None
    assert read._arrow_columns((quoted / "villages.csv").read_text("utf-8"), 2, ",") is None
    assert read._arrow_columns((short / "villages.csv").read_text("utf-8"), 2, ",") is None
    sheets = {name: read_sheets(folder) for name, folder in [("plain", plain), ("quoted", quoted), ("short", short)]}
    for name, (got, faults) in sheets.items():
        v = got["villages"]
        assert faults == [], name
        assert v.rows == ROWS, name
        assert v.frame["village_id"].tolist()[:2] == ["V001", "V002"], name
        assert v.frame["industry"].tolist()[1] == "=种植", name  # the neutralising quote is taken off
        assert v.frame["village_id"].isna().tolist() == [False, False, True, False, False], name  # note-only row
        assert v.frame.equals(sheets["plain"][0]["villages"].frame), name


def test_repeated_values_faults_on_every_row(tmp_path: Path) -> None:
    """A column of few distinct values is checked once per value; each bad cell is still its own fault."""
    wb = generated_workbook()
    households, pairings = wb["households"], wb["pairings"]
    assert len(households) > 100 and len(pairings) > 100
    households[3]["members"] = "x"
    households[50]["members"] = households[51]["members"] = "0"
    households[60]["members"] = "３"  # a full-width digit is a digit, as Python reads it
    households[70]["status"] = "bogus"
    since = pairings[7]["since"]
    pairings[7]["since"] = "2021-02-30"
    with pytest.raises(WorkbookError) as info:
        read_workbook(write_csv(wb, tmp_path / "wb"))
    got = [(f.sheet, f.row, f.column, f.value, f.message.split(":")[0]) for f in info.value.faults]
    assert got == [
        ("households", 5, "members", "x", "is not a whole number"),
        ("households", 52, "members", "0", "must be at least 1"),
        ("households", 53, "members", "0", "must be at least 1"),
        ("households", 72, "status", "bogus", "is not a known status"),
        ("pairings", 9, "since", "2021-02-30", "is not a real date"),
    ]
    households[3]["members"] = households[50]["members"] = households[51]["members"] = "2"
    households[70]["status"], pairings[7]["since"] = "poor", since
    net = read_workbook(write_csv(wb, tmp_path / "fixed"))
    h = net.nodes["Household"].set_index("household_id")
    assert h.loc[households[60]["household_id"], "members"] == 3


@pytest.mark.parametrize("phone", ["+86 139-0000-0001", "139\u30000000\u30000001"])
def test_phone_numbers_lose_blanks_and_dashes(phone: str, tmp_path: Path) -> None:
    """ASCII columns are checked by Arrow, others by Python; both drop blanks (also full-width ones) alike."""
    wb = base_workbook()
    wb["cadres"][0]["phone"] = phone
    net = read_workbook(write_csv(wb, tmp_path / "wb"))
    assert net.nodes["Cadre"].set_index("cadre_id").loc["C001", "phone"] == "13900000001"
