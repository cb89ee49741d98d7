"""Ledgers built by an outside tester from issue 9's list of shapes (not from the other ledger tests), each with
its households without a helper and its count of distinct helpers worked out by hand from the rows written here.

Every one of these failed before the review: a crash sealing the ledger's phones, a 解除时间 column dropped (so an
ended pairing still counted), "张丽 周建国" read as one person, a roster under 帮扶对象 / 户主姓名 read as a
household sheet, and 待定 in a roster's households cell refused.
"""

from __future__ import annotations

import csv
import json
import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
import xlwt

from pairnet.graph.store import Store
from pairnet.loaders.ledger.reading import read_ledger
from pairnet.loaders.load import load_workbook
from pairnet.queries.gaps import households_without_helper

AS_OF = dt.date(2025, 6, 30)  # exit year 2023 or later is in need (continuity_years = 2), 2019 is not
_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def idno(n: int) -> str:
    """A valid 18-character ID number (ISO 7064 check character)."""
    body = f"51123419700101{n:03d}"
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, _W)) % 11]


def full_width(s: str) -> str:
    return s.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))


def gap_names(source, as_of: dt.date = AS_OF) -> set[str]:
    """The heads of the households without a helper on ``as_of``."""
    gaps = households_without_helper(source, as_of=as_of)
    net = source if hasattr(source, "nodes") else source.read()
    return set(gaps["id"].map(net.nodes["Household"].set_index("household_id")["head_name"]))


def helper_count(net) -> int:
    return len(net.nodes["Cadre"]) + len(net.nodes["Leader"])


# --- ledger A: the county 台账 as most offices keep it ----------------------------------------------------------
def ledger_a(path: Path) -> Path:
    """Title and 填报单位 rows; 帮扶责任人 merged over five sub-headers, the rest merged down two rows; a hidden
    column; 合计, 填表人, 注 and bordered blank rows below; 4人, full-width and spaced ID numbers, phones with a
    blank, 2019年3月 / 2019.3 / 2019.03 / 2019/3/15 / an Excel day; no helper as blank, 待定, 无, /, —;
    张丽 and 张 丽 of 县财政局 / 清溪县财政局 one person, 张丽 of 县教育局 another."""
    from openpyxl.styles import Border, Side

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "结对帮扶台账"
    ws.append(["清溪县2025年结对帮扶台账"])
    ws.merge_cells("A1:Q1")
    ws.append(["填报单位：清溪县乡村振兴局"] + [None] * 9 + ["导出时间：2025-06-30"])
    ws.append(["序号", "乡镇", "村", "组", "户主姓名", "旧户主姓名", "身份证号码", "家庭人口", "户类型", "脱贫年度",
               "联系电话", "帮扶责任人", None, None, None, None, "备注"])
    ws.append([None] * 11 + ["姓名", "工作单位", "职级", "联系电话", "结对时间", None])
    for c in [*range(1, 12), 17]:
        ws.merge_cells(start_row=3, start_column=c, end_row=4, end_column=c)
    ws.merge_cells(start_row=3, start_column=12, end_row=3, end_column=16)
    ws.column_dimensions["F"].hidden = True
    spaced = idno(6)[:6] + "\u3000" + idno(6)[6:]
    phone = full_width("13900000103")
    for row in [
        (1, "城关镇", "东风村", "1组", "王大山", "王大", idno(1), "4人", "脱贫户", 2024, "13900000001",
         "张丽", "县财政局", "科员", "13900000101", "2019年3月"),
        (2, "城关镇", "东风村", "2组", "李二牛", "李二", full_width(idno(2)), 3, "已脱贫", "2023", None,
         None, None, None, None, None),
        (3, "城关镇", "东风村", "2组", "王小花", None, idno(3), 5, "脱贫不稳定户", None, None, "待定"),
        (4, "城关镇", "红星村", "1组", "赵四", None, idno(4), 2, "边缘易致贫户", None, None,
         "周建国", "清溪县财政局", "副科级", "13900000102", "2019.3"),
        (5, "城关镇", "红星村", "1组", "钱五", None, idno(5), 1, "突发严重困难户", None, None, "无"),
        (6, "城关镇", "红星村", "2组", "孙六", None, spaced, 6, "未脱贫", None, None, "/"),
        (7, "城关镇", "红星村", "2组", "周七", None, idno(7), 3, "脱贫户", 2019, None, "—"),
        (8, "城关镇", "红星村", "3组", "吴八", None, idno(8), 4, "脱贫户", 2024, None,
         "张 丽", "县财政局", "科员", "13900000101", "2019.03"),
        (9, "城关镇", "东风村", "3组", "郑九", None, idno(9), "3人", "未脱贫", None, None,
         "张丽", "县教育局", "科员(级)", None, "2019/3/15"),
        (10, "城关镇", "东风村", "3组", "冯十", None, idno(10), 2, "已脱贫", 2024, None,
         "李强", "县人民医院", "办事员", phone[:3] + " " + phone[3:], 43539),
    ]:
        ws.append(list(row))
    ws.append(["合计", None, None, None, None, None, None, 33])
    ws.append(["填表人：刘会计", None, None, None, None, None, None, None, "审核人：张主任"])
    ws.append(["注：脱贫年度填写四位年份。"])
    thin = Side(style="thin")
    for _ in range(4):
        ws.append([None] * 17)
        for c in range(1, 18):
            ws.cell(row=ws.max_row, column=c).border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wb.save(path)
    return path


