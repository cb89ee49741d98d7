"""visits: the hand-built county's states, helpers, units and towns with both engines on both stores."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from pairnet.graph.core.policy import Policy
from pairnet.queries.visits import visits

from .conftest import AS_OF
from .supervision_county import (EXPECTED_HELPERS, EXPECTED_HOUSEHOLDS, EXPECTED_TOWNS, EXPECTED_UNITS,
                                 supervision_network, write_county)

ENGINES = ["cypher", "networkx"]


def _na(v):
    return None if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v) else v


def as_dicts(found):
    hh = {r.id: (r.village_id, list(r.helper_ids), None if pd.isna(r.last_visit) else r.last_visit.date(),
                 _na(r.days_since), r.state) for r in found.households.itertuples()}
    helpers = {r.id: (_na(r.unit_id), r.households, r.in_time, r.share) for r in found.helpers.itertuples()}
    units = {r.id: (r.helpers, r.households, r.in_time, r.share) for r in found.units.itertuples()}
    towns = {r.id: (r.households, r.no_helper, r.never, r.overdue, r.ok, r.share) for r in found.towns.itertuples()}
    return hh, helpers, units, towns


EXPECTED = (EXPECTED_HOUSEHOLDS, EXPECTED_HELPERS, EXPECTED_UNITS, EXPECTED_TOWNS)


@pytest.fixture
def loaded(store):
    write_county(store)
    return store


@pytest.mark.parametrize("engine", ENGINES)
def test_visits_on_both_stores_equal_the_hand_oracle(loaded, engine: str) -> None:
    found = visits(loaded, as_of=AS_OF, engine=engine)
    assert found.as_of == AS_OF
    assert as_dicts(found) == EXPECTED


def test_visits_of_the_network_itself_and_the_engines_agree_frame_for_frame(loaded) -> None:
    ref = visits(supervision_network(), as_of=AS_OF, engine="networkx")
    assert as_dicts(ref) == EXPECTED
    pushed = visits(loaded, as_of=AS_OF, engine="cypher")
    for part in ("households", "helpers", "units", "towns"):
        pd.testing.assert_frame_equal(getattr(ref, part), getattr(pushed, part))


@pytest.mark.parametrize("engine", ENGINES)
def test_policy_changes_the_window_and_the_kinds(loaded, engine: str) -> None:
    wider = visits(loaded, as_of=AS_OF, policy=Policy(visit_every_days=16, visit_kinds=["home", "phone"]),
                   engine=engine)
    states = dict(zip(wider.households["id"], wider.households["state"]))
    assert states["H02"] == "ok"  # 16 days is in time now
    assert states["H11"] == "ok"  # the call counts
    assert wider.households.set_index("id").loc["H01", "last_visit"] == pd.Timestamp("2026-06-29")  # the call
    assert states["H18"] == "overdue" and states["H19"] == "never"


@pytest.mark.parametrize("engine", ENGINES)
def test_an_earlier_day_sees_only_the_visits_before_it(loaded, engine: str) -> None:
    found = visits(loaded, as_of=dt.date(2026, 6, 16), engine=engine)
    hh = found.households.set_index("id")
    assert hh.loc["H16", "last_visit"] == pd.Timestamp("2026-05-01")
    assert hh.loc["H16", "state"] == "no_helper"  # C02's pairing begins on the 30th
    assert hh.loc["H15", "state"] == "never"  # L1's visit is on the 30th
    assert hh.loc["H02", "days_since"] == 2 and hh.loc["H02", "state"] == "ok"
