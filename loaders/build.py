"""The typed network of checked sheets: node frames as typed, relationships from their sheets and foreign keys."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from pairnet.graph.core import schema
from pairnet.graph.network import PairingNetwork
from pairnet.loaders.crosscheck import isin
from pairnet.loaders.sheetcheck import CheckedSheet


def build_network(checked: dict[str, CheckedSheet], keys: dict[str, pa.Array | None]) -> PairingNetwork:
    """The PairingNetwork of sheets that passed every check (``keys``: the node keys per label)."""
    nodes = {n.label: checked[n.sheet].typed for n in schema.NODES if n.sheet in checked}
    rels: dict[str, list[pd.DataFrame]] = {r.type: [] for r in schema.RELS}
    for r in schema.RELS:
        for rs in r.sources:
            s = checked.get(rs.sheet)
            if s is None or rs.from_node_sheet:  # a foreign key: the network derives it from the node column
                continue
            df = s.typed
            frame = pd.DataFrame({"source": df[rs.source.name], "target": df[rs.target.name]})
            for p in r.prop_names:
                frame[p] = df[p] if p in df else None
            if r.multi_source:
                if len(rs.source_labels) > 1:
                    leaders = keys[schema.HELPER_LABELS[0]]
                    if leaders is None:
                        leaders = pa.array([], pa.string())
                    frame["source_label"] = np.where(isin(frame["source"], leaders), *schema.HELPER_LABELS)
                else:
                    frame["source_label"] = rs.source_labels[0]
            if r.undirected:
                a, b = frame["source"], frame["target"]
                frame["source"], frame["target"] = np.where(a < b, a, b), np.where(a < b, b, a)
                frame = frame.drop_duplicates(["source", "target"])
            rels[r.type].append(frame)
    events = {e.sheet: checked[e.sheet].typed for e in schema.EVENTS if e.sheet in checked}  # visits, attendance
    return PairingNetwork(nodes, {t: pd.concat(fs, ignore_index=True) for t, fs in rels.items() if fs}, events)
