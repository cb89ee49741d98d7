"""diff_networks and merge_networks: added, removed and changed rows by key / relationship identity."""

from __future__ import annotations

import pandas as pd

from pairnet.graph.diff import diff_networks, merge_networks
from pairnet.graph.network import PairingNetwork
from pairnet.loaders.generate import generate


def edited(net: PairingNetwork) -> PairingNetwork:
    """Household H0002 removed (with its LIVES_IN/HELPS), H0009 added, H0001's members changed, one HELPS
    re-dated, one new HELPS from the leader."""
    hh = net.nodes["Household"]
    hh = pd.concat([hh[hh.household_id != "H0002"], pd.DataFrame(
        {"household_id": ["H0009"], "head_name": ["新户"], "village_id": ["V002"], "status": ["poor"]})])
    hh.loc[hh.household_id == "H0001", "members"] = 5
    helps = net.rels["HELPS"]
    helps = helps[helps.target != "H0002"].copy()
    helps.loc[(helps.source == "C0001") & (helps.target == "H0001"), "until"] = pd.Timestamp("2021-06-30")
    helps = pd.concat([helps, pd.DataFrame({"source": ["L01"], "target": ["H0001"], "source_label": ["Leader"]})])
    lives = net.rels["LIVES_IN"]
    lives = pd.concat([lives[lives.source != "H0002"], pd.DataFrame({"source": ["H0009"], "target": ["V002"]})])
    return PairingNetwork({**net.nodes, "Household": hh}, {**net.rels, "HELPS": helps, "LIVES_IN": lives})


def test_diff_reports_added_removed_changed(tiny_network: PairingNetwork) -> None:
    new = edited(tiny_network)
    d = diff_networks(tiny_network, new)
    assert not d.is_empty
    assert d.nodes["Household"].counts() == {"added": 1, "removed": 1, "changed": 1}
    assert d.nodes["Household"].added["household_id"].tolist() == ["H0009"]
    assert d.nodes["Household"].removed["household_id"].tolist() == ["H0002"]
    changed = d.nodes["Household"].changed
    assert changed["household_id"].tolist() == ["H0001"] and changed["members"].tolist() == [5]
    assert d.rels["HELPS"].counts() == {"added": 1, "removed": 1, "changed": 1}
    assert d.rels["HELPS"].changed["until"].tolist() == [pd.Timestamp("2021-06-30")]
    assert d.lines() == ["Household: +1 -1 ~1", "LIVES_IN: +1 -1", "HELPS: +1 -1 ~1"]  # schema order
    assert d.counts()["relationships"]["LIVES_IN"] == {"added": 1, "removed": 1, "changed": 0}
    back = diff_networks(new, tiny_network)
    assert back.nodes["Household"].counts() == {"added": 1, "removed": 1, "changed": 1}


def test_same_source_label_matters_for_identity(tiny_network: PairingNetwork) -> None:
    helps = tiny_network.rels["HELPS"].copy()
    helps.loc[helps.source == "L01", "source_label"] = "Cadre"  # same ids, other label: another relationship
    d = diff_networks(tiny_network, PairingNetwork(tiny_network.nodes, {**tiny_network.rels, "HELPS": helps}))
    assert d.rels["HELPS"].counts() == {"added": 1, "removed": 1, "changed": 0}


def test_blank_to_blank_is_no_change_blank_to_value_is(tiny_network: PairingNetwork) -> None:
    assert diff_networks(tiny_network, build_copy(tiny_network)).is_empty
    v = tiny_network.nodes["Village"].copy()
    v.loc[v.village_id == "V003", "poor"] = False  # was blank
    v.loc[v.village_id == "V001", "industry"] = None  # was set
    d = diff_networks(tiny_network, PairingNetwork({**tiny_network.nodes, "Village": v}, tiny_network.rels))
    assert sorted(d.nodes["Village"].changed["village_id"]) == ["V001", "V003"]
    assert d.lines() == ["Village: +0 -0 ~2"]


def build_copy(net: PairingNetwork) -> PairingNetwork:
    return PairingNetwork({k: v.copy().iloc[::-1] for k, v in net.nodes.items()},
                          {k: v.copy().iloc[::-1] for k, v in net.rels.items()})


def test_merge_overrides_by_identity_and_removes_nothing(tiny_network: PairingNetwork) -> None:
    new = edited(tiny_network)
    merged = merge_networks(tiny_network, new)
    hh = merged.nodes["Household"].set_index("household_id")
    assert sorted(hh.index) == ["H0001", "H0002", "H0003", "H0009"]
    assert hh.loc["H0001", "members"] == 5
    assert hh.loc["H0002", "head_name"] == "李四"  # kept as it was, though the new network lacks it
    helps = merged.rels["HELPS"].set_index(["source_label", "source", "target"])
    assert len(helps) == 5  # the old four (C0002->H0002 kept) plus the leader's new pairing
    assert helps.loc[("Cadre", "C0001", "H0001"), "until"] == pd.Timestamp("2021-06-30")  # updated from new
    assert helps.loc[("Cadre", "C0002", "H0002"), "until"] == pd.Timestamp("2020-12-31")  # kept from old
    assert ("Leader", "L01", "H0001") in helps.index
    assert diff_networks(merged, merge_networks(merged, new)).is_empty
    d = diff_networks(tiny_network, merged)
    assert all(x.removed.empty for x in (*d.nodes.values(), *d.rels.values()))


def test_diff_of_generated_networks_matches_set_arithmetic() -> None:
    a = generate("ziyang", scale=0.02, seed=1).network
    b = generate("ziyang", scale=0.02, seed=2).network
    d = diff_networks(a, b)
    ka, kb = set(a.nodes["Household"]["household_id"]), set(b.nodes["Household"]["household_id"])
    assert len(d.nodes["Household"].added) == len(kb - ka)
    assert len(d.nodes["Household"].removed) == len(ka - kb)
    ia = set(map(tuple, a.rels["HELPS"][["source_label", "source", "target"]].to_numpy()))
    ib = set(map(tuple, b.rels["HELPS"][["source_label", "source", "target"]].to_numpy()))
    assert (len(d.rels["HELPS"].added), len(d.rels["HELPS"].removed)) == (len(ib - ia), len(ia - ib))
    merged = merge_networks(a, b)
    assert diff_networks(b, merged).counts()["nodes"]["Household"]["added"] == len(ka - kb)
    assert diff_networks(a, a).is_empty
