"""A ledger written the way clerks write values: dates as 2019年3月 / 2019.3 / Excel dates, sizes as "4人", the
many spellings of statuses, ranks and unit kinds, a helper's state, full-width digits; and the refusals."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from ledgers import Pairnet, Sheet, idno, phone, write_xlsx  # noqa: E402

FULL = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


@pytest.fixture
def pairnet(tmp_path: Path) -> Pairnet:
    return Pairnet(tmp_path)


def test_clerks_values(pairnet: Pairnet, tmp_path: Path) -> None:
    head = ["乡镇", "村", "户主姓名", "身份证号码", "家庭人口", "监测对象类型", "脱贫年度", "帮扶责任人", "工作单位",
            "单位性质", "职级", "联系电话", "在岗状态", "结对时间"]
    rows = [head,
            ["城关镇", "东村", "甲", idno(51).translate(FULL), "4人", "边缘易致贫户", None, "张丽", "县农商银行",
             "金融机构", "科员级", phone(51).translate(FULL), "在岗", "2019年3月"],
            ["城关镇", "东村", "乙", idno(52), "3 人", "脱贫不稳定户", None, "周建国", "县财政局", "国家机关",
             "县处级副职", phone(52), "在岗", "2019.3"],
            ["城关镇", "东村", "丙", idno(53), "2", "突发严重困难户", None, "王强", "县水利局", "事业单位", "副科级",
             phone(53), "调离", dt.datetime(2020, 5, 1)],
            ["城关镇", "东村", "丁", idno(54), "5", "已脱贫", "2024", "张丽", "县农商银行", "金融机构", "科员级",
             phone(51), "在岗", "2019/3/15"]]
    out = pairnet.load(write_xlsx(tmp_path / "v.xlsx", {"台账": rows}))
    assert "3 名帮扶责任人" in out
    assert pairnet.without_helper() == ["丙"]  # 王强 has left (调离): 丙 is in need and has no active helper
    counts = pairnet.counts()
    assert (counts["Leader"], counts["Cadre"], counts["Unit"]) == (1, 2, 2)  # a leader's unit is not a unit


def test_id_number_in_a_number_cell_is_refused(pairnet: Pairnet, tmp_path: Path) -> None:
    rows = [["乡镇", "村", "户主姓名", "身份证号码", "户类型", "帮扶责任人", "工作单位", "职级", "联系电话"],
            ["城关镇", "东村", "甲", idno(61), "未脱贫", "张丽", "县财政局", "科员", phone(61)],
            ["城关镇", "东村", "乙", 610924198001011239, "未脱贫", "张丽", "县财政局", "科员", "1390000006"]]
    out = pairnet.refused(write_xlsx(tmp_path / "n.xlsx", {"台账": rows}))
    assert "台账 第 3 行，身份证号码" in out and "Excel 已改变了其中的数字" in out
    assert "610924198001011239" not in out and "1390000006" not in out  # masked
    assert "台账 第 3 行，联系电话" in out
    assert pairnet.counts()["Household"] == 0


def test_faults_name_sheet_column_row_and_what_is_accepted(pairnet: Pairnet, tmp_path: Path) -> None:
    rows = [["清溪县结对帮扶台账"],
            ["乡镇", "村", "户主姓名", "户类型", "帮扶责任人", "工作单位", "职级", "结对时间"],
            ["城关镇", "东村", "甲", "贫困", "张丽", "县财政局", "科员", "2019-13-01"],
            ["城关镇", "东村", "乙", "未脱贫", "周建国", "县财政局", "处长", None],
            ["城关镇", "东村", "丙", "未脱贫", "李明", None, "科员", None],
            ["城关镇", "东村", "丁", "未脱贫", "张丽", "县财政局", "科级", None]]
    out = pairnet.refused(write_xlsx(tmp_path / "f.xlsx", {"台账": rows}))
    assert "台账 第 3 行，户类型：'贫困'" in out and "未脱贫" in out  # says what would be accepted
    assert "台账 第 3 行，结对时间：'2019-13-01'" in out
    assert "台账 第 4 行，职级：'处长'" in out
    assert "台账 第 5 行，工作单位：干部必须填写工作单位" in out
    assert "台账 第 6 行，职级：'科级' 同一帮扶责任人的职级不一致（台账 第3行为“科员”）" in out
    assert "不能为空" not in out  # a value written but not understood is not also "missing"


def test_english_ledger_gets_english_messages(pairnet: Pairnet, tmp_path: Path) -> None:
    rows = [["town", "village", "head_name", "status", "helper", "unit", "rank", "helper_phone"],
            ["Chengguan", "East", "Wang", "poor", "Zhang", "Finance", "staff", "1390000"]]
    out = pairnet.refused(write_xlsx(tmp_path / "e.xlsx", {"ledger": rows}))
    assert "ledger row 2, helper_phone: '*******' is not an 11-digit phone number" in out  # masked, in English


def test_missing_columns_say_what_to_add(pairnet: Pairnet, tmp_path: Path) -> None:
    rows = [["户主姓名", "帮扶责任人", "工作单位"], ["甲", "张丽", "县财政局"]]
    out = pairnet.refused(write_xlsx(tmp_path / "m.xlsx", {"台账": Sheet(rows)}))
    assert "缺少必需的列：请加上 村名称 / 行政村 / 村名 / 村 之一" in out
    assert "户类型" in out and "职级" not in out  # a ledger without ranks loads (below)
    assert "没有“乡镇”列" in out


def test_a_ledger_without_ranks_counts_its_helpers_as_staff(pairnet: Pairnet, tmp_path: Path) -> None:
    """National exports often have no 职级 column: the helpers count as 一般干部 (the smallest quota), and the
    load says so; the county leaders' block keeps its county rank."""
    rows = [["乡镇", "村", "户主姓名", "户类型", "帮扶责任人", "工作单位", "联系电话"],
            ["城关镇", "东村", "甲", "监测户", "张丽", "县财政局", phone(61)],
            ["城关镇", "东村", "乙", "监测户", "张丽", "县财政局", phone(61)],
            ["城关镇", "东村", "丙", "监测户", None, None, None]]
    out = pairnet.load(write_xlsx(tmp_path / "r.xlsx", {"台账": Sheet(rows)}))
    assert "台账：没有“职级”列，其中的帮扶责任人一律按“一般干部”计" in out
    assert pairnet.helpers() == 1 and pairnet.without_helper() == ["丙"]
    r = pairnet("balance", "--as-of", "2025-06-30", "--format", "json")
    ranks = {x["rank"]: x for x in json.loads(r.output)["by_rank"]}
    assert set(ranks) == {"staff"} and ranks["staff"]["load"] == 2 and ranks["staff"]["quota"] == 3


