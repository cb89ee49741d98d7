"""Joint village committees (联村党委): plan contiguous, bounded, strong-led committees and check existing ones."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from pairnet.graph.core.messages import Text
from pairnet.graph.core import schema
from pairnet.graph.core.errors import PairnetError
from pairnet.graph.network import PairingNetwork
from pairnet.queries.adjacency import Adjacency, village_adjacency

LEADING = ("strong", "good")  # ratings that may lead a committee and partner a weak village
BALANCE_WEIGHT = 0.1  # one village of industry purity is worth this much squared relative household deviation
MAX_PASSES = 30
SAME_EDGE, MIXED_EDGE = 0, -1  # tree-cut value of an edge kept inside a committee


@dataclass
class County:
    """The villages a plan or check looks at, as integer-indexed arrays over one adjacency graph."""

    ids: list[str]
    names: list[str]
    town: list[str | None]
    rating: list[str | None]
    lead: list[bool]  # may lead a committee and partner a weak village: rated strong or good
    industry: list[str | None]
    households: list[int]
    nbrs: list[list[int]]
    adjacency: Adjacency

    @property
    def index(self) -> dict[str, int]:
        return {v: i for i, v in enumerate(self.ids)}


def _bounds(min_size: int, max_size: int) -> None:
    if min_size < 1 or max_size < min_size:
        raise PairnetError(Text("sizes.bad", lo=min_size, hi=max_size))


def _county(network: PairingNetwork, adj: Adjacency, *, within_town: bool, only_poor: bool) -> County:
    v = network.nodes["Village"].sort_values("village_id", kind="stable")
    if only_poor:
        v = v[v["poor"].fillna(False).astype(bool)]
    ids = [str(x) for x in v["village_id"]]
    hh = network.nodes["Household"]["village_id"].astype(str).value_counts()
    households = [int(hh.get(i, 0)) for i in ids]
    if sum(households) == 0:  # no household sheet: balance by village count instead
        households = [1] * len(ids)

    def col(name: str) -> list[str | None]:
        return [None if pd.isna(x) else str(x) for x in v[name]]

    town = col("town_id")
    idx = {x: i for i, x in enumerate(ids)}
    nbrs: list[list[int]] = [[] for _ in ids]
    for a, b in adj.graph.edges():
        ia, ib = idx.get(a), idx.get(b)
        if ia is None or ib is None or (within_town and town[ia] != town[ib]):
            continue
        nbrs[ia].append(ib)
        nbrs[ib].append(ia)
    for n in nbrs:
        n.sort()
    rating = col("branch_rating")
    return County(ids, col("name"), town, rating, [r in LEADING for r in rating], col("industry"), households,
                  nbrs, adj)


def _components(nbrs: list[list[int]], members: Iterable[int] | None = None) -> list[list[int]]:
    """Connected components (each sorted) of the graph, or of the subgraph on ``members``."""
    allowed = set(range(len(nbrs))) if members is None else set(members)
    seen: set[int] = set()
    out = []
    for s in sorted(allowed):
        if s in seen:
            continue
        comp, stack = [], [s]
        seen.add(s)
        while stack:
            u = stack.pop()
            comp.append(u)
            for w in nbrs[u]:
                if w in allowed and w not in seen:
                    seen.add(w)
                    stack.append(w)
        out.append(sorted(comp))
    return out


def _connected(nodes: set[int], nbrs: list[list[int]]) -> bool:
    if not nodes:
        return True
    start = next(iter(nodes))
    seen, stack = {start}, [start]
    while stack:
        u = stack.pop()
        for w in nbrs[u]:
            if w in nodes and w not in seen:
                seen.add(w)
                stack.append(w)
    return len(seen) == len(nodes)


# --- step 1: a spanning tree cut optimally into committees ----------------------------------------------
def _spanning_tree(comp: list[int], c: County, rng: random.Random, industry_bias: bool) -> dict[int, list[int]]:
    """A random spanning tree of the component (Kruskal on random weights; same-industry edges first if biased)."""
    members = set(comp)
    edges = [(u, w) for u in comp for w in c.nbrs[u] if w > u and w in members]
    ind = c.industry
    weights = [rng.random() + (0.0 if not industry_bias or ind[u] == ind[w] else 1.0) for u, w in edges]
    parent = {u: u for u in comp}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    tree: dict[int, list[int]] = {u: [] for u in comp}
    for k in sorted(range(len(edges)), key=weights.__getitem__):
        u, w = edges[k]
        ru, rw = find(u), find(w)
        if ru != rw:
            parent[ru] = rw
            tree[u].append(w)
            tree[w].append(u)
    return tree


def _cut_tree(tree: dict[int, list[int]], root: int, c: County, lo: int, hi: int) -> tuple[list[list[int]], list[int]]:
    """Cut a tree into subtrees of lo..hi nodes, each with a strong/good node, placing as many nodes as possible.

    Dynamic programme over the tree: for each node, the best value of its subtree per (size, has-leader) of
    the still-open subtree holding it. Value = placed nodes first, then tree edges kept inside a committee
    between villages of the same industry (+1) or of different industries (-1). Exact for the tree.
    """
    big = 2 * len(tree) + 1
    order, children, stack = [], {}, [(root, -1)]
    while stack:
        v, p = stack.pop()
        order.append(v)
        children[v] = [w for w in tree[v] if w != p]
        stack.extend((w, v) for w in reversed(children[v]))
    open_: dict[int, dict[tuple[int, bool], int]] = {}
    closed: dict[int, int] = {}
    closed_how: dict[int, tuple[int, bool] | None] = {}
    steps: dict[int, list[tuple[int, dict]]] = {}
    for v in reversed(order):
        cur = {(1, c.lead[v]): 0}
        unplaced = 0
        tables = []
        for ch in children[v]:
            cc = closed[ch]
            unplaced += cc
            edge = SAME_EDGE if c.industry[v] is not None and c.industry[v] == c.industry[ch] else MIXED_EDGE
            nxt: dict[tuple[int, bool], int] = {}
            back: dict[tuple[int, bool], tuple[tuple[int, bool], tuple[int, bool] | None]] = {}
            for st, val in cur.items():
                if st not in nxt or val + cc > nxt[st]:
                    nxt[st], back[st] = val + cc, (st, None)
                for st2, val2 in open_[ch].items():
                    size = st[0] + st2[0]
                    if size > hi:
                        continue
                    ns = (size, st[1] or st2[1])
                    cand = val + val2 + edge
                    if ns not in nxt or cand > nxt[ns]:
                        nxt[ns], back[ns] = cand, (st, st2)
            cur = nxt
            tables.append((ch, back))
        open_[v], steps[v] = cur, tables
        best, how = unplaced, None
        for (size, lead), val in cur.items():
            if lead and lo <= size <= hi and val + size * big > best:
                best, how = val + size * big, (size, lead)
        closed[v], closed_how[v] = best, how
    groups: list[list[int]] = []
    unplaced_nodes: list[int] = []
    todo: list[tuple] = [("close", root)]
    while todo:
        task = todo.pop()
        if task[0] == "close":
            v = task[1]
            how = closed_how[v]
            if how is None:
                unplaced_nodes.append(v)
                todo.extend(("close", ch) for ch in children[v])
            else:
                groups.append([])
                todo.append(("open", v, how, len(groups) - 1))
        else:
            _, v, st, g = task
            groups[g].append(v)
            for ch, back in reversed(steps[v]):
                prev, child_state = back[st]
                todo.append(("close", ch) if child_state is None else ("open", ch, child_state, g))
                st = prev
    return [sorted(g) for g in groups], sorted(unplaced_nodes)


# --- step 2: local search on the adjacency graph ---------------------------------------------------------
class _Plan:
    """Committees of one component under local search: members, industry counts, households."""

    def __init__(self, c: County, groups: list[list[int]], lo: int, hi: int):
        self.c, self.lo, self.hi = c, lo, hi
        self.members = [set(g) for g in groups]
        self.of = {v: k for k, g in enumerate(groups) for v in g}
        self.counts = [Counter(c.industry[v] for v in g if c.industry[v] is not None) for g in groups]
        self.hh = [sum(c.households[v] for v in g) for g in groups]
        self.leaders = [sum(c.lead[v] for v in g) for g in groups]
        total = sum(self.hh)
        self.mean = total / len(groups) if groups and total else 1.0
        self.tried: dict[tuple[int, int], tuple[frozenset, frozenset]] = {}

    @staticmethod
    def _matches(counts: Counter) -> int:
        return max(counts.values(), default=0)

    def matches(self) -> int:
        """Villages whose industry is their committee's majority."""
        return sum(self._matches(cn) for cn in self.counts)

    def _pen(self, hh: float) -> float:
        return BALANCE_WEIGHT * ((hh - self.mean) / self.mean) ** 2

    def _delta(self, k: int, out: int | None, into: int | None) -> float:
        """Change of committee k's score when ``out`` leaves it and ``into`` joins it."""
        c = self.c
        counts = self.counts[k]
        before = max(counts.values(), default=0)
        io = None if out is None else c.industry[out]
        ii = None if into is None else c.industry[into]
        if io == ii:
            after = before
        else:
            after = max((n - (ind == io) + (ind == ii) for ind, n in counts.items()), default=0)
            if ii is not None and ii not in counts:
                after = max(after, 1)
        hh = self.hh[k] - (0 if out is None else c.households[out]) + (0 if into is None else c.households[into])
        return after - before - self._pen(hh) + self._pen(self.hh[k])

    def _apply(self, v: int, src: int, dst: int) -> None:
        self._set(src, self.members[src] - {v})
        self._set(dst, self.members[dst] | {v})

    def try_move(self, v: int, dst: int) -> bool:
        src = self.of[v]
        c = self.c
        if len(self.members[src]) <= self.lo or len(self.members[dst]) >= self.hi:
            return False
        if c.lead[v] and self.leaders[src] == 1:
            return False
        if self._delta(src, v, None) + self._delta(dst, None, v) <= 1e-9:
            return False
        if not _connected(self.members[src] - {v}, c.nbrs):
            return False
        self._apply(v, src, dst)
        return True

    def try_swap(self, v: int, u: int) -> bool:
        a, b = self.of[v], self.of[u]
        c = self.c
        la, lb = c.lead[v], c.lead[u]
        if (la and not lb and self.leaders[a] == 1) or (lb and not la and self.leaders[b] == 1):
            return False
        if self._delta(a, v, u) + self._delta(b, u, v) <= 1e-9:
            return False
        if (not _connected((self.members[a] - {v}) | {u}, c.nbrs)
                or not _connected((self.members[b] - {u}) | {v}, c.nbrs)):
            return False
        self._apply(v, a, b)
        self._apply(u, b, a)
        return True

    def score(self) -> float:
        return sum(self._matches(cn) - self._pen(h) for cn, h in zip(self.counts, self.hh))

    def _group_score(self, members: set[int]) -> float:
        c = self.c
        counts = Counter(c.industry[v] for v in members if c.industry[v] is not None)
        return self._matches(counts) - self._pen(sum(c.households[v] for v in members))

    def _set(self, k: int, members: set[int]) -> None:
        c = self.c
        self.members[k] = set(members)
        self.counts[k] = Counter(c.industry[v] for v in members if c.industry[v] is not None)
        self.hh[k] = sum(c.households[v] for v in members)
        self.leaders[k] = sum(c.lead[v] for v in members)
        for v in members:
            self.of[v] = k

    def try_recombine(self, a: int, b: int, rng: random.Random, trees: int = 3) -> bool:
        """Redraw the border between two adjacent committees: the best valid cut of a few spanning trees of both."""
        union = self.members[a] | self.members[b]
        c = self.c
        if len(union) < 2 * self.lo:
            return False
        # two committees hold at most the two commonest industries as majorities: with no purity to gain,
        # redraw only a border between committees of quite unequal households
        top_two = sum(n for _, n in (self.counts[a] + self.counts[b]).most_common(2))
        if (self._matches(self.counts[a]) + self._matches(self.counts[b]) >= top_two
                and self._pen(self.hh[a]) + self._pen(self.hh[b]) < BALANCE_WEIGHT * 0.05):
            return False
        best = self._group_score(self.members[a]) + self._group_score(self.members[b]) + 1e-9
        split = None
        nodes = sorted(union)
        for _ in range(trees):
            tree = _spanning_tree(nodes, c, rng, industry_bias=True)
            order, parent = [nodes[0]], {nodes[0]: -1}
            for v in order:
                for w in tree[v]:
                    if w not in parent:
                        parent[w] = v
                        order.append(w)
            if len(order) < len(union):  # no longer adjacent (an earlier redraw moved their border)
                return False
            below: dict[int, set[int]] = {}
            for v in reversed(order):
                below[v] = {v}.union(*(below[w] for w in tree[v] if parent.get(w) == v))
                if v == nodes[0]:
                    continue
                side, rest = below[v], union - below[v]
                if not (self.lo <= len(side) <= self.hi and self.lo <= len(rest) <= self.hi):
                    continue
                if not any(c.lead[x] for x in side) or not any(c.lead[x] for x in rest):
                    continue
                score = self._group_score(side) + self._group_score(rest)
                if score > best:
                    best, split = score, (side, rest)
        if split is None:
            return False
        self._set(a, split[0])
        self._set(b, split[1])
        return True

    def improve(self, rng: random.Random) -> None:
        """Boundary moves, swaps and border redraws that keep every committee contiguous, bounded and led,
        while they pay (a fixed number of passes at most, so the same seed gives the same plan)."""
        c = self.c
        nodes = sorted(self.of)
        for _ in range(MAX_PASSES):
            changed = False
            rng.shuffle(nodes)
            for v in nodes:
                for w in c.nbrs[v]:
                    if w not in self.of or self.of[w] == self.of[v]:
                        continue
                    if self.try_move(v, self.of[w]) or self.try_swap(v, w):
                        changed = True
                        break
            pairs = sorted({(min(self.of[v], self.of[w]), max(self.of[v], self.of[w]))
                            for v in self.of for w in c.nbrs[v] if w in self.of and self.of[w] != self.of[v]})
            rng.shuffle(pairs)
            for a, b in pairs:
                # a border already redrawn without gain is tried again only after one side changed
                stamp = (frozenset(self.members[a]), frozenset(self.members[b]))
                if self.tried.get((a, b)) == stamp:
                    continue
                if self.try_recombine(a, b, rng):
                    changed = True
                else:
                    self.tried[(a, b)] = stamp
            if not changed:
                return


