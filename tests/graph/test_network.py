"""PairingNetwork.to_networkx: nodes (label, key) with their properties, typed edges, blanks as None, scopes."""

from __future__ import annotations

import datetime as dt

from pairnet.graph.network import PairingNetwork, Scope


def test_to_networkx_whole_network(tiny_network: PairingNetwork) -> None:
    g = tiny_network.to_networkx()
    # by hand from build_tiny_network: 2 towns, 3 villages, 3 households, 2 units, 1 leader, 2 cadres,
    # 1 committee; 3 IN_TOWN + 3 LIVES_IN + 2 WORKS_IN + 4 HELPS + 2 PACKAGES + 1 LIAISES + 2 STATIONED_IN
    # + 2 ADJACENT_TO + 2 MEMBER_OF
    assert g.number_of_nodes() == 14 and g.number_of_edges() == 21
    assert {label for label, _ in g.nodes} == {"Town", "Village", "Household", "Unit", "Leader", "Cadre",
                                               "JointCommittee"}
    hh = g.nodes[("Household", "H0002")]
    assert (hh["label"], hh["head_name"], hh["members"], hh["exit_year"]) == ("Household", "李四", None, 2019)
    ended = g.get_edge_data(("Cadre", "C0002"), ("Household", "H0002"))
    assert ended == {"HELPS": {"type": "HELPS", "since": dt.date(2017, 7, 15), "until": dt.date(2020, 12, 31)}}
    # the same key under two labels stays two nodes: the leader's pairing starts at the Leader node
    assert g.has_edge(("Leader", "L01"), ("Household", "H0003"))
    assert g.has_edge(("Cadre", "C0001"), ("Household", "H0003"))
    assert not g.has_edge(("Cadre", "L01"), ("Household", "H0003"))
    assert set(g.get_edge_data(("Leader", "L01"), ("Village", "V003"))) == {"PACKAGES"}
    # ADJACENT_TO is held once, source < target
    assert g.has_edge(("Village", "V001"), ("Village", "V002"))
    assert not g.has_edge(("Village", "V002"), ("Village", "V001"))


def test_to_networkx_scope(tiny_network: PairingNetwork) -> None:
    g = tiny_network.to_networkx(Scope(village_id="V003"))
    # the village, its household and town, the helpers and units tied to them (see test_roundtrip.SCOPED)
    assert set(g.nodes) == {("Village", "V003"), ("Household", "H0003"), ("Town", "T02"), ("Leader", "L01"),
                            ("Cadre", "C0001"), ("Cadre", "C0002"), ("Unit", "U01"), ("Unit", "U02")}
    assert g.number_of_edges() == 9  # 1 IN_TOWN, 1 LIVES_IN, 2 WORKS_IN, 2 HELPS, 1 PACKAGES, 1 LIAISES, 1 STATIONED_IN
    assert not g.has_node(("Village", "V001"))
