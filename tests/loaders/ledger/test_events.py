"""Visits and attendance ledgers with named people (走访记录, 驻村考勤表) appended to a hand-built store: each name
resolved as a clerk would, the rows equal to a hand-worked list; every unresolved name a fault, nothing written.

The store (written by openpyxl as the normalised workbook): towns 城关镇 T1, 河口乡 T2; villages 东村 V1 and
西村 V2 in T1, another 东村 V3 in T2; households H1 王大山 (V1), H2 李小红 (V1), H3 王大山 (V2), H4 赵四 (V3),
H5 钱五 and H6 钱五 (V3, told apart only by ID number), H7 孙六 (V2); cadres C1 张丽 (财政局) and C2 张丽 (教育局),
C3 周建国 (财政局), C4 陈一 stationed in V1, C6 陈一 stationed in V3, C5 陈二 stationed in V3; leader L1 刘洋.
Pairings C1-H1, C2-H3, C3-H2, L1-H4, C1-H5, C3-H6, C1-H7, C2-H7.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from ledgers import Pairnet, Sheet, idno, write_csv, write_xls, write_xlsx  # noqa: E402

from pairnet.graph.connect import open_store  # noqa: E402


def store_workbook(path: Path) -> Path:
    since = "2024-01-01"
    return write_xlsx(path, {
        "towns": [["town_id", "name"], ["T1", "城关镇"], ["T2", "河口乡"]],
        "villages": [["village_id", "name", "town_id"], ["V1", "东村", "T1"], ["V2", "西村", "T1"],
                     ["V3", "东村", "T2"]],
        "households": [["household_id", "head_name", "id_number", "village_id", "status"],
                       ["H1", "王大山", idno(1), "V1", "poor"], ["H2", "李小红", idno(2), "V1", "poor"],
                       ["H3", "王大山", idno(3), "V2", "poor"], ["H4", "赵四", idno(4), "V3", "monitored"],
                       ["H5", "钱五", idno(5), "V3", "poor"], ["H6", "钱五", idno(6), "V3", "poor"],
                       ["H7", "孙六", idno(7), "V2", "poor"]],
        "units": [["unit_id", "name"], ["U1", "清溪县财政局"], ["U2", "清溪县教育局"]],
        "leaders": [["leader_id", "name"], ["L1", "刘洋"]],
        "cadres": [["cadre_id", "name", "unit_id", "rank"], ["C1", "张丽", "U1", "section"],
                   ["C2", "张丽", "U2", "staff"], ["C3", "周建国", "U1", "staff"], ["C4", "陈一", "U2", "section"],
                   ["C5", "陈二", "U1", "staff"], ["C6", "陈一", "U1", "staff"]],
        "pairings": [["helper_id", "household_id", "since"], *([h, hh, since] for h, hh in (
            ("C1", "H1"), ("C2", "H3"), ("C3", "H2"), ("L1", "H4"), ("C1", "H5"), ("C3", "H6"), ("C1", "H7"),
            ("C2", "H7")))],
        "stationed": [["cadre_id", "village_id", "role", "since"], ["C4", "V1", "first_secretary", since],
                      ["C6", "V3", "first_secretary", since], ["C5", "V3", "team_member", since]],
    })


def serial(day: dt.date) -> int:
    return (day - dt.date(1899, 12, 30)).days


VISITS_HEAD = [["清溪县2026年6月入户走访台账"],
               ["序号", "乡镇", "村", "户主姓名", "身份证号码", "帮扶责任人", None, "走访日期", "走访方式", "走访内容"],
               [None, None, None, None, None, "姓名", "工作单位", None, None, None]]
VISITS_MERGES = ["A1:J1", *(f"{c}2:{c}3" for c in "ABCDEHIJ"), "F2:G2"]


def visits_ledger() -> Sheet:
    rows = [*VISITS_HEAD,
            [1, "城关镇", "东村", "王大山", None, "张丽", "清溪县财政局", "2026年6月3日", "入户走访", "了解务工"],
            [2, "城关镇", "西村", "王 大山", None, "张丽", None, "2026.6.10", "电话", None],
            [3, "城关镇", "东村", "李小红", None, "周建国", "县财政局", "2026/6/5", "入户", None],
            [4, "河口乡", "东村", "赵四", None, "刘洋", None, serial(dt.date(2026, 6, 20)), "其他", None],
            [5, "河口乡", "东村", "钱五", idno(6), "周建国", "财政局", "2026年6月12日", "入户走访", None],
            ["填表人：李某"], [None] * 10]
    return Sheet(rows, VISITS_MERGES)


# hand-worked: row 1 张丽 of 清溪县财政局 is C1; row 2 王大山 of 西村 is H3 and its 张丽, not narrowed by a unit,
# is the one paired with H3 (C2); 县财政局 and 财政局 are U1's short names; 河口乡 东村 is V3; row 5 by ID is H6.
VISITS = [("C1", "H1", "2026-06-03", "home", "了解务工"), ("C2", "H3", "2026-06-10", "phone", None),
          ("C3", "H2", "2026-06-05", "home", None), ("L1", "H4", "2026-06-20", "other", None),
          ("C3", "H6", "2026-06-12", "home", None)]

ATTENDANCE_LONG = [["河口乡2026年6月驻村干部考勤表"], ["乡镇", "村", "姓名", "职务", "日期", "考勤情况"],
                   ["城关镇", "东村", "陈一", "第一书记", "2026-06-01", "在村"],
                   ["城关镇", "东村", "陈一", "第一书记", "2026.6.2", "请假"],
                   ["河口乡", "东村", "陈一", "第一书记", "2026年6月1日", "在村"],
                   ["河口乡", "东村", "陈二", "队员", "2026/6/1", "离村"]]


def attendance_wide() -> list[list[object]]:
    marks = {2: "√", 3: "假", 4: "离", 5: "在村"}
    return [["2026年6月驻村干部考勤表"], ["乡镇", "村", "姓名", "职务", *(f"{d}日" for d in range(1, 31))],
            ["河口乡", "东村", "陈二", "队员", *(marks.get(d) for d in range(1, 31))]]


# hand-worked: 陈一 of 城关镇 东村 is C4 (stationed in V1), 陈一 of 河口乡 东村 is C6 (V3)
ATTENDANCE = [("C4", "V1", "2026-06-01", "present"), ("C4", "V1", "2026-06-02", "leave"),
              ("C6", "V3", "2026-06-01", "present"), ("C5", "V3", "2026-06-01", "away"),
              ("C5", "V3", "2026-06-02", "present"), ("C5", "V3", "2026-06-03", "leave"),
              ("C5", "V3", "2026-06-04", "away"), ("C5", "V3", "2026-06-05", "present")]


@pytest.fixture
def pairnet(tmp_path: Path) -> Pairnet:
    p = Pairnet(tmp_path)
    p.load(store_workbook(tmp_path / "county.xlsx"))
    return p


def rows(db: str, sheet: str) -> list[tuple]:
    store = open_store(db)
    try:
        df = store.events(sheet)
    finally:
        getattr(store, "close", lambda: None)()
    return _plain(df)


def test_visits_and_attendance_ledgers_equal_the_hand_worked_rows(pairnet: Pairnet, tmp_path: Path) -> None:
    out = pairnet.load(write_xlsx(tmp_path / "走访台账.xlsx", {"6月走访": visits_ledger()}), "--append")
    assert out.splitlines()[0] == "已将 走访台账 读作走访记录：5 次走访，4 名帮扶责任人，5 户"
    assert rows(pairnet.db, "visits") == sorted(VISITS, key=str)
    pairnet.load(write_xls(tmp_path / "考勤.xls", {"考勤": ATTENDANCE_LONG}), "--append")
    pairnet.load(write_xlsx(tmp_path / "考勤按日.xlsx", {"Sheet1": attendance_wide()}), "--append")
    assert rows(pairnet.db, "attendance") == sorted(ATTENDANCE, key=str)
    # nothing else changed: the network is the one loaded first
    assert pairnet.counts()["Household"] == 7 and pairnet.helpers() == 7

    r = pairnet("visits", "--as-of", "2026-06-15", "--format", "json")
    assert r.exit_code == 0, r.output
    states = {h["id"]: (h["last_visit"], h["state"]) for h in json.loads(r.stdout)["households"]}
    # counted kinds are home visits only: H3's phone call and H4's 其他 do not count; H1 12 days, H2 10, H6 3
    assert states == {"H1": ("2026-06-03", "ok"), "H2": ("2026-06-05", "ok"), "H3": (None, "never"),
                      "H4": (None, "never"), "H5": (None, "never"), "H6": ("2026-06-12", "ok"),
                      "H7": (None, "never")}
    r = pairnet("attendance", "--month", "2026-06", "--format", "json")
    assert r.exit_code == 0, r.output
    got = {(c["id"], c["village_id"]): (c["present"], c["leave"], c["away"]) for c in json.loads(r.stdout)["cadres"]}
    assert got == {("C4", "V1"): (1, 1, 0), ("C6", "V3"): (1, 0, 0), ("C5", "V3"): (2, 1, 2)}


def test_every_name_that_does_not_resolve_is_a_fault_and_nothing_is_written(pairnet: Pairnet,
                                                                              tmp_path: Path) -> None:
    bad = Sheet([*VISITS_HEAD,
                 [1, "城关镇", "东村", "王大山", None, "李四", None, "2026-06-03", "入户", None],
                 [2, "城关镇", "西村", "孙六", None, "张丽", None, "2026-06-03", "入户", None],
                 [3, "河口乡", "东村", "钱五", None, "张丽", "清溪县财政局", "2026-06-03", "入户", None],
                 [4, "河口乡", "东村", "赵四", idno(99), "刘洋", None, "2026-06-03", "入户", None],
                 [5, "城关镇", "南村", "王大山", None, "张丽", "财政局", "2026-06-03", "入户", None],
                 [6, None, "东村", "王大山", None, "张丽", "财政局", "2026-06-03", "入户", None],
                 [7, "城关镇", "东村", "王大山", None, "张丽", "财政局", "6月3日", "微信", None],
                 [8, "城关镇", "东村", "李小红", None, "周建国", "县教育局", "2026-06-03", "入户", None],
                 [9, "城关镇", "东村", "王大山", None, "张丽", "财政局", "2026-06-04", "入户", None],
                 [10, "城关镇", "东村", "王大山", None, "张丽", "财政局", "2026-06-04", "入户走访", None]],
                VISITS_MERGES)
    out = pairnet.refused(write_xlsx(tmp_path / "走访.xlsx", {"走访": bad}), "--append")
    expected = [
        "走访 第 4 行，帮扶责任人/姓名：'李四' 不是已载入的帮扶责任人：请按台账中的姓名填写",
        "走访 第 5 行，帮扶责任人/姓名：'张丽' 对应 2 名同名帮扶责任人：请同时填写工作单位",
        "走访 第 6 行，户主姓名：'钱五' 河口乡东村 有 2 户同名户主：请填写身份证号码",
        "走访 第 7 行，身份证号码：'610924********099X' 已载入的农户中没有此身份证号码",
        "走访 第 8 行，村：'南村' 不是已载入的村：请按台账中的村名填写",
        "走访 第 9 行，村：'东村' 对应 2 个同名村：请同时填写乡镇",
        "走访 第 10 行，走访日期：'6月3日' 不是日期：可写 2026年6月3日、2026.6.3 或 2026/6/3",
        "走访 第 10 行，走访方式：'微信' 应为 入户走访、电话、其他 之一",
        "走访 第 11 行，帮扶责任人/工作单位：'县教育局' 该单位没有名为 周建国 的帮扶责任人：请按台账中的单位名称填写",
        "走访 第 13 行，走访日期：'2026-06-04' 同一记录重复（首见第12行）：请只保留一行",
    ]
    for line in expected:
        assert line in out, out
    assert out.count("走访 第 ") == len(expected), out
    assert idno(99) not in out
    assert rows(pairnet.db, "visits") == []

    att = [*ATTENDANCE_LONG[:2], ["城关镇", "西村", "陈一", "第一书记", "2026-06-01", "在村"],
           ["河口乡", "东村", "陈二", "队员", "2026-06-01", "出差"]]
    out = pairnet.refused(write_xls(tmp_path / "考勤.xls", {"考勤": att}), "--append")
    assert "考勤 第 3 行，姓名：'陈一' 没有此姓名的干部驻 城关镇西村" in out, out
    assert "考勤 第 4 行，考勤情况：'出差' 应为 在村、请假、离村 之一" in out, out
    wide = attendance_wide()
    wide[0] = ["驻村干部考勤表"]
    out = pairnet.refused(write_xlsx(tmp_path / "按日.xlsx", {"Sheet1": wide}), "--append")
    assert "按日列出的考勤表需要月份" in out, out
    assert rows(pairnet.db, "attendance") == []


def test_a_named_ledger_needs_a_store_to_resolve_in(tmp_path: Path) -> None:
    p = Pairnet(tmp_path)
    out = p.refused(write_xlsx(tmp_path / "走访台账.xlsx", {"走访": visits_ledger()}))
    assert "请先载入结对帮扶台账或工作簿，再用 pairnet load --append 追加此文件" in out, out
    assert not Path(p.db).exists()


@pytest.mark.parametrize("kind", ["xls", "csv"])
def test_the_visits_ledger_as_xls_and_as_gbk_csv(pairnet: Pairnet, tmp_path: Path, kind: str) -> None:
    sheet = visits_ledger()
    if kind == "xls":
        path = write_xls(tmp_path / "走访台账.xls", {"走访": sheet})
    else:  # a CSV keeps no merges: 帮扶责任人 stands over the first of its two columns only
        path = write_csv(tmp_path / "走访台账.csv", sheet.rows, encoding="gbk")
    pairnet.load(path, "--append")
    assert rows(pairnet.db, "visits") == sorted(VISITS, key=str)


def test_a_visits_sheet_keyed_by_codes_is_still_the_normalised_sheet(pairnet: Pairnet, tmp_path: Path) -> None:
    coded = [["帮扶人编号", "户编号", "走访日期", "走访方式", "备注"], ["C1", "H1", "2026-06-03", "入户走访", None],
             ["L1", "H4", "2026-06-20", "其他", None]]
    out = pairnet.load(write_xlsx(tmp_path / "走访.xlsx", {"走访记录": coded}), "--append")
    assert "读作走访记录" not in out
    assert rows(pairnet.db, "visits") == sorted([VISITS[0][:4] + (None,), VISITS[3]], key=str)


def test_an_id_number_in_a_number_cell_is_refused(pairnet: Pairnet, tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "走访"
    for r in visits_ledger().rows[:4]:
        ws.append(list(r))
    ws["E4"] = int(idno(1)[:17] + "0")  # typed into a number cell: Excel keeps 15 digits
    wb.save(tmp_path / "走访.xlsx")
    out = pairnet.refused(tmp_path / "走访.xlsx", "--append")
    assert "走访 第 4 行，身份证号码：" in out and "是数字单元格：Excel 已改变身份证号码的末几位" in out, out
    assert idno(1)[:17] not in out
    assert rows(pairnet.db, "visits") == []


def _plain(df: pd.DataFrame) -> list[tuple]:
    return sorted((tuple(None if v is None or v is pd.NA or (isinstance(v, float) and v != v)
                         else v.date().isoformat() if isinstance(v, pd.Timestamp) else v for v in r)
                   for r in df.itertuples(index=False)), key=str)


def test_both_stores_resolve_the_same_rows(store, run_cli, tmp_path: Path) -> None:  # noqa: ANN001 (fixtures)
    for path, flags in ((store_workbook(tmp_path / "county.xlsx"), ()),
                        (write_xlsx(tmp_path / "走访台账.xlsx", {"6月走访": visits_ledger()}), ("--append",)),
                        (write_xls(tmp_path / "考勤.xls", {"考勤": ATTENDANCE_LONG}), ("--append",)),
                        (write_xlsx(tmp_path / "考勤按日.xlsx", {"Sheet1": attendance_wide()}), ("--append",))):
        r = run_cli("load", str(path), *flags)
        assert r.exit_code == 0, r.output
    assert _plain(store.events("visits")) == sorted(VISITS, key=str)
    assert _plain(store.events("attendance")) == sorted(ATTENDANCE, key=str)


def test_a_visits_ledger_beside_the_network_sheets_is_refused_not_half_read(tmp_path: Path) -> None:
    p = Pairnet(tmp_path)
    both = store_workbook(tmp_path / "county.xlsx")
    from openpyxl import load_workbook

    wb = load_workbook(both)
    ws = wb.create_sheet("6月走访")
    for r in visits_ledger().rows:
        ws.append(list(r))
    wb.save(both)
    out = p.refused(both)
    assert "此文件还含走访或考勤台账 6月走访：请把帮扶台账和走访/考勤台账分成两个文件载入（后者用 --append）" in out, out
    assert not Path(p.db).exists()
