"""Each single fault in a workbook: exit 2 from `pairnet load`, a message naming sheet and key/value, store unchanged."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from pairnet.loaders.faults import Fault, WorkbookError
from pairnet.loaders.load import load_workbook, read_workbook

sys.path.insert(0, str(Path(__file__).parent))
from loader_workbooks import Workbook, base_workbook, write_csv, write_xlsx  # noqa: E402


def _set(sheet: str, i: int, **cells: str) -> Callable[[Workbook], None]:
    def mutate(wb: Workbook) -> None:
        wb[sheet][i].update(cells)
    return mutate


def _duplicate(wb: Workbook) -> None:
    wb["households"].append(dict(wb["households"][1], head_name="另一个李四"))


def _drop_column(wb: Workbook) -> None:
    for r in wb["households"]:
        del r["village_id"]


def _drop_sheet(wb: Workbook) -> None:
    del wb["units"]


# name -> (mutation, sheet, spreadsheet row or None, text the message must hold)
FAULTS: dict[str, tuple[Callable[[Workbook], None], str, int | None, list[str]]] = {
    "duplicate key": (_duplicate, "households", 8, ["H002", "given twice", "first at row 3"]),
    "dangling reference": (_set("households", 3, village_id="V99"), "households", 5,
                           ["(H004)", "village_id", "'V99'", "is not in villages"]),
    "bad enum": (_set("cadres", 1, rank="general"), "cadres", 3, ["(C002)", "rank", "'general'"]),
    "missing column": (_drop_column, "households", None, ["village_id", "required column is missing"]),
    "missing required sheet": (_drop_sheet, "units", None, ["units: required sheet is missing"]),
    "impossible date": (_set("pairings", 2, since="2021-02-30"), "pairings", 4,
                        ["C002 / H003", "since", "'2021-02-30'", "not a real date"]),
    "bad ID check character": (_set("households", 0, id_number="610924198001011230"), "households", 2,
                               ["(H001)", "id_number", "610924********1230", "check character"]),
    "household size below 1": (_set("households", 2, members="0"), "households", 4,
                               ["(H003)", "members", "'0'", "at least 1"]),
    "unknown helper": (_set("pairings", 0, helper_id="X999"), "pairings", 2,
                       ["X999", "helper_id", "is not in leaders or cadres"]),
    "bad phone": (_set("cadres", 0, phone="1390000"), "cadres", 2, ["(C001)", "phone", "11-digit"]),
    "exit_year on a non-exited household": (_set("households", 0, exit_year="2020"), "households", 2,
                                            ["(H001)", "exit_year", "'2020'", "not exited"]),
    "until before since": (_set("pairings", 1, until="2017-12-31"), "pairings", 3, ["C001 / H002", "until",
                                                                                    "before since"]),
    "helper id in leaders and cadres": (lambda wb: wb["cadres"].append(dict(wb["cadres"][0], cadre_id="L01")),
                                        "cadres", 5,
                                        ["cadre_id", "'L01'", "also a leader_id"]),
    "duplicate pair": (lambda wb: wb["pairings"].append(dict(wb["pairings"][0])), "pairings", 8,
                       ["L01 / H001", "given twice"]),
    "bad boolean": (_set("villages", 0, poor="maybe"), "villages", 2, ["(V001)", "poor", "'maybe'"]),
    "required cell blank": (_set("towns", 1, name=""), "towns", 3, ["(T02)", "name", "is required"]),
}


@pytest.mark.parametrize("name", list(FAULTS))
def test_single_fault_read(name: str, tmp_path: Path) -> None:
    """Every fault kind is reported exactly once, on the right sheet and spreadsheet row."""
    mutate, sheet, row, texts = FAULTS[name]
    wb = base_workbook()
    mutate(wb)
    with pytest.raises(WorkbookError) as info:
        read_workbook(write_csv(wb, tmp_path / "wb"))
    faults = info.value.faults
    assert len(faults) == 1, [str(f) for f in faults]
    f = faults[0]
    assert (f.sheet, f.row) == (sheet, row)
    for text in texts:
        assert text in str(f)


CLI_FAULTS = ["duplicate key", "dangling reference", "bad enum", "missing column", "missing required sheet",
              "impossible date", "bad ID check character", "household size below 1", "unknown helper", "bad phone",
              "exit_year on a non-exited household"]


@pytest.mark.parametrize("name", CLI_FAULTS)
def test_single_fault_cli_leaves_store(name: str, store, run_cli, tmp_path: Path) -> None:
    """`pairnet load` on a faulty workbook exits 2, names sheet and key/value, and writes nothing."""
    before = read_workbook(write_csv(base_workbook(), tmp_path / "good"))
    store.write(before)
    mutate, sheet, _, texts = FAULTS[name]
    wb = base_workbook()
    mutate(wb)
    result = run_cli("load", str(write_csv(wb, tmp_path / "bad")))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert sheet in result.output
    for text in texts:
        assert text in result.output
    assert "61092419800101" not in result.output  # ID numbers only masked
    assert store.read().equals(before)


def test_every_fault_collected_and_capped(tmp_path: Path) -> None:
    """All faults are collected (not only the first); the message shows 50 and the total."""
    wb = base_workbook()
    for i in range(60):
        wb["households"].append({"household_id": f"X{i:03d}", "head_name": "某", "village_id": f"NOPE{i}",
                                 "members": "1", "status": "poor"})
    wb["cadres"][0]["rank"] = "boss"
    with pytest.raises(WorkbookError) as info:
        read_workbook(write_xlsx(wb, tmp_path / "wb.xlsx"))
    e = info.value
    assert len(e.faults) == 61
    assert [f.sheet for f in e.faults].count("households") == 60
    message = str(e)
    assert "61 faults" in message and "and 11 more" in message
    assert message.count("is not in villages") == 50 and message.count("\n  ") == 51
    assert "boss" in str(e.faults[-1]) and "boss" not in message


def test_fault_rendering_example() -> None:
    f = Fault("households", 9, "H008", "village_id", "V99", "is not in villages")
    assert str(f) == "households row 9 (H008), village_id: 'V99' is not in villages"


def test_chinese_headers_named_in_faults(tmp_path: Path) -> None:
    """With Chinese sheet and column names the fault also shows the names the clerk typed."""
    wb = base_workbook()
    wb["households"][3]["village_id"] = "V99"
    with pytest.raises(WorkbookError) as info:
        read_workbook(write_csv(wb, tmp_path / "wb", lang="zh", encoding="gb18030"))
    assert str(info.value.faults[0]) == "households [贫困户] row 5 (H004), village_id [村编码]: 'V99' is not in villages"


def test_load_workbook_raises_and_leaves_store(embedded_store, tmp_path: Path) -> None:
    good = write_csv(base_workbook(), tmp_path / "good")
    load_workbook(embedded_store, good)
    before = embedded_store.read()
    wb = base_workbook()
    wb["pairings"][0]["household_id"] = "H404"
    with pytest.raises(WorkbookError):
        load_workbook(embedded_store, write_csv(wb, tmp_path / "bad"))
    assert embedded_store.read().equals(before)


def test_a_sheet_title_or_header_shaped_like_an_id_or_phone_is_masked() -> None:
    """A shifted header row makes a value the column's name: it is masked like any other place."""
    f = Fault("households", 3, "H1", "phone", "x", "is not a phone number", title="13912345678",
              header="610924198001011234")
    text = f.text("en") + f.text("zh")
    assert "13912345678" not in text and "610924198001011234" not in text
    assert f.title == "139****5678" and f.header == "610924********1234"
