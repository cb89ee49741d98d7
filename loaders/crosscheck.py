"""The checks across sheets: helper ids unique over leaders and cadres, and every reference resolving to a node."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pairnet.graph.core import schema
from pairnet.graph.core.messages import loader_text
from pairnet.graph.network import PairingNetwork
from pairnet.loaders.faults import Fault
from pairnet.loaders.sheetcheck import CheckedSheet, blank_as_none

# A reference the schema keeps as a plain property rather than a relationship.
EXTRA_REFERENCES = {("committees", "lead_village_id"): "Village"}


def arrow(col: pd.Series) -> pa.Array:
    """A text column as one Arrow string array (no copy when it is already Arrow-backed)."""
    arr = pa.array(col, pa.string(), from_pandas=True)
    return arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr


def isin(col: pd.Series, known: pa.Array) -> np.ndarray:
    """Per cell, whether it is one of ``known`` (a blank cell is not, unless ``known`` holds a blank)."""
    return pc.is_in(arrow(col), value_set=known).to_numpy(zero_copy_only=False)


def node_keys(checked: dict[str, CheckedSheet], existing: PairingNetwork | None) -> dict[str, pa.Array | None]:
    """Keys per label given in the workbook (plus those in the store when appending), as Arrow text arrays:
    membership of millions of cells is then one ``is_in`` call.

    None for a label whose sheet or key column is missing: that fault is reported once, not again for every
    row that names such a node.
    """
    keys: dict[str, pa.Array | None] = {}
    for node in schema.NODES:
        s = checked.get(node.sheet)
        has = s is not None and node.key in s.typed
        given = [arrow(s.typed[node.key]).drop_null()] if has else []
        if existing is not None:
            given.append(arrow(existing.nodes[node.label][node.key]).drop_null())
        keys[node.label] = (pa.concat_arrays([pa.array([], pa.string()), *given])
                            if has or existing is not None or not node.required_sheet else None)
    return keys


def helper_overlap(checked: dict[str, CheckedSheet], existing: PairingNetwork | None) -> list[Fault]:
    """Helper ids must be unique across leaders and cadres (a pairing names its helper by id alone)."""
    cadres, leaders = checked.get(schema.NODE["Cadre"].sheet), checked.get(schema.NODE["Leader"].sheet)
    if cadres is None or "cadre_id" not in cadres.typed:
        return []
    leader_rows: dict[str | None, int | None] = {}
    if existing is not None:
        leader_rows.update({k: None for k in existing.nodes["Leader"]["leader_id"].dropna()})
    if leaders is not None and "leader_id" in leaders.typed:
        # a blank leader_id is a key too: a blank cadre_id matches it (both are also reported as required)
        leader_rows.update(zip(map(blank_as_none, leaders.typed["leader_id"]), leaders.raw.rows))
    cadre_ids = cadres.typed["cadre_id"]
    out = []
    for i in np.flatnonzero(isin(cadre_ids, pa.array(list(leader_rows), pa.string()))):
        v = blank_as_none(cadre_ids.iloc[i])
        row = leader_rows[v]
        where, where_zh = (f"leaders row {row}", f"县级领导表第 {row} 行") if row is not None else (
            "the store's leaders", "库中已有的县级领导")
        out.append(cadres.fault(i, "cadre_id", cadres.raw.frame["cadre_id"].iloc[i],
                                loader_text("also_leader", where=where, where_zh=where_zh)))
    return out


def references(checked: dict[str, CheckedSheet], keys: dict[str, pa.Array | None]) -> list[Fault]:
    """Every key a row names must be a node of the right label; a number that is a known code without its
    leading zeros says so."""
    out = []
    for (sheet_name, column, label) in reference_columns():
        s = checked.get(sheet_name)
        if s is None or column not in s.typed:
            continue
        labels = label if isinstance(label, tuple) else (label,)
        if any(keys[lab] is None for lab in labels):
            continue
        known = pa.concat_arrays([keys[lab] for lab in labels])
        col = s.typed[column]
        bad = col.notna().to_numpy() & ~isin(col, known)
        if not bad.any():
            continue
        where = " or ".join(schema.NODE[lab].sheet for lab in labels)
        where_zh = "或".join(schema.SHEET_ZH[schema.NODE[lab].sheet][0] for lab in labels)
        unpadded = _unpadded(known) if bad.sum() else {}
        for i in np.flatnonzero(bad):
            v = str(col.iloc[i])
            if v.isdigit() and v in unpadded:
                text = loader_text("not_in_zeros", where=where, where_zh=where_zh, known=unpadded[v])
            else:
                text = loader_text("not_in", where=where, where_zh=where_zh)
            out.append(s.fault(i, column, s.raw.frame[column].iloc[i], text))
    return out


def _unpadded(known: pa.Array) -> dict[str, str]:
    """Zero-led digit codes by their digits without the zeros (``0001`` under ``1``)."""
    led = pc.filter(known, pc.match_substring_regex(known, r"^0+[0-9]+$"))
    return {v.lstrip("0") or "0": v for v in led.to_pylist()}


def reference_columns() -> list[tuple[str, str, str | tuple[str, ...]]]:
    """(sheet, column, label or labels) for every column that names a node of another sheet."""
    out: list[tuple[str, str, str | tuple[str, ...]]] = []
    for r in schema.RELS:
        for rs in r.sources:
            if not rs.from_node_sheet:
                out.append((rs.sheet, rs.source.name, rs.source_labels if len(rs.source_labels) > 1 else
                            rs.source_labels[0]))
            out.append((rs.sheet, rs.target.name, rs.target_label))
    out.extend((sheet, col, label) for (sheet, col), label in EXTRA_REFERENCES.items())
    out.extend((e.sheet, col, labels if len(labels) > 1 else labels[0]) for e in schema.EVENTS
               for col, labels in e.references)  # visits name helpers and households, attendance cadres, villages
    return out


def ordered(faults: list[Fault]) -> list[Fault]:
    """Faults in schema sheet order, then by row, then by column order within the sheet."""
    order = {s.name: i for i, s in enumerate(schema.SHEETS)}

    def rank(f: Fault) -> tuple[int, int, int]:
        cols = schema.SHEET[f.sheet].column_names if f.sheet in schema.SHEET else []
        return (order.get(f.sheet, len(order)), f.row or 0, cols.index(f.column) if f.column in cols else -1)

    return sorted(faults, key=rank)
