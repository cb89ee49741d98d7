"""Coverage gaps: households in need without an active helper, villages and towns missing what policy requires.

Each rule is a plain function with two engines: the Cypher pushdown (``queries/cypher/NAME.cypher``) on a
store, and a NetworkX reference that walks the pulled graph. Both return the same frame:
``kind, id, label, village_id, town_id, reason``. The rules themselves (``is_current``, ``needs_helper``,
``is_active_helper`` and their frame forms ``current_rels``, ``need_mask``) live in ``graph/core/rules.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    import networkx as nx

    Graph = nx.MultiDiGraph

from pairnet.queries.engine import Engine, Source, date_params, pull_network, records, run_cypher, use_cypher
from pairnet.graph.core.dates import check_as_of
from pairnet.graph.core.policy import Policy
from pairnet.graph.core.rules import is_active_helper, is_current, needs_helper

COLUMNS = ["kind", "id", "label", "village_id", "town_id", "reason"]
KINDS = ("town_without_leader", "village_without_unit", "village_without_first_secretary",
         "village_team_understaffed", "deep_village_without_leader", "household_without_helper")
REASONS = ("never_paired", "pairings_ended", "only_inactive_helpers")


# --- the public analyses ---------------------------------------------------------------------------------
def households_without_helper(source: Source, *, as_of: dt.date, policy: Policy | None = None,
                              engine: Engine = None) -> pd.DataFrame:
    """Households in need with no active helper on ``as_of``, and why.

    In need: status poor or monitored, or exited and ``as_of.year <= exit_year + continuity_years``. Helped:
    some pairing current on ``as_of`` (``since`` blank or <= as_of, ``until`` blank or >= as_of) from an active
    helper. Reasons: ``only_inactive_helpers`` (current pairings, all with inactive cadres), ``pairings_ended``
    (no current pairing, some ended before ``as_of``), ``never_paired`` (none, or only ones not begun yet).

    >>> from pairnet.graph.example import AS_OF, example_network
    >>> net = example_network()
    >>> households_without_helper(net, as_of=AS_OF)[["id", "reason"]]
        id                 reason
    0  H08  only_inactive_helpers
    1  H09         pairings_ended
    2  H10           never_paired
    """
    return _one(source, "households_without_helper", as_of, policy, engine)


def villages_without_unit(source: Source, *, as_of: dt.date, policy: Policy | None = None,
                          engine: Engine = None) -> pd.DataFrame:
    """Poor villages with no unit packaging them on ``as_of`` (村村有包抓).

    >>> from pairnet.graph.example import AS_OF, example_network
    >>> villages_without_unit(example_network(), as_of=AS_OF)["id"].tolist()
    ['V2']
    """
    return _one(source, "villages_without_unit", as_of, policy, engine)


def villages_without_first_secretary(source: Source, *, as_of: dt.date, policy: Policy | None = None,
                                     engine: Engine = None) -> pd.DataFrame:
    """Poor villages with no active cadre stationed there as first secretary on ``as_of``.

    >>> from pairnet.graph.example import AS_OF, example_network
    >>> villages_without_first_secretary(example_network(), as_of=AS_OF)["id"].tolist()
    ['V2', 'V4']
    """
    return _one(source, "villages_without_first_secretary", as_of, policy, engine)


def villages_team_understaffed(source: Source, *, as_of: dt.date, policy: Policy | None = None,
                               engine: Engine = None) -> pd.DataFrame:
    """Poor villages with fewer than ``min_team`` active cadres stationed there on ``as_of`` (any role).

    The reason says how many there are, e.g. ``team 2 of 3``.

    >>> from pairnet.graph.example import AS_OF, example_network
    >>> villages_team_understaffed(example_network(), as_of=AS_OF)[["id", "reason"]].values.tolist()
    [['V1', 'team 2 of 3'], ['V2', 'team 0 of 3'], ['V4', 'team 0 of 3']]
    """
    return _one(source, "villages_team_understaffed", as_of, policy, engine)


def deep_villages_without_leader(source: Source, *, as_of: dt.date, policy: Policy | None = None,
                                 engine: Engine = None) -> pd.DataFrame:
    """Deep-poverty villages with no county leader packaging them on ``as_of``.

    >>> from pairnet.graph.example import AS_OF, example_network
    >>> deep_villages_without_leader(example_network(), as_of=AS_OF)["id"].tolist()  # V4 has L1
    []
    """
    return _one(source, "deep_villages_without_leader", as_of, policy, engine)


def towns_without_leader(source: Source, *, as_of: dt.date, policy: Policy | None = None,
                         engine: Engine = None) -> pd.DataFrame:
    """Towns no county leader liaises with (liaison has no dates: ``as_of`` is accepted for symmetry).

    >>> from pairnet.graph.example import AS_OF, example_network
    >>> towns_without_leader(example_network(), as_of=AS_OF)["id"].tolist()
    ['T2']
    """
    return _one(source, "towns_without_leader", as_of, policy, engine)


def gaps(source: Source, *, as_of: dt.date, policy: Policy | None = None, engine: Engine = None) -> pd.DataFrame:
    """Every gap of every rule above, sorted by town, village, kind and id (town rows first in their town).

    >>> from pairnet.graph.example import AS_OF, example_network
    >>> summary(gaps(example_network(), as_of=AS_OF))
    {'town_without_leader': 1, 'village_without_unit': 1, 'village_without_first_secretary': 2, 'village_team_understaffed': 3, 'deep_village_without_leader': 0, 'household_without_helper': 3}
    """
    as_of, policy = check_as_of(as_of), policy or Policy()
    if use_cypher(source, engine):
        frames = [_cypher(source, name, as_of, policy) for name in _RULES]
    else:
        g = pull_network(source).to_networkx()
        frames = [_frame(name, list(fn(g, as_of, policy)), policy) for name, fn in _RULES.items()]
    return sort_gaps(pd.concat(frames, ignore_index=True))


def sort_gaps(df: pd.DataFrame) -> pd.DataFrame:
    """Gaps grouped by town then village for field follow-up; a town's own gap first, then kinds in order."""
    order = df["kind"].map({k: i for i, k in enumerate(KINDS)})
    keyed = df.assign(_k=order).sort_values(["town_id", "village_id", "_k", "id"], na_position="first", kind="stable")
    return keyed.drop(columns="_k").reset_index(drop=True)


