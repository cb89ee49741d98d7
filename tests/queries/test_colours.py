"""Red / yellow / green per household in need on the hand-built county, both engines, both stores."""

from __future__ import annotations

import pytest

from pairnet.queries.colours import colour_counts, household_colours

from .conftest import AS_OF
from .supervision_county import EXPECTED_COLOURS, supervision_network, write_county


@pytest.mark.parametrize("engine", ["cypher", "networkx"])
def test_colours_equal_the_hand_oracle(store, engine: str) -> None:
    write_county(store)
    found = household_colours(store, as_of=AS_OF, engine=engine)
    assert {r.id: (r.colour, r.reason) for r in found.itertuples()} == EXPECTED_COLOURS
    counts = colour_counts(found).set_index("village_id")
    assert counts.loc["V3", ["red", "yellow", "green"]].tolist() == [0, 2, 1]  # H17 green; H18, H19 yellow
    assert counts.loc["V1", "households"] == 11 and counts.loc["V3", "share_green"] == pytest.approx(0.3333)


def test_colours_of_the_network_itself() -> None:
    found = household_colours(supervision_network(), as_of=AS_OF, engine="networkx")
    assert {r.id: (r.colour, r.reason) for r in found.itertuples()} == EXPECTED_COLOURS
