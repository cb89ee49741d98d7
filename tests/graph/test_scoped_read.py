"""A scoped read filters in the store's queries yet gives exactly the subnetwork of a whole read: every town,
a village and two units of a generated county, on the embedded store."""

from __future__ import annotations

import pytest

from pairnet.graph.embedded import EmbeddedStore
from pairnet.graph.network import Scope
from pairnet.loaders.generate import generate


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory):
    net = generate("ziyang", scale=0.2, seed=3).network
    store = EmbeddedStore(tmp_path_factory.mktemp("scoped") / "s.db")
    store.write(net)
    yield net, store
    store.close()


def test_every_scope_reads_its_subnetwork(county) -> None:
    net, store = county
    whole = store.read()
    units = sorted(net.nodes["Cadre"]["unit_id"].dropna().unique())[:2]
    scopes = [Scope(town_id=t) for t in sorted(net.nodes["Town"]["town_id"])]
    scopes += [Scope(village_id=net.nodes["Village"]["village_id"].iloc[0])] + [Scope(unit_id=u) for u in units]
    for scope in scopes:
        part, expected = store.read(scope), whole.subnetwork(scope)
        assert part.differences(expected) == [], scope
        assert len(part.nodes["Household"]) < len(whole.nodes["Household"]), scope  # a real part, not the county