def test_county_ledger_loads_into_either_store(store: Store, tmp_path: Path) -> None:
    """By hand: 李二牛 (exited 2023, blank), 王小花 (monitored, 待定), 钱五 (无), 孙六 (/) have none; 周七 has
    — but exited in 2019, so needs none. Helpers: 张丽 (财政局, also 张 丽), 周建国, 张丽 (教育局), 李强: four.
    (Sealing the ledger's phones crashed with an ArrowInvalid traceback before.)"""
    report = load_workbook(store, ledger_a(tmp_path / "台账.xlsx"))
    assert gap_names(store) == {"李二牛", "王小花", "钱五", "孙六"}
    net = store.read()
    assert helper_count(net) == 4 and len(net.nodes["Household"]) == 10
    since = {(h, s.date()) for h, s in zip(net.rels["HELPS"]["target"].map(
        net.nodes["Household"].set_index("household_id")["head_name"]), net.rels["HELPS"]["since"])}
    assert since == {("王大山", dt.date(2019, 3, 1)), ("赵四", dt.date(2019, 3, 1)), ("吴八", dt.date(2019, 3, 1)),
                     ("郑九", dt.date(2019, 3, 15)), ("冯十", dt.date(2019, 3, 15))}
    assert any("旧户主姓名" in line for line in report.recognised), report.recognised  # said, not lost silently


# --- ledger B: .xls, one sheet per town, merged-down helpers, a change of helper with 解除时间 --------------------
def ledger_b(path: Path) -> Path:
    wb = xlwt.Workbook(encoding="utf-8")
    wb.add_sheet("说明").write(0, 0, "本表由各乡镇填报。")
    head = ["序号", "村", "户主姓名", "身份证号码", "家庭人口", "户类型", "帮扶责任人姓名", "工作单位", "职级",
            "在岗状态", "结对时间", "解除时间"]
    towns = {
        "城关镇": [
            (("东风村", "陈一", idno(21), 4, "未脱贫"), [("刘书记", "县委办", "县处级副职", "在岗", "2021.7", None),
                                                        ("黄干部", "县委办", "科员", "在岗", "2021.7", None)]),
            (("东风村", "陈二", idno(22), 3, "脱贫不稳定户"), [("何某", "县水利局", "科员", "在岗", "2019.3", "2021.6"),
                                                               ("蒋某", "县水利局", "科员", "在岗", "2021.7", None)]),
            (("红星村", "陈三", idno(23), 2, "未脱贫"), [("马某", "县水利局", "科员", "调离", "2019.3", None)]),
            (("红星村", "陈四", idno(24), 5, "未脱贫"), [("何某", "县水利局", "科员", "在岗", "2019.3", "2024.12")]),
        ],
        "河口镇": [
            (("河湾村", "林一", idno(25), 2, "未脱贫"), [("刘书记", "县委办", "县处级副职", "在岗", "2021.7", None)]),
            (("河湾村", "林二", idno(26), 1, "未脱贫"), [(None,) * 6]),
        ],
    }
    for town, households in towns.items():
        ws = wb.add_sheet(town)
        ws.write_merge(0, 0, 0, len(head) - 1, f"{town}结对帮扶台账")
        for c, h in enumerate(head):
            ws.write(1, c, h)
        r = 2
        for seq, (household, helpers) in enumerate(households, 1):
            for c, v in enumerate([seq, *household]):
                if len(helpers) > 1:
                    ws.write_merge(r, r + len(helpers) - 1, c, c, v)
                else:
                    ws.write(r, c, v)
            for k, helper in enumerate(helpers):
                for c, v in enumerate(helper):
                    if v is not None:
                        ws.write(r + k, 6 + c, v)
            r += len(helpers)
    summary = wb.add_sheet("汇总")
    for c, h in enumerate(["序号", "乡镇", "村", "户主姓名", "身份证号码", "家庭人口", "户类型"]):
        summary.write(0, c, h)
    r = 1
    for town, households in towns.items():
        for household, _ in households:
            for c, v in enumerate([r, town, *household]):
                summary.write(r, c, v)
            r += 1
    wb.save(str(path))
    return path