def summary(df: pd.DataFrame) -> dict[str, int]:
    """Count of gaps per kind, every kind present (zeros included), in rule order."""
    counts = df["kind"].value_counts()
    return {k: int(counts.get(k, 0)) for k in KINDS}


# --- engines ---------------------------------------------------------------------------------------------
def _one(source: Source, name: str, as_of: dt.date, policy: Policy | None, engine: Engine) -> pd.DataFrame:
    as_of, policy = check_as_of(as_of), policy or Policy()
    if use_cypher(source, engine):
        return _cypher(source, name, as_of, policy)
    g = pull_network(source).to_networkx()
    return _frame(name, list(_RULES[name](g, as_of, policy)), policy)


def _cypher(store: Any, name: str, as_of: dt.date, policy: Policy) -> pd.DataFrame:
    df = run_cypher(store, name, {**date_params(as_of), **policy.params()})
    return _frame(name, records(df), policy)


def _frame(name: str, rows: list[dict[str, Any]], policy: Policy) -> pd.DataFrame:
    """Rows of one rule as the gaps frame (the team size becomes a readable reason)."""
    df = pd.DataFrame(rows, columns=["id", "label", "village_id", "town_id", "reason"])
    if name == "villages_team_understaffed":
        df["reason"] = [f"team {int(n)} of {policy.min_team}" for n in df["reason"]]
    df.insert(0, "kind", _KIND[name])
    return df.astype("string").sort_values("id").reset_index(drop=True)


Row = dict[str, Any]


def _households_nx(g: Graph, as_of: dt.date, policy: Policy) -> Iterator[Row]:
    for n, d in g.nodes(data=True):
        if d["label"] != "Household" or not needs_helper(d, as_of, policy):
            continue
        current, ended = [], False
        for helper, _, kind, rel in g.in_edges(n, keys=True, data=True):
            if kind != "HELPS":
                continue
            if is_current(rel, as_of):
                current.append(helper)
            elif rel.get("until") is not None and rel["until"] < as_of:
                ended = True
        if any(is_active_helper(g.nodes[h]) for h in current):
            continue
        reason = "only_inactive_helpers" if current else "pairings_ended" if ended else "never_paired"
        village = _out(g, n, "LIVES_IN")
        yield _row(d["household_id"], d["head_name"], village and village[1], village and _town_of(g, village),
                   reason)


