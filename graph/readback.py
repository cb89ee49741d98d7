"""Reading a whole network back from any Cypher store: the per-label and per-type queries, and parameters."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from pairnet.graph.core import schema
from pairnet.graph.network import PairingNetwork, Scope

# Runs a read query and returns its rows as a frame with the given columns (of the given properties).
Fetch = Callable[[str, list[str], tuple[schema.Prop, ...]], pd.DataFrame]


def node_query(n: schema.Node) -> str:
    """Every node of a label, one column per property (scalars only, never node objects); a foreign-key column
    is read from its relationship (``households.village_id`` from ``LIVES_IN``), the one place it is stored."""
    fks = {fk.column: (i, fk) for i, fk in enumerate(fk for fk in schema.FOREIGN_KEYS if fk.label == n.label)}
    match = f"MATCH (n:{schema.check_label(n.label)})" + "".join(
        f" OPTIONAL MATCH (n)-[:{schema.check_type(fk.rel)}]->(f{i}:{schema.check_label(fk.target)})"
        for i, fk in fks.values())
    cols = ", ".join(f"f{fks[p.name][0]}.{schema.NODE[fks[p.name][1].target].key} AS {p.name}" if p.name in fks
                     else f"n.{p.name} AS {p.name}" for p in n.props)
    return f"{match} RETURN {cols}"


def rel_query(r: schema.Rel, src: str, tgt: str) -> str:
    """Every relationship of a type between two labels: ``source``, ``target`` keys, then its properties."""
    cols = "".join(f", r.{p.name} AS {p.name}" for p in r.props)
    return (f"MATCH (a:{schema.check_label(src)})-[r:{schema.check_type(r.type)}]->(b:{schema.check_label(tgt)}) "
            f"RETURN a.{schema.NODE[src].key} AS source, b.{schema.NODE[tgt].key} AS target{cols}")


def read_network(fetch: Fetch, scope: Scope | None = None) -> PairingNetwork:
    """The network a store holds, one query per label and per (type, source label), then ``scope`` applied."""
    nodes = {n.label: fetch(node_query(n), n.prop_names, n.props) for n in schema.NODES}
    rels = {}
    for r in schema.RELS:
        if r.type in schema.FOREIGN_KEY:
            continue  # derived from the node columns just read
        parts = []
        for src, tgt in r.ends:
            df = fetch(rel_query(r, src, tgt), ["source", "target", *r.prop_names], r.props)
            if r.multi_source:
                df["source_label"] = pd.Series(src, index=df.index, dtype="string")
            parts.append(df)
        rels[r.type] = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
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
