"""Reading real-looking workbooks: encodings, Chinese headers and values, title rows, Excel cells, text codes."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook as XWorkbook
from pairnet.loaders.faults import WorkbookError
from pairnet.loaders.load import read_workbook
from pairnet.loaders.read import decode, read_sheets
from cli_runner import loaded_info

sys.path.insert(0, str(Path(__file__).parent))
from loader_workbooks import base_workbook, id_number, sheet_table, sheet_title, write_csv, write_xlsx  # noqa: E402


def _frame(net, label: str) -> pd.DataFrame:
    return net.nodes[label].set_index(net.nodes[label].columns[0])


def test_formats_and_encodings_give_the_same_network(tmp_path: Path) -> None:
    wb = base_workbook()
    english = read_workbook(write_csv(wb, tmp_path / "en"))
    variants = {
        "utf-8 BOM": write_csv(wb, tmp_path / "bom", encoding="utf-8-sig"),
        "zh gb18030": write_csv(wb, tmp_path / "gb", lang="zh", encoding="gb18030"),
        "zh gbk": write_csv(wb, tmp_path / "gbk", lang="zh", encoding="gbk"),
        "zh utf-8": write_csv(wb, tmp_path / "zh8", lang="zh"),
        "en xlsx": write_xlsx(wb, tmp_path / "en.xlsx"),
        "zh xlsx": write_xlsx(wb, tmp_path / "zh.xlsx", lang="zh"),
    }
    for name, path in variants.items():
        assert read_workbook(path).differences(english) == [], name
    # the content is what the sheets say (a few spot checks against the hand-made rows)
    h = _frame(english, "Household")
    assert h.loc["H005", "id_number"] == "610924800101123"
    assert h.loc["H002", "exit_year"] == 2019 and pd.isna(h.loc["H001", "exit_year"])
    assert _frame(english, "Cadre").loc["C002", "active"] == False  # noqa: E712
    assert english.counts()["relationships"]["ADJACENT_TO"] == 3  # V001-V002 given both ways counts once
    helps = english.rels["HELPS"].set_index("source")
    assert helps.loc["L01", "source_label"] == "Leader" and (helps.drop("L01")["source_label"] == "Cadre").all()
    member = english.rels["MEMBER_OF"]
    assert set(member["source"]) == {"V001", "V002"} and set(member["target"]) == {"J01"}


def test_same_graph_through_info_json(tmp_path: Path) -> None:
    """English UTF-8 CSV, Chinese-header GB18030 CSV and Chinese-header XLSX: `pairnet info --format json` identical."""
    wb = base_workbook()
    paths = [write_csv(wb, tmp_path / "en"), write_csv(wb, tmp_path / "gb", lang="zh", encoding="gb18030"),
             write_xlsx(wb, tmp_path / "zh.xlsx", lang="zh")]
    infos = [loaded_info(path, tmp_path / f"s{i}.db") for i, path in enumerate(paths)]
    assert infos[0] == infos[1] == infos[2]
    assert infos[0]["nodes"]["Household"] == 6 and infos[0]["relationships"]["HELPS"] == 6


def test_title_rows_blank_rows_and_stray_spaces(tmp_path: Path) -> None:
    """Merged title rows above the header, blank rows and padded cells; row numbers stay the spreadsheet's."""
    wb = base_workbook()
    path = write_xlsx(wb, tmp_path / "wb.xlsx", lang="zh")
    from openpyxl import load_workbook

    book = load_workbook(path)
    ws = book[sheet_title("households", "zh")]
    ws.insert_rows(1, 2)
    ws["A1"] = "紫阳县建档立卡贫困户花名册"
    ws.merge_cells("A1:H1")
    ws["A2"] = "填报单位：紫阳县扶贫办"
    ws.insert_rows(5)  # a blank row between H001 and H002
    ws["B6"] = "  李四 \u3000"
    ws["D8"] = "V99"  # H004 now sits on spreadsheet row 8 (2 title rows, header, H001-H003, blank row)
    book.save(path)
    with pytest.raises(WorkbookError) as info:
        read_workbook(path)
    assert [(f.sheet, f.row, f.key, f.value) for f in info.value.faults] == [("households", 8, "H004", "V99")]
    ws["D8"] = "V003"
    book.save(path)
    net = read_workbook(path)
    h = _frame(net, "Household")
    assert len(h) == 6 and h.loc["H002", "head_name"] == "李四"


