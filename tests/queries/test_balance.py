"""Helper load, summaries and capacity on the hand-built network: both engines, in memory and on both stores."""

from __future__ import annotations

import pandas as pd
import pytest

from pairnet.queries.balance import (COLUMNS, balance, balance_by_rank, balance_by_unit, capacity,
                                     households_in_need, helper_load)
from pairnet.graph.core.errors import EngineError
from pairnet.graph.core.policy import Policy

from .conftest import AS_OF, DAY, EXPECTED_LOAD, hand_network

ENGINES = ["cypher", "networkx"]


def _as_dict(df: pd.DataFrame) -> dict[str, tuple]:
    rows = df.astype(object).where(df.notna(), None).to_dict("records")
    return {r["id"]: (r["rank"], r["unit_id"], r["load"], r["quota"], r["status"]) for r in rows}


def _check(source, engine: str) -> None:
    loads = helper_load(source, as_of=AS_OF, engine=engine)
    assert list(loads.columns) == COLUMNS
    assert _as_dict(loads) == EXPECTED_LOAD  # CX, the inactive cadre, is not listed
    assert loads.loc[loads["id"] == "C02", "label"].item() == "Cad Two"
    # the day after, C02's pairing with H02 (until == as_of) has ended: load 3, at quota
    after = _as_dict(helper_load(source, as_of=AS_OF + DAY, engine=engine))
    assert after["C02"][2:] == (3, 3, "at")
    # a longer continuity window brings H09 (exited 2023) back into C02's load; quotas follow the policy
    wider = _as_dict(helper_load(source, as_of=AS_OF, policy=Policy(continuity_years=3, quota={"county": 2}),
                                 engine=engine))
    assert wider["C02"][2] == 5 and wider["L1"][2:] == (2, 2, "at")
    assert households_in_need(source, as_of=AS_OF, engine=engine) == 17


@pytest.mark.parametrize("engine", ["networkx", None])  # an in-memory network has only the NetworkX engine
def test_hand_network_in_memory(engine: str | None) -> None:
    _check(hand_network(), engine)


def test_cypher_asked_of_a_network_is_an_engine_error() -> None:
    for fn in (helper_load, households_in_need, balance):
        with pytest.raises(EngineError, match="needs a store"):
            fn(hand_network(), as_of=AS_OF, engine="cypher")


@pytest.mark.parametrize("engine", ENGINES)
def test_hand_network_on_store(store, engine: str) -> None:
    store.write(hand_network())
    _check(store, engine)


def test_summaries_and_capacity() -> None:
    loads = helper_load(hand_network(), as_of=AS_OF, engine="networkx")
    # by hand from EXPECTED_LOAD: (helpers, load, quota, over, at, under)
    by_rank = balance_by_rank(loads).set_index("rank")
    assert list(by_rank.index) == ["county", "section", "staff", "village"]
    assert {r: tuple(row) for r, row in by_rank[["helpers", "load", "quota", "over", "at", "under"]].iterrows()} == {
        "county": (2, 2, 10, 0, 0, 2),    # L1 2/5, L2 0/5
        "section": (2, 0, 8, 0, 0, 2),    # C03, CF
        "staff": (6, 7, 18, 1, 1, 4),     # C02 4/3 over, C04 3/3 at, C05-C08 empty
        "village": (1, 1, 3, 0, 0, 1)}    # CB
    by_unit = balance_by_unit(loads)
    assert by_unit["unit_id"].tolist()[:2] == ["U1", "U2"] and pd.isna(by_unit["unit_id"].iloc[2])
    assert [tuple(r) for r in by_unit[["helpers", "load", "quota", "over", "at", "under"]].to_numpy()] == [
        (3, 4, 11, 1, 0, 2),  # U1: C02, C03, CF
        (6, 4, 18, 0, 1, 5),  # U2: C04, CB, C05-C08
        (2, 2, 10, 0, 0, 2)]  # no unit: the leaders
    cap = capacity(loads, 17)
    assert (cap["households_in_need"], cap["capacity"], cap["shortfall"]) == (17, 39, 0)
    assert set(cap["more_helpers"].values()) == {0}


def test_shortfall_is_covered_by_the_current_mix() -> None:
    loads = helper_load(hand_network(), as_of=AS_OF, engine="networkx")
    cap = capacity(loads, 200)
    assert cap["shortfall"] == 200 - 39
    quota = Policy().quota
    added = sum(n * quota[r] for r, n in cap["more_helpers"].items())
    assert added >= cap["shortfall"]  # enough helpers ...
    # ... in the proportions of the current mix (2 county, 2 section, 6 staff, 1 village giving 39 places),
    # rounded up: 161 / 39 = 4.13 mixes -> 8.3, 8.3, 24.8, 4.1 helpers
    assert cap["more_helpers"] == {"county": 9, "section": 9, "staff": 25, "village": 5}
    assert capacity(loads.iloc[0:0], 5)["more_helpers"]["staff"] is None


def test_balance_result_shape(embedded_store) -> None:
    embedded_store.write(hand_network())
    result = balance(embedded_store, as_of=AS_OF)
    helpers = result.data["helpers"]
    assert set(helpers[0]) == {"id", "label", "rank", "unit_id", "load", "quota", "status"}
    assert {h["id"]: h["status"] for h in helpers}["C04"] == "at"
    assert result.data["capacity"]["households_in_need"] == 17
    assert {r["rank"] for r in result.data["by_rank"]} == {"county", "section", "staff", "village"}
    assert list(result.tables) == ["helpers", "by_rank", "by_unit", "capacity"]
    assert result.data == balance(hand_network(), as_of=AS_OF, engine="networkx").data
