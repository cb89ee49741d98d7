"""Step 4a of the generator: leaders liaise with towns, leaders and units package villages (some gaps planted)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from pairnet.loaders.synthetic.defects import Defects, planted_count
from pairnet.loaders.synthetic.draw import DAY, NAT, days_between
from pairnet.loaders.synthetic.places import Places
from pairnet.loaders.synthetic.profiles import Profile

Span = tuple[np.datetime64, np.datetime64]


@dataclass(frozen=True)
class Ties:
    """Liaison (leader index, town index), packaging (source index, village index, since, until) and each unit's
    home village (the first it packages, else a random one)."""

    liaison: tuple[np.ndarray, np.ndarray]
    leader_pack: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]
    unit_pack: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]
    unit_home: np.ndarray


def early_span(as_of: dt.date) -> Span:
    """The years packaging began in: 2016-2020, or the two years before a day earlier than that."""
    y = as_of.year
    return np.datetime64(f"{min(2016, y - 2)}-01-01"), np.datetime64(f"{min(2020, y)}-12-31")


def draw_ties(p: Profile, rng: np.random.Generator, as_of: dt.date, places: Places, defects: Defects
              ) -> tuple[Ties, dict[str, int]]:
    """Liaison and packaging, with towns lacking a leader, deep villages lacking one and poor villages lacking a
    unit (half never packaged, half with a packaging that ended); returns the ties and the planted counts."""
    V, T, U, L = p.villages, p.towns, p.units, p.leaders
    day = np.datetime64(as_of, "D")
    early = early_span(as_of)
    poor_idx = np.flatnonzero(places.poor)
    counts: dict[str, int] = {}

    # leaders liaise with towns; some towns are left without one
    lacking_towns = rng.choice(T, planted_count(defects.town_without_leader, T), replace=False)
    ok_towns = np.setdiff1d(np.arange(T), lacking_towns)
    lp = rng.permutation(L)
    tgt = np.concatenate([ok_towns, rng.choice(ok_towns, max(0, L - len(ok_towns)))])[: L] if len(ok_towns) else []
    liaison = (lp[: len(tgt)], np.asarray(tgt, np.int64))
    counts["town_without_leader"] = len(lacking_towns)

    # leaders package deep-poverty villages; some have none or an ended packaging
    deep_idx = np.flatnonzero(places.deep)
    n_lack = planted_count(defects.deep_village_without_leader, len(deep_idx))
    lack = rng.permutation(deep_idx)[:n_lack]
    ended = lack[::2]  # half ended, half never packaged
    packaged = np.setdiff1d(deep_idx, lack[1::2])
    leaders = rng.permutation(L)[: len(packaged)]
    leader_pack = (leaders, packaged, *package_dates(rng, day, np.isin(packaged, ended), early))
    counts["deep_village_without_leader"] = n_lack

    # units package poor villages (extra units package other villages); some poor villages lack one
    n_lack = planted_count(defects.village_without_unit, len(poor_idx))
    lack = rng.permutation(poor_idx)[:n_lack]
    no_unit = lack[1::2]
    ended = lack[::2]
    pv = rng.permutation(np.setdiff1d(poor_idx, no_unit))
    up = rng.permutation(U)
    src = up[np.arange(len(pv)) % U] if U else np.empty(0, np.int64)
    tgt = pv
    if U > len(pv):
        others = rng.permutation(np.flatnonzero(~places.poor))[: U - len(pv)]
        src = np.concatenate([src, up[len(pv): len(pv) + len(others)]])
        tgt = np.concatenate([tgt, others])
    since, until = package_dates(rng, day, np.isin(tgt, ended), early)
    # earlier packaging units that were replaced: history that must not count
    hist = rng.permutation(pv)[: int(0.1 * len(pv))]
    if U > 1 and len(hist):
        cur = dict(zip(tgt.tolist(), src.tolist()))
        h_src = np.array([(cur[v] + 1 + int(rng.integers(U - 1))) % U for v in hist])
        h_until = days_between(rng, len(hist), early[0] + 400 * DAY, early[1])
        h_since = h_until - rng.integers(200, 900, len(hist)) * DAY
        src, tgt = np.concatenate([src, h_src]), np.concatenate([tgt, hist])
        since, until = np.concatenate([since, h_since]), np.concatenate([until, h_until])
    unit_home = np.full(U, -1, np.int64)
    unit_home[src[::-1]] = tgt[::-1]  # first village each unit packages
    free = unit_home < 0
    unit_home[free] = rng.integers(0, V, int(free.sum()))
    counts["village_without_unit"] = n_lack
    return Ties(liaison, leader_pack, (src, tgt, since, until), unit_home), counts


def package_dates(rng: np.random.Generator, day: np.datetime64, is_ended: np.ndarray, early: Span
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Since and until of packaging ties: the ended ones end before the day (one the day before), the
    others are open, but for one that ends on the day itself (still active)."""
    until = np.full(len(is_ended), NAT)
    until[is_ended] = days_between(rng, int(is_ended.sum()), early[1], day - 2 * DAY)
    if is_ended.any():
        until[np.flatnonzero(is_ended)[0]] = day - DAY
    if (~is_ended).any():
        until[np.flatnonzero(~is_ended)[0]] = day
    since = np.minimum(days_between(rng, len(is_ended), *early), np.where(is_ended, until, day) - DAY)
    return since, until