def test_town_sheets_with_an_ended_pairing_in_its_own_column(tmp_path: Path) -> None:
    """By hand: 陈三's only helper is 调离, 陈四's pairing was 解除 in 2024.12, 林二 has none; 陈二's helper changed
    in 2021 and 蒋某 helps now. Helpers: 刘书记 (a leader, in both towns), 黄干部, 何某, 蒋某, 马某: five."""
    read = read_ledger(ledger_b(tmp_path / "台账.xls"))
    net = read.network
    assert gap_names(net) == {"陈三", "陈四", "林二"}
    assert helper_count(net) == 5 and len(net.nodes["Leader"]) == 1
    assert net.rels["HELPS"]["until"].notna().sum() == 2  # 解除时间 is the pairing's end


# --- ledger D: a GBK CSV with several names in one cell, three ways --------------------------------------------
def test_names_in_one_cell_by_comma_and_by_blank(tmp_path: Path) -> None:
    """张丽、周建国 / 张丽,周建国 / 张丽 周建国 are the same two people each time; 王芳 twice in 县卫健局 is two
    people told apart by phone; 张 丽 spaced out stays one name. By hand: 甲七's helper 退休, 甲八 none; helpers
    张丽, 周建国, 王芳 ×2, 陈明, 赵敏: six."""
    path = tmp_path / "台账.csv"
    rows = [
        ["甲一", idno(41), "张丽、周建国", "县财政局", "科员", "在岗", ""],
        ["甲二", idno(42), "张丽,周建国", "县财政局", "科员", "在岗", ""],
        ["甲三", idno(43), "张丽 周建国", "县财政局", "科员 科员", "在岗", ""],
        ["甲四", idno(44), "王芳", "县卫健局", "科员", "在岗", full_width("13900000301")],
        ["甲五", idno(45), "王芳", "县卫健局", "科员", "在岗", "139\u300000000302"],
        ["甲六", idno(46), "张 丽", "县财政局", "科员", "在岗", ""],
        ["甲七", idno(47), "陈明", "县供销社", "未定职", "退休", ""],
        ["甲八", idno(48), "", "", "", "", ""],
        ["甲九", idno(49), "赵敏", "中国农业银行清溪支行", "正科级", "在岗", ""],
    ]
    with open(path, "w", encoding="gbk", newline="") as f:
        w = csv.writer(f)
        w.writerow(["乡镇", "村", "户主姓名", "身份证号码", "户类型", "帮扶责任人姓名", "工作单位", "职级", "在岗状态",
                    "帮扶责任人联系电话"])
        w.writerows(["河口镇", "河湾村", r[0], r[1], "未脱贫", *r[2:]] for r in rows)
    net = read_ledger(path).network
    assert gap_names(net) == {"甲七", "甲八"}
    assert helper_count(net) == 6
    assert sorted(net.nodes["Cadre"]["name"]) == ["周建国", "张丽", "王芳", "王芳", "赵敏", "陈明"]


