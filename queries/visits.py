"""Visits to households in need (每半月走访1次): each household's state, each helper's share in time, by unit and town."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from pairnet.graph.core.dates import check_as_of
from pairnet.graph.core.policy import Policy
from pairnet.graph.core.rules import is_active_helper, is_current, needs_helper
from pairnet.queries.engine import Engine, Source, date_params, pull_events, pull_network, run_cypher, use_cypher

if TYPE_CHECKING:  # the NetworkX engine's graphs; the Cypher path (every map and the report) never imports it
    import networkx as nx

STATES = ("no_helper", "never", "overdue", "ok")
HOUSEHOLD_COLUMNS = ["id", "label", "village_id", "town_id", "helper_ids", "last_visit", "days_since", "state"]
HELPER_COLUMNS = ["id", "label", "unit_id", "households", "in_time", "share"]
UNIT_COLUMNS = ["id", "label", "helpers", "households", "in_time", "share"]
TOWN_COLUMNS = ["id", "label", "households", *STATES, "share"]
_HH_BASE = ["id", "label", "village_id", "town_id", "town_label", "last_visit"]
_PAIR_BASE = ["helper_id", "helper_label", "unit_id", "unit_label", "household_id", "last_visit"]


@dataclass(frozen=True)
class Visits:
    """What ``visits`` finds on ``as_of``: households in need with their state, helpers, units and towns."""

    as_of: dt.date
    households: pd.DataFrame  # HOUSEHOLD_COLUMNS, by id
    helpers: pd.DataFrame  # HELPER_COLUMNS, by id
    units: pd.DataFrame  # UNIT_COLUMNS, by id
    towns: pd.DataFrame  # TOWN_COLUMNS, by id


def visits(source: Source, *, as_of: dt.date, policy: Policy | None = None, engine: Engine = None) -> Visits:
    """Every household in need on ``as_of`` with its visit state, and the share visited in time per helper,
    unit and town.

    A counted visit is of a kind in ``policy.visit_kinds`` (default: home visits, 入户走访) on or before
    ``as_of``. A household's state: ``no_helper`` (no active helper with a current pairing), ``never`` (a helper,
    no counted visit), ``overdue`` (the last counted visit, by anyone, more than ``visit_every_days`` before
    ``as_of``), else ``ok``. A helper's household is in time when that helper's own last counted visit to it is at
    most ``visit_every_days`` before ``as_of``; ``share = in_time / households`` (4 decimals). A unit sums its
    cadres' helper rows (leaders belong to no unit); a town counts its households in need by state and its
    ``share`` is the share ``ok``.

    >>> from pairnet.graph.example import AS_OF, example_network
    >>> found = visits(example_network(), as_of=AS_OF)
    >>> found.households[["id", "last_visit", "state"]].head(3)  # H03's phone call does not count
        id last_visit    state
    0  H01 2026-06-20       ok
    1  H02 2026-05-01  overdue
    2  H03        NaT    never
    >>> found.towns[["id", "households", "no_helper", "ok", "share"]]
       id  households  no_helper  ok  share
    0  T1           5          0   1    0.2
    1  T2           4          3   0    0.0
    """
    as_of, policy = check_as_of(as_of), policy or Policy()
    if use_cypher(source, engine):
        params = {**date_params(as_of), **policy.params(), **policy.supervision_params()}
        hh = run_cypher(source, "visits_households", params)
        pairs = run_cypher(source, "visits_helpers", params)
        last = run_cypher(source, "visits_last", params)
    else:
        hh, pairs = _base_nx(pull_network(source).to_networkx(), as_of, policy)
        last = _last_visits(pull_events(source, "visits", end=as_of), as_of, policy)
    return _visits(as_of, policy, *_with_last(hh, pairs, last))


def _last_visits(rows: pd.DataFrame, as_of: dt.date, policy: Policy) -> pd.DataFrame:
    """``household_id, helper_id, last_visit``: each helper's last counted visit to each household (the reference
    for ``visits_last.cypher``)."""
    counted = rows[rows["kind"].isin(list(policy.visit_kinds)).fillna(False).to_numpy(bool)
                   & (rows["date"] <= pd.Timestamp(as_of)).fillna(False).to_numpy(bool)]
    out = counted.groupby(["household_id", "helper_id"], as_index=False)["date"].max()
    return out.rename(columns={"date": "last_visit"})


def _with_last(hh: pd.DataFrame, pairs: pd.DataFrame, last: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The households and pairs with their last counted visit: by anyone for a household, by the helper for a
    pair (joined by id, as text)."""
    # (an empty result may come back without its columns: the Bolt test server names none when no row matched)
    last = _with_columns(last, ["household_id", "helper_id", "last_visit"])
    hh, pairs = _with_columns(hh, _HH_BASE), _with_columns(pairs, _PAIR_BASE)
    last = last.astype({"household_id": "string", "helper_id": "string"})
    last["last_visit"] = pd.to_datetime(last["last_visit"]).astype("datetime64[s]")
    by_household = last.groupby("household_id", as_index=False)["last_visit"].max()
    hh = hh.drop(columns="last_visit", errors="ignore").astype({"id": "string"})
    hh = hh.merge(by_household.rename(columns={"household_id": "id"}), on="id", how="left")
    pairs = pairs.drop(columns="last_visit", errors="ignore").astype({"helper_id": "string", "household_id": "string"})
    pairs = pairs.merge(last, on=["helper_id", "household_id"], how="left")
    return hh, pairs