def test_csv_title_row_and_case_insensitive_names(tmp_path: Path) -> None:
    wb = base_workbook()
    folder = write_csv(wb, tmp_path / "wb")
    (folder / "towns.csv").unlink()
    rows = sheet_table(wb, "towns")
    text = "紫阳县乡镇名单,,\n" + "\n".join(",".join(r) for r in rows) + "\n,,\n"
    (folder / "TOWNS.CSV").write_text(text, encoding="gb18030")
    net = read_workbook(folder)
    assert set(net.nodes["Town"]["name"]) == {"城关镇", "洞河镇"}


def test_excel_cells_dates_numbers_and_text_codes(tmp_path: Path) -> None:
    """Excel date cells -> dates; numeric code cells keep their digits; text codes keep leading zeros and all 18
    digits of an ID number; ``YYYY/MM/DD`` and Excel day numbers are dates too."""
    wb = base_workbook()
    wb["towns"][0]["town_id"] = "0001"
    for v in wb["villages"]:
        v["town_id"] = "0001" if v["town_id"] == "T01" else v["town_id"]
    wb["leader_towns"][0]["town_id"] = "0001"
    long_id = id_number("610924", "19800101", "123")
    path = write_xlsx(wb, tmp_path / "wb.xlsx")
    from openpyxl import load_workbook

    book = load_workbook(path)
    ws = book["pairings"]
    ws["C2"] = dt.datetime(2019, 3, 1)  # a real Excel date cell
    ws["C2"].number_format = "yyyy-mm-dd"
    ws["C3"] = "2018/03/01"
    ws["D3"] = dt.date(2021, 12, 31)
    ws["C4"] = 43586  # an unformatted date: Excel's day number for 2019-05-01
    hh = book["households"]
    hh["E2"] = 3  # members as a number cell
    hh["E3"] = 4.0  # ... and as a float that is a whole number
    hh["H3"] = 2019.0
    vs = book["villages"]
    vs["H2"] = 108.5
    book.save(path)
    net = read_workbook(path)
    helps = net.rels["HELPS"].set_index("target")
    assert helps.loc["H001", "since"] == pd.Timestamp("2019-03-01")
    assert helps.loc["H002", "since"] == pd.Timestamp("2018-03-01")
    assert helps.loc["H002", "until"] == pd.Timestamp("2021-12-31")
    assert helps.loc["H003", "since"] == pd.Timestamp("2019-05-01")
    h = _frame(net, "Household")
    assert h.loc["H001", "members"] == 3 and h.loc["H002", "members"] == 4 and h.loc["H002", "exit_year"] == 2019
    assert h.loc["H001", "id_number"] == long_id
    assert _frame(net, "Village").loc["V001", "x"] == 108.5
    assert "0001" in set(net.nodes["Town"]["town_id"])
    assert set(net.rels["IN_TOWN"]["target"]) == {"0001", "T02"}


def test_numeric_cells_never_exponent(tmp_path: Path) -> None:
    """A 12-digit village code typed as a number comes back with all its digits (no 1.2e+11, no .0)."""
    book = XWorkbook()
    ws = book.active
    ws.title = "towns"
    ws.append(["town_id", "name"])
    ws.append([610924100000, "城关镇"])
    ws.append([1.0, "一号镇"])
    book.save(tmp_path / "t.xlsx")
    sheets, faults = read_sheets(tmp_path / "t.xlsx")
    assert faults == [] and list(sheets["towns"].frame["town_id"]) == ["610924100000", "1"]
    assert sheets["towns"].rows == [2, 3]


def test_csv_keeps_codes_as_text(tmp_path: Path) -> None:
    wb = base_workbook()
    wb["households"][0]["household_id"] = "000123"
    wb["pairings"][0]["household_id"] = "000123"
    net = read_workbook(write_csv(wb, tmp_path / "wb"))
    ids = set(net.nodes["Household"]["household_id"])
    assert "000123" in ids
    assert net.nodes["Household"].set_index("household_id").loc["000123", "id_number"] == id_number(
        "610924", "19800101", "123")


def test_encodings_detected() -> None:
    text = "户编号,户主姓名\nH1,张三\n"
    for enc in ("utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"):
        assert decode(text.encode(enc)) == text, enc


def test_dates_in_chinese_and_dotted_forms(tmp_path: Path) -> None:
    wb = base_workbook()
    wb["pairings"][0]["since"] = "2019年3月1日"
    wb["pairings"][1]["since"] = "2018.03.01"
    net = read_workbook(write_csv(wb, tmp_path / "wb"))
    helps = net.rels["HELPS"].set_index("target")
    assert helps.loc["H001", "since"] == pd.Timestamp("2019-03-01")
    assert helps.loc["H002", "since"] == pd.Timestamp("2018-03-01")