def _absorb(c: County, groups: list[list[int]], loose: list[int], hi: int) -> tuple[list[list[int]], list[int]]:
    """Put unplaced villages into an adjacent committee with room (the emptiest in households first)."""
    of = {v: k for k, g in enumerate(groups) for v in g}
    loose_set = set(loose)
    changed = True
    while changed:
        changed = False
        for v in sorted(loose_set):
            options = sorted({of[w] for w in c.nbrs[v] if w in of and len(groups[of[w]]) < hi},
                             key=lambda k: (sum(c.households[x] for x in groups[k]), k))
            if options:
                k = options[0]
                groups[k].append(v)
                of[v] = k
                loose_set.discard(v)
                changed = True
    return [sorted(g) for g in groups], sorted(loose_set)


def _construct(comp: list[int], c: County, lo: int, hi: int, rng: random.Random,
               trees: int) -> tuple[list[list[int]], list[int]]:
    """A first plan: the best of several spanning-tree cuts, leftovers filled in or grouped among themselves."""
    best = None
    for t in range(trees):
        tree = _spanning_tree(comp, c, rng, industry_bias=t % 2 == 0)
        groups, loose = _cut_tree(tree, comp[0], c, lo, hi)
        groups, loose = _absorb(c, groups, loose, hi)
        key = (-len(loose), _Plan(c, groups, lo, hi).score())
        if best is None or key > best[0]:
            best = (key, groups, loose)
    _, groups, loose = best
    for sub in _components(c.nbrs, loose):
        if len(sub) >= lo and any(c.lead[v] for v in sub):
            more, rest = _cut_tree(_spanning_tree(sub, c, rng, True), sub[0], c, lo, hi)
            groups += more
            loose = sorted((set(loose) - set(sub)) | set(rest))
    return groups, loose


