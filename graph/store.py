"""The store contract shared by the embedded (LadybugDB) and Neo4j stores: reads, writes, events, history."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import pandas as pd

from pairnet.graph.core import schema
from pairnet.graph.core.messages import Text
from pairnet.graph.changelog import LoadRecord
from pairnet.graph.core.errors import StoreError
from pairnet.graph.diff import NetworkDiff
from pairnet.graph.network import PairingNetwork, Scope

__all__ = ["DEFAULT_DB", "LoadRecord", "Progress", "Store", "StoreBusy", "StoreError", "StoreChanged",
           "WriteResult", "WrittenWithError", "by_ends", "check_unique", "ends_by_key", "event_query"]

Progress = Callable[[int], None]  # called with the number of rows just written

DEFAULT_DB = "./pairnet.db"


class StoreBusy(StoreError):
    """Another load holds the store (the embedded lock, or a Neo4j version conflict that kept recurring):
    nothing was written."""


class StoreChanged(StoreError):
    """The store changed between two reads of one command (a load ran): the command must read again."""


class WrittenWithError(StoreError):
    """The write is complete and in place, but a step after it failed (e.g. syncing the folder): the message
    says so; it is never reported as "nothing written"."""


@dataclass
class WriteResult:
    """What a write did: the diff it applied (computed under the writer lock, against the content it replaced),
    the event rows it appended per sheet, and the history entry it made (``None``: nothing was written)."""

    diff: NetworkDiff
    events: dict[str, int] = field(default_factory=dict)
    load_id: int | None = None

    @property
    def written(self) -> bool:
        return self.load_id is not None


class Store(Protocol):
    """What every store does. Labels and types come only from the schema; values are always parameters."""

    kind: str  # "embedded" or "neo4j"
    location: str  # file path or URI (never a password)

    def create_schema(self) -> None:
        """Create tables / constraints from the schema (idempotent)."""

    def write(self, network: PairingNetwork, *, append: bool = False,
              events: Mapping[str, pd.DataFrame] | None = None, record: LoadRecord | None = None,
              progress: Progress | None = None) -> WriteResult:
        """Make the store equal ``network``, or with ``append`` what ``load --append`` means
        (``diff.merge_networks``: add and update, nothing removed, a node given again takes its foreign-key
        relationships from ``network``); append ``events`` (sheet -> rows, rows already stored skipped);
        record the write in the history (``record``: file, hash, counts). Nothing is written when nothing
        changes.

        All or nothing: if the write fails or the process dies midway, the store keeps its previous content.
        One writer at a time: a concurrent write waits for this one (embedded lock) or is retried against the
        new content (Neo4j version check); if it cannot proceed it raises ``StoreBusy``, writing nothing.
        """

    def append_events(self, sheet: str, rows: pd.DataFrame, *, record: LoadRecord | None = None,
                      progress: Progress | None = None) -> WriteResult:
        """Append rows of an event sheet (``visits``, ``attendance``); the cost depends on ``rows``, not on
        what the store holds. Same guarantees as ``write``."""

    def events(self, sheet: str, start: Any = None, end: Any = None) -> pd.DataFrame:
        """Rows of an event sheet, optionally with ``start <= date <= end`` (schema dtypes)."""

    def version(self) -> int:
        """The store's version: 0 when never written, then the ``load_id`` of the last write."""

    def history(self) -> pd.DataFrame:
        """Every write: load_id, at (UTC ISO), source, sha256, append, initial, counts, diff, events."""

    def changes(self, since: int = 0) -> pd.DataFrame:
        """Rows changed by the writes after load ``since``: load_id, frame, op, key, source, target, before,
        after (JSON text); the first load into an empty store records counts only."""

    def read(self, scope: Scope | None = None) -> PairingNetwork:
        """The network in the store, whole or the part a scope covers.

        One snapshot per store object: everything read through one store object, until ``close``, comes from
        one version (embedded: one pinned handle; Neo4j: the version is checked and a changed store raises
        ``StoreChanged``, which ``read_consistently`` turns into a fresh attempt)."""

    def query(self, cypher: str, params: Mapping[str, Any] | None = None) -> pd.DataFrame:
        """Run a parameterised Cypher query; one column per returned name."""

    def adhoc(self, cypher: str, params: Mapping[str, Any] | None = None) -> pd.DataFrame:
        """Run a user's ad-hoc query (``pairnet cypher``) only when the store's own planner says it reads the
        graph and nothing else (``graph/adhoc.py``); else ``adhoc.QueryRefused``, and the store is unchanged."""

    def counts(self) -> dict[str, dict[str, int]]:
        """``{"nodes": {label: n}, "relationships": {type: n}}`` for every label and type of the schema."""

    def holds_nodes(self) -> bool:
        """Whether any label of the schema has a node (stops at the first; every read command asks)."""

    def close(self) -> None: ...

    def __enter__(self) -> Store: ...

    def __exit__(self, *exc: object) -> None: ...


