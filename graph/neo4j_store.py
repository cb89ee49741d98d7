"""Neo4jStore: the network in Neo4j (or any Bolt server) through the official driver, written in one transaction."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

import uuid

import neo4j
import pandas as pd

from pairnet.graph.core.messages import Text
from pairnet.graph import adhoc, adhoc_run, changelog, vault
from pairnet.graph.changelog import LoadRecord
from pairnet.graph.core import schema
from pairnet.graph.diff import NetworkDiff, diff_networks, empty_diff, merge_networks, isin_rows
from pairnet.graph.network import PairingNetwork, Scope
from pairnet.graph.readback import query_params, read_network
from pairnet.graph.store import (
    ChangeWrites, Progress, StoreBusy, StoreChanged, StoreError, WriteResult, by_ends, ends_by_key, event_query,
)

BATCH = 10_000  # rows per UNWIND statement
WRITE_ATTEMPTS = 8  # a write whose base version moved (another load committed) reads again and retries
READ_ATTEMPTS = 20  # a read whose version moved between its start and end is run again
SCHEMES = {"bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"}


class Neo4jStore(ChangeWrites):
    """A pairing network in a Neo4j 5 database (``bolt://`` one server, ``neo4j://`` routed).

    A write diffs the new network against the stored one and sends only what changed, in ONE managed
    transaction (batched ``UNWIND ... MERGE`` statements): the driver retries it on transient errors, and if
    it fails or the connection drops midway the server rolls it back, so the database keeps its content.
    Reads run in read transactions and return scalar columns only.

    Versions: a node ``PairnetMeta`` holds the store's version, bumped by every write in its transaction.
    A write checks, after locking that node, that the version is still the one its diff was computed
    against, else it reads again and retries (optimistic concurrency: two appends both land, none is lost).
    A read reads the version at its start and end and runs again when they differ (Neo4j reads are read
    committed); the first read pins the version of this store object, and a later read finding another one
    raises ``StoreChanged`` (``store.read_consistently`` then runs the command again).
    """

    kind = "neo4j"

    def __init__(self, uri: str, *, username: str | None = None, password: str | None = None,
                 database: str | None = None, max_retry_time: float = 30.0, batch_size: int = BATCH) -> None:
        parts = urlsplit(uri)
        if parts.scheme not in SCHEMES or not parts.hostname:
            raise StoreError(Text("neo4j.uri", uri=_without_credentials(uri)))
        username = username or (unquote(parts.username) if parts.username else None) or "neo4j"
        password = password if password is not None else (unquote(parts.password) if parts.password else "")
        self.location = _without_credentials(uri)
        self.username = username
        self.database = database or "neo4j"
        self.batch_size = batch_size
        self._pinned: int | None = None  # the version every read of this store object must see
        self._connect_args = (urlunsplit(parts._replace(netloc=parts.hostname + (f":{parts.port}" if parts.port else ""))),
                              (username, password), max_retry_time)
        self._driver: Any = None
        self._key: vault.Vault | None = None
        self._connect()

    def _connect(self) -> Any:
        """The driver, created on first use and again after ``close`` (a store object outlives one command)."""
        if self._driver is None:
            url, auth, retry = self._connect_args
            try:
                self._driver = neo4j.GraphDatabase.driver(url, auth=auth, max_transaction_retry_time=retry)
                self._driver.verify_connectivity()
            except Exception as e:  # noqa: BLE001 - every failure to connect is the user's to fix
                self._driver = None
                raise StoreError(Text("neo4j.connect", location=self.location, user=auth[0], why=_reason(e))) from e
        return self._driver

    # --- contract -----------------------------------------------------------------------------------
    def create_schema(self) -> None:
        """Uniqueness constraints on every label key (idempotent); they must exist before any MERGE."""
        with self._guard("creating constraints"), self._session() as s:
            for stmt in [*schema.neo4j_constraints(), *changelog.neo4j_schema()]:
                s.run(stmt).consume()

    def read(self, scope: Scope | None = None) -> PairingNetwork:
        """The whole network, or the part ``scope`` covers, in one read transaction of one version."""
        net = self._read(lambda tx: read_network(lambda c, cols, props, params=None: _frame(tx, c, cols, props,
                                                                                          params), scope),
                         "reading")
        return vault.open_network(self._vault(), net)

    def query(self, cypher: str, params: Mapping[str, Any] | None = None) -> pd.DataFrame:
        """Run a parameterised Cypher query in a read transaction; typed columns as on the embedded store."""
        return vault.open_frame(self._vault(), self._read(lambda tx: _fetch(tx, cypher, query_params(params)),
                                                          "query failed"))

    def adhoc(self, cypher: str, params: Mapping[str, Any] | None = None) -> pd.DataFrame:
        """Run a user's ad-hoc query (``pairnet cypher``) only when the server's ``EXPLAIN`` of it says it reads
        the graph and nothing else (``graph/adhoc.py``), checked and run in one read transaction of one version.
        Refused: ``adhoc.QueryRefused``."""
        values = query_params(params)
        with self._guard("query failed"):
            arcadedb = "arcadedb" in str(self._connect().get_server_info().agent).lower()

        def work(tx: Any) -> pd.DataFrame:
            adhoc.bolt_check(tx, cypher, values, arcadedb=arcadedb)
            return _fetch(tx, adhoc.guarded(cypher), values).drop(columns=[adhoc.GUARD], errors="ignore")

        # masked forms: no seal is opened here; the server stops it at the time limit (as the embedded child)
        return vault.shown_frame(self._read(work, "query failed", timeout=adhoc_run.query_timeout()))

    def counts(self) -> dict[str, dict[str, int]]:
        def work(tx: Any) -> dict[str, dict[str, int]]:
            nodes = {n.label: _scalar(tx, f"MATCH (n:{schema.check_label(n.label)}) RETURN count(n)")
                     for n in schema.NODES}
            rels = {r.type: _scalar(tx, f"MATCH ()-[r:{schema.check_type(r.type)}]->() RETURN count(r)")
                    for r in schema.RELS}
            return {"nodes": nodes, "relationships": rels}
        return self._read(work, "counting")

    def holds_nodes(self) -> bool:
        """Whether any label of the schema has a node (stops at the first)."""
        return self._read(lambda tx: any(_scalar(tx, f"MATCH (n:{schema.check_label(n.label)}) RETURN count(n)")
                                         for n in schema.NODES), "counting")

    def events(self, sheet: str, start: Any = None, end: Any = None) -> pd.DataFrame:
        """Rows of an event sheet, ``start <= date <= end`` when given."""
        ev = schema.check_event(sheet)
        return schema.event_frame(self._read(lambda tx: _event_rows(tx, ev, start, end), "reading events"), sheet)

    def version(self) -> int:
        """0 for a database never written by pairnet, else the load_id of the last write."""
        return self._read(_version, "reading the version")

    def history(self) -> pd.DataFrame:
        """Every write recorded in the database, oldest first."""
        cols = [p.name for p in changelog.LOAD_PROPS]
        df = self._read(lambda tx: _fetch(tx, f"MATCH (n:{changelog.LOAD}) RETURN "
                                          + ", ".join(f"n.{c} AS {c}" for c in cols), {}), "reading the history")
        return changelog.history_frame(df if len(df) else pd.DataFrame())

    def changes(self, since: int = 0) -> pd.DataFrame:
        """The rows changed by every write after load ``since``."""
        cols = [p.name for p in changelog.CHANGE_PROPS]
        df = self._read(lambda tx: _fetch(
            tx, f"MATCH (n:{changelog.CHANGE}) WHERE n.load_id > $since RETURN "
            + ", ".join(f"n.{c} AS {c}" for c in cols) + " ORDER BY n.load_id", {"since": int(since)}),
            "reading the changes")
        if not len(df):
            return schema.empty_frame(cols, changelog.CHANGE_PROPS)
        return vault.shown_frame(df)

    def clear(self) -> None:
        """Delete every node and relationship of the database (used to reset test databases)."""
        with self._guard("clearing"), self._session() as s:
            s.execute_write(lambda tx: tx.run("MATCH (n) DETACH DELETE n").consume())

    def close(self) -> None:
        """Close the driver; the next read of this object pins a new version."""
        self._pinned = self._key = None
        if self._driver is not None:
            self._driver.close()
        self._driver = None

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Neo4jStore({self.location!r}, database={self.database!r})"

    # --- internals ----------------------------------------------------------------------------------
    def _session(self) -> Any:
        return self._connect().session(database=self.database)

    def _read(self, work: Any, doing: str, pin: bool = True, timeout: float | None = None) -> Any:
        """``work(tx)`` in a read transaction whose version is the same at its start and end (else run again);
        with ``pin``, the version must be the one this store object first read (else ``StoreChanged``)."""
        def attempt(tx: Any) -> tuple[int, int, Any]:
            before = _version(tx)
            out = work(tx)
            return before, _version(tx), out
        if timeout is not None:
            attempt = neo4j.unit_of_work(timeout=timeout)(attempt)

        with self._guard(doing), self._session() as s:
            for _ in range(READ_ATTEMPTS):
                before, after, out = s.execute_read(attempt)
                if before == after:
                    break
            else:
                raise StoreBusy(Text("neo4j.kept_changing", location=self.location))
        if pin:
            if self._pinned is None:
                self._pinned = before
            elif before != self._pinned:
                raise StoreChanged(Text("neo4j.changed", location=self.location, before=self._pinned, after=before))
        return out

    def _change(self, network: PairingNetwork | None, append: bool, events: dict[str, pd.DataFrame],
                record: LoadRecord | None, progress: Progress | None) -> WriteResult:
        self.create_schema()
        self._pinned = None  # our own write: the next read pins the new version
        if network is not None:
            network = self._vault(create=True).seal_network(network)
        for _ in range(WRITE_ATTEMPTS):
            def base_read(tx: Any) -> tuple[PairingNetwork | None, dict[str, pd.DataFrame]]:
                current = None if network is None else read_network(
                    lambda c, cols, props: _frame(tx, c, cols, props))
                fresh = {s: _new_events(tx, schema.check_event(s), df) for s, df in events.items()}
                return current, fresh

            base, (current, fresh) = self._read(lambda tx: (_version(tx), base_read(tx)), "reading", pin=False)
            fresh = {s: df for s, df in fresh.items() if len(df)}
            if current is None:
                diff, initial = empty_diff(), False
            else:
                if append:  # (a snapshot replaces every stored value: no old seal is left to open)
                    self._key.check_opens(  # type: ignore[union-attr]
                        current, vault.key_path_for_server(self.location, self.database))
                initial = all(n == 0 for group in current.counts().values() for n in group.values())
                diff = diff_networks(current, merge_networks(current, network) if append else network)
            if diff.is_empty and not fresh:
                return WriteResult(diff, {})
            version = base + 1
            counts = {s: len(df) for s, df in fresh.items()}
            load = changelog.load_row(version, record, diff, counts, initial)
            changes = None if initial else changelog.change_rows(version, diff)
            try:
                with self._guard("writing; nothing was changed"), self._session() as s:
                    s.execute_write(_apply_versioned, base, uuid.uuid4().hex, diff, fresh, load, changes,
                                    progress, self.batch_size)
            except _Moved:
                continue  # another load committed first: compute the change again on its result
            except StoreError as e:
                # Servers with optimistic concurrency (ArcadeDB) report a concurrent load as a clash on the
                # load's unique key rather than blocking on the version node: the same case as _Moved.
                if isinstance(e.__cause__, neo4j.exceptions.ConstraintError) and \
                        self._read(_version, "reading", pin=False) != base:
                    continue
                raise
            self._pinned = None
            return WriteResult(diff, counts, version)
        raise StoreBusy(Text("neo4j.busy", location=self.location))

    def _vault(self, create: bool = False) -> vault.Vault | None:
        """The key that seals this database's ID and phone numbers (``vault.py``), made by the first write."""
        if self._key is None:
            self._key = vault.Vault.at(vault.key_path_for_server(self.location, self.database), create=create)
        return self._key

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
class _Moved(Exception):
    """The version moved between the read a write was computed on and its transaction."""


def _version(tx: Any) -> int:
    rec = tx.run(f"MATCH (m:{changelog.META} {{id: 0}}) RETURN m.version AS v").single()
    return int(rec["v"]) if rec is not None and rec["v"] is not None else 0


def _apply_versioned(tx: Any, base: int, token: str, diff: NetworkDiff, events: dict[str, pd.DataFrame],
                     load: dict[str, Any], changes: pd.DataFrame | None, progress: Progress | None,
                     batch_size: int) -> None:
    """Lock the version node (a write to it), check it still holds ``base``, then apply and bump it."""
    got = tx.run(f"MERGE (m:{changelog.META} {{id: 0}}) ON CREATE SET m.version = 0 SET m.writer = $token "
                 "RETURN m.version AS v", token=token).single()["v"]
    if int(got or 0) != base:
        raise _Moved
    _apply(tx, diff, progress, batch_size)
    for sheet, df in events.items():
        ev = schema.check_event(sheet)
        props = ", ".join(f"{c}: row.{c}" for c in ev.prop_names)
        for batch in _batches(_records(df[ev.prop_names]), batch_size):
            tx.run(f"UNWIND $rows AS row CREATE (n:{ev.label} {{{props}}})", rows=batch).consume()
            if progress is not None:
                progress(len(batch))
    tx.run(f"CREATE (n:{changelog.LOAD} {{{', '.join(f'{k}: ${k}' for k in load)}}})", load).consume()
    if changes is not None and len(changes):
        props = ", ".join(f"{p.name}: row.{p.name}" for p in changelog.CHANGE_PROPS)
        for batch in _batches(_records(changes), batch_size):
            tx.run(f"UNWIND $rows AS row CREATE (n:{changelog.CHANGE} {{{props}}})", rows=batch).consume()
    tx.run(f"MATCH (m:{changelog.META} {{id: 0}}) SET m.version = $v", v=base + 1).consume()


def _frame(tx: Any, cypher: str, columns: list[str], props: tuple[schema.Prop, ...],
           params: Mapping[str, Any] | None = None) -> pd.DataFrame:
    df = _fetch(tx, cypher, query_params(params))
    if df.empty:  # some servers name no columns for an empty result
        return schema.empty_frame(columns, props)
    return df


def _event_rows(tx: Any, ev: schema.Event, start: Any, end: Any) -> pd.DataFrame:
    cypher, params = event_query(ev, ev.label, start, end)
    return _frame(tx, cypher, ev.prop_names, ev.props, params)


def _new_events(tx: Any, ev: schema.Event, rows: pd.DataFrame) -> pd.DataFrame:
    """``rows`` less those already stored (same values in every column), looked up within their date range."""
    rows = schema.event_frame(rows, ev.sheet)
    dates = rows[ev.date].dropna()
    if rows.empty or dates.empty:
        return rows
    stored = schema.event_frame(_event_rows(tx, ev, dates.min(), dates.max()), ev.sheet)
    if stored.empty:
        return rows
    keep = ~isin_rows(rows, stored)
    return rows[keep].reset_index(drop=True)


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
        for src, tgt, part in by_ends(r, d.removed):
            run(f"{_rel_match(src, tgt, '-[r:' + schema.check_type(r.type) + ']->')} DELETE r RETURN count(*)",
                _rel_rows(part, r))
    for r in schema.RELS:
        d = diff.rels[r.type]
        for src, tgt, part in by_ends(r, d.upserts):
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
    a, b = ends_by_key(src, tgt, "row.source", "row.target")
    return f"UNWIND $rows AS row MATCH {a}{between}{b}"


def _node_rows(df: pd.DataFrame, n: schema.Node) -> list[dict]:
    recs = _records(df[[p.name for p in schema.stored_props(n.label)]])  # foreign keys are written as edges
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