def _effort(n: int) -> tuple[int, int]:
    """(restarts, spanning trees per restart) for a component of n villages: more where it is cheap."""
    return (8, 4) if n <= 200 else (4, 4) if n <= 600 else (3, 4) if n <= 2000 else (1, 4)


def _solve_component(comp: list[int], c: County, lo: int, hi: int,
                     rng: random.Random) -> tuple[list[list[int]], list[int]]:
    """Committees for one connected component: per restart a tree-cut plan improved by local search; the best."""
    starts, trees = _effort(len(comp))
    best = None
    for _ in range(starts):
        groups, loose = _construct(comp, c, lo, hi, rng, trees)
        plan = _Plan(c, groups, lo, hi)
        plan.improve(rng)
        key = (-len(loose), plan.matches(), plan.score())
        if best is None or key > best[0]:
            best = (key, [sorted(m) for m in plan.members if m], loose)
    return best[1], best[2]


# --- the results ------------------------------------------------------------------------------------------
def _lead(c: County, members: list[int]) -> int | None:
    leaders = [v for v in members if c.lead[v]]
    if not leaders:
        return None
    return min(leaders, key=lambda v: (c.rating[v] != "strong", -c.households[v], c.ids[v]))


def _committee_record(c: County, cid: str, name: str | None, members: list[int], lead_id: str | None) -> dict:
    inds = Counter(c.industry[v] for v in members if c.industry[v] is not None)
    return {
        "committee_id": cid,
        "name": name,
        "villages": sorted(c.ids[v] for v in members),
        "lead_village_id": lead_id,
        "town_ids": sorted({c.town[v] for v in members if c.town[v] is not None}),
        "size": len(members),
        "households": int(sum(c.households[v] for v in members)),
        "industry": min(inds, key=lambda k: (-inds[k], k)) if inds else None,
    }


