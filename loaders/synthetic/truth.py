"""The generator's oracle: what the default policy finds in a network on a day, written to truth.json."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pairnet.graph.network import PairingNetwork
from pairnet.graph.core.policy import LEADER_RANK, Policy

REASONS = ("never_paired", "pairings_ended", "only_inactive_helpers")


def truth_of(net: PairingNetwork, as_of: dt.date) -> dict[str, Any]:
    """``gaps`` and ``helpers`` of the truth document: the default policy applied to ``net`` on ``as_of``.

    A tie is current when its ``since`` is blank or on/before the day and its ``until`` blank or on/after it.
    Reasons: ``only_inactive_helpers`` (current pairings, none with an active helper), else ``pairings_ended``
    (some pairing ended before the day), else ``never_paired``.

    Written over the frames with pandas (not through the analysis code) so that it can serve as their oracle.
    """
    policy = Policy()
    day = pd.Timestamp(as_of)
    cad, lead = net.nodes["Cadre"], net.nodes["Leader"]
    need_ids = households_in_need(net, as_of, policy)
    helps = net.rels["HELPS"]
    h_act = current(helps, as_of)
    live = live_pairings(net, as_of)
    covered = isin(need_ids, live["target"])
    paired_now = isin(need_ids, helps.loc[h_act, "target"])
    ended = isin(need_ids, helps.loc[(helps["until"] < day).fillna(False).to_numpy(bool), "target"])
    why = np.where(paired_now, "only_inactive_helpers", np.where(ended, "pairings_ended", "never_paired"))
    reasons = dict(zip(need_ids[~covered].tolist(), why[~covered].tolist()))
    gaps: dict[str, Any] = {"household_without_helper": dict(sorted(reasons.items()))}

    vil = net.nodes["Village"]
    poor = vil.loc[vil["poor"].fillna(False).to_numpy(bool), "village_id"]
    deep = vil.loc[vil["deep_poverty"].fillna(False).to_numpy(bool), "village_id"]
    pk = net.rels["PACKAGES"]
    pk = pk[current(pk, as_of)]
    st = net.rels["STATIONED_IN"]
    st = st[current(st, as_of) & isin(st["source"], active_cadre_ids(net))]
    fs = set(st.loc[st["role"] == "first_secretary", "target"])
    team = st.groupby("target").size()
    gaps["village_without_unit"] = sorted(set(poor) - set(pk.loc[pk["source_label"] == "Unit", "target"]))
    gaps["village_without_first_secretary"] = sorted(set(poor) - fs)
    gaps["village_team_understaffed"] = sorted(v for v in poor if team.get(v, 0) < policy.min_team)
    gaps["deep_village_without_leader"] = sorted(set(deep) - set(pk.loc[pk["source_label"] == "Leader", "target"]))
    gaps["town_without_leader"] = sorted(set(net.nodes["Town"]["town_id"]) - set(net.rels["LIAISES"]["target"]))

    load = live[isin(live["target"], need_ids)].groupby("source").size()
    quota = pd.concat([
        pd.Series(policy.quota_for(LEADER_RANK), index=lead["leader_id"].to_numpy(), dtype="int64"),
        pd.Series(cad["rank"].map(dict(policy.quota)).to_numpy(), index=cad["cadre_id"].to_numpy(), dtype="int64")[
            cad["active"].fillna(True).to_numpy(bool)],
    ])
    loads = load.reindex(quota.index, fill_value=0).astype("int64")
    status = np.where(loads > quota, "over", np.where(loads == quota, "at", "under"))
    helpers = {h: {"load": int(n), "quota": int(q), "status": s}
               for h, n, q, s in sorted(zip(quota.index.tolist(), loads.tolist(), quota.tolist(), status.tolist()))}
    return {"gaps": gaps, "helpers": helpers}


def households_in_need(net: PairingNetwork, as_of: dt.date, policy: Policy) -> pd.Series:
    """Ids of the households that need a helper on ``as_of``: poor or monitored, or exited within the policy's
    continuity years."""
    hh = net.nodes["Household"]
    need = (hh["status"].isin(["poor", "monitored"]) | (
        (hh["status"] == "exited") & (hh["exit_year"] + policy.continuity_years >= as_of.year))).fillna(False)
    return hh.loc[need.to_numpy(bool), "household_id"]


def current(df: pd.DataFrame, as_of: dt.date) -> np.ndarray:
    """Per row of a dated frame: begun (or no start given) and not ended on ``as_of``."""
    day = pd.Timestamp(as_of)
    begun = df["since"].isna() | (df["since"] <= day)
    return (begun & (df["until"].isna() | (df["until"] >= day))).to_numpy(bool)


def active_cadre_ids(net: PairingNetwork) -> pd.Series:
    """Ids of the cadres who are active (a blank ``active`` counts as active)."""
    cad = net.nodes["Cadre"]
    return cad.loc[cad["active"].fillna(True).to_numpy(bool), "cadre_id"]


def live_pairings(net: PairingNetwork, as_of: dt.date) -> pd.DataFrame:
    """Pairings current on ``as_of`` whose helper is active (a leader, or an active cadre)."""
    helps = net.rels["HELPS"]
    helper_ok = (helps["source_label"] == "Leader").to_numpy(bool) | isin(helps["source"], active_cadre_ids(net))
    return helps[current(helps, as_of) & helper_ok]


def isin(values: pd.Series, among: pd.Series) -> np.ndarray:
    """``values.isin(among)`` as a bool array, computed by pyarrow (pandas loops in Python on arrow strings)."""
    found = pc.is_in(pa.array(values, type=pa.string()), value_set=pa.array(among, type=pa.string()))
    return found.fill_null(False).to_numpy(zero_copy_only=False)