def _villages_flagged(g: Graph, flag: str = "poor") -> Iterator[tuple[Any, Row]]:
    for n, d in g.nodes(data=True):
        if d["label"] == "Village" and d.get(flag) is True:
            yield n, d


def _current_in(g: Graph, n: Any, rel_type: str, source_label: str, as_of: dt.date) -> Iterator[tuple[Any, Row]]:
    """Sources of ``source_label`` with a ``rel_type`` into ``n`` current on ``as_of``."""
    for s, _, kind, rel in g.in_edges(n, keys=True, data=True):
        if kind == rel_type and s[0] == source_label and is_current(rel, as_of):
            yield s, rel


def _villages_without_unit_nx(g: Graph, as_of: dt.date, policy: Policy) -> Iterator[Row]:
    for n, d in _villages_flagged(g):
        if not any(_current_in(g, n, "PACKAGES", "Unit", as_of)):
            yield _village_row(g, n, d)


def _villages_without_first_secretary_nx(g: Graph, as_of: dt.date, policy: Policy) -> Iterator[Row]:
    for n, d in _villages_flagged(g):
        if not any(rel.get("role") == "first_secretary" and is_active_helper(g.nodes[c])
                   for c, rel in _current_in(g, n, "STATIONED_IN", "Cadre", as_of)):
            yield _village_row(g, n, d)


def _villages_team_understaffed_nx(g: Graph, as_of: dt.date, policy: Policy) -> Iterator[Row]:
    for n, d in _villages_flagged(g):
        team = {c for c, _ in _current_in(g, n, "STATIONED_IN", "Cadre", as_of) if is_active_helper(g.nodes[c])}
        if len(team) < policy.min_team:
            yield _village_row(g, n, d, reason=len(team))


def _deep_villages_without_leader_nx(g: Graph, as_of: dt.date, policy: Policy) -> Iterator[Row]:
    for n, d in _villages_flagged(g, "deep_poverty"):
        if not any(_current_in(g, n, "PACKAGES", "Leader", as_of)):
            yield _village_row(g, n, d)


def _towns_without_leader_nx(g: Graph, as_of: dt.date, policy: Policy) -> Iterator[Row]:
    for n, d in g.nodes(data=True):
        if d["label"] == "Town" and not any(_current_in(g, n, "LIAISES", "Leader", as_of)):
            yield _row(d["town_id"], d["name"], None, d["town_id"], None)


def _out(g: Graph, n: Any, rel_type: str) -> Any:
    """The node ``n`` points to by ``rel_type`` (a household's village, a village's town), or None."""
    return next((t for _, t, kind in g.out_edges(n, keys=True) if kind == rel_type), None)


def _town_of(g: Graph, village: Any) -> str | None:
    town = _out(g, village, "IN_TOWN")
    return town and town[1]


def _village_row(g: Graph, n: Any, d: Row, reason: Any = None) -> Row:
    return _row(d["village_id"], d["name"], d["village_id"], _town_of(g, n), reason)


def _row(id_: str, label: str, village_id: str | None, town_id: str | None, reason: Any) -> Row:
    return {"id": id_, "label": label, "village_id": village_id, "town_id": town_id, "reason": reason}


_RULES: dict[str, Callable[[Graph, dt.date, Policy], Iterator[Row]]] = {
    "towns_without_leader": _towns_without_leader_nx,
    "villages_without_unit": _villages_without_unit_nx,
    "villages_without_first_secretary": _villages_without_first_secretary_nx,
    "villages_team_understaffed": _villages_team_understaffed_nx,
    "deep_villages_without_leader": _deep_villages_without_leader_nx,
    "households_without_helper": _households_nx,
}
_KIND = dict(zip(_RULES, KINDS))  # rule function name -> gap kind (same order)