def _violations(c: County, committees: list[dict], lo: int, hi: int, within_town: bool) -> list[dict]:
    """Every hard-rule breach in ``committees`` (records as made by ``_committee_record``)."""
    idx = c.index
    out = []

    def add(cid: str, rule: str, detail: str, village: str | None = None) -> None:
        out.append({"committee_id": cid, "rule": rule, "village_id": village, "detail": detail})

    where: dict[str, list[str]] = defaultdict(list)
    for com in committees:
        cid, vs = com["committee_id"], com["villages"]
        for v in vs:
            where[v].append(cid)
        members = [idx[v] for v in vs if v in idx]
        if not lo <= len(vs) <= hi:
            add(cid, "size_out_of_bounds", f"{len(vs)} villages, allowed {lo}..{hi}")
        if members and not _connected(set(members), c.nbrs):
            parts = len(_components(c.nbrs, members))
            add(cid, "not_contiguous", f"villages fall into {parts} separate groups in the adjacency graph")
        lead = com["lead_village_id"]
        if lead is None:
            add(cid, "lead_missing", "no lead village")
        elif lead not in vs:
            add(cid, "lead_not_member", f"lead village {lead} is not a member", lead)
        elif lead in idx and not c.lead[idx[lead]]:
            add(cid, "lead_not_strong", f"lead village {lead} is rated {c.rating[idx[lead]] or 'unrated'}", lead)
        if not any(c.lead[i] for i in members):
            for i in members:
                if c.rating[i] == "weak":
                    add(cid, "weak_without_partner",
                        f"weak village {c.ids[i]} has no strong or good village in its committee", c.ids[i])
        if within_town and len(com["town_ids"]) > 1:
            add(cid, "crosses_towns", f"villages of {len(com['town_ids'])} towns: {', '.join(com['town_ids'])}")
    for v, cids in sorted(where.items()):
        if len(cids) > 1:
            out.append({"committee_id": cids[0], "rule": "village_in_two_committees", "village_id": v,
                        "detail": f"village {v} is in {', '.join(sorted(cids))}"})
    return out