# --- ledger F: households on one sheet, a roster under 帮扶对象 on another ---------------------------------------
def test_roster_under_a_households_group(tmp_path: Path) -> None:
    """帮扶对象 merged over 户主姓名 / 所在村 names each helper's households; 戊一 lives in both villages, the
    village tells them apart; 待定 in the households cell is no household, but 钟三 is a helper all the same
    (spare capacity). By hand: 戊三 and 戊五 have none; 钟一 helps 戊一 (东风村) and 戊二, 钟二 戊一 (红星村);
    three helpers."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "帮扶对象"
    ws.append(["序号", "乡镇", "村", "户主姓名", "身份证号码", "家庭人口", "户类型"])
    for i, (village, head) in enumerate([("东风村", "戊一"), ("东风村", "戊二"), ("红星村", "戊三"),
                                         ("红星村", "戊一"), ("红星村", "戊五")], 1):
        ws.append([i, "城关镇", village, head, idno(60 + i), 3, "未脱贫"])
    r = wb.create_sheet("帮扶责任人")
    r.append(["2025年帮扶责任人花名册"])
    r.append(["序号", "帮扶责任人", None, None, "帮扶对象", None])
    r.append([None, "姓名", "工作单位", "职级", "户主姓名", "所在村"])
    for cells in ("A1:F1", "A2:A3", "B2:D2", "E2:F2"):
        r.merge_cells(cells)
    r.append([1, "钟一", "县交通局", "科员", "戊一、戊二", "东风村"])
    r.append([2, "钟二", "县交通局", "副科级", "戊一", "红星村"])
    r.append([3, "钟三", "县交通局", "科员", "待定", None])
    wb.save(tmp_path / "花名册.xlsx")
    net = read_ledger(tmp_path / "花名册.xlsx").network
    assert gap_names(net) == {"戊三", "戊五"}
    hh = net.nodes["Household"].set_index("household_id")
    villages = net.nodes["Village"].set_index("village_id")["name"]
    cadres = net.nodes["Cadre"].set_index("cadre_id")["name"]
    helps = net.rels["HELPS"]
    pairs = {(cadres[s], hh.loc[t, "head_name"], villages[hh.loc[t, "village_id"]])
             for s, t in zip(helps["source"], helps["target"])}
    assert pairs == {("钟一", "戊一", "东风村"), ("钟一", "戊二", "东风村"), ("钟二", "戊一", "红星村")}
    assert sorted(cadres) == ["钟一", "钟三", "钟二"]


def test_a_chunked_arrow_column_seals() -> None:
    """The ledger's frames are pyarrow-backed and built by concatenation: sealing took only one-chunk arrays."""
    from pairnet.graph import vault

    part = pd.Series(["13900000001", None], dtype="string[pyarrow]")
    values = pd.concat([part, part], ignore_index=True)
    v = vault.Vault(b"k" * vault.KEY_BYTES)
    sealed = v.seal("phone", values)
    assert sealed.isna().tolist() == [False, True, False, True]
    assert v.unseal(sealed).tolist()[::2] == ["13900000001", "13900000001"]


# --- a national export with a change of helper on a continuation row -----------------------------------------
def _person_export(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["户编号", "人编号", "姓名", "与户主关系", "证件号码", "乡镇", "村", "户类型", "脱贫年度", "帮扶责任人",
                    "帮扶单位", "职级", "帮扶时间"])
        w.writerows(rows)
    return path


def test_person_export_with_a_blank_continuation_row(tmp_path: Path) -> None:
    """The second helper of A001 on a row of its own, the household's other cells left blank (as a CSV saved
    from merged cells writes them): blank disagrees with nothing and makes no village. By hand: A002's only
    pairing ended 2024.12; A001 has 孙红 since 2021.7; two households of two and two persons, one village,
    helpers 王平 and 孙红."""
    net = read_ledger(_person_export(tmp_path / "国办系统导出.csv", [
        ["A001", "01", "子一", "户主", idno(101), "城关镇", "东风村", "已脱贫", "2024", "王平", "县农业农村局", "科员",
         "2019.03-2021.06"],
        ["A001", "01", "", "", "", "", "", "", "", "孙红", "县农业农村局", "科员", "2021.7-至今"],
        ["A001", "02", "子一妻", "配偶", idno(102), "城关镇", "东风村", "已脱贫", "2024", "", "", "", ""],
        ["A002", "01", "子二", "户主", idno(103), "城关镇", "东风村", "未脱贫", "", "王平", "县农业农村局", "科员",
         "2019.03-2024.12"],
        ["A002", "02", "子二子", "之子", idno(104), "城关镇", "东风村", "未脱贫", "", "", "", "", ""],
    ])).network
    assert gap_names(net) == {"子二"}
    assert helper_count(net) == 2
    assert net.nodes["Village"]["name"].tolist() == ["东风村"]
    assert sorted(net.nodes["Household"]["members"].astype(int)) == [2, 2]


