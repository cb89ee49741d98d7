"""Generated visits and attendance: planted at the profile's rates, and truth.json's planted states are what
``visits`` and ``attendance`` find (NetworkX on the network, Cypher on the embedded store)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from pairnet.graph.core.policy import Policy
from pairnet.loaders.generate import generate
from pairnet.loaders.synthetic.defects import Defects, planted_count
from pairnet.queries.attendance import attendance
from pairnet.queries.visits import visits


def _attendance_records(df: pd.DataFrame) -> list[dict]:
    return [{"id": r.id, "village_id": r.village_id, "present": int(r.present), "leave": int(r.leave),
             "away": int(r.away), "required": int(r.required), "short": bool(r.short)} for r in df.itertuples()]


@pytest.fixture(scope="module")
def gen():
    return generate("ziyang", scale=0.1, seed=4)


def test_planted_states_are_what_the_analyses_find(gen, embedded_store_module) -> None:
    as_of = dt.date.fromisoformat(gen.truth["as_of"])
    planted = gen.truth["planted"]
    assert planted["visits"]["as_of"] == gen.truth["as_of"] and planted["attendance"]["month"] == "2026-06"
    for source, engine in ((gen.network, "networkx"), (embedded_store_module, "cypher")):
        found = visits(source, as_of=as_of, engine=engine)
        assert dict(zip(found.households["id"], found.households["state"])) == planted["visits"]["households"]
        month = attendance(source, month=planted["attendance"]["month"], engine=engine)
        assert _attendance_records(month) == planted["attendance"]["cadres"]


@pytest.fixture(scope="module")
def embedded_store_module(gen, tmp_path_factory):
    from pairnet.graph.embedded import EmbeddedStore

    store = EmbeddedStore(tmp_path_factory.mktemp("gen") / "pairnet.db")
    store.write(gen.network, events=gen.network.events)
    yield store
    store.close()


def test_rates_and_edge_days(gen) -> None:
    states = pd.Series(gen.truth["planted"]["visits"]["households"])
    helped = int((states != "no_helper").sum())
    counts = states.value_counts()
    d = Defects()
    assert counts["never"] == planted_count(d.visit_never, helped)
    assert counts["overdue"] == planted_count(d.visit_overdue, helped)
    assert counts["no_helper"] == len(gen.truth["gaps"]["household_without_helper"])
    found = visits(gen.network, as_of=dt.date(2026, 6, 30), engine="networkx").households
    days = found.set_index("id")["days_since"]
    assert (days[found.set_index("id")["state"] == "ok"] == 15).any()  # the last day in time
    assert (days[found.set_index("id")["state"] == "overdue"] == 16).any()  # the first day overdue
    rows = gen.network.events["visits"]
    assert (rows["date"] > pd.Timestamp("2026-06-30")).any() and (rows["kind"] != "home").any()  # not counted
    cadres = pd.DataFrame(gen.truth["planted"]["attendance"]["cadres"])
    assert cadres["short"].sum() == planted_count(d.attendance_short, len(cadres))
    assert (cadres["leave"] > 0).sum() >= planted_count(d.attendance_leave, len(cadres)) // 2
    st = gen.network.rels["STATIONED_IN"].set_index(["source", "target"])
    for c in cadres.itertuples():  # required: 20 days prorated to the days stationed in June (30 days)
        since, until = st.loc[(c.id, c.village_id), "since"], st.loc[(c.id, c.village_id), "until"]
        first = max(since, pd.Timestamp("2026-06-01")) if pd.notna(since) else pd.Timestamp("2026-06-01")
        last = min(until, pd.Timestamp("2026-06-30")) if pd.notna(until) else pd.Timestamp("2026-06-30")
        assert c.required == int(20 * ((last - first).days + 1) / 30 + 0.5)
    assert (cadres.loc[~cadres["short"], "present"] >= cadres.loc[~cadres["short"], "required"]).all()


def test_supervision_leaves_the_rest_of_the_county_as_it_was() -> None:
    """Visits and attendance come from their own random stream: the other frames do not depend on them."""
    a = generate("xuanen", scale=0.05, seed=9)
    b = generate("xuanen", scale=0.05, seed=9, defects=Defects(visit_never=0.5, attendance_short=0.5))
    assert a.network.equals(b.network) and a.truth["gaps"] == b.truth["gaps"]
    assert not a.network.events["visits"].equals(b.network.events["visits"])


def test_other_policies_are_judged_by_the_same_rows(gen) -> None:
    """With leave excused, no planted-short cadre becomes short that was not; the rows do not change."""
    planted = {(c["id"], c["village_id"]): c for c in gen.truth["planted"]["attendance"]["cadres"]}
    excused = attendance(gen.network, month="2026-06", policy=Policy(leave_excuses=True), engine="networkx")
    for r in excused.itertuples():
        p = planted[(r.id, r.village_id)]
        assert bool(r.short) == (p["present"] + p["leave"] < p["required"])
