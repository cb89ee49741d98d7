"""Reading a whole network back from any Cypher store: the per-label and per-type queries, and parameters."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from pairnet.graph.core import schema
from pairnet.graph.network import PairingNetwork, Scope

# Runs a read query and returns its rows as a frame with the given columns (of the given properties); a scoped
# read passes parameters as a fourth argument (a whole read never does, so a three-argument fetch serves it).
Fetch = Callable[..., pd.DataFrame]

# A scoped read fetches the rest whole (a county has hundreds of them) and filters these big ones in the query.
_BIG_NODES = ("Household", "Cadre")


def node_query(n: schema.Node, where: str = "", via: str | None = None) -> str:
    """Every node of a label, one column per property (scalars only, never node objects); a foreign-key column
    is read from its relationship (``households.village_id`` from ``LIVES_IN``), the one place it is stored.

    ``where`` is a condition on ``n``'s own properties; ``via`` names a foreign-key column whose value must be
    in the parameter ``$ids`` (then that relationship is matched, not optional).
    """
    fks = {fk.column: (i, fk) for i, fk in enumerate(fk for fk in schema.FOREIGN_KEYS if fk.label == n.label)}
    match = f"MATCH (n:{schema.check_label(n.label)})" + (f" WHERE {where}" if where else "")
    ordered = sorted(fks.values(), key=lambda item: item[1].column != via)  # the filtering one first
    for i, fk in ordered:
        pattern = f"(n)-[:{schema.check_type(fk.rel)}]->(f{i}:{schema.check_label(fk.target)})"
        if fk.column == via:
            match += f" MATCH {pattern} WHERE f{i}.{schema.NODE[fk.target].key} IN $ids"
        else:
            match += f" OPTIONAL MATCH {pattern}"
    cols = ", ".join(f"f{fks[p.name][0]}.{schema.NODE[fks[p.name][1].target].key} AS {p.name}" if p.name in fks
                     else f"n.{p.name} AS {p.name}" for p in n.props)
    return f"{match} RETURN {cols}"


def rel_query(r: schema.Rel, src: str, tgt: str, where: str = "") -> str:
    """Every relationship of a type between two labels (``where``: a condition on ``a``, ``r``, ``b``):
    ``source``, ``target`` keys, then its properties."""
    cols = "".join(f", r.{p.name} AS {p.name}" for p in r.props)
    cond = f" WHERE {where}" if where else ""
    return (f"MATCH (a:{schema.check_label(src)})-[r:{schema.check_type(r.type)}]->(b:{schema.check_label(tgt)})"
            f"{cond} RETURN a.{schema.NODE[src].key} AS source, b.{schema.NODE[tgt].key} AS target{cols}")


def helps_query(src: str, by: str) -> str:
    """Pairings from ``src`` helpers into the households of the villages ``$ids`` (``by="village"``, walked from
    the villages: fast on both stores) or into the households ``$ids`` (``by="household"``, one key lookup each)."""
    r = schema.REL["HELPS"]
    cols = "".join(f", r.{p.name} AS {p.name}" for p in r.props)
    ret = f" RETURN a.{schema.NODE[src].key} AS source, b.household_id AS target{cols}"
    if by == "village":
        return (f"MATCH (v:Village)<-[:{schema.check_type('LIVES_IN')}]-(b:Household)<-[r:HELPS]-"
                f"(a:{schema.check_label(src)}) WHERE v.village_id IN $ids{ret}")
    return f"UNWIND $ids AS k MATCH (a:{schema.check_label(src)})-[r:HELPS]->(b:Household) WHERE b.household_id = k{ret}"


def _helps(fetch: Fetch, by: str, ids: list[str]) -> pd.DataFrame:
    r = schema.REL["HELPS"]
    parts = []
    for src, _ in r.ends:
        df = fetch(helps_query(src, by), ["source", "target", *r.prop_names], r.props, {"ids": ids})
        df["source_label"] = pd.Series(src, index=df.index, dtype="string")
        parts.append(df)
    return pd.concat(parts, ignore_index=True)


def _ids(values: set | list) -> list[str]:
    """Keys as a list parameter, never empty (LadybugDB cannot type an empty list; no key is blank)."""
    return sorted(str(v) for v in values) or [""]


def _nodes(fetch: Fetch, label: str, where: str = "", via: str | None = None,
           params: dict[str, Any] | None = None) -> pd.DataFrame:
    n = schema.NODE[label]
    args = (node_query(n, where, via), n.prop_names, n.props)
    return fetch(*args, params) if params else fetch(*args)


def _rels(fetch: Fetch, rel_type: str, where: str = "", params: dict[str, Any] | None = None,
          sources: tuple[str, ...] | None = None) -> pd.DataFrame:
    r = schema.REL[rel_type]
    parts = []
    for src, tgt in r.ends:
        if sources is not None and src not in sources:
            df = schema.empty_frame(["source", "target", *r.prop_names], r.props)
        else:
            args = (rel_query(r, src, tgt, where), ["source", "target", *r.prop_names], r.props)
            df = fetch(*args, params) if params else fetch(*args)
        if r.multi_source:
            df["source_label"] = pd.Series(src, index=df.index, dtype="string")
        parts.append(df)
    return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]


def read_network(fetch: Fetch, scope: Scope | None = None) -> PairingNetwork:
    """The network a store holds, one query per label and per (type, source label), or the part ``scope``
    covers: then households, cadres and their pairings are filtered in the queries (ids as parameters) to a
    superset of the scope, and ``subnetwork`` cuts it exactly, so a town's read stays small in any county."""
    stored = [r for r in schema.RELS if r.type not in schema.FOREIGN_KEY]  # the others derive from node columns
    if scope is None or scope.is_whole:
        nodes = {n.label: _nodes(fetch, n.label) for n in schema.NODES}
        return PairingNetwork(nodes, {r.type: _rels(fetch, r.type) for r in stored})
    nodes = {n.label: _nodes(fetch, n.label) for n in schema.NODES if n.label not in _BIG_NODES}
    rels = {r.type: _rels(fetch, r.type) for r in stored if r.type != "HELPS"}
    if scope.unit_id is not None:
        nodes["Cadre"] = _nodes(fetch, "Cadre", via="unit_id", params={"ids": [scope.unit_id]})
        mine = _rels(fetch, "HELPS", "a.cadre_id IN $ids", {"ids": _ids(set(nodes["Cadre"]["cadre_id"]))},
                     sources=("Cadre",))
        households = set(mine["target"].dropna())
        nodes["Household"] = _nodes(fetch, "Household", "n.household_id IN $ids", params={"ids": _ids(households)})
    else:
        v = nodes["Village"]
        villages = set(v.loc[v["town_id"] == scope.town_id, "village_id"] if scope.town_id is not None
                       else v.loc[v["village_id"] == scope.village_id, "village_id"])
        nodes["Household"] = _nodes(fetch, "Household", via="village_id", params={"ids": _ids(villages)})
        households = set(nodes["Household"]["household_id"])
    rels["HELPS"] = (_helps(fetch, "household", _ids(households)) if scope.unit_id is not None
                     else _helps(fetch, "village", _ids(villages)))
    if scope.unit_id is None:
        st = rels["STATIONED_IN"]
        cadres = set(rels["HELPS"].loc[rels["HELPS"]["source_label"] == "Cadre", "source"])
        cadres |= set(st.loc[st["target"].isin(villages), "source"])
        nodes["Cadre"] = _nodes(fetch, "Cadre", "n.cadre_id IN $ids", params={"ids": _ids(cadres)})
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
