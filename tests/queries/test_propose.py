"""Proposals: within quota, as many as spare allows, cheapest tier first, deterministic, and loadable back."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pandas as pd
import pytest
from pairnet.graph.core import schema
from pairnet.graph.embedded import EmbeddedStore
from pairnet.loaders.generate import generate
from pairnet.queries.balance import helper_load
from pairnet.queries.gaps import households_without_helper
from pairnet.graph.core.errors import EngineError
from pairnet.graph.core.policy import Policy
from pairnet.queries.propose import TIE_COLUMNS, TIERS, helper_ties, plan_assignments, propose

from .conftest import AS_OF, hand_network


def _check_plan(source, as_of: dt.date, policy: Policy) -> dict:
    """Invariants of any plan: quota never exceeded, coverage = min(spare, need), no cheaper tier left unused."""
    result = propose(source, as_of=as_of, policy=policy)
    loads = helper_load(source, as_of=as_of, policy=policy, engine="networkx")
    need = households_without_helper(source, as_of=as_of, policy=policy, engine="networkx")
    spare = dict(zip(loads["id"], (loads["quota"] - loads["load"]).clip(lower=0)))
    props = result.data["proposals"]
    per_helper = Counter(p["helper_id"] for p in props)
    assert all(n <= spare[h] for h, n in per_helper.items())
    assert len(props) == min(sum(spare.values()), len(need))
    assert len({p["household_id"] for p in props}) == len(props)
    assert sorted([p["household_id"] for p in props] + result.data["uncovered"]) == sorted(need["id"])
    # optimality: a household served from a farther tier has no helper with spare left in a nearer tier
    ties = helper_ties(source, as_of=as_of)
    left = {h: spare[h] - per_helper.get(h, 0) for h in spare}
    village_of = dict(zip(need["id"], need["village_id"]))
    town_of = dict(zip(need["id"], need["town_id"]))
    near_village = ties.dropna(subset=["village_id"]).groupby("village_id")["helper_id"].apply(set).to_dict()
    near_town = ties.groupby("town_id")["helper_id"].apply(set).to_dict()
    for p in props:
        # the tier a proposal names is the helper's nearest tie to the household
        in_village = p["helper_id"] in near_village.get(village_of[p["household_id"]], set())
        in_town = p["helper_id"] in near_town.get(town_of[p["household_id"]], set())
        assert p["tier"] == ("village" if in_village else "town" if in_town else "anywhere"), p
        if TIERS[p["tier"]] > 1:
            assert not any(left[h] > 0 for h in near_village.get(village_of[p["household_id"]], set())), p
        if TIERS[p["tier"]] > 2:
            assert not any(left[h] > 0 for h in near_town.get(town_of[p["household_id"]], set())), p
    return result.data


# Current ties of active helpers on AS_OF, by hand: U1 packages V1 (its active cadres C02, C03, CF; CX is
# inactive; U1's V2 packaging ended yesterday, U2's V3 one starts tomorrow); stationed: CF, C05, C06 in V1, C04 in
# V2 (until today), C07, C08 in V3 (C05's V3 posting ended, CX is inactive); L1 packages V1 and liaises with T1;
# L2 packages V3 until today.
EXPECTED_TIES = {
    ("C02", "unit_packages", "U1", "V1", "T1"), ("C03", "unit_packages", "U1", "V1", "T1"),
    ("CF", "unit_packages", "U1", "V1", "T1"), ("CF", "stationed", "first_secretary", "V1", "T1"),
    ("C05", "stationed", "team_member", "V1", "T1"), ("C06", "stationed", "team_leader", "V1", "T1"),
    ("C04", "stationed", "team_member", "V2", "T1"), ("C07", "stationed", "team_leader", "V3", "T2"),
    ("C08", "stationed", "team_member", "V3", "T2"), ("L1", "leader_packages", "L1", "V1", "T1"),
    ("L1", "liaises", "L1", None, "T1"), ("L2", "leader_packages", "L2", "V3", "T2"),
}


def _ties(source) -> list[tuple]:
    df = helper_ties(source, as_of=AS_OF)
    return [tuple(None if pd.isna(x) else x for x in row) for row in df.itertuples(index=False)]


def test_helper_ties_on_the_hand_network(store) -> None:
    in_memory = _ties(hand_network())
    assert sorted(in_memory, key=str) == sorted(EXPECTED_TIES, key=str) and len(in_memory) == len(EXPECTED_TIES)
    store.write(hand_network())
    assert _ties(store) == in_memory  # the Cypher file on each store, in the same order
    pulled = helper_ties(store, as_of=AS_OF, engine="networkx").astype(object).values.tolist()
    assert pulled == helper_ties(store, as_of=AS_OF).astype(object).values.tolist()
    assert propose(store, as_of=AS_OF, engine="networkx").data == propose(store, as_of=AS_OF).data
    with pytest.raises(EngineError, match="needs a store"):
        propose(hand_network(), as_of=AS_OF, engine="cypher")


def test_hand_network_plan() -> None:
    data = _check_plan(hand_network(), AS_OF, Policy())
    by_household = {p["household_id"]: p for p in data["proposals"]}
    assert by_household["H03"]["tier"] == "village"  # V1 has helpers of its packaging unit and team
    assert by_household["H20"]["tier"] == "town"  # V4 has no tie; T2 has helpers stationed in V3
    assert data["uncovered"] == []


def test_scarce_quota_covers_what_spare_allows() -> None:
    # only leaders have places: L1 3 (5 - 2), L2 5 -> all 8 covered; then with county 3: L1 1 + L2 3 = 4
    data = _check_plan(hand_network(), AS_OF, Policy(quota={"county": 3, "section": 0, "staff": 0, "village": 0}))
    assert data["summary"]["proposed"] == 4 and len(data["uncovered"]) == 4
    assert {p["helper_id"] for p in data["proposals"]} == {"L1", "L2"}
    nothing = _check_plan(hand_network(), AS_OF, Policy(quota={"county": 0, "section": 0, "staff": 0, "village": 0}))
    assert nothing["proposals"] == [] and len(nothing["uncovered"]) == 8


def test_plan_prefers_village_then_town_then_anywhere() -> None:
    hh = pd.DataFrame({"id": ["H1", "H2", "H3", "H4"], "village_id": ["V1", "V1", "V1", "V1"],
                       "town_id": ["T1"] * 4})
    ties = pd.DataFrame({"helper_id": ["A", "B"], "tie": ["stationed", "unit_packages"],
                         "via": ["team_member", "U1"], "village_id": ["V1", "V9"], "town_id": ["T1", "T1"]})
    props, left = plan_assignments(hh, {"A": 1, "B": 1, "C": 1}, ties)
    assert [(p["household_id"], p["helper_id"], p["tier"]) for p in props] == [
        ("H1", "A", "village"), ("H2", "B", "town"), ("H3", "C", "anywhere")]
    assert left == ["H4"]
    assert props[0]["why"] == "stationed in V1 as team_member"


@pytest.mark.parametrize("seed", [3])
def test_generated_plan_and_load_back(cli, tmp_path, seed: int) -> None:
    gen = generate("ziyang", scale=0.1, seed=seed)
    as_of = dt.date.fromisoformat(gen.truth["as_of"])
    db = tmp_path / "p.db"
    with EmbeddedStore(db) as store:
        store.write(gen.network)
        data = _check_plan(store, as_of, Policy())
        assert data == propose(store, as_of=as_of).data  # deterministic
        assert data["proposals"] and data["summary"]["by_tier"]["village"] > 0
        before = len(households_without_helper(store, as_of=as_of))
    folder = tmp_path / "approved"
    folder.mkdir()
    args = ["--db", str(db), "--as-of", as_of.isoformat()]
    r = cli("propose", *args, "--format", "csv", "--out", str(folder / "pairings.csv"))
    assert r.exit_code == 0, r.output
    sheet = pd.read_csv(folder / "pairings.csv", dtype=str, encoding="utf-8-sig")
    # the pairings sheet's own columns, with the helper's and the head of household's names beside the codes
    assert [c for c in sheet.columns if not c.endswith("_name")] == schema.SHEET["pairings"].column_names
    assert list(sheet.columns) == ["helper_id", "helper_name", "household_id", "head_name", "since", "until"]
    assert sheet["helper_name"].notna().all() and sheet["head_name"].notna().all()
    assert (sheet["since"] == as_of.isoformat()).all() and sheet["until"].isna().all()
    r = cli("load", "--append", str(folder), "--db", str(db))
    assert r.exit_code == 0, r.output
    with EmbeddedStore(db) as store:
        after = len(households_without_helper(store, as_of=as_of))
    assert after == before - len(data["proposals"])
    xlsx = tmp_path / "approved.xlsx"
    assert cli("propose", *args, "--format", "xlsx", "--out", str(xlsx)).exit_code == 0
    assert pd.ExcelFile(xlsx, engine="openpyxl").sheet_names[0] == "pairings"


# --- turnover: a household whose helper left prefers a colleague of that helper's unit ---------------------
def test_turnover_prefers_a_colleague_within_the_tier_and_keeps_the_tiers() -> None:
    hh = pd.DataFrame({"id": ["H1", "H2", "H3"], "village_id": ["V1", "V1", "V1"], "town_id": ["T1"] * 3})
    ties = pd.DataFrame([("A", "unit_packages", "U2", "V1", "T1"), ("B", "stationed", "team_member", "V1", "T1"),
                         ("C", "liaises", "C", None, "T1"), ("D", "liaises", "D", None, "T1"),
                         ("E", "unit_packages", "U4", "V1", "T1")], columns=TIE_COLUMNS)
    unit_of = {"A": "U2", "B": "U1", "C": "U1", "D": "U3", "E": "U4"}
    spare = {"A": 1, "B": 1, "C": 1, "D": 1, "E": 1}
    plain, _ = plan_assignments(hh, spare, ties)
    assert [(p["household_id"], p["helper_id"]) for p in plain] == [("H1", "A"), ("H2", "B"), ("H3", "E")]
    # H1's helper (unit U1) left: B, a colleague in the village, takes it; H3's (unit U3) left, but its colleague
    # D is only in the town: a village helper (E) still comes first
    props, left = plan_assignments(hh, spare, ties, {"H1": frozenset({"U1"}), "H3": frozenset({"U3"})}, unit_of)
    got = {p["household_id"]: (p["helper_id"], p["tier"]) for p in props}
    assert got == {"H1": ("B", "village"), "H2": ("A", "village"), "H3": ("E", "village")} and left == []
    assert props[0]["why"] == "colleague in unit U1 of the helper who left; stationed in V1 as team_member"
    # with no village place left, the town colleague comes before the other town helper
    only_town = {"C": 1, "D": 1}
    props, _ = plan_assignments(hh[hh["id"] == "H3"], only_town, ties, {"H3": frozenset({"U3"})}, unit_of)
    assert [(p["helper_id"], p["tier"]) for p in props] == [("D", "town")]


def test_turnover_on_the_hand_network(store) -> None:
    from pairnet.queries.propose import former_units

    net = hand_network()
    need = households_without_helper(net, as_of=AS_OF, engine="networkx")
    expected = {"H03": {"U1"}, "H06": {"U1"}, "H12": {"U1"}, "H13": {"U1"}}  # C02, CX and C03 are all of U1
    assert {h: set(u) for h, u in former_units(net, need, as_of=AS_OF).items()} == expected
    store.write(net)
    assert {h: set(u) for h, u in former_units(store, need, as_of=AS_OF).items()} == expected
    data = propose(store, as_of=AS_OF).data
    by_household = {p["household_id"]: p["helper_id"] for p in data["proposals"]}
    units = dict(zip(net.nodes["Cadre"]["cadre_id"], net.nodes["Cadre"]["unit_id"]))
    assert all(units.get(by_household[h]) == "U1" for h in expected)  # C03 or CF, in V1 as well
    helped = set(net.rels["HELPS"]["target"]) - set(need["id"])
    assert not helped & set(by_household)  # a household with a valid helper is never moved
    assert data == propose(net, as_of=AS_OF).data
