"""A generated county written as English UTF-8 CSV, Chinese GB18030 CSV and Chinese XLSX loads to the same graph."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pairnet.loaders.generate import generate
from pairnet.loaders.load import load_workbook, read_workbook
from pairnet.loaders.write import write_workbook
from cli_runner import loaded_info



@pytest.fixture(scope="module")
def county():
    return generate("ziyang", scale=0.02, seed=1)


def test_three_forms_read_to_the_generated_network(county, tmp_path: Path) -> None:
    forms = [write_workbook(county.network, tmp_path / "en", "csv", "en", "utf-8"),
             write_workbook(county.network, tmp_path / "gb", "csv", "zh", "gb18030"),
             write_workbook(county.network, tmp_path / "zh.xlsx", "xlsx", "zh")]
    assert (tmp_path / "gb" / "贫困户.csv").read_bytes().decode("gb18030").startswith("户编号")
    for path in forms:
        assert read_workbook(path).differences(county.network) == [], path


def test_cli_generate_xlsx_and_chinese_csv_twin_give_identical_info(cli, county, tmp_path: Path) -> None:
    """`pairnet generate --format xlsx` and its Chinese-header GB18030 CSV twin: `pairnet info --format json`
    identical after loading, and equal to the generator's truth counts."""
    base = ["generate", "--profile", "ziyang", "--scale", "0.02", "--seed", "1"]
    r = cli(*base, "--out", str(tmp_path / "x"), "--format", "xlsx", "--lang", "zh")
    assert r.exit_code == 0, r.output
    r = cli(*base, "--out", str(tmp_path / "c"), "--lang", "zh", "--encoding", "gb18030")
    assert r.exit_code == 0, r.output
    xlsx = next((tmp_path / "x").glob("*.xlsx"))
    csv_dir = next(p for p in (tmp_path / "c").iterdir() if p.is_dir())
    infos = [loaded_info(path, tmp_path / f"s{i}.db") for i, path in enumerate([xlsx, csv_dir])]
    assert infos[0] == infos[1]
    truth = json.loads((tmp_path / "x" / "truth.json").read_text(encoding="utf-8"))
    assert {k: infos[0][k] for k in ("nodes", "relationships")} == truth["counts"]


def test_generated_county_into_store(county, store, tmp_path: Path) -> None:
    path = write_workbook(county.network, tmp_path / "wb.xlsx", "xlsx", "zh")
    report = load_workbook(store, path)
    assert report.changed
    assert store.read().differences(county.network) == []
    assert not load_workbook(store, write_workbook(county.network, tmp_path / "wb", "csv")).changed


def test_formula_like_text_survives_writer_and_reader(county, tmp_path: Path) -> None:
    """Text that a spreadsheet would run ('=..', '-..') is written neutralised with a ' and read back as it was."""
    net = county.network
    hh = net.nodes["Household"].copy()
    hh.loc[hh.index[:3], "head_name"] = ["=1+1", "-李", "@home"]
    from pairnet.graph.network import PairingNetwork

    tricky = PairingNetwork(dict(net.nodes, Household=hh), dict(net.rels))
    for path in (write_workbook(tricky, tmp_path / "wb", "csv"), write_workbook(tricky, tmp_path / "wb.xlsx", "xlsx")):
        back = read_workbook(path)
        assert back.differences(tricky) == [], path
        assert list(back.nodes["Household"]["head_name"][:3]) == ["=1+1", "-李", "@home"]
