"""Joint committee planning and checking: every hard rule on generated counties, hand cases, faults, adjacency."""

from __future__ import annotations

import json

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.spatial import Delaunay

from pairnet.graph.core.errors import PairnetError
from pairnet.graph.network import PairingNetwork
from pairnet.queries.adjacency import project_km, village_adjacency
from pairnet.commands import committee_tables
from pairnet.queries.committees import check_committees, plan_committees

INDUSTRIES = ("tea", "fruit", "livestock", "tourism")
RATINGS = ("strong", "good", "average", "weak")


def county(n: int, seed: int, p_lead: float = 0.5, towns: int = 3, with_edges: bool = True) -> PairingNetwork:
    """Villages at random points (lon/lat near 108E 32N), Delaunay adjacency, clustered industries, households."""
    rng = np.random.default_rng(seed)
    pts = rng.random((n, 2)) * np.sqrt(n)
    ids = [f"V{i:03d}" for i in range(n)]
    centres = rng.random((max(2, n // 10), 2)) * np.sqrt(n)
    near = np.argmin(((pts[:, None] - centres[None]) ** 2).sum(-1), axis=1)
    industry = [INDUSTRIES[k % len(INDUSTRIES)] if rng.random() < 0.8 else INDUSTRIES[rng.integers(4)] for k in near]
    r = rng.random(n)
    rating = [RATINGS[0] if x < p_lead / 2 else RATINGS[1] if x < p_lead else RATINGS[3] if x > 0.85 else RATINGS[2]
              for x in r]
    town = [f"T{int(p[0] / np.sqrt(n) * towns) % towns}" for p in pts]
    villages = pd.DataFrame({"village_id": ids, "name": [f"村{i}" for i in range(n)], "town_id": town,
                             "poor": rng.random(n) < 0.6, "branch_rating": rating, "industry": industry,
                             "x": 108 + pts[:, 0] * 0.02, "y": 32 + pts[:, 1] * 0.018})
    edges: set[tuple[int, int]] = set()
    if with_edges and n >= 3:
        for s in Delaunay(pts).simplices:
            a, b, c = sorted(int(i) for i in s)
            edges |= {(a, b), (a, c), (b, c)}
        # drop long edges so that islands and small components appear
        edges = {(a, b) for a, b in edges if np.hypot(*(pts[a] - pts[b])) < 1.6}
    adj = pd.DataFrame(sorted((ids[a], ids[b]) for a, b in edges), columns=["source", "target"])
    sizes = rng.integers(1, 30, n)
    hv = np.repeat(ids, sizes)
    households = pd.DataFrame({"household_id": [f"H{i:05d}" for i in range(len(hv))], "head_name": "户主",
                               "village_id": hv, "status": "poor"})
    towns_df = pd.DataFrame({"town_id": [f"T{t}" for t in range(towns)], "name": [f"镇{t}" for t in range(towns)]})
    return PairingNetwork({"Town": towns_df, "Village": villages, "Household": households}, {"ADJACENT_TO": adj})


def small(villages: list[tuple], edges: list[tuple[str, str]]) -> PairingNetwork:
    """A hand network: villages (id, town, rating, industry), adjacency pairs."""
    v = pd.DataFrame(villages, columns=["village_id", "town_id", "branch_rating", "industry"])
    v["name"] = v["village_id"]
    towns = pd.DataFrame({"town_id": sorted(set(v["town_id"]))})
    towns["name"] = towns["town_id"]
    adj = pd.DataFrame([tuple(sorted(e)) for e in edges], columns=["source", "target"])
    return PairingNetwork({"Town": towns, "Village": v}, {"ADJACENT_TO": adj})


def assert_valid(plan: dict, net: PairingNetwork, lo: int, hi: int, within_town: bool = False,
                 only_poor: bool = False) -> None:
    """Check every hard rule of a plan independently, from the raw frames."""
    v = net.nodes["Village"].set_index("village_id")
    g = nx.Graph()
    g.add_nodes_from(v.index)
    g.add_edges_from(zip(net.rels["ADJACENT_TO"]["source"], net.rels["ADJACENT_TO"]["target"]))
    seen: list[str] = []
    for com in plan["committees"]:
        vs = com["villages"]
        seen += vs
        assert lo <= len(vs) <= hi
        sub = g.subgraph(vs)
        assert nx.is_connected(sub), com
        assert com["lead_village_id"] in vs
        assert v.loc[com["lead_village_id"], "branch_rating"] in ("strong", "good")
        assert set(v.loc[vs, "branch_rating"]) & {"strong", "good"}  # so every weak village has a partner
        assert com["town_ids"] == sorted(set(v.loc[vs, "town_id"]))
        if within_town:
            assert len(com["town_ids"]) == 1
    unplaced = [u["village_id"] for u in plan["unplaced"]]
    assert len(seen) == len(set(seen)), "a village in two committees"
    considered = v.index[v["poor"].fillna(False).astype(bool)] if only_poor else v.index
    assert sorted(seen + unplaced) == sorted(considered)
    assert plan["metrics"]["violations"] == 0 and plan["violations"] == []
    assert plan["metrics"]["placed"] == len(seen)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(n=st.integers(3, 70), seed=st.integers(0, 10_000), p_lead=st.floats(0.05, 0.9),
       lo=st.integers(1, 4), extra=st.integers(0, 5), within_town=st.booleans(), only_poor=st.booleans())
def test_every_plan_keeps_every_hard_rule(n, seed, p_lead, lo, extra, within_town, only_poor):
    net = county(n, seed, p_lead)
    plan = plan_committees(net, min_size=lo, max_size=lo + extra, within_town=within_town, only_poor=only_poor,
                           seed=seed)
    assert_valid(plan, net, lo, lo + extra, within_town, only_poor)


@settings(max_examples=25, deadline=None)
@given(n=st.integers(20, 120), seed=st.integers(0, 10_000))
def test_plenty_of_leaders_places_every_village_of_a_big_enough_component(n, seed):
    # with every village rated good, a connected component of >= min villages can always be partitioned
    net = county(n, seed)
    net.nodes["Village"]["branch_rating"] = "good"
    plan = plan_committees(net, min_size=2, max_size=6, seed=seed)
    assert_valid(plan, net, 2, 6)
    g = nx.Graph()
    g.add_nodes_from(net.nodes["Village"]["village_id"])
    g.add_edges_from(zip(net.rels["ADJACENT_TO"]["source"], net.rels["ADJACENT_TO"]["target"]))
    too_small = {x for comp in nx.connected_components(g) if len(comp) < 2 for x in comp}
    assert {u["village_id"] for u in plan["unplaced"]} == too_small


def test_same_seed_same_plan_and_purity_beats_random_grouping():
    net = county(150, 7)
    a = plan_committees(net, seed=3)
    b = plan_committees(net, seed=3)
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
    assert_valid(a, net, 3, 8)
    # industries are spatially clustered at 80%: a plan that ignored them would sit near the base rate
    assert a["metrics"]["industry_purity"] > 0.8


def test_hand_case_path_has_one_answer():
    # a path V1-V2-V3-V4-V5-V6, committees of exactly 3: the only split is {V1,V2,V3} {V4,V5,V6};
    # V5 (good) leads the second one, V1 (strong) the first
    villages = [("V1", "T", "strong", "tea"), ("V2", "T", "weak", "tea"), ("V3", "T", "average", "fruit"),
                ("V4", "T", "average", "fruit"), ("V5", "T", "good", "fruit"), ("V6", "T", "weak", "fruit")]
    net = small(villages, [("V1", "V2"), ("V2", "V3"), ("V3", "V4"), ("V4", "V5"), ("V5", "V6")])
    plan = plan_committees(net, min_size=3, max_size=3)
    assert [(c["villages"], c["lead_village_id"]) for c in plan["committees"]] == [
        (["V1", "V2", "V3"], "V1"), (["V4", "V5", "V6"], "V5")]
    assert plan["unplaced"] == []
    assert plan["metrics"]["industry_purity"] == pytest.approx(5 / 6, abs=1e-4)


def test_hand_case_industries_decide_the_cut():
    # a path of six with leaders at both ends, committees of 2..4: splitting between the tea and the fruit
    # villages (3+3) is the only pure plan; 2+4 and 4+2 mix industries
    villages = [("A", "T", "good", "tea"), ("B", "T", "average", "tea"), ("C", "T", "weak", "tea"),
                ("D", "T", "weak", "fruit"), ("E", "T", "average", "fruit"), ("F", "T", "strong", "fruit")]
    net = small(villages, [("A", "B"), ("B", "C"), ("C", "D"), ("D", "E"), ("E", "F")])
    for seed in range(5):
        plan = plan_committees(net, min_size=2, max_size=4, seed=seed)
        assert [c["villages"] for c in plan["committees"]] == [["A", "B", "C"], ["D", "E", "F"]]
        assert plan["metrics"]["industry_purity"] == 1.0


def test_star_leaves_what_cannot_fit_with_reasons():
    # a strong hub with five leaves and committees of 2..3: only two leaves can join the hub
    villages = [("H", "T", "strong", "tea")] + [(f"L{i}", "T", "average", "tea") for i in range(5)]
    net = small(villages, [("H", f"L{i}") for i in range(5)])
    plan = plan_committees(net, min_size=2, max_size=3)
    assert_valid(plan, net, 2, 3)
    assert len(plan["committees"]) == 1 and plan["committees"][0]["size"] == 3
    assert [u["reason"] for u in plan["unplaced"]] == ["no_room_within_bounds"] * 3


def test_unplaced_reasons():
    villages = [
        ("I", "T1", "strong", "tea"),  # no neighbour
        ("P1", "T1", "strong", "tea"), ("P2", "T1", "good", "tea"),  # a pair, below min 3
        ("N1", "T1", "average", "tea"), ("N2", "T1", "weak", "tea"), ("N3", "T1", "average", "tea"),  # no leader
        # a path of 7 with one leader at an end, max 3: the far end cannot reach a leader
        *[(f"R{i}", "T1", "good" if i == 0 else "average", "tea") for i in range(7)],
        ("S1", "T2", "good", "tea"), ("S2", "T2", "good", "tea"),  # a town of two (adjacent to P1)
    ]
    edges = [("P1", "P2"), ("N1", "N2"), ("N2", "N3"), *[(f"R{i}", f"R{i + 1}") for i in range(6)],
             ("S1", "S2"), ("S1", "R6")]
    net = small(villages, edges)
    plan = plan_committees(net, min_size=3, max_size=3, within_town=True)
    assert_valid(plan, net, 3, 3, within_town=True)
    reasons = {u["village_id"]: u["reason"] for u in plan["unplaced"]}
    assert reasons["I"] == "isolated"
    assert reasons["P1"] == reasons["P2"] == "component_too_small"
    assert reasons["N1"] == reasons["N2"] == reasons["N3"] == "no_strong_or_good_village"
    assert reasons["S1"] == reasons["S2"] == "town_too_small"
    assert [c["villages"] for c in plan["committees"]] == [["R0", "R1", "R2"]]
    # a committee holding R3 and the leader R0 would need four villages
    assert {reasons[f"R{i}"] for i in range(3, 7)} == {"no_strong_or_good_village_reachable"}


def test_bad_bounds_are_a_user_error():
    net = county(10, 1)
    with pytest.raises(PairnetError):
        plan_committees(net, min_size=4, max_size=3)
    with pytest.raises(PairnetError):
        plan_committees(net, min_size=0)
    with pytest.raises(PairnetError):
        plan_committees(net, adjacency="rivers")


# --- check ------------------------------------------------------------------------------------------------
def with_committees(net: PairingNetwork, committees: list[tuple[str, str | None, list[str]]]) -> PairingNetwork:
    jc = pd.DataFrame([(cid, f"委{cid}", lead) for cid, lead, _ in committees],
                      columns=["committee_id", "name", "lead_village_id"])
    mem = pd.DataFrame([(v, cid) for cid, _, vs in committees for v in vs], columns=["source", "target"])
    return PairingNetwork({**net.nodes, "JointCommittee": jc}, {**net.rels, "MEMBER_OF": mem})


def test_check_passes_an_adopted_plan_and_flags_each_planted_fault():
    net = county(60, 11, p_lead=0.6)
    plan = plan_committees(net, seed=1)
    adopted = with_committees(net, [(c["committee_id"], c["lead_village_id"], c["villages"])
                                    for c in plan["committees"]])
    clean = check_committees(adopted)
    assert clean["violations"] == [] and clean["metrics"]["placed"] == plan["metrics"]["placed"]
    assert clean["metrics"]["industry_purity"] == plan["metrics"]["industry_purity"]

    villages = [("A", "T1", "strong", "tea"), ("B", "T1", "weak", "tea"), ("C", "T1", "average", "tea"),
                ("D", "T1", "weak", "fruit"), ("E", "T2", "average", "fruit"), ("F", "T2", "good", "fruit"),
                ("G", "T2", "average", "fruit")]
    base = small(villages, [("A", "B"), ("B", "C"), ("C", "D"), ("D", "E"), ("E", "F"), ("F", "G")])
    faulty = with_committees(base, [
        ("K1", "A", ["A", "C", "F"]),  # not contiguous (A-C needs B), crosses towns
        ("K2", "D", ["D", "E"]),  # too small, weak D without a partner, lead D is weak
        ("K3", "A", ["F", "G"]),  # lead not a member; too small
        ("K4", "F", ["F", "G", "E"]),  # F and G also in K3 / K1: villages in two committees
        ("K5", None, ["B", "C", "D"]),  # no lead, two weak villages without a partner
    ])
    res = check_committees(faulty, within_town=True)
    found = [(v["committee_id"], v["rule"], v["village_id"]) for v in res["violations"]
             if v["rule"] != "village_in_two_committees"]
    expected = {
        ("K1", "not_contiguous", None), ("K1", "crosses_towns", None),
        ("K2", "size_out_of_bounds", None), ("K2", "weak_without_partner", "D"), ("K2", "lead_not_strong", "D"),
        ("K2", "crosses_towns", None),  # D is in T1, E in T2
        ("K3", "lead_not_member", "A"), ("K3", "size_out_of_bounds", None),
        ("K5", "lead_missing", None), ("K5", "weak_without_partner", "B"), ("K5", "weak_without_partner", "D"),
    }
    # exactly these, each once: K4 (contiguous, 3 villages, good lead, one town) is flagged for nothing else
    assert sorted(found, key=str) == sorted(expected, key=str)
    doubled = sorted(v["village_id"] for v in res["violations"] if v["rule"] == "village_in_two_committees")
    assert doubled == ["C", "D", "E", "F", "G"]  # each shared village reported once
    assert res["metrics"]["violations"] == len(res["violations"]) == len(expected) + 5
    assert [u["village_id"] for u in res["unplaced"]] == []
    # without within_town, crossing towns is allowed and nothing else changes
    relaxed = {(v["committee_id"], v["rule"], v["village_id"]) for v in check_committees(faulty)["violations"]
               if v["rule"] != "village_in_two_committees"}
    assert relaxed == {f for f in expected if f[1] != "crosses_towns"}


def test_check_passes_the_generators_committees_and_flags_one_broken():
    from pairnet.loaders.generate import generate

    net = generate("liupanshui", scale=0.3, seed=2).network
    jc = net.nodes["JointCommittee"]
    res = check_committees(net)
    assert res["violations"] == [] and res["metrics"]["committees"] == len(jc) > 0
    # the first committee loses its lead village's membership: that committee, and only it, is flagged
    cid, lead = jc["committee_id"].iloc[0], jc["lead_village_id"].iloc[0]
    mem = net.rels["MEMBER_OF"]
    broken = PairingNetwork(net.nodes, {**net.rels, "MEMBER_OF": mem[~((mem["target"] == cid)
                                                                        & (mem["source"] == lead))]})
    flagged = check_committees(broken)["violations"]
    assert {v["committee_id"] for v in flagged} == {cid}
    assert ("lead_not_member", lead) in {(v["rule"], v["village_id"]) for v in flagged}


def test_tables_are_the_loadable_sheets():
    from pairnet.graph.core import schema

    net = county(40, 5)
    tables = committee_tables(plan_committees(net))
    assert list(tables["committees"].columns) == schema.SHEET["committees"].column_names
    assert list(tables["committee_villages"].columns) == schema.SHEET["committee_villages"].column_names
    assert tables["committee_villages"]["village_id"].is_unique


# --- adjacency sources --------------------------------------------------------------------------------------
def test_projection_is_in_kilometres():
    pts = project_km(np.array([108.0, 108.0, 109.0]), np.array([32.0, 33.0, 32.0]))
    assert np.hypot(*(pts[1] - pts[0])) == pytest.approx(111.2, abs=0.2)
    assert np.hypot(*(pts[2] - pts[0])) == pytest.approx(111.2 * np.cos(np.radians(32.33)), abs=0.3)


def test_coords_adjacency_links_grid_neighbours_and_cuts_far_villages():
    rows = [(f"G{i}{j}", "T", "good", "tea", 108 + 0.01 * i, 32 + 0.009 * j) for i in range(4) for j in range(4)]
    rows += [("FAR", "T", "good", "tea", 109.5, 33.0), ("NOXY", "T", "good", "tea", None, None)]
    v = pd.DataFrame(rows, columns=["village_id", "town_id", "branch_rating", "industry", "x", "y"])
    v["name"] = v["village_id"]
    net = PairingNetwork({"Village": v, "Town": pd.DataFrame({"town_id": ["T"], "name": ["T"]})})
    adj = village_adjacency(net)  # no adjacency rows: coordinates
    assert adj.source == "coords"
    assert adj.isolated == ["FAR", "NOXY"] and adj.missing == ["NOXY"]
    g = adj.graph
    for i in range(4):
        for j in range(4):
            if i < 3:
                assert g.has_edge(f"G{i}{j}", f"G{i + 1}{j}")
            if j < 3:
                assert g.has_edge(f"G{i}{j}", f"G{i}{j + 1}")
    assert all(abs(int(a[1]) - int(b[1])) <= 1 and abs(int(a[2]) - int(b[2])) <= 1 for a, b in g.edges)
    plan = plan_committees(net, min_size=4, max_size=4)
    assert plan["metrics"]["adjacency_source"] == "coords" and plan["metrics"]["placed"] == 16
    assert plan["metrics"]["isolated"] == 2 and plan["metrics"]["unlocated"] == 1
    assert {u["village_id"]: u["reason"] for u in plan["unplaced"]} == {"FAR": "isolated", "NOXY": "no_coordinates"}


def test_coords_adjacency_keeps_villages_sharing_a_point():
    v = pd.DataFrame({"village_id": list("abcde"), "name": list("abcde"), "town_id": "t",
                      "x": [108, 108.01, 108, 108.01, 108.01], "y": [32, 32, 32.01, 32.01, 32.01]})
    adj = village_adjacency(PairingNetwork({"Village": v}))
    assert adj.isolated == [] and adj.graph.has_edge("d", "e")


def test_coords_can_be_forced_over_the_sheet():
    net = county(30, 2)
    assert village_adjacency(net).source == "sheet"
    forced = village_adjacency(net, adjacency="coords")
    assert forced.source == "coords" and forced.graph.number_of_edges() > 0


def _square(x: float, y: float, split_bottom: bool = False) -> list[list[float]]:
    ring = [[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]
    if split_bottom:  # an extra vertex on the bottom edge: the border is shared without a common segment
        ring.insert(1, [x + 0.5, y])
    return ring


def test_polygon_adjacency_shared_borders_not_corners(tmp_path):
    feats = [
        ("A", _square(0, 0)), ("B", _square(1, 0)),  # share an edge
        ("C", _square(0, 1)),  # above A (edge), touches B at a corner only
        ("D", _square(1, -1)),  # below B, touches A at a corner only
        ("E", _square(0, -1)),  # below A, beside D
        ("Z", _square(10, 10)),
    ]
    doc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"村编码": vid}, "geometry": {"type": "Polygon", "coordinates": [ring]}}
        for vid, ring in feats]}
    # B's bottom edge carries an extra vertex: B and D share a border but no identical segment
    doc["features"][1]["geometry"]["coordinates"] = [_square(1, 0, split_bottom=True)]
    path = tmp_path / "villages.geojson"
    path.write_text(json.dumps(doc), encoding="utf-8")
    rows = [(vid, "T", "good", "tea") for vid, _ in feats] + [("NOPOLY", "T", "good", "tea")]
    net = small(rows, [])
    adj = village_adjacency(net, polygons=path)
    assert adj.source == "polygons"
    assert sorted(tuple(sorted(e)) for e in adj.graph.edges) == [
        ("A", "B"), ("A", "C"), ("A", "E"), ("B", "D"), ("D", "E")]
    assert adj.isolated == ["NOPOLY", "Z"] and adj.missing == ["NOPOLY"]
    plan = plan_committees(net, min_size=2, max_size=3, polygons=path)
    assert plan["metrics"]["adjacency_source"] == "polygons"
    assert {u["village_id"]: u["reason"] for u in plan["unplaced"]} == {"NOPOLY": "no_polygon", "Z": "isolated"}
    assert plan["metrics"]["placed"] == 5


def test_bad_polygon_file_is_a_user_error(tmp_path):
    bad = tmp_path / "bad.geojson"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(PairnetError):
        village_adjacency(county(5, 1), polygons=bad)
