"""Last drawing step of the generator: visits to households in need and stationed cadres' attendance, at set rates.

Drawn from their own random stream (after the network), so adding them leaves every other frame as it was.
The states planted are returned for truth.json: they are what ``pairnet visits`` and ``pairnet attendance``
must find on the truth's day and in its month.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from pairnet.graph.network import PairingNetwork
from pairnet.loaders.synthetic.defects import Defects, planted_count
from pairnet.loaders.synthetic.truth import active_cadre_ids, households_in_need, isin, live_pairings
from pairnet.graph.core.policy import Policy

NOTES = ("了解生产生活情况", "宣讲帮扶政策", "落实产业帮扶", "核实收入情况", "协调就医", "")
VISIT_COLUMNS = ["helper_id", "household_id", "date", "kind", "note"]  # the visits sheet (schema.EVENT)
ATTENDANCE_COLUMNS = ["cadre_id", "village_id", "date", "kind"]  # the attendance sheet


def draw_visits(rng: np.random.Generator, net: PairingNetwork, as_of: dt.date, policy: Policy,
                defects: Defects) -> tuple[pd.DataFrame, dict[str, str]]:
    """Visits to households in need by their current helpers: ``visit_never`` of the helped households have no
    counted visit (some a phone call instead), ``visit_overdue`` a last one too long ago (one exactly a day too
    long), the rest one in time (one exactly ``visit_every_days`` before) and an earlier one. Some households
    without a helper keep old visits, and a few visits fall after the day (neither counts).

    Returns the rows of the visits sheet and each household's planted state (``no_helper``, ``never``, ``overdue``, ``ok``).
    """
    day, every = np.datetime64(as_of, "D"), policy.visit_every_days
    counted, other = policy.visit_kinds[0], next(k for k in ("phone", "other", "home") if k not in policy.visit_kinds)
    need = households_in_need(net, as_of, policy)
    live = live_pairings(net, as_of)
    live = live[isin(live["target"], need)].sort_values(["target", "source"]).reset_index(drop=True)
    helped, start, size = np.unique(live["target"].to_numpy(str), return_index=True, return_counts=True)
    n = len(helped)
    order = rng.permutation(n)
    n_never, n_overdue = planted_count(defects.visit_never, n), planted_count(defects.visit_overdue, n)
    state = np.full(n, "ok", dtype=object)
    state[order[:n_never]] = "never"
    state[order[n_never:n_never + n_overdue]] = "overdue"
    who = start + (rng.random(n) * size).astype(np.int64)  # the helper who visits: one of the current ones
    src = live["source"].to_numpy(object)[who]
    back = np.where(state == "ok", rng.integers(0, every + 1, n), rng.integers(every + 1, every + 90, n))
    if n and state[order[-1]] == "ok":
        back[order[-1]] = every  # the last day still in time
    if n_overdue:
        back[order[n_never]] = every + 1  # the first day overdue
    earlier = back + rng.integers(7, 20, n)
    call, call_back = rng.random(n), rng.integers(0, every + 1, n)
    late, late_by = rng.random(n), rng.integers(1, 10, n)
    ok, overdue, never = state == "ok", state == "overdue", state == "never"
    parts = [
        (ok | overdue, day - back, counted),  # the last counted visit
        (ok, day - earlier, counted),  # an earlier one
        ((overdue & (call < 0.3)) | (never & (call < 0.5)), day - call_back, other),  # a call: does not count
        (~ok & (late < 0.1), day + late_by, counted),  # after the day: not counted on the day
    ]
    frames = [pd.DataFrame({"helper_id": src[m], "household_id": helped[m], "date": d[m], "kind": kind})
              for m, d, kind in parts]
    helps = net.rels["HELPS"]
    lost = helps[isin(helps["target"], need) & ~isin(helps["target"], pd.Series(helped))].drop_duplicates("target")
    lost = lost.sort_values("target", kind="stable")
    old = lost[rng.random(len(lost)) < 0.3]  # a former helper's visits: the household still has no helper
    frames.append(pd.DataFrame({"helper_id": old["source"].to_numpy(object),
                                "household_id": old["target"].to_numpy(object),
                                "date": day - rng.integers(0, 60, len(old)), "kind": counted}))
    visits = pd.concat(frames, ignore_index=True)
    visits["date"] = visits["date"].astype("datetime64[s]")
    visits = visits.drop_duplicates(["helper_id", "household_id", "date", "kind"])
    visits["note"] = np.array(NOTES, dtype=object)[rng.integers(0, len(NOTES), len(visits))]
    visits["note"] = visits["note"].replace("", None)
    visits = visits.sort_values(["household_id", "date", "helper_id", "kind"], kind="stable").reset_index(drop=True)
    states = {h: "no_helper" for h in need}
    states.update(dict(zip(helped.tolist(), state.tolist())))
    return visits[VISIT_COLUMNS], dict(sorted(states.items()))


def draw_attendance(rng: np.random.Generator, net: PairingNetwork, as_of: dt.date, policy: Policy,
                    defects: Defects) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Attendance in the month of ``as_of`` for active cadres stationed then: ``attendance_short`` of them with
    fewer days present than required (some away without approval), ``attendance_leave`` with approved leave,
    the others at or above the required days (prorated for a stationing that ended in the month). Inactive
    cadres' stationings get days too (they are not listed).

    Returns the rows of the attendance sheet and the planted month with one record per listed stationing.
    """
    start = np.datetime64(dt.date(as_of.year, as_of.month, 1), "D")
    days_in = calendar.monthrange(as_of.year, as_of.month)[1]
    end = start + days_in - 1
    st = net.rels["STATIONED_IN"]
    since = st["since"].to_numpy("datetime64[D]")
    until = st["until"].to_numpy("datetime64[D]")
    overlaps = (np.isnat(since) | (since <= end)) & (np.isnat(until) | (until >= start))
    st = st[overlaps].assign(first=np.where(np.isnat(since) | (since < start), start, since)[overlaps],
                             last=np.where(np.isnat(until) | (until > end), end, until)[overlaps])
    st = st.sort_values(["source", "target"]).reset_index(drop=True)
    active = isin(st["source"], active_cadre_ids(net))
    n = int(active.sum())
    order = np.flatnonzero(active)[rng.permutation(n)]
    short = np.zeros(len(st), bool)
    short[order[:planted_count(defects.attendance_short, n)]] = True
    leave = np.zeros(len(st), bool)
    leave[order[rng.permutation(n)[:planted_count(defects.attendance_leave, n)]]] = True
    full = policy.stationed_days_per_month
    rows: list[tuple[Any, ...]] = []
    planted = []
    firsts, lasts = st["first"].to_numpy("datetime64[D]"), st["last"].to_numpy("datetime64[D]")
    for i, (source, target) in enumerate(zip(st["source"], st["target"])):
        span = int((lasts[i] - firsts[i]) / np.timedelta64(1, "D")) + 1
        required = (2 * full * span + days_in) // (2 * days_in)
        n_leave = int(rng.integers(1, 4)) if leave[i] else 0
        if short[i]:
            present = max(0, required - int(rng.integers(1, 6)))
            away = int(rng.integers(0, 3))
        else:
            present = min(span, required + int(rng.integers(0, 3)))
            away = 0
        n_leave = min(n_leave, span - present)
        away = min(away, span - present - n_leave)
        if policy.leave_excuses and short[i]:
            n_leave = min(n_leave, max(0, required - present - 1))
        days = firsts[i] + np.sort(rng.permutation(span)[:present + n_leave + away])
        kinds = ["present"] * present + ["leave"] * n_leave + ["away"] * away
        kinds = np.array(kinds, dtype=object)[rng.permutation(len(kinds))]
        rows.extend((source, target, d, k) for d, k in zip(days, kinds))
        if active[i]:
            counted = present + (n_leave if policy.leave_excuses else 0)
            planted.append({"id": source, "village_id": target, "present": present, "leave": n_leave,
                            "away": away, "required": int(required), "short": bool(counted < required)})
    att = pd.DataFrame(rows, columns=ATTENDANCE_COLUMNS)
    att["date"] = att["date"].astype("datetime64[s]")
    return att, {"month": f"{as_of.year:04d}-{as_of.month:02d}", "cadres": planted}
