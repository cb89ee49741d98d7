"""Workbook writer and `pairnet generate`: sheets and columns from the schema, Chinese, encodings, safety."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from pairnet.graph.core import schema
from pairnet.graph.core.errors import PairnetError
from pairnet.graph.network import PairingNetwork
from pairnet.loaders.generate import generate
from pairnet.loaders.write import write_workbook


@pytest.fixture(scope="module")
def gen():
    return generate("wanyuan", scale=0.05, seed=2)


def _read(path: Path, encoding: str = "utf-8") -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode(encoding))))


def test_csv_sheets_columns_and_rows_follow_the_schema(gen, tmp_path: Path) -> None:
    out = write_workbook(gen.network, tmp_path / "wb")
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{s.name}.csv" for s in schema.SHEETS)
    rels = gen.network.rels
    expected_rows = {
        "pairings": len(rels["HELPS"]), "stationed": len(rels["STATIONED_IN"]), "adjacency": len(rels["ADJACENT_TO"]),
        "unit_villages": int((rels["PACKAGES"]["source_label"] == "Unit").sum()),
        "leader_villages": int((rels["PACKAGES"]["source_label"] == "Leader").sum()),
        "leader_towns": len(rels["LIAISES"]), "committee_villages": len(rels["MEMBER_OF"]),
        "visits": len(gen.network.events["visits"]), "attendance": len(gen.network.events["attendance"]),
    }
    for sheet in schema.SHEETS:
        rows = _read(out / f"{sheet.name}.csv")
        assert rows[0] == sheet.column_names
        n = len(gen.network.nodes[sheet.node]) if sheet.node else expected_rows[sheet.name]
        assert len(rows) - 1 == n, sheet.name
    assert _read(out / "committee_villages.csv")[0] == ["committee_id", "village_id"]
    pairing = _read(out / "pairings.csv")[1]
    assert pairing[2][:2] == "20" and len(pairing[2]) == 10  # ISO date
    hh = _read(out / "households.csv")
    status = {r[5] for r in hh[1:]}
    assert status == {"poor", "exited", "monitored"}
    assert any(r[7] == "" for r in hh[1:] if r[5] != "exited")  # blank exit year, not 0 or <NA>


def test_chinese_headers_values_and_encodings(gen, tmp_path: Path) -> None:
    zh = write_workbook(gen.network, tmp_path / "zh", lang="zh", encoding="gb18030")
    assert sorted(p.name for p in zh.iterdir()) == sorted(f"{schema.SHEET_ZH[s.name][0]}.csv" for s in schema.SHEETS)
    villages = _read(zh / "行政村.csv", "gb18030")
    assert villages[0] == [c.zh[0] for c in schema.SHEET["villages"].columns]
    assert {r[3] for r in villages[1:]} <= {"是", "否"} and {r[5] for r in villages[1:]} <= {"好", "较好", "一般", "软弱涣散"}
    hh = _read(zh / "贫困户.csv", "gb18030")
    assert {r[5] for r in hh[1:]} == {"未脱贫", "已脱贫", "监测户"}
    cadres = _read(zh / "帮扶干部.csv", "gb18030")
    assert {r[3] for r in cadres[1:]} <= {"县处级", "科级", "一般干部", "村干部"} and {r[5] for r in cadres[1:]} == {"是", "否"}
    bom = write_workbook(gen.network, tmp_path / "bom", encoding="utf-8-sig")
    assert (bom / "towns.csv").read_bytes().startswith(b"\xef\xbb\xbftown_id,name\n")
    with pytest.raises(PairnetError):
        write_workbook(gen.network, tmp_path / "x", encoding="latin-1")
    with pytest.raises(PairnetError):
        write_workbook(gen.network, tmp_path / "x", fmt="ods")


def test_xlsx_has_a_sheet_per_sheet_with_text_codes(gen, tmp_path: Path) -> None:
    path = write_workbook(gen.network, tmp_path / "wb.xlsx", fmt="xlsx", lang="zh")
    wb = load_workbook(path, read_only=True)
    assert wb.sheetnames == [schema.SHEET_ZH[s.name][0] for s in schema.SHEETS]  # a Chinese workbook, Chinese sheets
    rows = list(wb["贫困户"].iter_rows(values_only=True))
    assert list(rows[0]) == [c.zh[0] for c in schema.SHEET["households"].columns]
    first = rows[1]
    assert isinstance(first[0], str) and isinstance(first[2], str) and isinstance(first[4], int)
    assert len(rows) - 1 == len(gen.network.nodes["Household"])
    assert wb.properties.created.year == 2000  # fixed, so that the bytes do not depend on the clock


def test_formula_like_text_is_neutralised(tmp_path: Path) -> None:
    net = PairingNetwork(nodes={"Town": pd.DataFrame({"town_id": ["T1", "T2"],
                                                      "name": ["=HYPERLINK(1)", "Ok, \"quoted\""]})})
    rows = _read(write_workbook(net, tmp_path / "wb") / "towns.csv")
    assert rows[1:] == [["T1", "'=HYPERLINK(1)"], ["T2", 'Ok, "quoted"']]




def test_cli_generate_writes_workbook_and_truth(cli, tmp_path: Path) -> None:
    r = cli("generate", "--profile", "xuanen", "--scale", "0.05", "--seed", "3",
                                  "--as-of", "2026-01-31", "--out", str(tmp_path))
    assert r.exit_code == 0, r.output
    truth = json.loads((tmp_path / "truth.json").read_text(encoding="utf-8"))
    assert truth["as_of"] == "2026-01-31" and truth["seed"] == 3
    assert truth == json.loads(json.dumps(generate("xuanen", 0.05, 3, "2026-01-31").truth))
    assert len(_read(tmp_path / "workbook" / "households.csv")) - 1 == truth["counts"]["nodes"]["Household"]


def test_cli_generate_rejects_unknown_profile_and_bad_date(cli, tmp_path: Path) -> None:
    r = cli("generate", "--profile", "atlantis", "--out", str(tmp_path))
    assert r.exit_code == 2 and "ziyang" in r.output and "liupanshui" in r.output
    r = cli("generate", "--profile", "ziyang", "--scale", "0.01", "--as-of", "2026-02-30",
                                  "--out", str(tmp_path))
    assert r.exit_code == 2 and "Traceback" not in r.output and "as-of" in r.output
