"""The store contract shared by the embedded (LadybugDB) and Neo4j stores, and ``open_store``."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

from pairnet.graph.core.messages import Text
from pairnet.graph.core.errors import PairnetError

if TYPE_CHECKING:
    import pandas as pd

    from pairnet.graph.network import PairingNetwork, Scope

Progress = Callable[[int], None]  # called with the number of rows just written

DEFAULT_DB = "./pairnet.db"


class StoreError(PairnetError):
    """A store could not be opened or written (bad path, server unreachable, auth); shown to users without a traceback."""


class Store(Protocol):
    """What every store does. Labels and types come only from the schema; values are always parameters."""

    kind: str  # "embedded" or "neo4j"
    location: str  # file path or URI (never a password)

    def create_schema(self) -> None:
        """Create tables / constraints from the schema (idempotent)."""

    def write(self, network: PairingNetwork, *, append: bool = False, progress: Progress | None = None) -> None:
        """Make the store equal ``network`` (or, with ``append``, add and update without removing).

        All or nothing: if the write fails or the process dies midway, the store keeps its previous content.
        """

    def read(self, scope: Scope | None = None) -> PairingNetwork:
        """The network in the store, whole or the part a scope covers."""

    def query(self, cypher: str, params: Mapping[str, Any] | None = None) -> pd.DataFrame:
        """Run a parameterised Cypher query; one column per returned name."""

    def counts(self) -> dict[str, dict[str, int]]:
        """``{"nodes": {label: n}, "relationships": {type: n}}`` for every label and type of the schema."""

    def close(self) -> None: ...

    def __enter__(self) -> Store: ...

    def __exit__(self, *exc: object) -> None: ...


def check_unique(network: PairingNetwork) -> None:
    """Refuse a network with a key twice in a label, or a relationship twice: both stores would silently
    differ from it otherwise (the loader reports such rows as faults before any store sees them)."""
    from pairnet.graph.core import schema

    repeated = [f"{n.label}.{n.key}" for n in schema.NODES if network.nodes[n.label][n.key].duplicated().any()]
    for r in schema.RELS:
        ident = ["source_label", "source", "target"] if r.multi_source else ["source", "target"]
        if network.rels[r.type].duplicated(subset=ident).any():
            repeated.append(f"{r.type} (source, target)")
    if repeated:
        raise StoreError(Text("store.repeats", what=", ".join(repeated)))
