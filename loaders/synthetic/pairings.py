"""Step 5 of the generator: helpers paired with households in need, within quota but for planted over- and
under-load, planted gaps (three reasons), and the history a real ledger keeps (replaced, ended, lingering)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from pairnet.loaders.synthetic.defects import Defects, planted_count
from pairnet.loaders.synthetic.draw import DAY, NAT, days_between, first_of_each
from pairnet.loaders.synthetic.households import Households
from pairnet.loaders.synthetic.people import People
from pairnet.loaders.synthetic.profiles import Profile
from pairnet.loaders.synthetic.ties import Ties
from pairnet.loaders.synthetic.truth import REASONS
from pairnet.loaders.synthetic.vocab import words
from pairnet.graph.core.policy import Policy

Pairings = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]  # helper index (leaders first), household, since, until


def draw_pairings(p: Profile, rng: np.random.Generator, as_of: dt.date, people: People, households: Households,
                  ties: Ties, policy: Policy, defects: Defects) -> tuple[Pairings, dict[str, Any]]:
    """One pairing per helper and household; helpers are indexed leaders first (0..L-1), then cadres.

    Helpers fill their quota with households near their home (the village their unit or they package); planted:
    households without a helper (never paired, pairings ended, only inactive helpers), helpers over and under
    quota. Returns the pairings and the planted counts.
    """
    d = defects
    day = np.datetime64(as_of, "D")
    L, C, V = p.leaders, p.cadres, p.villages
    Y = as_of.year
    counts: dict[str, Any] = {}
    quota_of = policy.quota
    # helpers: 0..L-1 leaders, L.. cadres
    quota = np.concatenate([np.full(L, quota_of["county"]),
                            np.array([quota_of[r] for r in words("rank")])[people.cadre_rank]])
    active = np.concatenate([np.ones(L, bool), people.cadre_active])
    lp_l, lp_v = ties.leader_pack[0], ties.leader_pack[1]
    leader_home = rng.integers(0, V, L).astype(float)
    leader_home[lp_l] = lp_v
    home = np.concatenate([leader_home, ties.unit_home[people.cadre_unit].astype(float)]) + rng.random(L + C) * 3
    act = np.flatnonzero(active)
    inact = np.flatnonzero(~active)

    need = np.flatnonzero(households.need)
    n_gap = 0 if d.household_without_helper <= 0 or len(need) < 2 else int(min(
        len(need) - 1, max(3, round(d.household_without_helper * len(need)))))
    gap = rng.permutation(need)[:n_gap]
    reason = np.arange(n_gap) % 3
    if not len(inact):
        reason[reason == 2] = 0
    in_gap = np.zeros(len(households.need), bool)
    in_gap[gap] = True
    covered = need[~in_gap[need]]
    dual = covered[rng.random(len(covered)) < 0.05]
    demand = np.concatenate([covered, dual])

    slots = quota[act].copy()
    n_over = planted_count(d.helper_over_quota, len(act))
    n_under = planted_count(d.helper_under_quota, len(act))
    pick = rng.permutation(len(act))
    over, under = pick[:n_over], pick[n_over: n_over + n_under]
    slots[over] += rng.integers(1, 3, n_over)
    slots[under] -= rng.integers(1, slots[under] + 1)
    missing = len(demand) - int(slots.sum())
    if missing > 0:  # fewer places than households in need: spread the rest as overload
        np.add.at(slots, rng.choice(len(act), missing), 1)
    elif missing < 0:  # spare places: helpers at the tail of a random order are left under quota
        order = rng.permutation(np.setdiff1d(np.arange(len(act)), over))
        cum = np.cumsum(slots[order][::-1])
        cut = int(np.searchsorted(cum, -missing))
        tail = order[::-1][: cut + 1]
        drop = -missing - (int(cum[cut - 1]) if cut else 0)
        slots[tail[:-1]] = 0
        slots[tail[-1]] -= drop
    counts["helper_over_quota"] = n_over
    counts["helper_under_quota"] = n_under

    helper_seq = np.repeat(act, slots)
    helper_seq = helper_seq[np.argsort(home[helper_seq], kind="stable")]
    hh_key = households.village[demand] + rng.random(len(demand)) * 3
    hh_seq = demand[np.argsort(hh_key, kind="stable")]
    helper_seq = untangle(rng, helper_seq, hh_seq)

    since0 = np.datetime64(f"{min(2016, Y - 2)}-01-01")
    parts = []

    def add(h: np.ndarray, hh: np.ndarray, until: np.ndarray) -> None:
        start = days_between(rng, len(h), since0, day - 30 * DAY)
        ends = until.copy()
        fixed = ~np.isnat(ends)
        start[fixed] = np.minimum(start[fixed], ends[fixed] - DAY)
        parts.append((h.astype(np.int64), hh.astype(np.int64), start, ends))

    until = np.full(len(hh_seq), NAT)
    future = rng.random(len(hh_seq)) < 0.1
    until[future] = day + rng.integers(1, 366, int(future.sum())) * DAY
    is_dual = np.zeros(len(households.need), bool)
    is_dual[dual] = True
    single = np.flatnonzero(~is_dual[hh_seq])
    if len(single):
        until[single[0]] = day  # active on its last day
    add(helper_seq, hh_seq, until)

    ended_hh = gap[reason == 1]
    k = rng.integers(1, 3, len(ended_hh))
    eh = np.repeat(ended_hh, k)
    eu = days_between(rng, len(eh), since0 + 365 * DAY, day - 2 * DAY)
    if len(eu):
        eu[0] = day - DAY  # ended the day before
    add(act[rng.integers(0, len(act), len(eh))], eh, eu)

    inactive_hh = gap[reason == 2]
    if len(inact):
        k = rng.integers(1, 3, len(inactive_hh))
        ih = np.repeat(inactive_hh, k)
        add(inact[rng.integers(0, len(inact), len(ih))], ih, np.full(len(ih), NAT))
    counts["household_without_helper"] = {r: int((reason == i).sum()) for i, r in enumerate(REASONS)}

    helpers_all = np.arange(L + C)
    hist = covered[rng.random(len(covered)) < 0.15]  # replaced earlier helpers
    add(helpers_all[rng.integers(0, L + C, len(hist))], hist,
        days_between(rng, len(hist), since0 + 365 * DAY, day - 2 * DAY))
    if len(inact):
        stale = covered[rng.random(len(covered)) < 0.01]  # a retired cadre still on the books
        add(inact[rng.integers(0, len(inact), len(stale))], stale, np.full(len(stale), NAT))
    old = np.flatnonzero(~households.need)
    past = old[rng.random(len(old)) < 0.5]  # help ended after the continuity years
    pu = (households.exit_year[past] + policy.continuity_years).astype("U4").astype("datetime64[Y]")
    pu = pu.astype("datetime64[D]")
    pu = pu + 364 * DAY
    add(helpers_all[rng.integers(0, L + C, len(past))], past, np.minimum(pu, day - DAY))
    lingering = old[rng.random(len(old)) < 0.01]  # still paired though no longer in need: not load
    add(act[rng.integers(0, len(act), len(lingering))], lingering, np.full(len(lingering), NAT))

    h = np.concatenate([x[0] for x in parts])
    hh = np.concatenate([x[1] for x in parts])
    since = np.concatenate([x[2] for x in parts])
    until = np.concatenate([x[3] for x in parts])
    first = np.sort(first_of_each(hh * (L + C) + h))  # one pairing per helper and household: the first drawn
    return (h[first], hh[first], since[first], until[first]), counts


def untangle(rng: np.random.Generator, helpers: np.ndarray, households: np.ndarray) -> np.ndarray:
    """Swap helpers between rows until no household has the same helper twice (loads stay as they are)."""
    helpers = helpers.copy()
    for _ in range(100):
        key = households.astype(np.int64) * (int(helpers.max(initial=0)) + 1) + helpers
        is_dup = np.ones(len(key), bool)
        is_dup[first_of_each(key)] = False
        dup = np.flatnonzero(is_dup)
        if not len(dup):
            break
        free = np.flatnonzero(~is_dup)
        other = rng.choice(free, min(len(dup), len(free)), replace=False)
        dup = dup[: len(other)]
        helpers[dup], helpers[other] = helpers[other], helpers[dup].copy()
    return helpers