def _metrics(c: County, committees: list[dict], violations: list[dict], considered: int) -> dict:
    idx = c.index
    placed = {v for com in committees for v in com["villages"]}
    matches = 0
    for com in committees:
        inds = Counter(c.industry[idx[v]] for v in com["villages"] if v in idx and c.industry[idx[v]] is not None)
        matches += max(inds.values(), default=0)
    sizes = np.array([com["size"] for com in committees], float)
    hh = np.array([com["households"] for com in committees], float)
    n_placed = sum(com["size"] for com in committees)
    return {
        "adjacency_source": c.adjacency.source,
        "isolated": len(c.adjacency.isolated),
        "unlocated": len(c.adjacency.missing),  # no coordinates (coords) or no polygon (polygons)
        "villages": considered,
        "placed": len(placed),
        "share_placed": round(len(placed) / considered, 4) if considered else 0.0,
        "committees": len(committees),
        "industry_purity": round(matches / n_placed, 4) if n_placed else 0.0,
        "size_min": int(sizes.min()) if len(sizes) else 0,
        "size_max": int(sizes.max()) if len(sizes) else 0,
        "size_mean": round(float(sizes.mean()), 3) if len(sizes) else 0.0,
        "size_std": round(float(sizes.std()), 3) if len(sizes) else 0.0,
        "households_mean": round(float(hh.mean()), 1) if len(hh) else 0.0,
        "households_cv": round(float(hh.std() / hh.mean()), 4) if len(hh) and hh.mean() else 0.0,
        "violations": len(violations),
    }