def test_a_household_with_no_village_is_a_fault(tmp_path: Path) -> None:
    """A household row whose 村 is blank was loaded with a nameless village of its own; now it is refused,
    naming the sheet, row and column as written."""
    from pairnet.loaders.faults import WorkbookError

    path = _person_export(tmp_path / "导出.csv", [
        ["A001", "01", "子一", "户主", idno(101), "城关镇", "", "未脱贫", "", "王平", "县农业农村局", "科员", ""],
        ["A002", "01", "子二", "户主", idno(103), "城关镇", "东风村", "未脱贫", "", "王平", "县农业农村局", "科员", ""],
    ])
    try:
        read_ledger(path)
    except WorkbookError as e:
        faults = [(f.sheet, f.row, f.column) for f in e.faults]
    else:
        raise AssertionError("a household without a village was read")
    assert faults == [("导出", 2, "村")]


def test_a_ledger_with_no_rows_is_refused_and_the_store_kept(cli, tmp_path: Path) -> None:
    """A header with nothing under it (a template saved empty, or a CSV of headers) emptied the store as a
    snapshot load, saying it "loaded". Now: exit 2, in the file's language, naming the sheet; the store as it
    was (the ten households of ledger A)."""
    db = tmp_path / "county.db"
    assert cli("load", ledger_a(tmp_path / "台账.xlsx"), "--db", db).exit_code == 0
    empty = tmp_path / "空表.csv"
    empty.write_text("乡镇,村,户主姓名,户类型,帮扶责任人,工作单位,职级\n", encoding="utf-8")
    r = cli("load", empty, "--db", db)
    assert r.exit_code == 2, r.output
    assert "空表" in r.stderr and "下没有任何农户行" in r.stderr and "Traceback" not in r.output
    r = cli("info", "--format", "json", "--db", db)
    assert json.loads(r.stdout)["nodes"]["Household"] == 10, r.stdout


def test_the_town_from_sheet_names_and_title_rows(tmp_path: Path) -> None:
    """No 乡镇 column: the town is the sheet's name (1.城关镇, 河口镇台账, 城南街道（2025）) or, on a generic sheet,
    its title row, whether the year or the county comes first. By hand: four households in four towns."""
    wb = openpyxl.Workbook()
    for title, head, above in (("1.城关镇", "亥一", None), ("河口镇台账", "亥二", None),
                               ("Sheet3", "亥三", "清溪县2025年柳林镇结对帮扶台账"),
                               ("Sheet4", "亥四", "2025年清溪县石桥乡结对帮扶台账"), ("城南街道（2025）", "亥五", None)):
        ws = wb.create_sheet(title)
        if above:
            ws.append([above])
        ws.append(["村", "户主姓名", "户类型", "帮扶责任人", "工作单位", "职级"])
        ws.append(["一村", head, "未脱贫", "张丽" if head != "亥五" else "待定", "县财政局", "科员"])
    del wb["Sheet"]
    wb.save(tmp_path / "台账.xlsx")
    net = read_ledger(tmp_path / "台账.xlsx").network
    towns = net.nodes["Town"].set_index("town_id")["name"]
    villages = net.nodes["Village"].set_index("village_id")["town_id"].map(towns)
    hh = net.nodes["Household"]
    assert dict(zip(hh["head_name"], hh["village_id"].map(villages))) == {
        "亥一": "城关镇", "亥二": "河口镇", "亥三": "柳林镇", "亥四": "石桥乡", "亥五": "城南街道"}
    assert gap_names(net) == {"亥五"} and helper_count(net) == 1