def test_chinese_enum_spellings_accepted(tmp_path: Path) -> None:
    wb = base_workbook()
    wb["cadres"][0]["rank"] = "乡科级"
    wb["households"][0]["status"] = "贫困户"
    wb["villages"][0]["poor"] = "YES"
    net = read_workbook(write_csv(wb, tmp_path / "wb"))
    assert _frame(net, "Cadre").loc["C001", "rank"] == "section"
    assert _frame(net, "Household").loc["H001", "status"] == "poor"
    assert _frame(net, "Village").loc["V001", "poor"] == True  # noqa: E712


def test_optional_sheets_may_be_absent(tmp_path: Path) -> None:
    wb = base_workbook()
    for s in ("leaders", "unit_villages", "leader_towns", "leader_villages", "stationed", "adjacency",
              "committees", "committee_villages"):
        del wb[s]
    wb["pairings"] = [p for p in wb["pairings"] if p["helper_id"] != "L01"]
    net = read_workbook(write_csv(wb, tmp_path / "wb"))
    assert net.counts()["nodes"]["Leader"] == 0 and net.counts()["relationships"]["HELPS"] == 5


def test_a_path_that_is_not_a_workbook(tmp_path: Path) -> None:
    from pairnet.graph.core.errors import PairnetError

    (tmp_path / "x.txt").write_text("hello")
    for p in (tmp_path / "missing", tmp_path / "x.txt"):
        with pytest.raises(PairnetError):
            read_workbook(p)


def test_sheet_level_faults(tmp_path: Path) -> None:
    """A sheet given twice, a column given twice, a sheet without a header row, a file that is not text:
    each is a fault on its sheet; unknown columns and files are ignored."""
    wb = base_workbook()
    folder = write_csv(wb, tmp_path / "wb")
    write_csv({"units": wb["units"]}, folder, lang="zh")  # 帮扶单位.csv as well as units.csv
    (folder / "towns.csv").write_text("town_id,name,乡镇编码\nT01,城关镇,T01\nT02,洞河镇,T02\n", encoding="utf-8")
    (folder / "leaders.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (folder / "committees.csv").write_bytes(b"\xff\xfe\xff\xff,\x81\n")
    (folder / "notes.csv").write_text("whatever\n", encoding="utf-8")
    villages = folder / "villages.csv"
    lines = villages.read_text(encoding="utf-8").splitlines()
    villages.write_text("\n".join([lines[0] + ",备注"] + [line + ",见附件" for line in lines[1:]]) + "\n",
                        encoding="utf-8")
    sheets, faults = read_sheets(folder)
    got = sorted((f.sheet, f.column or "", f.message.split(" ")[0]) for f in faults)
    assert got == [("committees", "", "cannot"), ("leaders", "", "no"), ("towns", "town_id", "column"),
                   ("units", "", "given")], [str(f) for f in faults]
    assert "备注" not in sheets["villages"].headers.values()
    assert list(sheets["villages"].frame["name"])[:2] == ["东城村", "西城村"]


def test_empty_file_counts_as_absent_sheet(tmp_path: Path) -> None:
    wb = base_workbook()
    folder = write_csv(wb, tmp_path / "wb")
    (folder / "committee_villages.csv").write_bytes(b"")
    (folder / "units.csv").write_text("\n\n", encoding="utf-8")
    with pytest.raises(WorkbookError) as info:
        read_workbook(folder)
    assert [str(f) for f in info.value.faults] == ["units: required sheet is missing"]


def test_openpyxl_fallback_reads_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without python-calamine the XLSX reader falls back to openpyxl and reads the same rows and row numbers."""
    wb = base_workbook()
    wb["households"][3]["village_id"] = "V99"
    path = write_xlsx(wb, tmp_path / "wb.xlsx", lang="zh")
    from openpyxl import load_workbook

    book = load_workbook(path)
    book[sheet_title("households", "zh")].insert_rows(1)
    book[sheet_title("households", "zh")]["A1"] = "标题"
    book.save(path)
    with pytest.raises(WorkbookError) as fast:
        read_workbook(path)
    monkeypatch.setitem(sys.modules, "python_calamine", None)
    with pytest.raises(WorkbookError) as slow:
        read_workbook(path)
    assert [str(f) for f in fast.value.faults] == [str(f) for f in slow.value.faults]
    assert fast.value.faults[0].row == 6
    good = write_xlsx(base_workbook(), tmp_path / "good.xlsx", lang="zh")
    assert read_workbook(good).differences(read_workbook(write_csv(base_workbook(), tmp_path / "csv"))) == []