def _unplaced_reason(v: int, comp: list[int], c: County, lo: int, hi: int, within_town: bool, town_size: int) -> str:
    adj = c.adjacency
    if c.ids[v] in adj.missing:
        return "no_coordinates" if adj.source == "coords" else "no_polygon"
    if len(comp) == 1 and not c.nbrs[v]:
        return "isolated"
    if within_town and town_size < lo:
        return "town_too_small"
    if len(comp) < lo:
        return "component_too_small"
    if not any(c.lead[u] for u in comp):
        return "no_strong_or_good_village"
    # a strong/good village within reach of a committee of at most hi villages?
    seen, frontier = {v}, [v]
    for _ in range(hi - 1):
        frontier = [w for u in frontier for w in c.nbrs[u] if w not in seen and not seen.add(w)]
    if not any(c.lead[u] for u in seen):
        return "no_strong_or_good_village_reachable"
    return "no_room_within_bounds"


def plan_committees(network: PairingNetwork, *, min_size: int = 3, max_size: int = 8, within_town: bool = False,
                    only_poor: bool = False, seed: int = 0, adjacency: str | None = None,
                    polygons: str | Path | None = None) -> dict:
    """A plan of joint committees over the villages, in the issue's JSON shape.

    Hard rules (never broken): each committee is contiguous in the adjacency graph, has ``min_size`` to
    ``max_size`` villages, lies in one town with ``within_town``, and is led by a village rated strong or good
    (so every weak village has a strong or good partner). Soft, in this order: place as many villages as the
    graph allows, then industry purity (share of villages whose industry is their committee's majority) and
    household balance. Villages that cannot be placed are listed with a reason. Same seed, same plan.
    Method: per connected component, the best of several random spanning trees cut exactly by dynamic
    programming, leftovers filled in, then local search by boundary moves and swaps that keep every rule.

    >>> plan = plan_committees(net, min_size=2, max_size=4)  # doctest: +SKIP
    >>> plan["metrics"]["violations"]  # doctest: +SKIP
    0
    """
    _bounds(min_size, max_size)
    adj = village_adjacency(network, adjacency=adjacency, polygons=polygons)
    c = _county(network, adj, within_town=within_town, only_poor=only_poor)
    town_sizes = Counter(c.town)
    groups: list[list[int]] = []
    unplaced: list[tuple[int, str]] = []
    for comp in _components(c.nbrs):
        loose = comp
        if len(comp) >= min_size and any(c.lead[v] for v in comp):
            rng = random.Random(f"{seed}/{c.ids[comp[0]]}")
            more, loose = _solve_component(comp, c, min_size, max_size, rng)
            groups += more
        unplaced += [(v, _unplaced_reason(v, comp, c, min_size, max_size, within_town, town_sizes[c.town[v]]))
                     for v in loose]
    committees = []
    for members in groups:
        lead = _lead(c, members)
        lead_id = c.ids[lead]
        committees.append(_committee_record(c, f"JC-{lead_id}", f"{c.names[lead] or lead_id}联村党委", members, lead_id))
    committees.sort(key=lambda r: r["committee_id"])
    violations = _violations(c, committees, min_size, max_size, within_town)
    return {
        "committees": committees,
        "unplaced": [{"village_id": c.ids[v], "reason": r} for v, r in sorted(unplaced, key=lambda x: c.ids[x[0]])],
        "violations": violations,
        "metrics": _metrics(c, committees, violations, len(c.ids)),
    }


