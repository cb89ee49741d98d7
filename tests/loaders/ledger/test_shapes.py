"""Every ledger shape county offices keep loads: checked through ``pairnet load``, ``gaps --format json`` and
``info``, each against a hand-written list of the households without a helper and the count of distinct helpers.

As-of day 2025-06-30 under the default policy: poor and monitored households are in need, exited ones only up
to two years after their exit year (an exit in 2019 is out of need, one in 2024 is in).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from ledgers import Pairnet, Sheet, idno, phone, write_csv, write_xls, write_xlsx  # noqa: E402

NOTES = ["本表由各乡镇填写，帮扶责任人以组织部文件为准。"]


@pytest.fixture
def pairnet(tmp_path: Path) -> Pairnet:
    return Pairnet(tmp_path)


def county_ledger() -> Sheet:
    """The county 台账: a title, a 填报单位 line, a header merged over two rows, a leader and a cadre on two rows
    with the household merged down, names in one cell, every way of writing "no helper", then 合计, 填表人, 注
    and formatted blank rows."""
    rows = [
        ["清溪县2025年结对帮扶台账"],
        ["填报单位：清溪县乡村振兴局", None, None, None, None, None, None, None, None, None, "导出时间：2025-06-30"],
        ["序号", "乡镇", "村", "户主姓名", "身份证号码", "家庭人口", "户类型", "脱贫年度", "帮扶责任人", None, None,
         None, "结对时间", "备注"],
        [None, None, None, None, None, None, None, None, "姓名", "工作单位", "职级", "联系电话", None, None],
        [1, "城关镇", "东村", "王大山", idno(1), 4, "脱贫户", 2024, "张丽", "清溪县财政局", "科级", phone(1),
         "2019-03-01", None],
        [2, "城关镇", "东村", "李小红", idno(2), 3, "未脱贫", None, "周建国", "县财政局", "一般干部", phone(2),
         "2020-01-01", None],
        [None, None, None, None, None, None, None, None, "刘洋", "县委", "县处级", phone(3), "2020-01-01", None],
        [3, "城关镇", "西村", "赵四", idno(3), 5, "监测户", None, "待定", None, None, None, None, None],
        [4, "河口乡", "南村", "钱五", idno(4), 2, "未脱贫", None, "张 丽、周建国", "财政局", "科级、一般干部", None,
         None, None],
        [5, "河口乡", "南村", "孙六", idno(5), 2, "未脱贫", None, "/", None, None, None, None, None],
        [6, "河口乡", "南村", "周七", idno(6), 3, "已脱贫", 2019, "无", None, None, None, None, "帮扶已到期"],
        [7, "河口乡", "北村", "吴八", idno(7), 1, "未脱贫", None, "—", None, None, None, None, None],
        [8, "河口乡", "北村", "郑九", idno(8), 6, "未脱贫", None, None, None, None, None, None, None],
        [9, "河口乡", "北村", "冯十", idno(9), 2, "监测对象", None, "刘洋", "县委", "县处级", phone(3), None, None],
        [10, "河口乡", "北村", "陈一", idno(10), 3, "未脱贫", None, "王强", "县教育局", "科员", phone(4), None, None],
        ["合计", None, None, None, None, 31],
        ["填表人：李某    审核人：王某    联系电话：0915-1234567"],
        ["注：1. 户类型按系统填写；2. 无帮扶责任人的户写“待定”。"],
        [None] * 14, [None] * 14,
    ]
    merges = ["A1:N1", *(f"{c}3:{c}4" for c in "ABCDEFGHMN"), "I3:L3", *(f"{c}6:{c}7" for c in "ABCDEFGH")]
    return Sheet(rows, merges)


COUNTY_GAPS = ["吴八", "孙六", "赵四", "郑九"]  # 待定, /, —, blank; 周七 exited in 2019, 无 is right for him
COUNTY_HELPERS = 4  # 张丽 (written 张 丽, unit 清溪县财政局 / 财政局), 周建国, 刘洋 (a leader), 王强


def test_county_ledger(pairnet: Pairnet, tmp_path: Path) -> None:
    out = pairnet.load(write_xlsx(tmp_path / "结对帮扶台账.xlsx", {"结对帮扶台账": county_ledger(), "说明": [NOTES]}))
    assert out.splitlines()[0] == "已将 结对帮扶台账 读作结对帮扶台账：10 户，4 名帮扶责任人，2 个单位；跳过 说明"
    assert "合并帮扶责任人：张 丽（财政局） (第9行) 并入 张丽（清溪县财政局）" in out
    assert pairnet.without_helper() == COUNTY_GAPS
    counts = pairnet.counts()
    assert pairnet.helpers() == COUNTY_HELPERS
    assert (counts["Leader"], counts["Cadre"], counts["Unit"], counts["Town"], counts["Village"]) == (1, 3, 2, 2, 4)


def test_same_ledger_as_xls_and_as_csv(pairnet: Pairnet, tmp_path: Path) -> None:
    sheet = county_ledger()
    pairnet.load(write_xls(tmp_path / "台账.xls", {"结对帮扶台账": sheet, "说明": [NOTES]}))
    assert pairnet.without_helper() == COUNTY_GAPS and pairnet.helpers() == COUNTY_HELPERS
    xls_graph = pairnet("export", "--out", str(tmp_path / "x")).exit_code
    assert xls_graph == 0
    # a CSV export of the same ledger has no merges: the continued household is blank on its second row
    rows = [[None if v is None else str(v) for v in r] for r in sheet.rows]
    out = pairnet.load(write_csv(tmp_path / "台账.csv", rows, encoding="gbk"))
    assert "no changes" in out  # the same graph, keys and all
    assert pairnet.without_helper() == COUNTY_GAPS and pairnet.helpers() == COUNTY_HELPERS


def test_one_sheet_per_town_with_summary(pairnet: Pairnet, tmp_path: Path) -> None:
    """Town from the sheet name, other header spellings, a 汇总 repeating the town sheets (skipped and said)."""
    head = ["序号", "村名", "贫困户姓名", "证件号码", "人口数", "贫困户属性", "帮扶人", "帮扶单位", "职务", "职级",
            "帮扶人电话"]
    chengguan = [["城关镇结对帮扶花名册"], head,
                 [1, "东村", "王大山", idno(11), "4", "未脱贫", "张丽", "县财政局", "科员", "一般干部", phone(11)],
                 [2, "东村", "李小红", idno(12), "2", "脱贫户", "张丽", "县财政局", "科员", "一般干部", phone(11)],
                 [3, "西村", "赵四", idno(13), "3", "未脱贫", "待定", None, None, None, None]]
    hekou = [head,
             [1, "南村", "钱五", idno(14), "5", "监测对象", "周建国", "清溪县教育局", "股长", "科级", phone(12)],
             [2, "南村", "孙六", idno(15), "1", "未脱贫", None, None, None, None, None]]
    summary = [["乡镇", *head[1:]]] + [["城关镇", *r[1:]] for r in chengguan[2:]] + [["河口乡", *r[1:]] for r in hekou[1:]]
    path = write_xlsx(tmp_path / "花名册.xlsx", {"说明": [NOTES], "城关镇": chengguan, "河口乡": hekou, "汇总": summary})
    out = pairnet.load(path)
    assert out.splitlines()[0] == "已将 花名册 读作结对帮扶台账：5 户，2 名帮扶责任人，2 个单位；跳过 汇总、说明"
    assert pairnet.without_helper() == ["孙六", "赵四"]  # 李小红 exited with no exit year: not judged in need
    assert pairnet.helpers() == 2
    assert pairnet.counts()["Town"] == 2


def test_summary_with_a_household_of_its_own_is_refused(pairnet: Pairnet, tmp_path: Path) -> None:
    head = ["村", "户主姓名", "户类型", "帮扶责任人", "工作单位", "职级"]
    town = [head, ["东村", "王大山", "未脱贫", "张丽", "县财政局", "科员"]]
    summary = [["乡镇", *head], ["城关镇", "东村", "王大山", "未脱贫", "张丽", "县财政局", "科员"],
               ["城关镇", "东村", "黄二", "未脱贫", "张丽", "县财政局", "科员"]]
    out = pairnet.refused(write_xlsx(tmp_path / "t.xlsx", {"城关镇": town, "汇总": summary}))
    assert "汇总 第 3 行：'黄二' 在汇总表“汇总”中，但不在任何乡镇工作表中" in out
    assert pairnet.counts()["Household"] == 0  # nothing written


def test_person_rows_national_export(pairnet: Pairnet, tmp_path: Path) -> None:
    """One row per person: folded to households by 户编号 and 与户主关系 = 户主 (GBK CSV, as the system exports)."""
    rows = [["户编号", "人编号", "姓名", "与户主关系", "证件号码", "乡镇", "村", "户类型", "帮扶责任人", "帮扶单位", "职级"],
            ["6109240010001", "1", "王大山", "户主", idno(21), "城关镇", "东村", "脱贫户", "张丽", "县财政局", "科员"],
            ["6109240010001", "2", "王小山", "之子", idno(22), "城关镇", "东村", "脱贫户", "张丽", "县财政局", "科员"],
            ["6109240010001", "3", "刘梅", "配偶", idno(23), "城关镇", "东村", "脱贫户", None, None, None],
            ["6109240010002", "1", "李小红", "户主", idno(24), "城关镇", "东村", "未脱贫", None, None, None],
            ["6109240010002", "2", "李明", "之子", idno(25), "城关镇", "东村", "未脱贫", None, None, None],
            ["6109240010003", "1", "赵四", "户主", idno(26), "城关镇", "西村", "监测户", "周建国", "县教育局", "科级"]]
    pairnet.load(write_csv(tmp_path / "export.csv", rows, encoding="gbk"))
    assert pairnet.without_helper() == ["李小红"]
    assert pairnet.helpers() == 2
    r = pairnet("chain", "6109240010001", "--format", "json")
    assert r.exit_code == 0 and "王大山" in r.output
    assert pairnet.counts()["Household"] == 3


def test_roster_one_row_per_helper(pairnet: Pairnet, tmp_path: Path) -> None:
    households = [["乡镇", "村", "户主姓名", "户类型"],
                  ["城关镇", "东村", "王大山", "未脱贫"], ["城关镇", "东村", "李小红", "未脱贫"],
                  ["城关镇", "西村", "王大山", "监测户"], ["城关镇", "西村", "赵四", "未脱贫"],
                  ["城关镇", "西村", "钱五", "未脱贫"]]
    roster = [["帮扶责任人花名册"], ["序号", "姓名", "工作单位", "职级", "联系电话", "村", "帮扶对象"],
              [1, "张丽", "县财政局", "科员", phone(31), "东村", "王大山、李小红"],
              [2, "周建国", "县教育局", "科级", phone(32), "西村", "王大山(3组)\n赵四"]]
    pairnet.load(write_xlsx(tmp_path / "r.xlsx", {"农户": households, "帮扶责任人": roster}))
    assert pairnet.without_helper() == ["钱五"]
    assert pairnet.helpers() == 2


def test_history_rows_and_periods(pairnet: Pairnet, tmp_path: Path) -> None:
    """A change of helper on the next row with its dates, or the period written in one cell."""
    rows = [["乡镇", "村", "户主姓名", "户类型", "帮扶责任人", "工作单位", "职级", "结对时间", "结束时间", "帮扶时间"],
            ["城关镇", "东村", "王大山", "未脱贫", "张丽", "县财政局", "科员", "2019-03-01", "2021-06-30", None],
            [None, None, None, None, "周建国", "县教育局", "科级", "2021-07-01", None, None],
            ["城关镇", "东村", "李小红", "未脱贫", "张丽", "县财政局", "科员", None, None, "2019.03.01-2021.06.30"],
            [None, None, None, None, "王强", "县教育局", "科员", None, None, "2021.07.01-至今"],
            ["城关镇", "东村", "赵四", "未脱贫", "张丽", "县财政局", "科员", None, None, "2019.03.01—2024.12.31"],
            ["城关镇", "东村", "钱五", "未脱贫", "王强", "县教育局", "科员", "2026-01-01", None, None]]
    pairnet.load(write_xlsx(tmp_path / "h.xlsx", {"台账": rows}))
    assert pairnet.without_helper() == ["赵四", "钱五"]  # ended 2024-12-31; begins only in 2026
    assert pairnet.without_helper("2020-06-30") == ["钱五"]  # 张丽 then helped the other three
    assert pairnet.helpers() == 3


def test_hidden_columns_and_side_by_side_helpers(pairnet: Pairnet, tmp_path: Path) -> None:
    """A hidden old 帮扶责任人 column beside the visible one is left out (and said); a county leader and a cadre
    written side by side under 县级领导 and 帮扶干部 are both helpers of the household."""
    rows = [["乡镇", "村", "户主姓名", "户类型", "帮扶责任人", "县级领导", None, "帮扶干部", None, None],
            [None, None, None, None, None, "姓名", "职务", "姓名", "工作单位", "职级"],
            ["城关镇", "东村", "王大山", "未脱贫", "老张", "刘洋", "副县长", "张丽", "县财政局", "科员"],
            ["城关镇", "东村", "李小红", "未脱贫", "老张", None, None, "周建国", "县教育局", "科级"],
            ["城关镇", "东村", "赵四", "未脱贫", "老张", None, None, None, None, None]]
    merges = ["A1:A2", "B1:B2", "C1:C2", "D1:D2", "E1:E2", "F1:G1", "H1:J1"]
    out = pairnet.load(write_xlsx(tmp_path / "s.xlsx", {"台账": Sheet(rows, merges, hidden=["E"])}))
    assert "隐藏列 帮扶责任人 未读取" in out
    assert pairnet.without_helper() == ["赵四"]
    counts = pairnet.counts()
    assert (counts["Leader"], counts["Cadre"]) == (1, 2)


def test_namesakes_in_two_units_and_in_one_unit(pairnet: Pairnet, tmp_path: Path) -> None:
    """Two 李明 in different units are two people; two 王芳 in one unit are told apart by their phones."""
    rows = [["乡镇", "村", "户主姓名", "户类型", "帮扶责任人", "工作单位", "职级", "联系电话"],
            ["城关镇", "东村", "甲", "未脱贫", "李明", "县财政局", "科员", phone(41)],
            ["城关镇", "东村", "乙", "未脱贫", "李明", "县教育局", "科员", phone(41)],
            ["城关镇", "东村", "丙", "未脱贫", "王芳", "县财政局", "科员", phone(42)],
            ["城关镇", "东村", "丁", "未脱贫", "王芳", "县财政局", "科员", phone(43)],
            ["城关镇", "东村", "戊", "未脱贫", "王 芳", "县财政局", "科员", phone(43)]]
    pairnet.load(write_xlsx(tmp_path / "n.xlsx", {"台账": rows}))
    assert pairnet.helpers() == 4
    assert pairnet.without_helper() == []


def test_forced_ledger_and_no_header(pairnet: Pairnet, tmp_path: Path) -> None:
    """``--as ledger`` reads a list of households with no helper columns (every one a gap); a sheet with no
    header gets one fault, never also "required sheet is missing"."""
    rows = [["村", "户主姓名", "户类型", "乡镇"], ["东村", "王大山", "未脱贫", "城关镇"]]
    pairnet.load(write_xlsx(tmp_path / "f.xlsx", {"农户名单": rows}), "--as", "ledger")
    assert pairnet.without_helper() == ["王大山"]
    out = pairnet.refused(write_xlsx(tmp_path / "g.xlsx", {"表一": [["甲", "乙"], ["1", "2"]]}), "--as", "ledger")
    assert "表一：前 30 行中找不到表头" in out
    assert "required sheet is missing" not in out and "缺少" not in out
