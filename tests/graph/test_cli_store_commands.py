"""The ``info``, ``cypher`` and ``export`` commands on both stores."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from pairnet.graph.core import schema
from pairnet.graph.network import PairingNetwork
from pairnet.graph.store import Store


def test_info_json_is_exactly_the_counts(store: Store, tiny_network: PairingNetwork, run_cli) -> None:
    store.write(tiny_network)
    res = run_cli("info", "--format", "json")
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout) == tiny_network.counts()
    table = run_cli("info")
    assert table.exit_code == 0 and store.kind in table.stdout and store.location in table.stdout
    assert "Household" in table.stdout and "MEMBER_OF" in table.stdout


def test_cypher_with_params_prints_rows_with_pii_masked(store: Store, tiny_network: PairingNetwork, run_cli) -> None:
    store.write(tiny_network)
    res = run_cli("cypher", "MATCH (h:Household)-[:LIVES_IN]->(v:Village) WHERE h.members >= $n AND v.village_id IN $vs "
                  "RETURN h.household_id AS id, h.id_number AS id_number ORDER BY id",
                  "--param", "n=1", "--param", 'vs=["V001", "V003"]', "--format", "json")
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)["rows"]
    assert [r["id"] for r in rows] == ["H0001", "H0003"]
    assert "610924198001011239" not in res.stdout and rows[0]["id_number"] == "610924********1239"
    named = run_cli("cypher", "MATCH (t:Town) WHERE t.name = $name RETURN t.town_id AS id", "--param", "name=高桥镇",
                    "--format", "csv")
    assert named.exit_code == 0 and named.stdout.split() == ["id", "T02"]


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_cypher_masks_pii_under_another_name_even_when_asked(store: Store, tiny_network: PairingNetwork, run_cli,
                                                            fmt: str) -> None:
    store.write(tiny_network)
    query = ("MATCH (h:Household {household_id: 'H0001'}) "
             "RETURN h.id_number AS x, [h.id_number] AS xs, h.household_id AS id")
    res = run_cli("cypher", query, "--format", fmt)
    assert res.exit_code == 0, res.output
    assert "610924198001011239" not in res.stdout and "610924********1239" in res.stdout and "H0001" in res.stdout
    shown = run_cli("cypher", query, "--format", fmt, "--show-pii")  # the graph holds no full number to show
    assert shown.exit_code == 0 and "610924198001011239" not in shown.stdout
    assert "610924********1239" in shown.stdout


def test_cypher_bad_param_or_query_exits_2(store: Store, run_cli) -> None:
    bad = run_cli("cypher", "RETURN 1 AS x", "--param", "novalue")
    assert bad.exit_code == 2 and "NAME=VALUE" in bad.stderr and "Traceback" not in bad.output
    broken = run_cli("cypher", "MATCH (n:Town RETURN n")
    assert broken.exit_code == 2 and "Error:" in broken.stderr


def test_export_neo4j_admin_files_neutralise_formulas_and_keep_numbers(store: Store, tiny_network: PairingNetwork,
                                                                      run_cli, tmp_path: Path) -> None:
    """A clerk may open these CSV files in Excel: text that would run as a formula gets a leading quote, while a
    negative coordinate or a count stays a number."""
    units = tiny_network.nodes["Unit"].copy()
    units.loc[0, "name"] = "=cmd|' /C calc'!A0"
    cadres = tiny_network.nodes["Cadre"].copy()
    cadres.loc[0, "name"] = "-2+3"
    villages = tiny_network.nodes["Village"].copy()
    villages.loc[0, ["name", "x"]] = ["@SUM(1)村", -108.5]
    store.write(tiny_network.replace(nodes={**tiny_network.nodes, "Unit": units, "Cadre": cadres, "Village": villages}))
    out = tmp_path / "admin"
    assert run_cli("export", "--as", "neo4j-admin", "--out", str(out)).exit_code == 0
    cells = {}
    for f in out.glob("*.csv"):
        with open(f, encoding="utf-8") as fh:
            rows = list(csv.reader(fh))
        cells.update({(f.name, r[0], h): v for r in rows[1:] for h, v in zip(rows[0], r)})
    assert cells[("nodes_Unit.csv", "U01", "name")] == "'=cmd|' /C calc'!A0"
    assert cells[("nodes_Cadre.csv", "C0001", "name")] == "'-2+3"
    assert cells[("nodes_Village.csv", "V001", "name")] == "'@SUM(1)村"
    assert cells[("nodes_Village.csv", "V001", "x:double")] == "-108.5"
    assert cells[("nodes_Household.csv", "H0001", "members:long")] == "4"
    starts = [v for (_, _, h), v in cells.items() if h.split(":")[-1] not in ("double", "long", "int", "float")]
    assert not [v for v in starts if v[:1] in ("=", "+", "-", "@")]


def test_export_neo4j_admin_files_follow_the_schema(store: Store, tiny_network: PairingNetwork, run_cli,
                                                    tmp_path: Path) -> None:
    store.write(tiny_network)
    out = tmp_path / "admin"
    res = run_cli("export", "--as", "neo4j-admin", "--out", str(out), "--show-pii")
    assert res.exit_code == 0, res.output
    assert "neo4j-admin database import full" in res.stdout
    with open(out / "nodes_Household.csv", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0] == schema.admin_node_header("Household")
    assert sorted(r[0] for r in rows[1:]) == ["H0001", "H0002", "H0003"]
    assert {r[-1] for r in rows[1:]} == {"Household"}
    first = next(r for r in rows if r[0] == "H0001")
    # the village is stored once, as the LIVES_IN edge (as Neo4jStore writes it), not as a node property
    assert first == ["H0001", "张三", "610924198001011239", "4", "poor", "因病", "", "Household"]
    with open(out / "rels_LIVES_IN_Household.csv", encoding="utf-8") as f:
        lives = list(csv.reader(f))
    assert lives[0] == schema.admin_rel_header("LIVES_IN", "Household")
    assert sorted(lives[1:]) == [["H0001", "V001", "LIVES_IN"], ["H0002", "V001", "LIVES_IN"],
                                 ["H0003", "V003", "LIVES_IN"]]
    with open(out / "rels_HELPS_Leader.csv", encoding="utf-8") as f:
        helps = list(csv.reader(f))
    assert helps == [schema.admin_rel_header("HELPS", "Leader"), ["L01", "", "", "H0003", "HELPS"]]
    with open(out / "rels_HELPS_Cadre.csv", encoding="utf-8") as f:
        cadre = {(r[0], r[3]): r for r in csv.reader(f)}
    assert cadre[("C0002", "H0002")] == ["C0002", "2017-07-15", "2020-12-31", "H0002", "HELPS"]
    with open(out / "nodes_Village.csv", encoding="utf-8") as f:
        villages = {r[0]: r for r in csv.reader(f)}
    assert villages["V001"][2:4] == ["true", "false"] and villages["V003"][2] == ""  # village_id, name, poor, ...
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"nodes_{n}.csv" for n in schema.NODE] + [f"rels_{r.type}_{a}.csv" for r in schema.RELS for a, _ in r.ends])


def test_export_masks_pii_unless_asked(store: Store, tiny_network: PairingNetwork, run_cli, tmp_path: Path) -> None:
    store.write(tiny_network)
    res = run_cli("export", "--as", "neo4j-admin", "--out", str(tmp_path / "masked"))
    assert res.exit_code == 0, res.output
    text = (tmp_path / "masked" / "nodes_Household.csv").read_text(encoding="utf-8")
    assert "610924198001011239" not in text and "610924********1239" in text


def test_export_workbook_loads_back_equal(store: Store, tiny_network: PairingNetwork, run_cli, tmp_path: Path) -> None:
    from pairnet.loaders.load import read_workbook

    store.write(tiny_network)
    res = run_cli("export", "--out", str(tmp_path / "wb"), "--show-pii")
    assert res.exit_code == 0, res.output
    assert read_workbook(tmp_path / "wb").differences(tiny_network) == []


def test_load_then_info_gives_the_generator_counts(store: Store, run_cli, tmp_path: Path) -> None:
    from pairnet.loaders.generate import generate
    from pairnet.loaders.write import write_workbook

    gen = generate("ziyang", scale=0.02, seed=1)
    write_workbook(gen.network, tmp_path / "wb", fmt="csv")
    res = run_cli("load", str(tmp_path / "wb"))
    assert res.exit_code == 0, res.output
    info = run_cli("info", "--format", "json")
    assert json.loads(info.stdout) == gen.truth["counts"] == gen.network.counts()
    again = run_cli("load", str(tmp_path / "wb"))
    assert again.exit_code == 0 and json.loads(run_cli("info", "--format", "json").stdout) == gen.truth["counts"]


def test_db_on_the_command_line_beats_neo4j_in_the_environment(cli, embedded_store: Store, tiny_network: PairingNetwork,
                                                               ) -> None:

    embedded_store.write(tiny_network)
    env = {"NEO4J_URI": "bolt://127.0.0.1:1"}  # nothing listens there
    res = cli("info", "--db", embedded_store.location, "--format", "json", env=env)
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout) == tiny_network.counts()
    from_env = cli("info", env=env)
    assert from_env.exit_code == 2 and "127.0.0.1:1" in from_env.stderr
    both = cli("info", "--db", embedded_store.location, "--neo4j", "bolt://127.0.0.1:1")
    assert both.exit_code == 2 and "not both" in both.stderr