def test_an_end_written_as_a_month_lasts_the_month(tmp_path: Path) -> None:
    """帮扶时间 2019.03-2021.06 and 解除时间 2021年6月: the helper helped through June 2021, as the clerk means it.
    By hand: on 2021-06-15 both households have a helper; on 2021-07-01 neither."""
    path = tmp_path / "台账.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["乡镇", "村", "户主姓名", "户类型", "帮扶责任人", "工作单位", "职级", "帮扶时间", "解除时间"])
        w.writerow(["城关镇", "东风村", "月一", "未脱贫", "孙红", "县林业局", "科员", "2019.03-2021.06", ""])
        w.writerow(["城关镇", "东风村", "月二", "未脱贫", "吴刚", "县林业局", "科员", "2019.03", "2021年6月"])
    net = read_ledger(path).network
    assert gap_names(net, dt.date(2021, 6, 15)) == set()
    assert gap_names(net, dt.date(2021, 7, 1)) == {"月一", "月二"}
    assert sorted(net.rels["HELPS"]["since"].dt.date) == [dt.date(2019, 3, 1)] * 2


def test_a_titled_ledger_without_a_header_says_so_in_chinese(cli, tmp_path: Path) -> None:
    """A sheet with only its title (清溪县2025年结对帮扶台账) on a default sheet name was told, in English, that
    six workbook sheets are missing. Now: exit 2, "找不到表头" in the file's language, nothing written."""
    wb = openpyxl.Workbook()
    wb.active.append(["清溪县2025年结对帮扶台账"])
    wb.save(tmp_path / "台账.xlsx")
    db = tmp_path / "county.db"
    r = cli("load", tmp_path / "台账.xlsx", "--db", db, env={"LANG": "C.UTF-8", "PAIRNET_LANG": None})
    assert r.exit_code == 2, r.output
    assert "找不到表头" in r.stderr and "缺少必需的工作表" not in r.stderr and "Traceback" not in r.output
    assert not db.exists()


def test_with_no_sheet_known_the_message_is_in_the_users_language(cli, tmp_path: Path) -> None:
    """An empty workbook has no text to tell its language by: the user's language (C locale: Chinese), not
    English."""
    openpyxl.Workbook().save(tmp_path / "空.xlsx")
    r = cli("load", tmp_path / "空.xlsx", "--db", tmp_path / "x.db", env={"LANG": "C.UTF-8", "PAIRNET_LANG": None})
    assert r.exit_code == 2 and "缺少必需的工作表" in r.stderr, r.output


def test_a_ledger_csv_mixing_encodings_names_the_odd_lines(cli, tmp_path: Path) -> None:
    """A GBK ledger with one line pasted in as UTF-8 was told "name it after its sheet (e.g. pairings.csv)": the
    header could not be peeked at, so the file was not seen as a ledger. Now the encoding fault, line 3, exit 2."""
    head = "乡镇,村,户主姓名,户类型,帮扶责任人,工作单位,职级\n城关镇,东风村,甲,未脱贫,张丽,县财政局,科员\n"
    path = tmp_path / "台账.csv"
    path.write_bytes(head.encode("gbk") + "城关镇,东风村,乙,未脱贫,周建国,县财政局,科员\n".encode("utf-8"))
    r = cli("load", path, "--db", tmp_path / "x.db", "--lang", "zh")
    assert r.exit_code == 2, r.output
    assert "第 3 行为 UTF-8" in r.stderr and "pairings.csv" not in r.stderr


