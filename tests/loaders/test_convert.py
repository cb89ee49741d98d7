"""Cell conversion, on whole columns as the loader sees them: NFKC codes, IDs and phones; the county ledgers'
spellings; dates and numbers as clerks write them; bounds; ID numbers and codes that went through a number cell."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pairnet.graph.core import schema
from pairnet.loaders.convert import convert
from pairnet.loaders.faults import WorkbookError
from pairnet.loaders.load import read_workbook

sys.path.insert(0, str(Path(__file__).parent))
from loader_workbooks import base_workbook, id_number, write_csv  # noqa: E402


def _prop(sheet: str, name: str) -> schema.Prop:
    return schema.SHEET[sheet].columns[schema.SHEET[sheet].column_names.index(name)]


def _run(sheet: str, name: str, cells: list[str | None], numbers: list[bool] | None = None):
    col = pd.Series(pd.array(cells, dtype="string[pyarrow]"))
    values, errors = convert(_prop(sheet, name), col, None if numbers is None else np.array(numbers))
    return [None if pd.isna(v) else v for v in values], [None if e is None else str(e) for e in errors]


ID = id_number("610924", "19800101", "123")


def test_id_numbers_folded_before_the_check() -> None:
    """Full-width digits and X, ideographic and inner spaces: the same ID; Arabic-Indic digits: a clear fault."""
    wide = ID.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789X"})
    spaced = f"{ID[:6]} {ID[6:14]}\u3000{ID[14:]}"
    arabic = ID.translate({ord(c): 0x0660 + int(c) for c in "0123456789"})
    values, errors = _run("households", "id_number", [wide, spaced, ID.lower(), arabic, None])
    assert values[:3] == [ID, ID, ID] and errors[:3] == [None, None, None]
    assert errors[3].startswith("uses digits other than 0-9") and errors[4] is None


def test_id_number_through_a_number_cell_is_refused() -> None:
    """Excel keeps 15 significant digits: 18 digits from a number cell, or its 6.12499E+17 text, are refused."""
    values, errors = _run("households", "id_number", ["610924198001011000", "6.12499E+17", ID, "610924800101123"],
                          [True, False, False, True])
    assert errors[0].startswith("was typed into a number cell") and "Excel has already changed" in errors[0]
    assert errors[1].startswith("was typed into a number cell")
    assert errors[2] is None and errors[3] is None  # text; and a 15-digit legacy number survives a number cell
    assert "as text" in errors[0]


def test_phones_folded() -> None:
    values, errors = _run("cadres", "phone", ["１３９ ００００ ０００１", "139-0000-0002", "+86 13900000003", "12345"])
    assert values[:3] == ["13900000001", "13900000002", "13900000003"]
    assert errors == [None, None, None, "is not an 11-digit phone number"]


def test_codes_folded_and_lost_zeros_seen() -> None:
    values, errors = _run("villages", "town_id", ["Ｔ０１", " T0 2 ", "0001", "1", "0002"],
                          [False, False, False, True, False])
    assert values[:3] == ["T01", "T02", "0001"]
    assert errors[:3] == [None, None, None] and errors[4] is None
    assert errors[3].startswith("is a number cell and reads as 0001 without its leading zeros")


@pytest.mark.parametrize("cells,expected", [
    (["脱贫户", "已脱贫", "脱贫不稳定户", "边缘易致贫户", "突发严重困难户", "未脱贫", "监测对象"],
     ["exited", "exited", "monitored", "monitored", "monitored", "poor", "monitored"]),
])
def test_status_spellings(cells: list[str], expected: list[str]) -> None:
    assert _run("households", "status", cells) == (expected, [None] * len(cells))


def test_rank_spellings() -> None:
    cells = ["县处级正职", "县处级副职", "正科级", "副科级", "科员", "科员级", "科员（级）", "办事员", "办事员(级)", "未定职"]
    values, errors = _run("cadres", "rank", cells)
    assert values == ["county"] * 2 + ["section"] * 2 + ["staff"] * 6 and errors == [None] * len(cells)
    values, errors = _run("cadres", "rank", ["处长大人"])
    assert values == [None] and errors[0].startswith("is not a known rank: use county, section, staff, village")


def test_helper_state_and_booleans() -> None:
    values, errors = _run("cadres", "active", ["在岗", "退休", "调离", "是", "否", "TRUE", "√", "maybe"])
    assert values == [True, False, False, True, False, True, True, None]
    assert errors[-1].startswith("is not yes or no")


def test_descriptive_unit_kind_kept_as_written() -> None:
    """A kind that matches a spelling folds to the canonical kind; any other is kept, never refused."""
    values, errors = _run("units", "kind", ["金融机构", "financial", "事业单位", "中直单位", "国有企业", "bank"])
    assert values == ["bank", "financial", "事业单位", "中直单位", "enterprise", "bank"]
    assert errors == [None] * 6


def test_numbers_in_text_and_bounds() -> None:
    cells = ["4人", "4", "4.0", "３口", "0", "100", "99999999999999999999", ID, "4.5", "٤", "-1"]
    values, errors = _run("households", "members", cells)
    assert values[:4] == [4, 4, 4, 3]
    assert errors[:4] == [None] * 4
    assert errors[4] == "must be at least 1"
    assert errors[5] == errors[6] == errors[7] == "must be at most 99"  # never an OverflowError, ID masked below
    assert errors[8] == "is not a whole number" and errors[9].startswith("uses digits other than 0-9")
    assert errors[10] == "must be at least 1"
    values, errors = _run("households", "exit_year", ["2019", "2019年", "1979", "2101", "1980", "2100"])
    assert values[:2] == [2019, 2019] and values[4:] == [1980, 2100]
    assert errors == [None, None, "must be at least 1980", "must be at most 2100", None, None]


def test_coordinates_must_be_finite() -> None:
    values, errors = _run("villages", "x", ["108.5", "inf", "1e400", "nan", "-Infinity", "abc", "1e5"])
    assert values[0] == 108.5 and values[6] == 100000.0
    assert errors[1:5] == ["is not a finite number"] * 4 and errors[5] == "is not a number"


def test_dates_as_clerks_write_them() -> None:
    cells = ["2019年3月", "2019.3", "2019.03", "2019/3/15", "2019-3-15", "2019年3月15日", "43586", "20190315",
             "２０１９－０３－１５", "2019.13", "2021-02-30", "1899-12-31", "三月"]
    values, errors = _run("pairings", "since", cells)
    d = pd.Timestamp
    assert values[:9] == [d("2019-03-01"), d("2019-03-01"), d("2019-03-01"), d("2019-03-15"), d("2019-03-15"),
                          d("2019-03-15"), d("2019-05-01"), d("2019-03-15"), d("2019-03-15")]
    assert errors[:9] == [None] * 9
    assert errors[9] == errors[10] == "is not a real date"
    assert errors[11] == "is outside 1900-2100" and errors[12].startswith("is not a date")


def test_month_typed_as_a_number_is_unsure() -> None:
    values, errors = _run("pairings", "since", ["2019.1", "2019.1", "2019.3"], [True, False, True])
    assert errors[0].startswith("is a number cell: 2019.10 typed as a number reads 2019.1")
    assert errors[1] is None and errors[2] is None


def test_a_county_workbook_with_the_ledger_spellings_loads(tmp_path: Path) -> None:
    """The spellings above, through a whole load: full-width codes resolve to the same keys."""
    wb = base_workbook()
    wb["households"][0].update(status="脱贫不稳定户", members="3人")
    wb["households"][1].update(status="脱贫户", exit_year="2019年")
    wb["cadres"][0].update(rank="正科级", active="在岗")
    wb["cadres"][1].update(rank="办事员（级）", active="调离")
    wb["units"][1]["kind"] = "financial"
    wb["pairings"][0].update(household_id="Ｈ００１", since="2019年3月")
    net = read_workbook(write_csv(wb, tmp_path / "wb"))
    h = net.nodes["Household"].set_index("household_id")
    assert h.loc["H001", "status"] == "monitored" and h.loc["H001", "members"] == 3
    assert h.loc["H002", "exit_year"] == 2019
    c = net.nodes["Cadre"].set_index("cadre_id")
    assert (c.loc["C001", "rank"], c.loc["C002", "rank"], bool(c.loc["C002", "active"])) == ("section", "staff", False)
    assert net.nodes["Unit"].set_index("unit_id").loc["U02", "kind"] == "financial"
    helps = net.rels["HELPS"].set_index("source")
    assert helps.loc["L01", "target"] == "H001" and helps.loc["L01", "since"] == pd.Timestamp("2019-03-01")


def test_full_width_duplicate_key_is_one_key(tmp_path: Path) -> None:
    wb = base_workbook()
    wb["towns"].append({"town_id": "Ｔ０１", "name": "又一个"})
    with pytest.raises(WorkbookError) as info:
        read_workbook(write_csv(wb, tmp_path / "wb"))
    [f] = info.value.faults
    assert (f.sheet, f.row, f.value) == ("towns", 4, "Ｔ０１") and "given twice (first at row 2)" in f.message
