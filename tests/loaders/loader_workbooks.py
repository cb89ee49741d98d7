"""Hand-made workbooks for the loader tests: a small valid county as raw text rows, and writers to CSV and XLSX."""

from __future__ import annotations

import copy
import csv
import functools
import tempfile
from pathlib import Path

from pairnet.graph.core import schema

Rows = list[dict[str, str]]
Workbook = dict[str, Rows]


def id_check(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character, computed here independently of the loader."""
    total = sum(int(d) * (2 ** (17 - i) % 11) for i, d in enumerate(first17))
    return "10X98765432"[total % 11]


def id_number(region: str, birth: str, seq: str) -> str:
    first = region + birth + seq
    return first + id_check(first)


def base_workbook() -> Workbook:
    """A valid county: 2 towns, 4 villages, 6 households, 2 units, 1 leader, 3 cadres and every optional sheet."""
    return copy.deepcopy({
        "towns": [{"town_id": "T01", "name": "城关镇"}, {"town_id": "T02", "name": "洞河镇"}],
        "villages": [
            {"village_id": "V001", "name": "东城村", "town_id": "T01", "poor": "true", "deep_poverty": "false",
             "branch_rating": "good", "industry": "茶叶", "x": "108.5", "y": "32.5"},
            {"village_id": "V002", "name": "西城村", "town_id": "T01", "poor": "true", "deep_poverty": "true",
             "branch_rating": "weak", "industry": "", "x": "108.6", "y": "32.6"},
            {"village_id": "V003", "name": "河口村", "town_id": "T02", "poor": "false", "deep_poverty": "false",
             "branch_rating": "strong", "industry": "魔芋", "x": "108.7", "y": "32.7"},
            {"village_id": "V004", "name": "双河村", "town_id": "T02", "poor": "true", "deep_poverty": "false",
             "branch_rating": "average", "industry": "", "x": "", "y": ""},
        ],
        "households": [
            {"household_id": f"H00{i}", "head_name": name, "id_number": idn, "village_id": v, "members": m,
             "status": st, "poverty_cause": cause, "exit_year": ey}
            for i, (name, idn, v, m, st, cause, ey) in enumerate([
                ("张三", id_number("610924", "19800101", "123"), "V001", "3", "poor", "因病", ""),
                ("李四", id_number("610924", "19751231", "002"), "V001", "4", "exited", "", "2019"),
                ("王五", "", "V002", "1", "monitored", "缺技术", ""),
                ("赵六", id_number("610924", "19900228", "051"), "V003", "5", "poor", "", ""),
                ("孙七", "610924800101123", "V004", "2", "exited", "因学", "2020"),
                ("周八", id_number("610924", "19660606", "777"), "V004", "6", "poor", "", ""),
            ], start=1)
        ],
        "units": [{"unit_id": "U01", "name": "县财政局", "kind": "department"},
                  {"unit_id": "U02", "name": "安康银行", "kind": "bank"}],
        "leaders": [{"leader_id": "L01", "name": "赵书记", "title": "县委书记", "phone": "13900000001"}],
        "cadres": [
            {"cadre_id": "C001", "name": "钱一", "unit_id": "U01", "rank": "section", "phone": "13900000002",
             "active": "true"},
            {"cadre_id": "C002", "name": "孙二", "unit_id": "U01", "rank": "staff", "phone": "", "active": "false"},
            {"cadre_id": "C003", "name": "李三", "unit_id": "U02", "rank": "village", "phone": "13700000003",
             "active": ""},
        ],
        "pairings": [
            {"helper_id": "L01", "household_id": "H001", "since": "2019-03-01", "until": ""},
            {"helper_id": "C001", "household_id": "H002", "since": "2018-03-01", "until": "2021-12-31"},
            {"helper_id": "C002", "household_id": "H003", "since": "2019-05-01", "until": ""},
            {"helper_id": "C003", "household_id": "H004", "since": "", "until": ""},
            {"helper_id": "C001", "household_id": "H005", "since": "2017-01-15", "until": ""},
            {"helper_id": "C003", "household_id": "H006", "since": "2020-06-30", "until": ""},
        ],
        "unit_villages": [{"unit_id": "U01", "village_id": "V001", "since": "2016-01-01", "until": ""},
                          {"unit_id": "U02", "village_id": "V004", "since": "", "until": ""}],
        "leader_towns": [{"leader_id": "L01", "town_id": "T01"}],
        "leader_villages": [{"leader_id": "L01", "village_id": "V002", "since": "", "until": ""}],
        "stationed": [{"cadre_id": "C001", "village_id": "V001", "role": "first_secretary", "since": "2018-01-01",
                       "until": ""},
                      {"cadre_id": "C003", "village_id": "V004", "role": "team_member", "since": "", "until": ""}],
        "adjacency": [{"village_a": "V001", "village_b": "V002"}, {"village_a": "V003", "village_b": "V002"},
                      {"village_a": "V002", "village_b": "V001"}, {"village_a": "V003", "village_b": "V004"}],
        "committees": [{"committee_id": "J01", "name": "城关联村党委", "lead_village_id": "V001"}],
        "committee_villages": [{"committee_id": "J01", "village_id": "V001"},
                               {"committee_id": "J01", "village_id": "V002"}],
    })


@functools.cache
def _generated_rows() -> Workbook:
    from pairnet.loaders.generate import generate
    from pairnet.loaders.write import write_workbook

    with tempfile.TemporaryDirectory() as d:
        write_workbook(generate("ziyang", scale=0.02, seed=1).network, Path(d), "csv")
        out = {}
        for p in sorted(Path(d).glob("*.csv")):
            with open(p, encoding="utf-8", newline="") as f:
                out[p.stem] = list(csv.DictReader(f))
        return out


def generated_workbook() -> Workbook:
    """A small generated county (helper B's generator and writer) as raw text rows."""
    return copy.deepcopy(_generated_rows())


def _zh_value(column: str, value: str) -> str:
    """Chinese spelling of an English enum or boolean value (as a county office would type it)."""
    prop = next((p for s in schema.SHEETS for p in s.columns if p.name == column), None)
    if prop is None or not value:
        return value
    if prop.enum:
        return schema.VALUE_ZH[prop.enum].get(value, value)
    if prop.type == "bool":
        return {"true": "是", "false": "否"}.get(value, value)
    return value


def header(sheet: str, column: str, lang: str) -> str:
    prop = schema.SHEET[sheet].columns[schema.SHEET[sheet].column_names.index(column)]
    return prop.zh[0] if lang == "zh" and prop.zh else column


def sheet_table(wb: Workbook, sheet: str, lang: str = "en") -> list[list[str]]:
    """Header row then data rows, in the schema's column order (columns absent from every row are left out)."""
    rows = wb[sheet]
    cols = [c for c in schema.SHEET[sheet].column_names if any(c in r for r in rows)] if rows else \
        schema.SHEET[sheet].column_names
    out = [[header(sheet, c, lang) for c in cols]]
    for r in rows:
        out.append([_zh_value(c, r.get(c, "")) if lang == "zh" else r.get(c, "") for c in cols])
    return out


def sheet_title(sheet: str, lang: str) -> str:
    return schema.SHEET_ZH[sheet][0] if lang == "zh" else sheet


def write_csv(wb: Workbook, folder: Path, *, lang: str = "en", encoding: str = "utf-8") -> Path:
    """One CSV per sheet (named in ``lang``) in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for sheet in wb:
        with open(folder / f"{sheet_title(sheet, lang)}.csv", "w", encoding=encoding, newline="") as f:
            csv.writer(f).writerows(sheet_table(wb, sheet, lang))
    return folder


def write_xlsx(wb: Workbook, path: Path, *, lang: str = "en") -> Path:
    """One XLSX sheet per sheet; every cell written as text."""
    from openpyxl import Workbook as XWorkbook

    book = XWorkbook()
    book.remove(book.active)
    for sheet in wb:
        ws = book.create_sheet(sheet_title(sheet, lang))
        for row in sheet_table(wb, sheet, lang):
            ws.append([v if v != "" else None for v in row])
    book.save(path)
    return path