def test_hidden_columns_of_an_xls(tmp_path: Path) -> None:
    """An .xls (xlwt) with a hidden old 户主姓名 column beside the visible one was refused as "column given twice":
    calamine does not say which columns are hidden, so the COLINFO records are read. Also: 帮扶责任人 merged over
    four sub-headers, several names and phones in one cell, 合计 and 填表人 rows. By hand: 丑二 (监测户, 无) has no
    helper; helpers 张丽 and 周建国."""
    from pairnet.loaders.ledger.xlscols import xls_hidden_columns

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("结对帮扶台账")
    ws.write_merge(0, 0, 0, 9, "清溪县2025年结对帮扶台账")
    ws.write(1, 0, "填报单位：清溪县乡村振兴局")
    for c, h in enumerate(["序号", "乡镇", "村", "户主姓名", "户主姓名"]):
        ws.write_merge(2, 3, c, c, h)
    ws.col(4).hidden = True
    ws.write_merge(2, 2, 5, 8, "帮扶责任人")
    for c, h in enumerate(["姓名", "工作单位", "职级", "联系电话"], 5):
        ws.write(3, c, h)
    ws.write_merge(2, 3, 9, 9, "户类型")
    for r, row in enumerate([
        (1, "城关镇", "东风村", "丑一", "旧", "张丽、周建国", "县财政局", "科员、副科级", "13900000001、13900000002", "未脱贫"),
        (2, "城关镇", "东风村", "丑二", "旧", "无", None, None, None, "监测户"),
        (3, "城关镇", "东风村", "丑三", "旧", "周建国", "县财政局", "副科级", "13900000002", "未脱贫"),
    ], 4):
        for c, v in enumerate(row):
            if v is not None:
                ws.write(r, c, v)
    ws.write(7, 0, "合计")
    ws.write(8, 0, "填表人：李四")
    path = tmp_path / "台账.xls"
    wb.save(str(path))
    assert xls_hidden_columns(path) == {"结对帮扶台账": {4}}
    read = read_ledger(path)
    assert gap_names(read.network) == {"丑二"} and helper_count(read.network) == 2
    assert any("隐藏列 户主姓名" in line for line in read.lines)
    assert xls_hidden_columns(tmp_path / "台账.xls.missing") == {}
    (tmp_path / "cut.xls").write_bytes(path.read_bytes()[:1500])  # a damaged file: no hidden columns, no error
    assert xls_hidden_columns(tmp_path / "cut.xls") == {}


def test_a_damaged_xls_is_refused_wholly_in_chinese(cli, tmp_path: Path) -> None:
    """A damaged 台账.xls was told "无法以 .xls 打开 ...：the file is not a workbook of that kind" (the reason
    left in English). Now the whole message is Chinese; exit 2, nothing written."""
    path = tmp_path / "台账.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    r = cli("load", path, "--db", tmp_path / "x.db", env={"LANG": "C.UTF-8", "PAIRNET_LANG": None})
    assert r.exit_code == 2, r.output
    assert "无法以 .xls 打开" in r.stderr and "workbook" not in r.stderr and "Traceback" not in r.output
    assert not (tmp_path / "x.db").exists()


def test_append_a_partial_ledger_erases_nothing_it_does_not_mention(store: Store, tmp_path: Path) -> None:
    """After ledger A, a later list (乡镇, 村, 户主姓名, 身份证号码, 户类型, 帮扶责任人, 工作单位, 职级, 结对时间 only)
    is appended: it pairs 李二牛 with 周建国 and adds 新户. It blanked 李二牛's exit year and size and 周建国's
    phone (no such columns), so 李二牛 (exited 2023) no longer counted as in need. By hand on 2025-07-30:
    王小花, 钱五, 孙六 and 新户 have no helper; 李二牛 keeps 2023 and 3 persons, 周建国 his phone."""
    load_workbook(store, ledger_a(tmp_path / "台账.xlsx"))
    later = tmp_path / "调整.csv"
    with open(later, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["乡镇", "村", "户主姓名", "身份证号码", "户类型", "帮扶责任人", "工作单位", "职级", "结对时间"])
        w.writerow(["城关镇", "东风村", "李二牛", idno(2), "已脱贫", "周建国", "清溪县财政局", "副科级", "2025.7"])
        w.writerow(["城关镇", "东风村", "新户", idno(170), "未脱贫", "待定", "", "", ""])
    load_workbook(store, later, append=True)
    assert gap_names(store, dt.date(2025, 7, 30)) == {"王小花", "钱五", "孙六", "新户"}
    net = store.read()
    hh = net.nodes["Household"].set_index("head_name")
    assert int(hh.loc["李二牛", "exit_year"]) == 2023 and int(hh.loc["李二牛", "members"]) == 3
    cadres = net.nodes["Cadre"].set_index("name")
    assert cadres.loc["周建国", "phone"] == "13900000102"
    assert helper_count(net) == 4 and len(net.rels["HELPS"]) == 6
