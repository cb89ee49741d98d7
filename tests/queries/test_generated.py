"""Both engines on both stores over generated networks equal the generator's truth.json, and each other."""

from __future__ import annotations

import datetime as dt

import pytest

from pairnet.loaders.generate import generate
from pairnet.queries.balance import helper_load
from pairnet.queries.gaps import gaps

SEEDS = [1, 7]


@pytest.fixture(scope="module", params=SEEDS)
def generated(request: pytest.FixtureRequest):
    return generate("ziyang", scale=0.1, seed=request.param)


def _gap_truth(df) -> dict:
    hh = df[df["kind"] == "household_without_helper"]
    out: dict = {"household_without_helper": dict(zip(hh["id"], hh["reason"]))}
    for kind in df["kind"].unique():
        if kind != "household_without_helper":
            out[kind] = sorted(df.loc[df["kind"] == kind, "id"])
    return out


def _load_truth(df) -> dict:
    return {r.id: {"load": int(r.load), "quota": int(r.quota), "status": r.status} for r in df.itertuples()}


def test_truth_has_every_kind(generated) -> None:
    truth = generated.truth["gaps"]
    assert all(truth[k] for k in truth), "the oracle must exercise every kind"
    assert set(truth["household_without_helper"].values()) == {"never_paired", "pairings_ended",
                                                                "only_inactive_helpers"}


def test_engines_equal_truth_and_each_other(store, generated) -> None:
    store.write(generated.network)
    as_of = dt.date.fromisoformat(generated.truth["as_of"])
    found = {e: gaps(store, as_of=as_of, engine=e) for e in ("cypher", "networkx")}
    loads = {e: helper_load(store, as_of=as_of, engine=e) for e in ("cypher", "networkx")}
    truth = generated.truth
    for e in found:
        got = _gap_truth(found[e])
        assert got["household_without_helper"] == truth["gaps"]["household_without_helper"], e
        for kind, ids in truth["gaps"].items():
            if kind != "household_without_helper":
                assert got.get(kind, []) == ids, (e, kind)
        assert _load_truth(loads[e]) == truth["helpers"], e
    assert found["cypher"].equals(found["networkx"])
    assert loads["cypher"].equals(loads["networkx"])
    # the in-memory network gives the same answer as the store
    assert gaps(generated.network, as_of=as_of, engine="networkx").equals(found["cypher"])
