"""Step 3 of the generator: households in villages (who is in need, status, exit year, head, members, ID number)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pairnet.loaders.synthetic.draw import days_between, top_weighted
from pairnet.loaders.synthetic.idnumbers import fixed_strings, id_chars
from pairnet.loaders.synthetic.names import person_names
from pairnet.loaders.synthetic.people import People
from pairnet.loaders.synthetic.places import Places
from pairnet.loaders.synthetic.profiles import Profile
from pairnet.loaders.synthetic.vocab import code, words
from pairnet.graph.core.policy import Policy

NEED_SHARE = 0.45  # share of households still needing a helper, unless helper capacity is lower
CAPACITY_FILL = 0.9  # households in need per quota place of active helpers, at most
CAUSES = ("因病", "因残", "因学", "缺技术", "缺劳力", "缺资金", "缺土地", "因灾", "交通条件落后", "自身发展动力不足")
CAUSE_P = (0.28, 0.14, 0.10, 0.16, 0.10, 0.10, 0.04, 0.03, 0.02, 0.03)
POOR, EXITED, MONITORED = (code("status", s) for s in ("poor", "exited", "monitored"))


@dataclass(frozen=True)
class Households:
    """Households (index h), grouped by village; arrays by index."""

    ids: Any  # Arrow string array
    village: np.ndarray  # village index of each household
    need: np.ndarray  # bool: needs a helper on the day (under the default policy)
    status: np.ndarray  # code of status
    exit_year: np.ndarray  # -1 when the household has not exited
    head: Any  # Arrow string array
    members: np.ndarray
    cause: np.ndarray  # index into CAUSES
    id_number: Any  # Arrow string array


def draw_households(p: Profile, rng: np.random.Generator, as_of: dt.date, places: Places, people: People,
                    policy: Policy) -> Households:
    """Households spread over villages (poor villages hold more); the share in need is capped by what the active
    helpers can carry under ``policy``, and exit years straddle the continuity window's edges."""
    H, V = p.households, p.villages
    w = np.where(places.poor, 3.0, 1.0) * rng.lognormal(0, 0.3, V)
    per_village = rng.multinomial(H, w / w.sum())
    village = np.repeat(np.arange(V), per_village)
    quota = policy.quota
    capacity = quota["county"] * p.leaders + sum(
        quota[r] * int(((people.cadre_rank == i) & people.cadre_active).sum()) for i, r in enumerate(words("rank")))
    n_need = int(round(min(NEED_SHARE * H, CAPACITY_FILL * capacity)))
    need = np.zeros(H, bool)
    need[top_weighted(rng, np.where(places.poor[village], 2.0, 1.0), n_need)] = True
    Y = as_of.year
    years = policy.continuity_years
    status = np.full(H, EXITED, np.int8)
    exit_year = np.full(H, -1, np.int64)
    ni = np.flatnonzero(need)
    kind = rng.choice(3, len(ni), p=(0.25, 0.30, 0.45))  # still poor, monitored, exited recently
    status[ni[kind == 0]] = POOR
    status[ni[kind == 1]] = MONITORED
    recent = ni[kind == 2]
    exit_year[recent] = Y - rng.choice(3, len(recent), p=(0.25, 0.35, 0.4))  # Y, Y-1, Y-2
    if len(recent):
        exit_year[recent[0]] = Y - years  # the last year that still needs a helper
    old = np.flatnonzero(~need)
    first = max(2000, min(2014, Y - years - 1))
    exit_year[old] = rng.integers(first, Y - years, len(old))
    if len(old):
        exit_year[old[0]] = Y - years - 1  # the first year out of the window

    seq = np.arange(H) - np.searchsorted(village, village)
    width = max(4, len(str(int(per_village.max()))))
    number = pc.utf8_lpad(pa.array(seq + 1).cast(pa.string()), width, "0")
    ids = pc.binary_join_element_wise(pa.array(places.village_ids).take(village), number, "")
    head = person_names(rng, H)
    members = rng.choice(np.arange(1, 9), H, p=(0.12, 0.2, 0.22, 0.2, 0.13, 0.07, 0.04, 0.02))
    cause = rng.choice(len(CAUSES), H, p=CAUSE_P)
    return Households(ids, village, need, status, exit_year, head, members, cause,
                      _id_numbers(rng, places.town_area[places.village_town[village]], Y))


def _id_numbers(rng: np.random.Generator, area: np.ndarray, year: int) -> Any:
    """Heads' ID numbers: born 20-85 years before ``year``, mostly men, a sequence unique per area and birth day."""
    H = len(area)
    birth = days_between(rng, H, np.datetime64(f"{year - 85}-01-01"), np.datetime64(f"{year - 20}-12-31"))
    male = rng.random(H) < 0.8
    order = np.lexsort((birth, area))
    key_a, key_b = area[order], birth[order]
    new = np.ones(H, bool)
    new[1:] = (key_a[1:] != key_a[:-1]) | (key_b[1:] != key_b[:-1])
    start = np.maximum.accumulate(np.where(new, np.arange(H), 0))
    rank = np.empty(H, np.int64)
    rank[order] = np.arange(H) - start
    seq3 = (2 * rank + np.where(male, 1, 2)) % 1000  # odd for men, even for women; unique per area and day
    return fixed_strings(id_chars(area, birth, seq3))
