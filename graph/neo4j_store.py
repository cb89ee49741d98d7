"""Neo4jStore: the network in Neo4j (or any Bolt server) through the official driver, written in one transaction."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

import neo4j
import pandas as pd

from pairnet.graph.core import schema
from pairnet.graph.diff import NetworkDiff, diff_networks, merge_networks
from pairnet.graph.network import PairingNetwork, Scope
from pairnet.graph.readback import query_params, read_network
from pairnet.graph.store import Progress, StoreError, check_unique

BATCH = 10_000  # rows per UNWIND statement
SCHEMES = {"bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"}


class Neo4jStore:
    """A pairing network in a Neo4j 5 database (``bolt://`` one server, ``neo4j://`` routed).

    A write diffs the new network against the stored one and sends only what changed, in ONE managed
    transaction (batched ``UNWIND ... MERGE`` statements): the driver retries it on transient errors, and if
    it fails or the connection drops midway the server rolls it back, so the database keeps its content.
    Reads run in read transactions and return scalar columns only.
    """

    kind = "neo4j"

    def __init__(self, uri: str, *, username: str | None = None, password: str | None = None,
                 database: str | None = None, max_retry_time: float = 30.0, batch_size: int = BATCH) -> None:
        parts = urlsplit(uri)
        if parts.scheme not in SCHEMES or not parts.hostname:
            raise StoreError(f"not a Neo4j URI: {_without_credentials(uri)!r} (use bolt://HOST:PORT or neo4j://HOST:PORT)")
        username = username or (unquote(parts.username) if parts.username else None) or "neo4j"
        password = password if password is not None else (unquote(parts.password) if parts.password else "")
        self.location = _without_credentials(uri)
        self.username = username
        self.database = database or "neo4j"
        self.batch_size = batch_size
        try:
            self._driver = neo4j.GraphDatabase.driver(
                urlunsplit(parts._replace(netloc=parts.hostname + (f":{parts.port}" if parts.port else ""))),
                auth=(username, password), max_transaction_retry_time=max_retry_time)
            self._driver.verify_connectivity()
        except Exception as e:  # noqa: BLE001 - every failure to connect is the user's to fix
            raise StoreError(f"cannot connect to Neo4j at {self.location} as {username!r}: {_reason(e)}") from e

    # --- contract -----------------------------------------------------------------------------------
    def create_schema(self) -> None:
        """Uniqueness constraints on every label key (idempotent); they must exist before any MERGE."""
        with self._guard("creating constraints"), self._session() as s:
            for stmt in schema.neo4j_constraints():
                s.run(stmt).consume()

    def write(self, network: PairingNetwork, *, append: bool = False, progress: Progress | None = None) -> None:
        """Make the database equal ``network`` (``append``: add and update only), writing only the changes."""
        check_unique(network)
        self.create_schema()
        current = self.read()
        target = merge_networks(current, network) if append else network
        diff = diff_networks(current, target)
        if diff.is_empty:
            return
        with self._guard("writing; nothing was changed"), self._session() as s:
            s.execute_write(_apply, diff, progress, self.batch_size)

    def read(self, scope: Scope | None = None) -> PairingNetwork:
        """The whole network, or the part ``scope`` covers."""
        return read_network(self._frame, scope)

    def query(self, cypher: str, params: Mapping[str, Any] | None = None) -> pd.DataFrame:
        """Run a parameterised Cypher query in a read transaction; typed columns as on the embedded store."""
        with self._guard("query failed"), self._session() as s:
            return s.execute_read(_fetch, cypher, query_params(params))

    def counts(self) -> dict[str, dict[str, int]]:
        with self._guard("counting"), self._session() as s:
            nodes = {n.label: s.execute_read(_scalar, f"MATCH (n:{schema.check_label(n.label)}) RETURN count(n)")
                     for n in schema.NODES}
            rels = {r.type: s.execute_read(_scalar, f"MATCH ()-[r:{schema.check_type(r.type)}]->() RETURN count(r)")
                    for r in schema.RELS}
        return {"nodes": nodes, "relationships": rels}

    def clear(self) -> None:
        """Delete every node and relationship of the database (used to reset test databases)."""
        with self._guard("clearing"), self._session() as s:
            s.execute_write(lambda tx: tx.run("MATCH (n) DETACH DELETE n").consume())

    def close(self) -> None:
        self._driver.close()

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Neo4jStore({self.location!r}, database={self.database!r})"

    # --- internals ----------------------------------------------------------------------------------
    def _session(self) -> Any:
        return self._driver.session(database=self.database)

    def _frame(self, cypher: str, columns: list[str], props: tuple[schema.Prop, ...],
                params: dict[str, Any] | None = None) -> pd.DataFrame:
        with self._guard("reading"), self._session() as s:
            df = s.execute_read(_fetch, cypher, query_params(params))
        if df.empty:  # some servers name no columns for an empty result
            return schema.empty_frame(columns, props)
        return df

    def _guard(self, doing: str) -> AbstractContextManager[None]:
        return _driver_errors(f"Neo4j at {self.location} (database {self.database!r}), {doing}")


@contextmanager
def _driver_errors(what: str) -> Iterator[None]:
    """Turn driver errors into a StoreError naming the server (never the password)."""
    try:
        yield
    except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError) as e:
        raise StoreError(f"{what}: {_reason(e)}") from e


# --- transaction functions (module level: the driver may run them more than once) -----------------------
def _apply(tx: Any, diff: NetworkDiff, progress: Progress | None, batch_size: int) -> None:
    """Send a diff: nodes upserted, stale relationships deleted, relationships upserted, stale nodes deleted."""
    def run(cypher: str, rows: list[dict], expect: bool = False) -> None:
        for batch in _batches(rows, batch_size):
            got = tx.run(cypher, rows=batch).single()[0]
            if expect and got != len(batch):
                raise StoreError(f"{len(batch) - got} relationship(s) name an endpoint that is not in the store; "
                                 "nothing was written")
            if progress is not None:
                progress(len(batch))

    for n in schema.NODES:
        d = diff.nodes[n.label]
        if len(d.added) or len(d.changed):
            run(f"UNWIND $rows AS row MERGE (n:{schema.check_label(n.label)} {{{n.key}: row.key}}) "
                "SET n += row.props RETURN count(n)", _node_rows(d.upserts, n))
    for r in schema.RELS:
        d = diff.rels[r.type]
        for (src, tgt), part in _by_ends(r, d.removed):
            run(f"{_rel_match(src, tgt, '-[r:' + schema.check_type(r.type) + ']->')} DELETE r RETURN count(*)",
                _rel_rows(part, r))
    for r in schema.RELS:
        d = diff.rels[r.type]
        for (src, tgt), part in _by_ends(r, d.upserts):
            run(f"{_rel_match(src, tgt, ', ')} MERGE (a)-[r:{schema.check_type(r.type)}]->(b) SET r += row.props "
                "RETURN count(r)", _rel_rows(part, r), expect=True)
    for n in schema.NODES:
        d = diff.nodes[n.label]
        if len(d.removed):
            run(f"UNWIND $rows AS row MATCH (n:{schema.check_label(n.label)} {{{n.key}: row.key}}) "
                "DETACH DELETE n RETURN count(*)", _node_rows(d.removed, n))


def _fetch(tx: Any, cypher: str, params: dict[str, Any]) -> pd.DataFrame:
    """The result streamed record by record into typed columns (see ``_typed``)."""
    result = tx.run(cypher, params)
    keys = list(result.keys())
    rows = [r.values() for r in result]
    cols = list(zip(*rows, strict=True)) if rows else [()] * len(keys)
    return pd.DataFrame({k: _typed(pd.Series(c, dtype=object)) for k, c in zip(keys, cols, strict=True)})


def _typed(s: pd.Series) -> pd.Series:
    """A column in the dtypes the embedded store gives: string, Int64, Float64, boolean, datetime64[s]."""
    kinds = {type(v) for v in s if v is not None}
    if not kinds:
        return s
    if kinds <= {str}:
        return s.astype("string")
    if kinds <= {bool}:
        return s.astype("boolean")
    if kinds <= {int}:
        return s.astype("Int64")
    if kinds <= {int, float}:
        return s.astype("Float64")
    if all(k.__name__ == "Date" and hasattr(k, "to_native") for k in kinds):
        return pd.to_datetime(s.map(lambda v: None if v is None else v.to_native())).astype("datetime64[s]")
    return s.map(lambda v: v.to_native() if hasattr(v, "to_native") else v)


def _scalar(tx: Any, cypher: str) -> int:
    return int(tx.run(cypher).single()[0])


# --- rows and statements --------------------------------------------------------------------------------
def _rel_match(src: str, tgt: str, between: str) -> str:
    """``UNWIND`` rows, then match both ends by key (joined by ``between``: a pattern or a comma)."""
    a = f"(a:{schema.check_label(src)} {{{schema.NODE[src].key}: row.source}})"
    b = f"(b:{schema.check_label(tgt)} {{{schema.NODE[tgt].key}: row.target}})"
    return f"UNWIND $rows AS row MATCH {a}{between}{b}"


def _by_ends(r: schema.Rel, df: pd.DataFrame) -> Iterator[tuple[tuple[str, str], pd.DataFrame]]:
    for src, tgt in r.ends:
        part = df[df["source_label"] == src] if r.multi_source else df
        if len(part):
            yield (src, tgt), part


def _node_rows(df: pd.DataFrame, n: schema.Node) -> list[dict]:
    recs = _records(df)
    return [{"key": rec.pop(n.key), "props": rec} for rec in recs]


def _rel_rows(df: pd.DataFrame, r: schema.Rel) -> list[dict]:
    recs = _records(df[["source", "target", *r.prop_names]])
    return [{"source": rec.pop("source"), "target": rec.pop("target"), "props": rec} for rec in recs]


def _records(df: pd.DataFrame) -> list[dict]:
    """Rows as dicts of driver-ready values: blanks None, dates ``datetime.date``, numbers plain Python."""
    cols = {}
    for c in df.columns:
        s = df[c]
        if str(s.dtype).startswith("datetime64"):
            cols[c] = [None if pd.isna(v) else v.date() for v in s]
        else:
            cols[c] = s.astype(object).where(s.notna(), None).tolist()
    names = list(cols)
    return [dict(zip(names, vals, strict=True)) for vals in zip(*cols.values(), strict=True)] if len(df) else []


def _batches(rows: list[dict], size: int) -> Iterator[list[dict]]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def _without_credentials(uri: str) -> str:
    parts = urlsplit(uri)
    if parts.username is None and parts.password is None:
        return uri
    host = parts.hostname or ""
    return urlunsplit(parts._replace(netloc=host + (f":{parts.port}" if parts.port else "")))


def _reason(e: BaseException) -> str:
    """The driver's message on one line (it spreads the cause over several)."""
    msg = " ".join(str(getattr(e, "message", None) or e or type(e).__name__).split())
    return msg if len(msg) <= 300 else msg[:297] + "..."