class ChangeWrites:
    """The two write entry points of the contract, for a store that implements one ``_change`` (network or
    None for events only, append, events, record, progress) -> WriteResult."""

    def write(self, network: PairingNetwork, *, append: bool = False,
              events: Mapping[str, pd.DataFrame] | None = None, record: LoadRecord | None = None,
              progress: Progress | None = None) -> WriteResult:
        """Make the store equal ``network`` (``append``: ``diff.merge_networks`` over the current content), append
        ``events``, record the write; all or nothing, against the version the change was computed on."""
        check_unique(network)
        return self._change(network, append, dict(events or {}), record, progress)  # type: ignore[attr-defined]

    def append_events(self, sheet: str, rows: pd.DataFrame, *, record: LoadRecord | None = None,
                      progress: Progress | None = None) -> WriteResult:
        """Append event rows without reading or rewriting the network (cost: the rows, not the store)."""
        schema.check_event(sheet)
        return self._change(None, True, {sheet: rows}, record, progress)  # type: ignore[attr-defined]


def check_unique(network: PairingNetwork) -> None:
    """Refuse a network with a key twice in a label, or a relationship twice: both stores would silently
    differ from it otherwise (the loader reports such rows as faults before any store sees them)."""
    repeated = [f"{n.label}.{n.key}" for n in schema.NODES if network.nodes[n.label][n.key].duplicated().any()]
    for r in schema.RELS:
        ident = ["source_label", "source", "target"] if r.multi_source else ["source", "target"]
        if network.rels[r.type].duplicated(subset=ident).any():
            repeated.append(f"{r.type} (source, target)")
    if repeated:
        raise StoreError(Text("store.repeats", what=", ".join(repeated)))


# --- statement pieces both stores write with -------------------------------------------------------------
def by_ends(r: Any, df: pd.DataFrame) -> Iterator[tuple[str, str, pd.DataFrame]]:
    """The rows of relationship frame ``df`` (type ``r``, a ``schema.Rel``) split by their end labels: ``(source
    label, target label, rows)`` for each pair of ends that has rows (one pair unless the type has several)."""
    for src, tgt in r.ends:
        part = df[df["source_label"] == src] if r.multi_source else df
        if len(part):
            yield src, tgt, part


def ends_by_key(src: str, tgt: str, source: str, target: str) -> tuple[str, str]:
    """The Cypher node patterns ``(a:SRC {key: SOURCE})`` and ``(b:TGT {key: TARGET})`` that match a relationship's
    two ends by key (``source``/``target`` are the expressions the keys come from: a column, ``row.source``)."""
    from pairnet.graph.core import schema

    return (f"(a:{schema.check_label(src)} {{{schema.NODE[src].key}: {source}}})",
            f"(b:{schema.check_label(tgt)} {{{schema.NODE[tgt].key}: {target}}})")


def event_query(ev: Any, labels: str, start: Any, end: Any) -> tuple[str, dict[str, Any]]:
    """The Cypher (and its parameters) that reads event table ``ev`` (a ``schema.Event``) stored under ``labels``,
    rows dated ``start``..``end`` where given, one column per property."""
    where, params = [], {}
    if start is not None:
        where.append(f"n.{ev.date} >= $lo")
        params["lo"] = pd.Timestamp(start).date()
    if end is not None:
        where.append(f"n.{ev.date} <= $hi")
        params["hi"] = pd.Timestamp(end).date()
    cypher = (f"MATCH (n:{labels})" + (" WHERE " + " AND ".join(where) if where else "")
              + " RETURN " + ", ".join(f"n.{c} AS {c}" for c in ev.prop_names))
    return cypher, params


def read_consistently(open_fn: Callable[[], Store], work: Callable[[Store], Any], attempts: int = 5) -> Any:
    """Run ``work`` on a store from ``open_fn``; if a load changed the store while ``work`` read it
    (``StoreChanged``), close it and run ``work`` again on a fresh one: a reader never fails because of a load."""
    for attempt in range(attempts):
        store = open_fn()
        try:
            return work(store)
        except StoreChanged:
            if attempt == attempts - 1:
                raise
        finally:
            store.close()
    raise AssertionError("unreachable")
