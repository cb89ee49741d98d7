"""The one output writer: formats, masking of ID and phone numbers, formula neutralising, Chinese headers/values."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from pairnet.graph.core.errors import PairnetError
from pairnet.graph.core.messages import header_zh
from pairnet.graph.core.pii import mask_data, mask_id_number, mask_phone, mask_text
from pairnet.graph.core.cells import neutralise
from pairnet.graph.core.result import Result
from pairnet.graph.core.writers import render_table, text_width, write_result

ID = "61092419800101123X"
PHONE = "13900000001"


def _result() -> Result:
    people = pd.DataFrame({
        "household_id": ["H001", "H002"], "head_name": ["张三", "=HYPERLINK(\"http://x\")"],
        "id_number": [ID, None], "phone": [PHONE, "+8613900000002"],
        "members": pd.array([3, None], dtype="Int64"), "status": ["poor", "exited"],
        "poor": pd.array([True, False], dtype="boolean"),
        "since": pd.to_datetime(["2020-01-02", None]).astype("datetime64[s]")})
    load = pd.DataFrame({"id": ["C1"], "label": ["钱一"], "rank": ["section"], "load": [5], "quota": [4],
                         "status": ["over"], "note": ["@SUM(A1)"]})
    data = {"as_of": dt.date(2021, 6, 30), "households": people,
            "helpers": [{"id": "C1", "phone": PHONE, "contacts": {"phone": "13700000003"}}],
            "missing": float("nan")}
    return Result(data=data, tables={"households": people, "load": load})


def test_mask_functions() -> None:
    assert mask_id_number(ID) == "610924********123X"
    assert mask_id_number("610924800101123") == "610924*****1123"
    assert mask_phone(PHONE) == "139****0001"
    assert mask_text(f"户主 {ID}，电话 {PHONE}。编号 H001") == "户主 610924********123X，电话 139****0001。编号 H001"
    assert mask_data({"a": [{"id_number": ID}], "phone": None}) == {"a": [{"id_number": "610924********123X"}],
                                                                    "phone": None}


def test_table_masks_and_aligns(capsys: pytest.CaptureFixture[str]) -> None:
    write_result(_result(), fmt="table")
    out = capsys.readouterr().out
    assert ID not in out and PHONE not in out
    assert "610924********123X" in out and "139****0001" in out
    assert "2020-01-02" in out and "households" in out and "load" in out
    lines = out.split("\n\n")[0].splitlines()[1:]  # the first table, without its title
    # the phone column starts at the same display offset on every line, though names hold CJK characters
    header = lines[0]
    offset = text_width(header[:header.index("phone")])
    for line, phone in zip(lines[2:], ["139****0001", "+86*******0002"]):
        assert text_width(line[:line.index(phone)]) == offset, line


def test_show_pii_reveals(capsys: pytest.CaptureFixture[str]) -> None:
    write_result(_result(), fmt="json", show_pii=True)
    data = json.loads(capsys.readouterr().out)
    assert data["households"][0]["id_number"] == ID and data["helpers"][0]["phone"] == PHONE


def test_json_masks_recursively_with_iso_dates(capsys: pytest.CaptureFixture[str]) -> None:
    write_result(_result(), fmt="json")
    text = capsys.readouterr().out
    data = json.loads(text)
    assert "张三" in text  # not \u-escaped
    assert data["as_of"] == "2021-06-30" and data["missing"] is None
    hh = data["households"]
    assert hh[0]["id_number"] == "610924********123X" and hh[1]["id_number"] is None
    assert hh[0]["since"] == "2020-01-02" and hh[1]["members"] is None and hh[0]["poor"] is True
    assert data["helpers"][0]["phone"] == "139****0001"
    assert data["helpers"][0]["contacts"]["phone"] == "137****0003"
    assert ID not in text and PHONE not in text


def test_csv_file_has_bom_and_neutralised_cells(tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    write_result(_result(), fmt="csv", out=str(out))
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:3] == ["household_id", "head_name", "id_number"]
    assert rows[2][1] == "'=HYPERLINK(\"http://x\")"
    assert rows[1][2] == "610924********123X" and rows[2][3] == "'+86*******0002"
    assert len(rows) == 3  # the first table only


def test_csv_named_table_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    r = _result()
    r.csv_table = "load"
    write_result(r, fmt="csv")
    out = capsys.readouterr().out
    assert not out.startswith("\ufeff")
    assert out.splitlines() == ["id,label,rank,load,quota,status,note", "C1,钱一,section,5,4,over,'@SUM(A1)"]


def test_chinese_headers_and_values(capsys: pytest.CaptureFixture[str]) -> None:
    r = _result()
    r.csv_table = "load"
    write_result(r, fmt="csv", lang="zh")
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0][:6] == ["编号", "名称", "职级", "帮扶户数", "定额", "状态"]
    assert rows[1][:6] == ["C1", "钱一", "科级", "5", "4", "超额"]
    write_result(_result(), fmt="table", lang="zh")
    out = capsys.readouterr().out
    for text in ("户编号", "户主姓名", "证件号码", "家庭人口", "未脱贫", "已脱贫", "是", "否", "开始日期"):
        assert text in out
    assert header_zh("village_id") == "村编码" and header_zh("no_such_column") == "no_such_column"


def test_xlsx_one_sheet_per_table(tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    write_result(_result(), fmt="xlsx", out=str(out), lang="zh")
    wb = load_workbook(out)
    assert wb.sheetnames == ["贫困户", "load"]  # sheet names in the language of the headers
    ws = wb["贫困户"]
    assert [c.value for c in ws[1]][:3] == ["户编号", "户主姓名", "证件号码"]
    assert ws["C2"].value == "610924********123X" and ws["B3"].value.startswith("'=")
    assert ws["B3"].data_type == "s"
    assert wb["load"]["G2"].value == "'@SUM(A1)"
    assert ws["H2"].value == dt.datetime(2020, 1, 2)


def test_xlsx_needs_out() -> None:
    with pytest.raises(PairnetError, match="--out"):
        write_result(_result(), fmt="xlsx")


def test_data_only_result_as_table(capsys: pytest.CaptureFixture[str]) -> None:
    write_result(Result(data={"nodes": {"Town": 17}, "relationships": {"HELPS": 3}}), fmt="table")
    out = capsys.readouterr().out
    assert "nodes.Town" in out and "17" in out and "relationships.HELPS" in out


def test_text_rendering_is_masked(capsys: pytest.CaptureFixture[str]) -> None:
    write_result(Result(data={}, text=f"call {PHONE}"), fmt="table")
    assert capsys.readouterr().out == "call 139****0001\n"


def test_neutralise() -> None:
    assert [neutralise(v) for v in ("=1+1", "+1", "-2", "@x", "ok", 5, None)] == \
        ["'=1+1", "'+1", "'-2", "'@x", "ok", 5, None]


def test_render_table_cjk_width() -> None:
    text = render_table(pd.DataFrame({"名称": ["城关镇", "A"], "n": [1, 22]}))
    lines = text.splitlines()
    assert lines == ["名称     n", "------  --", "城关镇   1", "A       22"]


def test_load_cli_xlsx_without_out_exits_2(cli, tmp_path: Path) -> None:
    (tmp_path / "wb").mkdir()
    r = cli("load", str(tmp_path / "wb"), "--db", str(tmp_path / "x.db"), "--format", "xlsx")
    assert r.exit_code == 2 and "Traceback" not in r.output
