"""PairingNetwork: the in-memory graph, one typed DataFrame per label and per relationship type."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    import networkx as nx

from pairnet.graph.core import schema

@dataclass(frozen=True)
class Scope:
    """Part of a county: a town, a village or a unit (and what hangs off it)."""

    town_id: str | None = None
    village_id: str | None = None
    unit_id: str | None = None

    def __post_init__(self) -> None:
        if sum(v is not None for v in (self.town_id, self.village_id, self.unit_id)) > 1:
            raise ValueError("give at most one of town_id, village_id, unit_id")

    @property
    def is_whole(self) -> bool:
        return self.town_id is None and self.village_id is None and self.unit_id is None


@dataclass
class PairingNetwork:
    """One frame per label (``nodes``) and per relationship type (``rels``), in the schema's dtypes.

    Node frames have the label's properties as columns, key first. Relationship frames have
    ``source``, ``target`` (keys), ``source_label`` where the type has several source labels, then the
    type's properties. ``ADJACENT_TO`` holds each village pair once, ``source < target``. ``events`` holds the
    rows of the event sheets (``visits``, ``attendance``) a workbook or the generator gave: stores keep them in
    event tables of their own (``Store.events``), so ``Store.read`` leaves them out and ``differences`` ignores them.

    A foreign key is one fact held once: the column the workbook has (``Household.village_id``,
    ``Village.town_id``, ``Cadre.unit_id``). The frames of its relationship (``LIVES_IN``, ``IN_TOWN``,
    ``WORKS_IN``) are derived from that column here, so they can never disagree with it; the stores keep only
    the relationship (see ``schema.FOREIGN_KEYS``). A frame given for such a type is replaced by the derived one.

    >>> net = PairingNetwork.empty()
    >>> net.counts()["nodes"]["Household"]
    0
    """

    nodes: dict[str, pd.DataFrame] = field(default_factory=dict)
    rels: dict[str, pd.DataFrame] = field(default_factory=dict)
    events: dict[str, pd.DataFrame] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for n in schema.NODES:
            self.nodes[n.label] = schema.coerce(self.nodes.get(n.label, pd.DataFrame()), n.label)
        for r in schema.RELS:
            if r.type in schema.FOREIGN_KEY:
                self.rels[r.type] = _derived(self, schema.FOREIGN_KEY[r.type])
            else:
                self.rels[r.type] = schema.coerce(self.rels.get(r.type, pd.DataFrame()), r.type)
        for e in schema.EVENTS:
            self.events[e.sheet] = schema.event_frame(self.events.get(e.sheet, pd.DataFrame()), e.sheet)

    @classmethod
    def empty(cls) -> PairingNetwork:
        return cls()

    def replace(self, nodes: dict[str, pd.DataFrame] | None = None,
                rels: dict[str, pd.DataFrame] | None = None) -> PairingNetwork:
        """A network with some frames replaced and the others (and the event rows) kept (foreign-key relationships
        derived again)."""
        kept = {t: df for t, df in self.rels.items() if t not in schema.FOREIGN_KEY}
        return PairingNetwork({**self.nodes, **(nodes or {})}, {**kept, **(rels or {})}, dict(self.events))

    def counts(self) -> dict[str, dict[str, int]]:
        """``{"nodes": {label: n}, "relationships": {type: n}}`` in schema order."""
        return {
            "nodes": {label: len(df) for label, df in self.nodes.items()},
            "relationships": {t: len(df) for t, df in self.rels.items()},
        }

    def equals(self, other: PairingNetwork) -> bool:
        """Same rows in every frame, whatever the row order."""
        return not self.differences(other)

    def differences(self, other: PairingNetwork) -> list[str]:
        """Names of the frames that differ (row order ignored)."""
        out = []
        for name, a, b in self._pairs(other):
            if not _same_rows(a, b):
                out.append(name)
        return out

    def _pairs(self, other: PairingNetwork):
        for label in self.nodes:
            yield label, self.nodes[label], other.nodes[label]
        for t in self.rels:
            yield t, self.rels[t], other.rels[t]

    def subnetwork(self, scope: Scope | None) -> PairingNetwork:
        """The part of the network that a scope covers (see ``scope_keys``)."""
        if scope is None or scope.is_whole:
            return self
        keys = scope_keys(self, scope)
        nodes = {label: df[df.iloc[:, 0].isin(keys[label])] for label, df in self.nodes.items()}
        rels = {}
        for r in schema.RELS:
            if r.type in schema.FOREIGN_KEY:
                continue  # derived from the node columns
            df = self.rels[r.type]
            tgt_label = r.ends[0][1]
            if r.multi_source:
                src_ok = pd.Series(False, index=df.index)
                for lab in {a for a, _ in r.ends}:
                    src_ok |= (df["source_label"] == lab) & df["source"].isin(keys[lab])
            else:
                src_ok = df["source"].isin(keys[r.ends[0][0]])
            rels[r.type] = df[src_ok & df["target"].isin(keys[tgt_label])]
        return PairingNetwork(nodes, rels, self.events)

    def to_networkx(self, scope: Scope | None = None) -> nx.MultiDiGraph:
        """A MultiDiGraph of the network or a scope of it.

        Nodes are ``(label, key)`` tuples carrying their properties and ``label``; edges carry ``type`` and
        their properties, keyed by type. Blanks become ``None``.

        >>> g = PairingNetwork.empty().to_networkx()
        >>> g.number_of_nodes()
        0
        """
        net = self.subnetwork(scope)
        import networkx as nx  # here, not at the top: most commands never build a graph (0.4 s to import)

        g = nx.MultiDiGraph()
        for n in schema.NODES:
            df = net.nodes[n.label][[p.name for p in schema.stored_props(n.label)]]  # foreign keys are edges
            for rec in _records(df):
                g.add_node((n.label, rec[n.key]), label=n.label, **rec)
        for r in schema.RELS:
            df = net.rels[r.type]
            src_label = r.ends[0][0]
            tgt_label = r.ends[0][1]
            for rec in _records(df):
                s = rec.pop("source")
                t = rec.pop("target")
                sl = rec.pop("source_label", None) or src_label
                g.add_edge((sl, s), (tgt_label, t), key=r.type, type=r.type, **rec)
        return g


def scope_keys(net: PairingNetwork, scope: Scope) -> dict[str, set[str]]:
    """Keys per label that a scope covers.

    A town covers its villages and their households; a village covers itself and its households; a unit
    covers its cadres and the households they help. Each also covers the helpers, units and leaders tied to
    what it covers (pairings, packaging, stationing, liaison), and the towns of its villages.
    """
    v, h, c = net.nodes["Village"], net.nodes["Household"], net.nodes["Cadre"]
    helps = net.rels["HELPS"]
    if scope.unit_id is not None:
        cadres = set(c.loc[c["unit_id"] == scope.unit_id, "cadre_id"].dropna())
        hh = set(helps.loc[helps["source"].isin(cadres) & (helps["source_label"] == "Cadre"), "target"])
        villages = set(h.loc[h["household_id"].isin(hh), "village_id"].dropna())
        villages |= set(net.rels["PACKAGES"].query("source_label == 'Unit'").loc[lambda d: d.source == scope.unit_id, "target"])
        units = {scope.unit_id}
        leaders: set[str] = set()
    else:
        if scope.town_id is not None:
            villages = set(v.loc[v["town_id"] == scope.town_id, "village_id"])
        else:
            villages = set(v.loc[v["village_id"] == scope.village_id, "village_id"])
        hh = set(h.loc[h["village_id"].isin(villages), "household_id"])
        pk = net.rels["PACKAGES"]
        pk_in = pk[pk["target"].isin(villages)]
        st = net.rels["STATIONED_IN"]
        h_in = helps[helps["target"].isin(hh)]
        cadres = set(h_in.loc[h_in["source_label"] == "Cadre", "source"]) | set(st.loc[st["target"].isin(villages), "source"])
        leaders = set(h_in.loc[h_in["source_label"] == "Leader", "source"]) | set(pk_in.loc[pk_in["source_label"] == "Leader", "source"])
        units = set(pk_in.loc[pk_in["source_label"] == "Unit", "source"])
        units |= set(c.loc[c["cadre_id"].isin(cadres), "unit_id"].dropna())
    towns = set(v.loc[v["village_id"].isin(villages), "town_id"].dropna())
    if scope.town_id is not None:
        towns.add(scope.town_id)
    lt = net.rels["LIAISES"]
    leaders |= set(lt.loc[lt["target"].isin(towns), "source"])
    committees = set(net.rels["MEMBER_OF"].loc[lambda d: d.source.isin(villages), "target"])
    return {
        "Town": towns, "Village": villages, "Household": hh, "Unit": units, "Leader": leaders,
        "Cadre": cadres, "JointCommittee": committees,
    }


def _derived(net: PairingNetwork, fk: schema.ForeignKey) -> pd.DataFrame:
    """The relationship frame of a foreign key, from its column (blank cells name nothing)."""
    nodes = net.nodes[fk.label]
    has = nodes[fk.column].notna()
    return schema.coerce(pd.DataFrame({"source": nodes.loc[has, schema.NODE[fk.label].key],
                                       "target": nodes.loc[has, fk.column]}), fk.rel)


def _records(df: pd.DataFrame) -> list[dict]:
    """Rows as dicts with blanks as None and dates as ``datetime.date``."""
    out = df.astype(object).where(df.notna(), None)
    for c in df.columns:
        if str(df[c].dtype).startswith("datetime64"):
            out[c] = [None if x is None else x.date() for x in out[c]]
    return out.to_dict("records")


def _same_rows(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    if list(a.columns) != list(b.columns) or len(a) != len(b):
        return False
    cols = list(a.columns)
    sa = a.sort_values(cols, na_position="last").reset_index(drop=True)
    sb = b.sort_values(cols, na_position="last").reset_index(drop=True)
    try:
        pd.testing.assert_frame_equal(sa, sb, check_dtype=True)
    except AssertionError:
        return False
    return True
