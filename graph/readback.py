"""Reading a whole network back from any Cypher store: the per-label and per-type queries, and parameters."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from pairnet.graph.core import schema
from pairnet.graph.network import PairingNetwork, Scope

# Runs a read query (with parameters) and returns its rows as a frame with the given columns (of those properties).
Fetch = Callable[[str, list[str], tuple[schema.Prop, ...], dict[str, Any]], pd.DataFrame]

# A scoped read fetches these whole (a county has hundreds of them) and filters the big ones in the query.
_BIG_NODES = ("Household", "Cadre")
_BIG_RELS = ("LIVES_IN", "WORKS_IN", "HELPS")


def node_query(n: schema.Node, where: str = "") -> str:
    """Every node of a label (``where``: a condition on ``n``), one column per property (scalars only)."""
    cols = ", ".join(f"n.{p.name} AS {p.name}" for p in n.props)
    cond = f" WHERE {where}" if where else ""
    return f"MATCH (n:{schema.check_label(n.label)}){cond} RETURN {cols}"


def rel_query(r: schema.Rel, src: str, tgt: str, where: str = "") -> str:
    """Every relationship of a type between two labels (``where``: a condition on ``a``, ``r``, ``b``):
    ``source``, ``target`` keys, then its properties."""
    cols = "".join(f", r.{p.name} AS {p.name}" for p in r.props)
    cond = f" WHERE {where}" if where else ""
    return (f"MATCH (a:{schema.check_label(src)})-[r:{schema.check_type(r.type)}]->(b:{schema.check_label(tgt)})"
            f"{cond} RETURN a.{schema.NODE[src].key} AS source, b.{schema.NODE[tgt].key} AS target{cols}")


def _ids(values: set | list) -> list[str]:
    """Keys as a list parameter, never empty (LadybugDB cannot type an empty list; no key is blank)."""
    return sorted(str(v) for v in values) or [""]


def _nodes(fetch: Fetch, label: str, where: str = "", params: dict[str, Any] | None = None) -> pd.DataFrame:
    n = schema.NODE[label]
    return fetch(node_query(n, where), n.prop_names, n.props, params or {})


def _rels(fetch: Fetch, rel_type: str, where: str = "", params: dict[str, Any] | None = None) -> pd.DataFrame:
    r = schema.REL[rel_type]
    parts = []
    for src, tgt in r.ends:
        df = fetch(rel_query(r, src, tgt, where), ["source", "target", *r.prop_names], r.props, params or {})
        if r.multi_source:
            df["source_label"] = pd.Series(src, index=df.index, dtype="string")
        parts.append(df)
    return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]


def read_network(fetch: Fetch, scope: Scope | None = None) -> PairingNetwork:
    """The network a store holds, one query per label and per (type, source label), or the part ``scope``
    covers: then households, cadres and their ties are filtered in the queries (ids as parameters) to a superset
    of the scope, and ``subnetwork`` cuts it exactly, so a town's read stays small whatever the county's size."""
    if scope is None or scope.is_whole:
        nodes = {n.label: _nodes(fetch, n.label) for n in schema.NODES}
        return PairingNetwork(nodes, {r.type: _rels(fetch, r.type) for r in schema.RELS})
    nodes = {n.label: _nodes(fetch, n.label) for n in schema.NODES if n.label not in _BIG_NODES}
    rels = {r.type: _rels(fetch, r.type) for r in schema.RELS if r.type not in _BIG_RELS}
    if scope.unit_id is not None:
        nodes["Cadre"] = _nodes(fetch, "Cadre", "n.unit_id = $unit", {"unit": scope.unit_id})
        helps = schema.REL["HELPS"]
        mine = fetch(rel_query(helps, "Cadre", "Household", "a.unit_id = $unit"), ["source", "target", *helps.prop_names],
                     helps.props, {"unit": scope.unit_id})
        households = sorted(set(mine["target"].dropna()))
        nodes["Household"] = _nodes(fetch, "Household", "n.household_id IN $ids", {"ids": _ids(households)})
        rels["HELPS"] = _rels(fetch, "HELPS", "b.household_id IN $ids", {"ids": _ids(households)})
    else:
        v = nodes["Village"]
        villages = sorted(set(v.loc[v["town_id"] == scope.town_id, "village_id"] if scope.town_id is not None
                              else v.loc[v["village_id"] == scope.village_id, "village_id"]))
        nodes["Household"] = _nodes(fetch, "Household", "n.village_id IN $ids", {"ids": _ids(villages)})
        households = sorted(set(nodes["Household"]["household_id"]))
        rels["HELPS"] = _rels(fetch, "HELPS", "b.household_id IN $ids", {"ids": _ids(households)})
        st = rels["STATIONED_IN"]
        cadres = set(rels["HELPS"].loc[rels["HELPS"]["source_label"] == "Cadre", "source"])
        cadres |= set(st.loc[st["target"].isin(villages), "source"])
        nodes["Cadre"] = _nodes(fetch, "Cadre", "n.cadre_id IN $ids", {"ids": _ids(cadres)})
    rels["LIVES_IN"] = _rels(fetch, "LIVES_IN", "a.household_id IN $ids", {"ids": _ids(households)})
    rels["WORKS_IN"] = _rels(fetch, "WORKS_IN", "a.cadre_id IN $ids",
                             {"ids": _ids(set(nodes["Cadre"]["cadre_id"]))})
    return PairingNetwork(nodes, rels).subnetwork(scope)


def query_params(params: Mapping[str, Any] | None) -> dict[str, Any]:
    """Parameters as drivers take them: pandas timestamps become dates (or datetimes), numpy scalars Python ones.

    >>> query_params({"d": pd.Timestamp("2020-01-02"), "n": np.int64(3)})
    {'d': datetime.date(2020, 1, 2), 'n': 3}
    """
    out = {}
    for k, v in (params or {}).items():
        if isinstance(v, pd.Timestamp):
            v = v.date() if v == v.normalize() else v.to_pydatetime()
        elif isinstance(v, np.generic):
            v = v.item()
        out[k] = v
    return out
