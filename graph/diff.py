"""What changed between two networks (added, removed, changed rows per label and type) and append-merging."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pairnet.graph.core import schema
from pairnet.graph.network import PairingNetwork


def identity(name: str) -> list[str]:
    """Columns that identify a row: a label's key, or a relationship's (source_label,) source, target."""
    if name in schema.NODE:
        return [schema.NODE[name].key]
    rel = schema.REL[name]
    return (["source_label"] if rel.multi_source else []) + ["source", "target"]


@dataclass
class FrameDiff:
    """Rows of one frame: ``added`` and ``changed`` hold the new rows, ``removed`` the old ones."""

    added: pd.DataFrame
    removed: pd.DataFrame
    changed: pd.DataFrame
    changed_before: pd.DataFrame | None = None  # the old rows of ``changed``, same order (for the history)

    @property
    def is_empty(self) -> bool:
        return self.added.empty and self.removed.empty and self.changed.empty

    @property
    def upserts(self) -> pd.DataFrame:
        """Rows to create or overwrite: added then changed."""
        return pd.concat([self.added, self.changed], ignore_index=True)

    def counts(self) -> dict[str, int]:
        return {"added": len(self.added), "removed": len(self.removed), "changed": len(self.changed)}


@dataclass
class NetworkDiff:
    """Per label (``nodes``) and per relationship type (``rels``), what ``new`` adds, removes and changes.

    >>> d = diff_networks(PairingNetwork.empty(), PairingNetwork.empty())
    >>> d.is_empty, d.lines()
    (True, [])
    """

    nodes: dict[str, FrameDiff] = field(default_factory=dict)
    rels: dict[str, FrameDiff] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return all(d.is_empty for d in (*self.nodes.values(), *self.rels.values()))

    def lines(self) -> list[str]:
        """One line per frame that changed, e.g. ``"HELPS: +30 -12 ~3"`` (``~`` only when rows changed)."""
        out = []
        for name, d in (*self.nodes.items(), *self.rels.items()):
            if d.is_empty:
                continue
            c = d.counts()
            out.append(f"{name}: +{c['added']} -{c['removed']}" + (f" ~{c['changed']}" if c["changed"] else ""))
        return out

    def counts(self) -> dict[str, dict[str, dict[str, int]]]:
        """``{"nodes": {label: {"added", "removed", "changed"}}, "relationships": {type: {...}}}``."""
        return {"nodes": {k: d.counts() for k, d in self.nodes.items()},
                "relationships": {k: d.counts() for k, d in self.rels.items()}}


def diff_frames(old: pd.DataFrame, new: pd.DataFrame, name: str) -> FrameDiff:
    """Rows of ``new`` not in ``old`` (by identity), of ``old`` not in ``new``, and in both with other values."""
    ident = identity(name)
    if not len(old) or not len(new):  # nothing to match (and Arrow cannot join two chunkless key columns)
        none = new.iloc[:0]
        return FrameDiff(_typed(new, name), _typed(old, name), _typed(none, name), _typed(none, name))
    both = old.merge(new, on=ident, how="outer", suffixes=("_old", ""), indicator=True)
    cols = list(new.columns)
    props = [c for c in cols if c not in ident]
    added = both.loc[both["_merge"] == "right_only", cols]
    in_both = both[both["_merge"] == "both"]
    differs = pd.Series(False, index=in_both.index)
    for c in props:
        a, b = in_both[f"{c}_old"], in_both[c]
        both_set = (a.notna() & b.notna()).to_numpy(dtype=bool)
        unequal = (a != b).fillna(False).to_numpy(dtype=bool)  # NaT != NaT is True: count only set pairs
        differs |= (a.isna() != b.isna()).to_numpy(dtype=bool) | (unequal & both_set)
    changed = in_both.loc[differs, cols]
    before = in_both.loc[differs, ident + [f"{c}_old" for c in props]]
    before.columns = ident + props
    removed = old[~_isin(old, new, ident)]
    return FrameDiff(_typed(added, name), _typed(removed, name), _typed(changed, name), _typed(before, name))


def diff_networks(old: PairingNetwork, new: PairingNetwork) -> NetworkDiff:
    """Everything that writing ``new`` over ``old`` would add, remove and change.

    >>> net = PairingNetwork.empty()
    >>> diff_networks(net, net).is_empty
    True
    """
    return NetworkDiff(
        {n.label: diff_frames(old.nodes[n.label], new.nodes[n.label], n.label) for n in schema.NODES},
        {r.type: diff_frames(old.rels[r.type], new.rels[r.type], r.type) for r in schema.RELS},
    )


def empty_diff() -> NetworkDiff:
    """The diff that changes nothing (built directly: diffing two empty networks costs seconds in pandas)."""
    def none(name: str) -> FrameDiff:
        e = _typed(pd.DataFrame(), name)
        return FrameDiff(e, e, e, e)

    return NetworkDiff({n.label: none(n.label) for n in schema.NODES}, {r.type: none(r.type) for r in schema.RELS})


def merge_networks(old: PairingNetwork, new: PairingNetwork) -> PairingNetwork:
    """``old`` with every row of ``new`` added or overriding the row of the same identity; nothing removed.

    A node given again takes its foreign keys from ``new`` (a household given with another village lives
    there only): their relationship frames are derived from the merged node columns.

    >>> merge_networks(PairingNetwork.empty(), PairingNetwork.empty()).counts()["nodes"]["Town"]
    0
    """
    def merged(a: pd.DataFrame, b: pd.DataFrame, name: str) -> pd.DataFrame:
        keep = a[~_isin(a, b, identity(name))]
        return pd.concat([keep, b], ignore_index=True) if len(keep) else b

    return PairingNetwork(
        {label: merged(old.nodes[label], new.nodes[label], label) for label in old.nodes},
        {t: merged(old.rels[t], new.rels[t], t) for t in old.rels if t not in schema.FOREIGN_KEY},
    )


def isin_values(s: pd.Series, values: pd.Series) -> pd.Series:
    found = pc.is_in(pa.array(s.astype("string"), type=pa.large_string()),
                     value_set=pa.array(values.astype("string"), type=pa.large_string()))
    return pd.Series(found.to_numpy(zero_copy_only=False), index=s.index, dtype=bool)


def isin_rows(a: pd.DataFrame, b: pd.DataFrame) -> pd.Series:
    """Which rows of ``a`` equal a row of ``b`` in every column of ``a`` (blanks equal blanks)."""
    def ident(df: pd.DataFrame) -> pa.Array:
        arrays = [pa.array(df[c].astype("string").fillna("\x00"), type=pa.large_string()) for c in a.columns]
        return pc.binary_join_element_wise(*arrays, pa.scalar("\x1f", pa.large_string()))

    found = pc.is_in(ident(a), value_set=ident(b))
    return pd.Series(found.to_numpy(zero_copy_only=False), index=a.index, dtype=bool)


def _isin(a: pd.DataFrame, b: pd.DataFrame, cols: list[str]) -> pd.Series:
    """Which rows of ``a`` have an identity present in ``b`` (arrow hashing: pandas' isin on arrow strings
    loops in Python)."""
    found = pc.is_in(_identity_array(a, cols), value_set=_identity_array(b, cols))
    return pd.Series(found.to_numpy(zero_copy_only=False), index=a.index, dtype=bool)


def _identity_array(df: pd.DataFrame, cols: list[str]) -> pa.Array:
    arrays = [pa.array(df[c].astype("string"), type=pa.large_string()) for c in cols]
    if len(arrays) == 1:
        return arrays[0]
    return pc.binary_join_element_wise(*arrays, pa.scalar("\x1f", pa.large_string()))  # a character no key holds


def _typed(df: pd.DataFrame, name: str) -> pd.DataFrame:
    return schema.coerce(df, name)
