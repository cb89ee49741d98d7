"""Step 4b of the generator: first secretaries and work teams stationed in villages (some missing or understaffed)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from pairnet.loaders.synthetic.defects import Defects, planted_count
from pairnet.loaders.synthetic.draw import DAY, NAT, days_between
from pairnet.loaders.synthetic.profiles import Profile

Stations = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]  # cadre, village, role, since, until


class CadrePool:
    """Cadres handed out for stationing, each once while any is left (active ones, inactive ones, or any)."""

    def __init__(self, rng: np.random.Generator, active: np.ndarray) -> None:
        order = rng.permutation(len(active))
        self.lists = {True: order[active[order]].tolist(), False: order[~active[order]].tolist(), None: order.tolist()}
        self.pos = {True: 0, False: 0, None: 0}
        self.wrap = {True: 0, False: 0, None: 0}
        self.used: set[int] = set()

    def take(self, active: bool | None) -> int:
        lst = self.lists[active]
        i = self.pos[active]
        while i < len(lst) and lst[i] in self.used:
            i += 1
        self.pos[active] = i + 1
        if i >= len(lst):  # all handed out: hand out again (only tiny counties get here)
            self.wrap[active] += 1
            return lst[self.wrap[active] % len(lst)]
        self.used.add(lst[i])
        return lst[i]


def draw_stationing(p: Profile, rng: np.random.Generator, as_of: dt.date, poor: np.ndarray, cadre_active: np.ndarray,
                    defects: Defects) -> tuple[Stations, dict[str, int]]:
    """A first secretary and a team of 3-4 per poor village, rotations and postings elsewhere up to the profile's
    count; planted: villages without a first secretary (ended, none, inactive) and understaffed teams."""
    day = np.datetime64(as_of, "D")
    poor_idx = np.flatnonzero(poor)
    pool = CadrePool(rng, cadre_active)
    rows: list[tuple[int, int, str, str]] = []  # cadre, village, role, state (active/ended)

    n_fs = planted_count(defects.village_without_first_secretary, len(poor_idx))
    lack = rng.permutation(poor_idx)[:n_fs]
    variant = {int(v): ("ended", "none", "inactive")[i % 3] for i, v in enumerate(lack)}
    if cadre_active.all():
        variant = {v: ("none" if s == "inactive" else s) for v, s in variant.items()}
    n_small = planted_count(defects.village_team_understaffed, len(poor_idx))
    small = set(rng.permutation(poor_idx)[:n_small].tolist())
    fs_rows = []
    for v in poor_idx.tolist():
        s = variant.get(v, "ok")
        if s == "none":
            continue
        c = pool.take(False) if s == "inactive" else pool.take(True)
        fs_rows.append((c, v, "first_secretary", "ended" if s == "ended" else "active"))
    target = p.first_secretaries if p.first_secretaries is not None else len(poor_idx) + len(poor_idx) // 10
    if len(fs_rows) > target:
        fs_rows = fs_rows[:target]
    rest = target - len(fs_rows)
    with_fs = [v for c, v, _, s in fs_rows if s == "active"]
    rotated = rng.permutation(np.array(with_fs, np.int64))[: min(rest, len(poor_idx) // 10)].tolist()
    fs_rows += [(pool.take(None), v, "first_secretary", "ended") for v in rotated]
    rest = target - len(fs_rows)
    nonpoor = rng.permutation(np.flatnonzero(~poor))[:rest].tolist()
    fs_rows += [(pool.take(True), v, "first_secretary", "active") for v in nonpoor]
    rest = target - len(fs_rows)
    cycle = rng.permutation(p.villages)
    fs_rows += [(pool.take(None), int(cycle[i % len(cycle)]), "first_secretary", "ended") for i in range(rest)]
    rows += fs_rows

    edge_done = False
    for v in poor_idx.tolist():
        if v in small:
            rows.append((pool.take(True), v, "team_leader", "active"))
            rows.append((pool.take(None), v, "team_member", "ended"))
            if not cadre_active.all():
                rows.append((pool.take(False), v, "team_member", "active"))
        else:
            rows.append((pool.take(True), v, "team_leader", "active"))
            for _ in range(int(rng.integers(2, 4))):
                rows.append((pool.take(True), v, "team_member", "edge" if not edge_done else "active"))
                edge_done = True
    counts = {"village_without_first_secretary": n_fs, "village_team_understaffed": n_small,
              "first_secretary_postings": len(fs_rows)}

    st = pd.DataFrame(rows, columns=["cadre", "village", "role", "state"]).drop_duplicates(["cadre", "village"])
    n = len(st)
    start = np.datetime64(f"{min(2019, as_of.year - 1)}-01-01")
    since = days_between(rng, n, start, day - 60 * DAY)
    until = np.full(n, NAT)
    ended = (st["state"] == "ended").to_numpy()
    until[ended] = since[ended] + rng.integers(1, 700, int(ended.sum())) * DAY
    until[ended] = np.minimum(until[ended], day - DAY)
    edge = (st["state"] == "edge").to_numpy()
    until[edge] = day
    stations = (st["cadre"].to_numpy(np.int64), st["village"].to_numpy(np.int64), st["role"].to_numpy(), since, until)
    return stations, counts
