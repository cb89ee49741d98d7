"""Where an analysis runs: the Cypher query pack on a store, or a pulled network for the NetworkX reference."""

from __future__ import annotations

import datetime as dt
from functools import cache
from importlib import resources
from typing import Any, Literal, Mapping

import pandas as pd
import pyarrow as pa

from pairnet.graph.core.messages import Text
from pairnet.graph.core import schema
from pairnet.graph.core.errors import EngineError
from pairnet.graph.network import PairingNetwork, Scope
from pairnet.graph.store import Store

ENGINES = schema.ENGINES
Engine = Literal["cypher", "networkx"] | None  # None: Cypher on a store, NetworkX on an in-memory network
Source = Store | PairingNetwork


@cache
def cypher_text(name: str) -> str:
    """The text of ``queries/cypher/NAME.cypher`` (as a user would paste it into Neo4j Browser)."""
    try:
        return resources.files("pairnet.queries").joinpath("cypher", f"{name}.cypher").read_text("utf-8")
    except FileNotFoundError as e:
        raise ValueError(f"no Cypher query named {name!r}") from e


def run_cypher(store: Store, name: str, params: Mapping[str, Any]) -> pd.DataFrame:
    """Run the named query of the pack on ``store`` with ``params``."""
    return store.query(cypher_text(name), dict(params))


def date_params(as_of: dt.date) -> dict[str, Any]:
    """``$as_of`` (a date) and ``$as_of_year`` (an int: LadybugDB has no ``date(...).year``)."""
    return {"as_of": as_of, "as_of_year": as_of.year}


def in_memory(source: Source) -> bool:
    """True for a PairingNetwork (no database behind it), False for a store."""
    return isinstance(source, PairingNetwork)


def use_cypher(source: Source, engine: Engine) -> bool:
    """True to push the analysis down as Cypher, False to run the NetworkX reference on the pulled network.

    ``engine`` None chooses: Cypher on a store, NetworkX on a PairingNetwork. ``"cypher"`` asked of a
    PairingNetwork is an ``EngineError`` (it has no database to run Cypher in), never a quiet switch.

    >>> from pairnet.graph.example import example_network
    >>> use_cypher(example_network(), None), use_cypher(example_network(), "networkx")
    (False, False)
    >>> use_cypher(example_network(), "cypher")
    Traceback (most recent call last):
    ...
    pairnet.graph.core.errors.EngineError: engine cypher needs a store: an in-memory network has no database (use networkx, or no engine)
    """
    if engine is None:
        return not in_memory(source)
    if engine not in ENGINES:
        raise EngineError(Text("engine.unknown", engine=engine))
    if engine == "cypher" and in_memory(source):
        raise EngineError(Text("engine.needs_store"))
    return engine == "cypher"


def pull_network(source: Source, scope: Scope | None = None) -> PairingNetwork:
    """The network, or the part of it a scope covers: from ``source`` itself, or read from the store."""
    if in_memory(source):
        return source.subnetwork(scope)
    return source.read(scope)


def pull_events(source: Source, sheet: str, start: dt.date | None = None, end: dt.date | None = None) -> pd.DataFrame:
    """Rows of an event sheet (``visits``, ``attendance``) with ``start <= date <= end`` where given: the
    network's own rows, or the store's event table."""
    if not in_memory(source):
        return source.events(sheet, start, end)
    df = source.events[sheet]
    keep = pd.Series(True, index=df.index)
    if start is not None:
        keep &= df["date"] >= pd.Timestamp(start)
    if end is not None:
        keep &= df["date"] <= pd.Timestamp(end)
    return df[keep.fillna(False).to_numpy(bool)].reset_index(drop=True)


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as JSON-ready dicts (blanks None, plain ints), converted by Arrow: fast for 300k helpers.

    Frames with dates (Arrow would give datetimes) or mixed object columns take the column-wise path.
    """
    if not any(pd.api.types.is_datetime64_any_dtype(t) or t == object for t in df.dtypes):
        return pa.Table.from_pandas(df, preserve_index=False).to_pylist()
    cols = {c: df[c].astype(object).where(df[c].notna(), None).tolist() for c in df.columns}
    return [dict(zip(cols, values)) for values in zip(*cols.values())]
