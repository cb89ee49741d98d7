"""The typed errors under PairnetError are raised where their cases are (and a CLI still sees a PairnetError)."""

from __future__ import annotations

import pytest

from pairnet.graph.core import errors
from pairnet.graph.core.dates import check_as_of
from pairnet.graph.core.policy import Policy
from pairnet.graph.example import AS_OF, example_network
from pairnet.graph.network import Scope
from pairnet.queries.adjacency import village_adjacency
from pairnet.queries.attendance import check_month
from pairnet.queries.chain import chain
from pairnet.queries.committees import plan_committees
from pairnet.queries.gaps import gaps
from pairnet.visualizations.pairing import pairing_map


def test_every_typed_error_is_a_pairnet_error() -> None:
    typed = [c for c in vars(errors).values() if isinstance(c, type) and c is not errors.PairnetError]
    assert len(typed) >= 9 and all(issubclass(c, errors.PairnetError) for c in typed)


@pytest.mark.parametrize("make, error, words", [
    (lambda: gaps(example_network(), as_of=AS_OF, engine="cypher"), errors.EngineError, "needs a store"),
    (lambda: gaps(example_network(), as_of=AS_OF, engine="sql"), errors.EngineError, "unknown engine"),
    (lambda: Policy(quota={"general": 3}), errors.PolicyError, "unknown rank"),
    (lambda: Policy(min_team=-1), errors.PolicyError, "min_team"),
    (lambda: check_as_of("30/06/2026"), errors.DateError, "YYYY-MM-DD"),
    (lambda: check_month("2026-13"), errors.DateError, "2026-13"),
    (lambda: chain(example_network(), "H99", as_of=AS_OF), errors.UnknownHousehold, "H99"),
    (lambda: pairing_map(example_network(), as_of=AS_OF, max_nodes=5), errors.MapTooLarge, "15 nodes"),
    (lambda: pairing_map(example_network(), as_of=AS_OF, scope=Scope(town_id="T9")), errors.UnknownPlace, "T9"),
    (lambda: village_adjacency(example_network(), adjacency="roads"), errors.AdjacencyError, "roads"),
    (lambda: plan_committees(example_network(), min_size=5, max_size=2), errors.CommitteeError, "5"),
])
def test_each_case_raises_its_type(make, error, words) -> None:
    with pytest.raises(error, match=words):
        make()
