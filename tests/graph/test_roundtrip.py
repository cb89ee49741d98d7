"""Round trips on every store: what is written reads back equal (dates, booleans, blanks, Chinese text)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from pairnet.graph.core import schema
from pairnet.graph.network import PairingNetwork, Scope
from pairnet.graph.store import Store, StoreError
from pairnet.loaders.generate import generate


def assert_same(a: PairingNetwork, b: PairingNetwork) -> None:
    assert a.counts() == b.counts()
    assert a.differences(b) == []


def test_tiny_network_round_trip(store: Store, tiny_network: PairingNetwork) -> None:
    store.write(tiny_network)
    back = store.read()
    assert_same(back, tiny_network)
    assert store.counts() == tiny_network.counts()
    for label, df in back.nodes.items():
        assert list(df.dtypes.astype(str)) == [p.dtype for p in schema.NODE[label].props]
    hh = back.nodes["Household"].set_index("household_id")
    assert hh.loc["H0003", "head_name"] == "王 五"
    assert pd.isna(hh.loc["H0002", "members"]) and pd.isna(hh.loc["H0002", "id_number"])
    assert hh.loc["H0001", "members"] == 4
    helps = back.rels["HELPS"]
    row = helps[(helps.source == "C0002") & (helps.target == "H0002")].iloc[0]
    assert row["until"] == pd.Timestamp("2020-12-31") and row["source_label"] == "Cadre"
    assert set(helps["source_label"]) == {"Cadre", "Leader"}
    v = back.nodes["Village"].set_index("village_id")
    assert v.loc["V001", "poor"] == True and v.loc["V002", "poor"] == False  # noqa: E712 - nullable booleans
    assert pd.isna(v.loc["V003", "poor"]) and v.loc["V003", "name"] == 'Hill "Top" 村'


def test_generated_network_round_trip(store: Store) -> None:
    net = generate("ziyang", scale=0.02, seed=1).network
    store.write(net)
    assert_same(store.read(), net)
    assert store.counts() == net.counts()


def test_empty_store_reads_empty(store: Store) -> None:
    assert_same(store.read(), PairingNetwork.empty())
    assert store.counts() == PairingNetwork.empty().counts()


# What each scope of the tiny network covers, worked out by hand from the rule in ``scope_keys``: a town or
# village covers its villages and their households, a unit its cadres and the households they help; plus the
# helpers, units and leaders tied to those, the towns of the villages and their liaising leaders, the committees.
SCOPED = {
    "town T01": (Scope(town_id="T01"), {
        "Town": {"T01"}, "Village": {"V001", "V002"}, "Household": {"H0001", "H0002"}, "Unit": {"U01", "U02"},
        "Leader": set(), "Cadre": {"C0001", "C0002"}, "JointCommittee": {"J01"}},
        {"IN_TOWN": 2, "LIVES_IN": 2, "WORKS_IN": 2, "HELPS": 2, "PACKAGES": 1, "LIAISES": 0, "STATIONED_IN": 1,
         "ADJACENT_TO": 1, "MEMBER_OF": 2}),
    "village V003": (Scope(village_id="V003"), {
        "Town": {"T02"}, "Village": {"V003"}, "Household": {"H0003"}, "Unit": {"U01", "U02"}, "Leader": {"L01"},
        "Cadre": {"C0001", "C0002"}, "JointCommittee": set()},
        {"IN_TOWN": 1, "LIVES_IN": 1, "WORKS_IN": 2, "HELPS": 2, "PACKAGES": 1, "LIAISES": 1, "STATIONED_IN": 1,
         "ADJACENT_TO": 0, "MEMBER_OF": 0}),
    "unit U01": (Scope(unit_id="U01"), {
        "Town": {"T01", "T02"}, "Village": {"V001", "V003"}, "Household": {"H0001", "H0003"}, "Unit": {"U01"},
        "Leader": {"L01"}, "Cadre": {"C0001"}, "JointCommittee": {"J01"}},
        {"IN_TOWN": 2, "LIVES_IN": 2, "WORKS_IN": 1, "HELPS": 3, "PACKAGES": 2, "LIAISES": 1, "STATIONED_IN": 1,
         "ADJACENT_TO": 0, "MEMBER_OF": 1}),
}


@pytest.mark.parametrize("name", list(SCOPED))
def test_scoped_read_is_the_subnetwork(store: Store, tiny_network: PairingNetwork, name: str) -> None:
    scope, keys, rels = SCOPED[name]
    store.write(tiny_network)
    part = store.read(scope)
    assert {label: set(df.iloc[:, 0]) for label, df in part.nodes.items()} == keys
    assert part.counts()["relationships"] == rels
    assert_same(part, tiny_network.subnetwork(scope))


def test_query_takes_parameters_and_returns_typed_columns(store: Store, tiny_network: PairingNetwork) -> None:
    store.write(tiny_network)
    df = store.query("MATCH (c:Cadre)-[r:HELPS]->(h:Household)-[:LIVES_IN]->(v:Village) WHERE v.village_id = $v AND r.since >= $d "
                     "RETURN h.household_id AS hh, r.since AS since ORDER BY hh",
                     {"v": "V001", "d": dt.date(2016, 1, 1)})
    assert list(df.columns) == ["hh", "since"]
    assert df["hh"].tolist() == ["H0001", "H0002"]
    assert df["since"].tolist() == [pd.Timestamp("2016-03-01"), pd.Timestamp("2017-07-15")]
    typed = store.query("MATCH (h:Household) RETURN h.household_id AS id, h.members AS members, "
                        "h.exit_year AS exit_year, count(*) AS n ORDER BY id")
    assert [str(t) for t in df.dtypes] == ["string", "datetime64[s]"]  # the same on every store
    assert [str(t) for t in typed.dtypes] == ["string", "Int64", "Int64", "Int64"]
    assert typed["members"].isna().tolist() == [False, True, False]
    names = store.query("MATCH (t:Town {town_id: $id}) RETURN t.name AS name", {"id": "T02"})
    assert names["name"].tolist() == ["高桥镇"]


def test_append_adds_and_updates_without_removing(store: Store, tiny_network: PairingNetwork) -> None:
    store.write(tiny_network)
    extra = PairingNetwork(
        {"Town": pd.DataFrame({"town_id": ["T02", "T03"], "name": ["高桥镇(新)", "新镇"]})},
        {"LIAISES": pd.DataFrame({"source": ["L01"], "target": ["T03"]})})
    store.write(extra, append=True)
    back = store.read()
    towns = back.nodes["Town"].set_index("town_id")["name"].to_dict()
    assert towns == {"T01": "城关镇", "T02": "高桥镇(新)", "T03": "新镇"}
    assert back.counts()["nodes"]["Household"] == 3
    assert len(back.rels["LIAISES"]) == 2 and len(back.rels["HELPS"]) == 4


def test_replace_removes_what_the_new_network_lacks(store: Store, tiny_network: PairingNetwork) -> None:
    store.write(tiny_network)
    smaller = PairingNetwork(
        {k: (v[v["household_id"] != "H0003"] if k == "Household" else v) for k, v in tiny_network.nodes.items()},
        {k: (v[v["target"] != "H0003"] if k in ("HELPS",) else v[v["source"] != "H0003"] if k == "LIVES_IN" else v)
         for k, v in tiny_network.rels.items()})
    changed = smaller.nodes["Cadre"].copy()
    changed.loc[changed["cadre_id"] == "C0002", ["active", "phone"]] = [True, None]
    smaller = PairingNetwork({**smaller.nodes, "Cadre": changed}, smaller.rels)
    store.write(smaller)
    assert_same(store.read(), smaller)
    store.write(tiny_network)
    assert_same(store.read(), tiny_network)


def test_writing_the_same_network_twice_writes_nothing(store: Store, tiny_network: PairingNetwork) -> None:
    store.write(tiny_network)
    written: list[int] = []
    store.write(tiny_network, progress=written.append)
    assert_same(store.read(), tiny_network)
    if store.kind == "neo4j":  # the Neo4j store sends only changes; the embedded store rewrites its file
        assert written == []
    written.clear()
    store.write(tiny_network, append=True, progress=written.append)
    assert_same(store.read(), tiny_network)


def test_progress_counts_every_row_written(store: Store, tiny_network: PairingNetwork) -> None:
    written: list[int] = []
    store.write(tiny_network, progress=written.append)
    counts = tiny_network.counts()
    assert sum(written) == sum(counts["nodes"].values()) + sum(counts["relationships"].values())


@pytest.mark.parametrize("frame", ["Household", "HELPS"])
def test_a_repeated_key_or_relationship_is_refused_and_nothing_written(store: Store, tiny_network: PairingNetwork,
                                                                       frame: str) -> None:
    store.write(tiny_network)
    nodes, rels = dict(tiny_network.nodes), dict(tiny_network.rels)
    if frame in nodes:
        nodes[frame] = pd.concat([nodes[frame], nodes[frame].iloc[[0]].assign(head_name="改过的名字")])
    else:
        rels[frame] = pd.concat([rels[frame], rels[frame].iloc[[0]]])
    with pytest.raises(StoreError, match="repeats"):
        store.write(PairingNetwork(nodes, rels))
    assert store.read().equals(tiny_network)
