"""Where an analysis runs: the Cypher query pack on a store, or a pulled network for the NetworkX reference."""

from __future__ import annotations

import datetime as dt
from functools import cache
from importlib import resources
from typing import Any, Mapping

import pandas as pd
import pyarrow as pa

from pairnet.graph.core.messages import Text
from pairnet.graph.core.errors import PairnetError
from pairnet.graph.network import PairingNetwork
from pairnet.graph.store import Store

ENGINES: tuple[str, ...] = ("cypher", "networkx")
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


def use_cypher(source: Source, engine: str) -> bool:
    """True to push the analysis down as Cypher; a PairingNetwork has no database, so it always uses NetworkX."""
    if engine not in ENGINES:
        raise PairnetError(Text("engine.unknown", engine=engine))
    return engine == "cypher" and not isinstance(source, PairingNetwork)


def pull_network(source: Source) -> PairingNetwork:
    """The whole network: ``source`` itself, or what the store holds."""
    return source if isinstance(source, PairingNetwork) else source.read()


def pull_events(source: Source, sheet: str, start: dt.date | None = None, end: dt.date | None = None) -> pd.DataFrame:
    """Rows of an event sheet (``visits``, ``attendance``) with ``start <= date <= end`` where given: the
    network's own rows, or the store's event table."""
    if not isinstance(source, PairingNetwork):
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
