"""Coverage gaps on the hand-built network: every rule and edge day, both engines, in memory and on both stores."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from pairnet.graph.core.errors import DateError, EngineError, PairnetError
from pairnet.queries import gaps as G
from pairnet.graph.core.policy import Policy

from .conftest import AS_OF, DAY, EXPECTED_HOUSEHOLDS, EXPECTED_VILLAGES, hand_network

ENGINES = ["cypher", "networkx"]


def _by_kind(df) -> dict[str, dict[str, str | None]]:
    out: dict[str, dict[str, str | None]] = {}
    for r in df.astype(object).where(df.notna(), None).to_dict("records"):
        out.setdefault(r["kind"], {})[r["id"]] = r["reason"]
    return out


def _check_scenarios(source, engine: str) -> None:
    """Every expectation of the hand network, on the as-of day, the days around it and under other policies."""
    found = G.gaps(source, as_of=AS_OF, engine=engine)
    assert list(found.columns) == G.COLUMNS
    kinds = _by_kind(found)
    assert kinds["household_without_helper"] == EXPECTED_HOUSEHOLDS
    for kind, ids in EXPECTED_VILLAGES.items():
        assert sorted(kinds[kind]) == ids, kind
    assert kinds["village_team_understaffed"] == {"V2": "team 1 of 3", "V3": "team 2 of 3"}
    row = found[found["id"] == "H20"].iloc[0]
    assert (row["label"], row["village_id"], row["town_id"]) == ("Ti", "V4", "T2")
    town = found[found["kind"] == "town_without_leader"].iloc[0]
    assert (town["label"], town["town_id"]) == ("South", "T2") and pd.isna(town["village_id"])
    # grouped by town then village, the town's own gap first
    assert found["town_id"].tolist() == sorted(found["town_id"].tolist())
    assert found[found["town_id"] == "T2"].iloc[0]["kind"] == "town_without_leader"

    # the day after: H02's pairing (until == as_of) has ended; V2's member and V3's leader are gone
    after = _by_kind(G.gaps(source, as_of=AS_OF + DAY, engine=engine))
    assert after["household_without_helper"]["H02"] == "pairings_ended"
    assert "H16" not in after["household_without_helper"]
    assert "V3" in after["deep_village_without_leader"]
    assert after["village_team_understaffed"]["V2"] == "team 0 of 3"
    # the day before: H03 (until == as_of - 1) still helped; H16 (since == as_of) not yet paired
    before = _by_kind(G.gaps(source, as_of=AS_OF - DAY, engine=engine))
    assert "H03" not in before["household_without_helper"]
    assert before["household_without_helper"]["H16"] == "never_paired"
    assert "V2" not in before["village_without_unit"]

    # exit_year + 2 == as_of.year needs help, + 3 does not
    next_year = _by_kind(G.households_without_helper(source, as_of=dt.date(2027, 1, 1), engine=engine))
    hh = next_year["household_without_helper"]
    assert "H07" not in hh and hh["H20"] == "never_paired"
    longer = _by_kind(G.households_without_helper(source, as_of=AS_OF, policy=Policy(continuity_years=3),
                                                  engine=engine))["household_without_helper"]
    assert longer["H08"] == "never_paired" and "H09" not in longer and "H14" not in longer
    # a team of exactly min_team is enough
    small = G.villages_team_understaffed(source, as_of=AS_OF, policy=Policy(min_team=2), engine=engine)
    assert small["id"].tolist() == ["V2"]
    big = G.villages_team_understaffed(source, as_of=AS_OF, policy=Policy(min_team=4), engine=engine)
    assert big["id"].tolist() == ["V1", "V2", "V3"]
    assert G.summary(found) == {"town_without_leader": 1, "village_without_unit": 2,
                                "village_without_first_secretary": 2, "village_team_understaffed": 2,
                                "deep_village_without_leader": 1, "household_without_helper": 8}


@pytest.mark.parametrize("engine", ["networkx", None])  # an in-memory network has only the NetworkX engine
def test_hand_network_in_memory(engine: str | None) -> None:
    _check_scenarios(hand_network(), engine)


@pytest.mark.parametrize("rule", ["gaps", "households_without_helper", "villages_without_unit"])
def test_cypher_asked_of_a_network_is_an_engine_error(rule: str) -> None:
    with pytest.raises(EngineError, match="needs a store"):
        getattr(G, rule)(hand_network(), as_of=AS_OF, engine="cypher")


@pytest.mark.parametrize("engine", ENGINES)
def test_hand_network_on_store(store, engine: str) -> None:
    store.write(hand_network())
    _check_scenarios(store, engine)


def test_engines_agree_on_each_rule(store) -> None:
    store.write(hand_network())
    for name in ("households_without_helper", "villages_without_unit", "villages_without_first_secretary",
                 "villages_team_understaffed", "deep_villages_without_leader", "towns_without_leader"):
        fn = getattr(G, name)
        a, b = fn(store, as_of=AS_OF, engine="cypher"), fn(store, as_of=AS_OF, engine="networkx")
        assert a.equals(b), name
        assert len(a) > 0


def test_bad_engine_and_day_are_user_errors() -> None:
    with pytest.raises(EngineError, match="engine"):
        G.gaps(hand_network(), as_of=AS_OF, engine="sql")
    with pytest.raises(DateError, match="YYYY-MM-DD"):
        G.gaps(hand_network(), as_of="30/06/2026")


def test_string_day_accepted() -> None:
    assert G.gaps(hand_network(), as_of="2026-06-30", engine="networkx").equals(
        G.gaps(hand_network(), as_of=AS_OF, engine="networkx"))