def test_one_household_written_twice_must_agree(pairnet: Pairnet, tmp_path: Path) -> None:
    rows = [["乡镇", "村", "户主姓名", "身份证号码", "家庭人口", "户类型", "帮扶责任人", "工作单位", "职级"],
            ["城关镇", "东村", "甲", idno(91), "4", "未脱贫", "张丽", "县财政局", "科员"],
            ["城关镇", "东村", "甲", idno(91), "5", "未脱贫", "周建国", "县财政局", "科员"]]
    out = pairnet.refused(write_xlsx(tmp_path / "t.xlsx", {"台账": rows}))
    assert "台账 第 3 行，家庭人口：'5' 同一户的家庭人口不一致（台账 第2行为“4”）：请统一" in out


def test_a_unit_or_phone_in_brackets_after_the_name(pairnet: Pairnet, tmp_path: Path) -> None:
    """张丽（县财政局） with no unit column: the unit from the brackets (namesakes in two units stay two people);
    a phone in brackets goes to the phone."""
    rows = [["乡镇", "村", "户主姓名", "户类型", "帮扶责任人", "职级"],
            ["城关镇", "东村", "甲", "监测户", "张丽（县财政局）", "科员"],
            ["城关镇", "东村", "乙", "监测户", "张丽(县财政局)", "科员"],
            ["城关镇", "东村", "丙", "监测户", "张丽（县水利局）", "科员"],
            ["城关镇", "东村", "丁", "监测户", "李四（县水利局）", "科员"],
            ["城关镇", "东村", "戊", "监测户", "无", None]]
    pairnet.load(write_xlsx(tmp_path / "b.xlsx", {"台账": Sheet(rows)}))
    c = pairnet.counts()
    assert (c["Cadre"], c["Unit"]) == (3, 2) and pairnet.without_helper() == ["戊"]


def test_an_empty_file_forced_as_a_ledger_is_refused_and_keeps_the_store(pairnet: Pairnet, tmp_path: Path) -> None:
    """An empty CSV (or a workbook of empty sheets) given with --as ledger read as a ledger of nothing, and the
    snapshot load then removed every household, helper and village with exit 0."""
    rows = [["乡镇", "村", "户主姓名", "身份证号码", "户类型", "帮扶责任人", "工作单位", "职级", "联系电话"],
            ["城关镇", "东村", "甲", idno(71), "未脱贫", "张丽", "县财政局", "科员", phone(71)]]
    pairnet.load(write_xlsx(tmp_path / "a.xlsx", {"台账": rows}))
    empty = tmp_path / "台账.csv"
    empty.write_bytes(b"")
    assert "找不到表头" in pairnet.refused(empty, "--as", "ledger")
    assert "找不到表头" in pairnet.refused(write_xlsx(tmp_path / "e.xlsx", {"台账": [], "Sheet2": []}), "--as", "ledger")
    assert pairnet.counts()["Household"] == 1


def test_a_ledger_csv_with_one_gbk_line_is_refused_naming_it(pairnet: Pairnet, tmp_path: Path) -> None:
    """The peek could not decode the mixed file, so the ledger went unrecognised and the refusal spoke of sheet
    names instead of the encodings."""
    lines = ["乡镇,村,户主姓名,户类型,帮扶责任人,工作单位,职级", "城关镇,东村,甲,未脱贫,张丽,县财政局,科员",
             "城关镇,东村,乙,未脱贫,周建国,县财政局,科员", "城关镇,西村,丙,未脱贫,张丽,县财政局,科员"]
    path = tmp_path / "台账.csv"
    path.write_bytes("\n".join(lines[:2]).encode("utf-8") + b"\n" + lines[2].encode("gbk") + b"\n"
                     + lines[3].encode("utf-8") + b"\n")
    out = pairnet.refused(path)
    assert "line(s) 3 are GBK" in out
