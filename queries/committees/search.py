"""The committee search: random spanning trees cut exactly into led committees, then a local search that keeps
every hard rule (contiguous, bounded, led) while industry purity and household balance improve."""

from __future__ import annotations

import random
from collections import Counter

from pairnet.graph.core.algorithms import UnionFind
from pairnet.queries.committees.county import County

BALANCE_WEIGHT = 0.1  # one village of industry purity is worth this much squared relative household deviation
MAX_PASSES = 30
SAME_EDGE, MIXED_EDGE = 0, -1  # tree-cut value of an edge kept inside a committee


# --- step 1: a spanning tree cut optimally into committees ----------------------------------------------
def _spanning_tree(comp: list[int], c: County, rng: random.Random, industry_bias: bool) -> dict[int, list[int]]:
    """A random spanning tree of the component (Kruskal on random weights; same-industry edges first if biased)."""
    members = set(comp)
    edges = [(u, w) for u in comp for w in c.nbrs[u] if w > u and w in members]
    ind = c.industry
    weights = [rng.random() + (0.0 if not industry_bias or ind[u] == ind[w] else 1.0) for u, w in edges]
    forest = UnionFind(comp)
    tree: dict[int, list[int]] = {u: [] for u in comp}
    for k in sorted(range(len(edges)), key=weights.__getitem__):
        u, w = edges[k]
        if forest.union(u, w):
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
        if not c.connected(self.members[src] - {v}):
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
        if (not c.connected((self.members[a] - {v}) | {u})
                or not c.connected((self.members[b] - {u}) | {v})):
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
    for sub in c.components(loose):
        if len(sub) >= lo and any(c.lead[v] for v in sub):
            more, rest = _cut_tree(_spanning_tree(sub, c, rng, True), sub[0], c, lo, hi)
            groups += more
            loose = sorted((set(loose) - set(sub)) | set(rest))
    return groups, loose


def _effort(n: int) -> tuple[int, int]:
    """(restarts, spanning trees per restart) for a component of n villages: more where it is cheap."""
    return (8, 4) if n <= 200 else (4, 4) if n <= 600 else (3, 4) if n <= 2000 else (1, 4)


def solve_component(comp: list[int], c: County, lo: int, hi: int,
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
