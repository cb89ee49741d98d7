"""A loaded ledger exported as a workbook loads back to the same graph; a ledger combines with normalised
sheets of the same workbook (naming the ledger's villages, units and helpers by name) and with ``--append``;
the template, filled in, loads."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import openpyxl
import pytest

from pairnet.graph.embedded import EmbeddedStore
from pairnet.loaders.ledger.reading import read_ledger
from pairnet.loaders.load import read_workbook

sys.path.insert(0, str(Path(__file__).parent))
from ledgers import Pairnet, idno, phone, write_csv, write_xlsx  # noqa: E402
from test_shapes import COUNTY_GAPS, COUNTY_HELPERS, county_ledger  # noqa: E402


@pytest.fixture
def pairnet(tmp_path: Path) -> Pairnet:
    return Pairnet(tmp_path)


def test_export_and_load_back(pairnet: Pairnet, tmp_path: Path) -> None:
    ledger = write_xlsx(tmp_path / "台账.xlsx", {"结对帮扶台账": county_ledger()})
    pairnet.load(ledger)
    for fmt, out in (("csv", tmp_path / "wb"), ("xlsx", tmp_path / "wb.xlsx")):
        r = pairnet("export", "--out", str(out), "--format", fmt, "--show-pii", "--lang", "zh")
        assert r.exit_code == 0, r.output
        assert read_workbook(out).equals(read_ledger(ledger).network)
        assert "no changes" in pairnet.load(out)  # the store already holds exactly this
    assert pairnet.without_helper() == COUNTY_GAPS and pairnet.helpers() == COUNTY_HELPERS
    with EmbeddedStore(pairnet.db) as store:
        assert store.read().equals(read_ledger(ledger).network)


def test_ledger_beside_normalised_sheets(pairnet: Pairnet, tmp_path: Path) -> None:
    """stationed and unit_villages sheets name the ledger's cadre, unit and village by name (it has no codes)."""
    ledger = [["乡镇", "村", "户主姓名", "户类型", "帮扶责任人", "工作单位", "职级"],
              ["城关镇", "东村", "甲", "未脱贫", "张丽", "清溪县财政局", "科员"],
              ["城关镇", "西村", "乙", "未脱贫", None, None, None]]
    stationed = [["干部编号", "村编码", "职责", "开始日期"], ["张丽", "东村", "第一书记", "2021-01-01"]]
    packaging = [["单位编码", "村编码"], ["县财政局", "西村"]]
    pairnet.load(write_xlsx(tmp_path / "c.xlsx", {"台账": ledger, "驻村干部": stationed, "单位包村": packaging}))
    r = pairnet("info", "--format", "json")
    rels = json.loads(r.output)["relationships"]
    assert (rels["STATIONED_IN"], rels["PACKAGES"], rels["HELPS"]) == (1, 1, 1)
    assert pairnet.without_helper() == ["乙"]
    # a name that is none of the ledger's is still a fault, told where it is written
    bad = [["干部编号", "村编码", "职责"], ["王五", "东村", "第一书记"]]
    out = pairnet.refused(write_xlsx(tmp_path / "d.xlsx", {"台账": ledger, "驻村干部": bad}))
    assert "驻村干部" in out and "王五" in out


def test_append_next_months_additions(pairnet: Pairnet, tmp_path: Path) -> None:
    head = ["乡镇", "村", "户主姓名", "身份证号码", "户类型", "帮扶责任人", "工作单位", "职级", "联系电话"]
    june = [head, ["城关镇", "东村", "甲", idno(71), "未脱贫", "张丽", "县财政局", "科员", phone(71)],
            ["城关镇", "东村", "乙", idno(72), "未脱贫", None, None, None, None]]
    pairnet.load(write_xlsx(tmp_path / "6月.xlsx", {"台账": june}))
    # July's sheet pairs 乙 with the same 张丽 (her unit written in full) and adds 丙
    july = [head, ["城关镇", "东村", "乙", idno(72), "未脱贫", "张 丽", "清溪县财政局", "科员", phone(71)],
            ["城关镇", "东村", "丙", idno(73), "监测户", None, None, None, None]]
    pairnet.load(write_csv(tmp_path / "7月.csv", july), "--append")
    assert pairnet.without_helper() == ["丙"]
    assert pairnet.helpers() == 1 and pairnet.counts()["Household"] == 3


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_template_filled_in_loads(pairnet: Pairnet, tmp_path: Path, lang: str) -> None:
    path = tmp_path / "台账模板.xlsx"
    r = pairnet.plain("template", "--out", str(path), "--kind", "ledger", "--lang", lang)
    assert r.exit_code == 0, r.output
    wb = openpyxl.load_workbook(path)
    ws = wb[wb.sheetnames[0]]
    headers = [c.value for c in ws[1]]
    col = {h: i + 1 for i, h in enumerate(headers)}
    zh = lang == "zh"
    assert "填表说明" in wb.sheetnames[-1]
    id_col = col["身份证号码" if zh else "id_number"]
    assert ws.cell(row=2, column=id_col).number_format == "@"  # ID numbers stay text
    lists = {dv.formula1 for dv in ws.data_validations.dataValidation}
    assert ('"未脱贫,已脱贫,监测户"' if zh else '"poor,exited,monitored"') in lists
    assert ('"县处级,科级,一般干部,村干部"' if zh else '"county,section,staff,village"') in lists
    values = {"乡镇" if zh else "town": "城关镇", "村" if zh else "village": "东村",
              "户主姓名" if zh else "head_name": "甲", "身份证号码" if zh else "id_number": idno(81),
              "户类型" if zh else "status": "未脱贫" if zh else "poor",
              "帮扶责任人" if zh else "helper": "张丽", "工作单位" if zh else "unit": "县财政局",
              "职级" if zh else "rank": "科级" if zh else "section", "联系电话" if zh else "helper_phone": phone(81),
              "在岗状态" if zh else "state": "在岗" if zh else "yes", "结对时间" if zh else "since": "2019-03-01"}
    for h, v in values.items():
        ws.cell(row=2, column=col[h], value=v)
    ws.cell(row=3, column=col["户主姓名" if zh else "head_name"], value="乙")
    for h in ("乡镇", "村", "户类型") if zh else ("town", "village", "status"):
        ws.cell(row=3, column=col[h], value=ws.cell(row=2, column=col[h]).value)
    wb.save(path)
    pairnet.load(path)
    assert pairnet.without_helper() == ["乙"] and pairnet.helpers() == 1


def test_workbook_template_lists_every_sheet(pairnet: Pairnet, tmp_path: Path) -> None:
    path = tmp_path / "workbook.xlsx"
    assert pairnet.plain("template", "--out", str(path), "--kind", "workbook", "--lang", "zh").exit_code == 0
    wb = openpyxl.load_workbook(path)
    assert {"乡镇", "行政村", "贫困户", "帮扶干部", "结对帮扶", "填表说明"} <= set(wb.sheetnames)
    ws = wb["贫困户"]
    assert [c.value for c in ws[1]][:3] == ["户编号", "户主姓名", "证件号码"]
    assert ws["A2"].number_format == "@" and ws["C2"].number_format == "@"
