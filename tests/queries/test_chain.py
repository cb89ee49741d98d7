"""The responsibility chain: the same document from a store (Cypher) and from a network, links judged on the day."""

from __future__ import annotations

import pytest

from pairnet.graph.core.errors import EngineError, PairnetError, UnknownHousehold
from pairnet.queries.chain import chain

from .conftest import AS_OF, DAY, hand_network


def test_chain_of_a_helped_household(store) -> None:
    store.write(hand_network())
    result = chain(store, "H15", as_of=AS_OF)
    assert result == chain(hand_network(), "H15", as_of=AS_OF)
    d = result
    assert d["household"] == {"id": "H15", "name": "Ou", "status": "monitored", "exit_year": None,
                              "village_id": "V2", "needs_helper": True, "has_helper": True}
    assert [(h["id"], h["rank"], h["unit_id"]) for h in d["helpers"]] == [("C02", "staff", "U1"),
                                                                         ("L1", "county", None)]
    v = d["village"]
    assert (v["id"], v["kind"]) == ("V2", "poor")
    assert [(u["id"], u["current"]) for u in v["packaging_units"]] == [("U1", False)]  # ended yesterday
    assert [(s["id"], s["current"], s["active"]) for s in v["first_secretaries"]] == [("CX", True, False)]
    assert {s["id"]: s["current"] for s in v["team"]}["C04"] is True  # until == as_of
    assert d["town"]["liaising_leaders"] == [{"id": "L1", "name": "Lead One", "title": None}]


def test_chain_judged_on_the_day() -> None:
    d = chain(hand_network(), "H13", as_of=AS_OF)
    assert d["household"]["has_helper"] is False  # one ended helper, one inactive
    assert {h["id"]: (h["current"], h["active"]) for h in d["helpers"]} == {"C03": (False, True),
                                                                           "CX": (True, False)}
    earlier = chain(hand_network(), "H13", as_of=AS_OF - DAY)
    assert earlier["household"]["has_helper"] is True
    lonely = chain(hand_network(), "H20", as_of=AS_OF)
    assert lonely["helpers"] == [] and lonely["town"]["liaising_leaders"] == []


def test_unknown_household(embedded_store) -> None:
    embedded_store.write(hand_network())
    with pytest.raises(UnknownHousehold, match="no household 'H99'"):
        chain(embedded_store, "H99", as_of=AS_OF)
    with pytest.raises(UnknownHousehold):
        chain(hand_network(), "H99", as_of=AS_OF)
    assert issubclass(UnknownHousehold, PairnetError)


def test_chain_engines(embedded_store) -> None:
    embedded_store.write(hand_network())
    by_cypher = chain(embedded_store, "H15", as_of=AS_OF)
    assert chain(embedded_store, "H15", as_of=AS_OF, engine="cypher") == by_cypher
    assert chain(embedded_store, "H15", as_of=AS_OF, engine="networkx") == by_cypher  # the pulled frames
    assert chain(hand_network(), "H15", as_of=AS_OF) == by_cypher
    with pytest.raises(EngineError, match="needs a store"):
        chain(hand_network(), "H15", as_of=AS_OF, engine="cypher")


def test_chain_as_a_tree_and_a_table_in_both_languages() -> None:
    from pairnet.commands import chain_table, chain_tree

    d = chain(hand_network(), "H15", as_of=AS_OF)
    tree = chain_tree(d, "en")
    assert "├─ helper C02 Cad Two · staff · U1 [current]" in tree
    assert "packaging unit U1 Water bureau [ended 2026-06-29]" in tree
    assert list(chain_table(d)["link"])[:2] == ["household", "village"]
    assert "├─ 帮扶人 C02 Cad Two · 一般干部 · U1 [有效]" in chain_tree(d, "zh")
    assert "包抓单位 U1 Water bureau [已于 2026-06-29 结束]" in chain_tree(d, "zh")
    lonely = chain(hand_network(), "H20", as_of=AS_OF)
    assert "liaising leader: none" in chain_tree(lonely, "en") and "联系领导：无" in chain_tree(lonely, "zh")
