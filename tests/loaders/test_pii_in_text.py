"""An ID or mobile number typed into a free-text column (a name, a title, a cause, a visit's note) is a fault:
only the ``id_number`` and ``phone`` columns are sealed before a store sees them, so such a number was stored in
clear and ``pairnet cypher 'MATCH (h:Household) RETURN substring(h.head_name, 6, 8)'`` printed its birth date."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from pairnet.loaders.faults import WorkbookError
from pairnet.loaders.load import read_workbook

sys.path.insert(0, str(Path(__file__).parent))
from loader_workbooks import base_workbook, id_number, write_csv  # noqa: E402

ID = id_number("610924", "19800101", "123")
PHONE = "13912345678"


@pytest.mark.parametrize("sheet,row,column,value", [
    ("households", 0, "head_name", ID),
    ("households", 1, "poverty_cause", f"户主电话 {PHONE}"),
    ("households", 2, "head_name", "王五 139 1234 5678"),
    ("leaders", 0, "title", f"县委书记{ID}"),
    ("cadres", 0, "name", f"钱一+86{PHONE}"),
    ("villages", 0, "industry", f"茶叶 {ID[:15]}"),
])
def test_a_number_in_free_text_is_a_fault_masked(tmp_path: Path, sheet: str, row: int, column: str,
                                                 value: str) -> None:
    wb = base_workbook()
    wb[sheet][row][column] = value
    with pytest.raises(WorkbookError) as info:
        read_workbook(write_csv(wb, tmp_path / "wb"))
    (fault,) = info.value.faults
    assert (fault.sheet, fault.column) == (sheet, column), fault
    text = str(fault)
    assert "holds an ID or mobile number" in text, text
    for secret in (ID, PHONE, ID[6:14], PHONE[3:7], ID[:15]):
        assert secret not in text, text


def test_codes_dates_and_short_numbers_in_text_are_no_fault(tmp_path: Path) -> None:
    wb = base_workbook()
    wb["households"][0]["poverty_cause"] = "因病 2019-03-01 户 6109240010010001 村 610924001001 电话 0915-1234567"
    wb["towns"][0]["name"] = "城关镇 610924001"
    read_workbook(write_csv(wb, tmp_path / "wb"))  # no fault