def _with_columns(df: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    missing = [c for c in columns if c not in df.columns]
    return df.reindex(columns=[*df.columns, *missing]) if missing else df


def _visits(as_of: dt.date, policy: Policy, hh: pd.DataFrame, pairs: pd.DataFrame) -> Visits:
    """The four frames from the two base frames either engine gives (households; helper-household pairs)."""
    hh = hh[_HH_BASE].copy()
    pairs = pairs[_PAIR_BASE].copy()
    day = pd.Timestamp(as_of)
    every = policy.visit_every_days
    for df in (hh, pairs):
        df["last_visit"] = pd.to_datetime(df["last_visit"]).astype("datetime64[s]")
        df["days_since"] = (day - df["last_visit"]).dt.days.astype("Int64")
    ids: dict[str, list[str]] = {}
    for household, helper in sorted(zip(pairs["household_id"].astype(str), pairs["helper_id"].astype(str))):
        ids.setdefault(household, []).append(helper)
    hh["helper_ids"] = [ids.get(h, []) for h in hh["id"].astype(str)]
    days = hh["days_since"].astype("Float64")
    state = np.where(hh["helper_ids"].map(len).to_numpy() == 0, "no_helper",
                     np.where(days.isna().to_numpy(), "never",
                              np.where(days.fillna(0).to_numpy() > every, "overdue", "ok")))
    hh["state"] = pd.Series(state, index=hh.index, dtype="string")
    for c in ("id", "label", "village_id", "town_id"):
        hh[c] = hh[c].astype("string")
    households = hh[HOUSEHOLD_COLUMNS].sort_values("id").reset_index(drop=True)

    pairs["in_time"] = (pairs["days_since"].notna() & (pairs["days_since"] <= every)).astype("int64")
    helpers = pairs.groupby("helper_id", sort=True).agg(
        label=("helper_label", "first"), unit_id=("unit_id", "first"), unit_label=("unit_label", "first"),
        households=("household_id", "size"), in_time=("in_time", "sum")).rename_axis("id").reset_index()
    helpers["share"] = _share(helpers["in_time"], helpers["households"])
    in_unit = helpers[helpers["unit_id"].notna()]
    units = in_unit.groupby("unit_id", sort=True).agg(
        label=("unit_label", "first"), helpers=("id", "size"), households=("households", "sum"),
        in_time=("in_time", "sum")).rename_axis("id").reset_index()
    units["share"] = _share(units["in_time"], units["households"])

    counted = hh.assign(town_id=hh["town_id"].fillna("")).groupby(["town_id", "state"]).size().unstack(fill_value=0)
    towns = counted.reindex(columns=list(STATES), fill_value=0).rename_axis(index="id", columns=None).reset_index()
    towns["id"] = towns["id"].replace("", pd.NA)
    towns.insert(1, "label", towns["id"].map(hh.drop_duplicates("town_id").set_index("town_id")["town_label"]))
    towns.insert(2, "households", towns[list(STATES)].sum(axis=1))
    towns["share"] = _share(towns["ok"], towns["households"])
    return Visits(as_of, households, _typed(helpers[HELPER_COLUMNS]), _typed(units[UNIT_COLUMNS]),
                  _typed(towns[TOWN_COLUMNS]))


def _share(part: pd.Series, whole: pd.Series) -> pd.Series:
    """``part / whole`` rounded to 4 decimals (None where ``whole`` is 0)."""
    out = [round(int(p) / int(w), 4) if int(w) else None for p, w in zip(part, whole)]
    return pd.Series(out, index=part.index, dtype="Float64")


def _typed(df: pd.DataFrame) -> pd.DataFrame:
    """Ids and labels as strings, counts as Int64, sorted by id."""
    df = df.copy()
    for c in df.columns:
        if c in ("id", "label", "unit_id"):
            df[c] = df[c].astype("string")
        elif c != "share":
            df[c] = df[c].astype("Int64")
    return df.sort_values("id", na_position="last").reset_index(drop=True)


# --- the NetworkX reference -----------------------------------------------------------------------------
def _base_nx(g: nx.MultiDiGraph, as_of: dt.date, policy: Policy) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The two base frames by walking the pulled graph: households in need, current pairs of active helpers."""
    hh_rows: list[dict[str, Any]] = []
    pair_rows: list[dict[str, Any]] = []
    for n, d in g.nodes(data=True):
        if d["label"] != "Household" or not needs_helper(d, as_of, policy):
            continue
        hid = d["household_id"]
        village = _out(g, n, "LIVES_IN")
        town = _out(g, village, "IN_TOWN") if village is not None else None
        hh_rows.append({"id": hid, "label": d["head_name"], "village_id": village and village[1],
                        "town_id": town and town[1], "town_label": town and g.nodes[town].get("name")})
        for x, _, rel in g.in_edges(n, data=True):
            if rel["type"] == "HELPS" and is_current(rel, as_of) and is_active_helper(g.nodes[x]):
                unit = _out(g, x, "WORKS_IN")
                pair_rows.append({"helper_id": x[1], "helper_label": g.nodes[x].get("name"),
                                  "unit_id": unit and unit[1], "unit_label": unit and g.nodes[unit].get("name"),
                                  "household_id": hid})
    return pd.DataFrame(hh_rows, columns=_HH_BASE[:-1]), pd.DataFrame(pair_rows, columns=_PAIR_BASE[:-1])


def _out(g: nx.MultiDiGraph, n: Any, rel_type: str) -> Any:
    """The node ``n`` points to by ``rel_type`` (a household's village, a village's town, a cadre's unit)."""
    return next((t for _, t, rel in g.out_edges(n, data=True) if rel["type"] == rel_type), None)