def check_committees(network: PairingNetwork, *, min_size: int = 3, max_size: int = 8, within_town: bool = False,
                     adjacency: str | None = None, polygons: str | Path | None = None) -> dict:
    """The committees already in the network (JointCommittee + MEMBER_OF) checked against the planning rules.

    Flags committees that are not contiguous, out of the size bounds, without a lead, led by a village not
    rated strong or good or not a member, spanning towns (with ``within_town``), weak villages without a
    strong or good partner, and villages in two committees. Villages in no committee are listed as unplaced.

    >>> check_committees(net)["violations"]  # doctest: +SKIP
    [{'committee_id': 'C1', 'rule': 'not_contiguous', 'village_id': None, 'detail': '...'}]
    """
    _bounds(min_size, max_size)
    adj = village_adjacency(network, adjacency=adjacency, polygons=polygons)
    c = _county(network, adj, within_town=False, only_poor=False)
    idx = c.index
    jc = network.nodes["JointCommittee"].sort_values("committee_id", kind="stable")
    mem = network.rels["MEMBER_OF"]
    members_of: dict[str, list[int]] = defaultdict(list)
    for v, cid in zip(mem["source"].astype(str), mem["target"].astype(str)):
        if v in idx:
            members_of[cid].append(idx[v])
    committees = []
    for cid, name, lead in zip(jc["committee_id"].astype(str), jc["name"], jc["lead_village_id"]):
        committees.append(_committee_record(c, cid, None if pd.isna(name) else str(name), sorted(members_of[cid]),
                                            None if pd.isna(lead) else str(lead)))
    violations = _violations(c, committees, min_size, max_size, within_town)
    placed = {v for com in committees for v in com["villages"]}
    return {
        "committees": committees,
        "unplaced": [{"village_id": v, "reason": "not_in_committee"} for v in c.ids if v not in placed],
        "violations": violations,
        "metrics": _metrics(c, committees, violations, len(c.ids)),
    }


def committee_tables(result: dict) -> dict[str, pd.DataFrame]:
    """The ``committees`` and ``committee_villages`` sheets of a plan or check, ready to load back."""
    com_cols = schema.SHEET["committees"].column_names
    cv_cols = schema.SHEET["committee_villages"].column_names
    coms = pd.DataFrame([{k: r[k] for k in com_cols} for r in result["committees"]], columns=com_cols)
    cv = pd.DataFrame([{"committee_id": r["committee_id"], "village_id": v} for r in result["committees"]
                       for v in r["villages"]], columns=cv_cols)
    return {"committees": coms.astype("string"), "committee_villages": cv.astype("string")}
