"""EmbeddedStore: the default store, a LadybugDB file changed in place on a standby copy, then swapped in."""

from __future__ import annotations

import ctypes
import errno
import fcntl
import math
import os
import pickle
import re
import shutil
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ladybug as lb
import pandas as pd
import pyarrow as pa

from pairnet.graph import adhoc, adhoc_run, changelog, vault
from pairnet.graph.changelog import LoadRecord
from pairnet.graph.core import schema
from pairnet.graph.core.errors import PairnetError
from pairnet.graph.core.messages import Text
from pairnet.graph.diff import NetworkDiff, diff_networks, empty_diff, merge_networks, isin_rows, isin_values
from pairnet.graph.network import PairingNetwork, Scope
from pairnet.graph.readback import query_params, read_network
from pairnet.graph.store import (
    ChangeWrites, Progress, StoreBusy, StoreError, WriteResult, WrittenWithError, by_ends, ends_by_key, event_query,
)

MAGIC = b"LBUG"  # first bytes of every LadybugDB database file
SIDECARS = (".wal", ".shadow")  # files LadybugDB may keep beside a database while it is open
STANDBY, PENDING, LOCK = ".standby", ".pending", ".lock"  # beside the store: the other copy, its catch-up, the lock
_TMP_MARK = ".pairnet-tmp-"
CREATE_MIN_FREE = 4 << 20  # bytes free a new store needs (an empty one takes 60 KB, its first load far more)
LOCK_TIMEOUT = 120.0  # seconds a writer waits for another writer (env PAIRNET_LOCK_TIMEOUT)
_ARROW_TYPES: dict[str, pa.DataType] = {
    "string": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(), "date": pa.date32(),
}
# Nullable pandas dtypes for arrow results, so blanks stay blanks (no NaN-turned-float).
_PANDAS_TYPES: dict[pa.DataType, Any] = {
    pa.string(): pd.StringDtype(), pa.large_string(): pd.StringDtype(), pa.int64(): pd.Int64Dtype(),
    pa.int32(): pd.Int64Dtype(), pa.float64(): pd.Float64Dtype(), pa.bool_(): pd.BooleanDtype(),
}


@dataclass
class Changeset:
    """One write as it is applied to a copy: the network diff, event rows, the history entry, the version."""

    version: int
    diff: NetworkDiff
    events: dict[str, pd.DataFrame] = field(default_factory=dict)
    load: dict[str, Any] = field(default_factory=dict)
    changes: pd.DataFrame | None = None
    base: int = 0  # the version this changeset applies to


class EmbeddedStore(ChangeWrites):
    """A pairing network in one LadybugDB file, with a standby copy beside it.

    Readers: a store object pins one read-only handle on the file as it was when first read (a shared
    ``flock`` on that very inode), so one command reads one version, and a write never changes a file a
    reader has open. Writers, one at a time (an exclusive ``flock`` on ``PATH.lock``): bring the standby copy
    to the current version (replaying the previous write, kept in ``PATH.pending``), apply the new change in
    ONE LadybugDB transaction (``COPY`` into the existing tables, ``LOAD FROM`` arrow for updates and
    deletes), checkpoint, then swap the two names atomically (``renameat2(RENAME_EXCHANGE)``). A write
    therefore costs what it changes (twice), not what the store holds; a failed or killed write leaves the
    previous content in place (the standby is recovered or recopied by the next writer). Event rows go to
    one table per month (``Visit_2026_06``): a COPY into one ever-growing table costs more each month (its
    key index is merged at the checkpoint, and the duplicate check scans it), a new month's table does not;
    queries naming the label read the union of its tables (``_expand_events``).

    >>> import pathlib, tempfile
    >>> from pairnet.graph.example import example_network
    >>> with tempfile.TemporaryDirectory() as d, EmbeddedStore(pathlib.Path(d) / "county.db") as store:
    ...     _ = store.write(example_network())
    ...     store.read().equals(example_network()), store.counts()["relationships"]["HELPS"]
    (True, 9)
    """

    kind = "embedded"

    def __init__(self, path: str | os.PathLike[str], *, lock_timeout: float | None = None) -> None:
        self.path = Path(path)
        self.location = str(self.path)
        self._lock_timeout = lock_timeout  # None: PAIRNET_LOCK_TIMEOUT, read when a write needs the lock
        self._db: Any = None
        self._conn: Any = None
        self._fd: int | None = None  # the pinned file: read-only, shared flock, held until close()
        self.phases: dict[str, float] = {}  # seconds per phase of the last write (benchmarks: --phases)
        self._tables: list[str] | None = None  # the tables of the pinned file (it never changes while pinned)
        self._key: vault.Vault | None = None
        _check_path(self.path)
        _remove_stale_temps(self.path)

    # --- contract: reads ------------------------------------------------------------------------------
    def create_schema(self) -> None:
        """Create the file with every table of the schema when it does not exist yet (idempotent)."""
        if not self.path.exists():
            with self._writer():
                if not self.path.exists():
                    _create(self.path)

    def read(self, scope: Scope | None = None) -> PairingNetwork:
        """The whole network (arrow results, no row loops), or the part ``scope`` covers."""
        if not self.path.exists():
            return PairingNetwork.empty()
        conn = self._connection()
        net = read_network(lambda cypher, columns, props, params=None: _frame(conn, cypher, params), scope)
        return vault.open_network(self._vault(), net)

    def query(self, cypher: str, params: Mapping[str, Any] | None = None) -> pd.DataFrame:
        """Run a read-only parameterised Cypher query; one column per returned name, nullable dtypes, dates as
        ``datetime64[s]`` (the Neo4j store gives the same dtypes)."""
        if not self.path.exists():
            self.create_schema()
        try:
            conn = self._connection()
            result = conn.execute(_expand_events(cypher, self._table_names()), query_params(params))
            if isinstance(result, list):  # several statements: the last one's rows
                result = result[-1]
            rows = result.get_as_arrow()  # may fail too (a value arrow cannot hold), still a fault in the query
        except (RuntimeError, ValueError, TypeError) as e:  # ValueError/TypeError: a parameter it cannot bind
            if "read-only" in str(e):
                raise StoreError("queries are read-only; change the store by loading a workbook (pairnet load)") from e
            raise StoreError(f"query failed on {self.location}: {_first_line(e)}") from e
        return vault.open_frame(self._vault(), _to_pandas(rows))

    def adhoc(self, cypher: str, params: Mapping[str, Any] | None = None) -> pd.DataFrame:
        """Run a user's ad-hoc query (``pairnet cypher``) on the pinned file, only when LadybugDB's own plan of it
        reads the graph and nothing else (``graph/adhoc.py``); the prepared statement that was planned is the one
        that runs, in a child process with a time limit (``graph/adhoc_run.py``: a query that crashes the engine
        or never ends costs the child). Refused: ``adhoc.QueryRefused``; any other failure: ``StoreError``."""
        if not self.path.exists():
            self.create_schema()
        try:
            self._connection()  # pins the file: the child reads this very version
            table = adhoc_run.run_pinned(self._fd, _expand_events(cypher, self._table_names()),  # type: ignore[arg-type]
                                         query_params(params), self.location)
            return vault.shown_frame(_to_pandas(table))  # masked forms: no seal is opened here
        except PairnetError:
            raise
        except Exception as e:  # noqa: BLE001 - whatever is typed: a message, never a traceback
            raise StoreError(Text("adhoc.failed", where=self.location, why=adhoc.one_line(e))) from e

    def counts(self) -> dict[str, dict[str, int]]:
        """Rows per label and relationship type (zeros for a store never written)."""
        if not self.path.exists():
            return PairingNetwork.empty().counts()
        conn = self._connection()
        nodes = {n.label: _scalar(conn, f"MATCH (n:{schema.check_label(n.label)}) RETURN count(n)")
                 for n in schema.NODES}
        rels = {r.type: _scalar(conn, f"MATCH ()-[r:{schema.check_type(r.type)}]->() RETURN count(r)")
                for r in schema.RELS}
        return {"nodes": nodes, "relationships": rels}

    def holds_nodes(self) -> bool:
        """Whether any label of the schema has a node (stops at the first)."""
        if not self.path.exists():
            return False
        conn = self._connection()
        return any(_scalar(conn, f"MATCH (n:{schema.check_label(n.label)}) RETURN count(n)") for n in schema.NODES)

    def events(self, sheet: str, start: Any = None, end: Any = None) -> pd.DataFrame:
        """Rows of an event sheet (``visits``, ``attendance``), ``start <= date <= end`` when given."""
        ev = schema.check_event(sheet)
        if not self.path.exists() or ev.label not in self._table_names():
            return schema.event_frame(pd.DataFrame(), sheet)
        return schema.event_frame(_event_rows(self._connection(), ev, start, end, self._table_names()), sheet)

    def version(self) -> int:
        """0 for a store never written, else the load_id of the last write (the pinned handle's view)."""
        if not self.path.exists():
            return 0
        return _version(self._connection())

    def history(self) -> pd.DataFrame:
        """Every write recorded in the store, oldest first (counts, diff and events as dicts)."""
        cols = [p.name for p in changelog.LOAD_PROPS]
        if not self.path.exists() or not _has_table(self._connection(), changelog.LOAD):
            return changelog.history_frame(pd.DataFrame())
        df = _frame(self._connection(), f"MATCH (n:{changelog.LOAD}) RETURN "
                    + ", ".join(f"n.{c} AS {c}" for c in cols))
        return changelog.history_frame(df)

    def changes(self, since: int = 0) -> pd.DataFrame:
        """The rows changed by every write after load ``since`` (see ``Store.changes``)."""
        cols = [p.name for p in changelog.CHANGE_PROPS]
        if not self.path.exists() or not _has_table(self._connection(), changelog.CHANGE):
            return schema.empty_frame(cols, changelog.CHANGE_PROPS)
        df = self.query(f"MATCH (n:{changelog.CHANGE}) WHERE n.load_id > $since RETURN "
                        + ", ".join(f"n.{c} AS {c}" for c in cols) + " ORDER BY n.load_id, n.id",
                        {"since": int(since)})
        return vault.shown_frame(df) if len(df) else schema.empty_frame(cols, changelog.CHANGE_PROPS)

    # --- contract: writes -----------------------------------------------------------------------------
    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
        if self._db is not None:
            self._db.close()
        if self._fd is not None:
            os.close(self._fd)  # releases the shared lock on the pinned file
        self._db = self._conn = self._fd = self._tables = self._key = None

    @property
    def lock_timeout(self) -> float:
        """Seconds a write waits for another writer: as given, else PAIRNET_LOCK_TIMEOUT, else ``LOCK_TIMEOUT``."""
        return self._lock_timeout if self._lock_timeout is not None else _lock_timeout()

    def __enter__(self) -> EmbeddedStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"EmbeddedStore({self.location!r})"

    def _vault(self, create: bool = False) -> vault.Vault | None:
        """The key that seals this store's ID and phone numbers (``vault.py``), made by the first write."""
        if self._key is None:
            self._key = vault.Vault.at(vault.key_path_beside(self.path), create=create)
        return self._key

    # --- reading: one pinned handle ---------------------------------------------------------------------
    def _table_names(self) -> list[str]:
        if self._tables is None:
            self._tables = _tables(self._connection())
        return self._tables

    def _connection(self) -> Any:
        """The read-only connection of this store object, opened once (never reopened while it lives)."""
        if self._conn is None:
            fd = _pin(self.path)
            try:
                self._db = lb.Database(f"/proc/self/fd/{fd}", read_only=True)
                self._conn = lb.Connection(self._db)
                self._fd = fd
            except RuntimeError as e:
                os.close(fd)
                self.close()
                raise StoreError(Text("store.open_failed", path=self.location, why=_first_line(e))) from e
        return self._conn

    # --- writing: the standby copy ------------------------------------------------------------------------
    @contextmanager
    def _writer(self) -> Iterator[None]:
        """Hold ``PATH.lock`` exclusively: one writer at a time; wait up to ``lock_timeout`` for another."""
        _check_path(self.path)
        if not self.path.exists():
            _check_room(self.path)  # before the lock file: a refused store leaves nothing behind
        fd = os.open(_beside(self.path, LOCK), os.O_RDWR | os.O_CREAT, 0o644)
        try:
            if not _flock(fd, fcntl.LOCK_EX, self.lock_timeout):
                raise StoreBusy(Text("store.busy", path=self.location, seconds=f"{self.lock_timeout:g}"))
            yield
        finally:
            os.close(fd)

    def _change(self, network: PairingNetwork | None, append: bool, events: dict[str, pd.DataFrame],
                record: LoadRecord | None, progress: Progress | None) -> WriteResult:
        self.close()  # our own pinned handle must not hold a file the writer may change; re-pinned on next read
        self.phases = ph = {}
        with self._writer():
            if not self.path.exists():
                _create(self.path)
            swapped = False
            if network is not None:
                with _timed(ph, "seal"):
                    network = self._vault(create=True).seal_network(network)
            sb = _Standby(self.path, self.lock_timeout, ph)
            try:
                conn = sb.open()
                base = _version(conn)
                if network is None:
                    diff, initial = empty_diff(), False
                else:
                    current = read_network(lambda cypher, columns, props, params=None: _frame(conn, cypher, params))
                    if append:  # (a snapshot replaces every stored value: no old seal is left to open)
                        self._key.check_opens(current, vault.key_path_beside(self.path))  # type: ignore[union-attr]
                    initial = all(n == 0 for group in current.counts().values() for n in group.values())
                    target = merge_networks(current, network) if append else network
                    _check_endpoints(target)
                    diff = diff_networks(current, target)
                with _timed(ph, "dedup"):
                    tables = _tables(conn)
                    new_events = {s: _new_events(conn, schema.check_event(s), df, tables) for s, df in events.items()}
                new_events = {s: df for s, df in new_events.items() if len(df)}
                if diff.is_empty and not new_events:
                    sb.close()
                    return WriteResult(diff, {})
                version = base + 1
                counts = {s: len(df) for s, df in new_events.items()}
                cs = Changeset(version, diff, new_events,
                               changelog.load_row(version, record, diff, counts, initial),
                               None if initial else changelog.change_rows(version, diff), base)
                try:
                    with _timed(ph, "apply"):
                        _apply(conn, cs, progress, ph)
                except BaseException:
                    sb.close(checkpoint=False)
                    raise
                sb.close()
                with _timed(ph, "pending"):
                    pending = _write_pending(self.path, cs)
                try:
                    with _timed(ph, "swap"):
                        _exchange(sb.path, self.path)
                    swapped = True
                    _fsync_dir(self.path.parent)
                    os.replace(pending, _beside(self.path, PENDING))
                    _fsync_dir(self.path.parent)
                finally:
                    if not swapped:
                        pending.unlink(missing_ok=True)
            except OSError as e:
                if swapped:
                    raise WrittenWithError(Text("store.written_but", path=self.location, why=_os_reason(e))) from e
                raise StoreError(Text("store.write_failed", path=self.location, why=_os_reason(e))) from e
            except RuntimeError as e:
                raise StoreError(Text("store.write_failed", path=self.location,
                                      why=_disk_reason(e, self.path.parent))) from e
            finally:
                sb.close()
        return WriteResult(diff, counts, version)


class _Standby:
    """The standby copy, locked exclusively and brought to the current version before a write."""

    def __init__(self, target: Path, timeout: float, phases: dict[str, float] | None = None) -> None:
        self.target = target
        self.phases = {} if phases is None else phases
        self.path = _beside(target, STANDBY)
        self.timeout = timeout
        self._fd: int | None = None
        self._db: Any = None
        self._conn: Any = None

    def open(self) -> Any:
        """A read-write connection on a standby equal to the current file."""
        ph = self.phases
        with _timed(ph, "current_version"):
            current = _file_version(self.target)
        if self.path.exists() and not any(p.exists() for p in _with_sidecars(self.path)[1:]):
            # (a log beside the standby: a writer died in it; LadybugDB's replay of a COPY into a table made in
            # the same transaction loses the rows, so such a copy is never trusted: it is copied again)
            self._lock()
            if any(p.exists() for p in _with_sidecars(self.path)[1:]):
                # A writer died inside its transaction: a clean close always checkpoints, so a log beside the
                # copy means a crash, and LadybugDB's replay of an interrupted COPY is not to be trusted.
                self.close()
                self._recopy()
                return self._connect()
            try:
                with _timed(ph, "standby_open"):
                    conn = self._connect()
                    have = _version(conn)
                if have != current:
                    with _timed(ph, "catch_up_read"):
                        cs = _read_pending(self.target, have, current)
                    if cs is None:
                        raise _Recopy
                    with _timed(ph, "catch_up_apply"):
                        _apply(conn, cs, None)
                return conn
            except (_Recopy, RuntimeError):
                self.close()
        with _timed(ph, "recopy"):
            self._recopy()
        with _timed(ph, "standby_open"):
            return self._connect()

    def _lock(self) -> None:
        self._fd = os.open(self.path, os.O_RDWR)
        if not _flock(self._fd, fcntl.LOCK_EX, self.timeout):  # readers of an older version still have it open
            raise StoreBusy(Text("store.busy_readers", path=str(self.target), seconds=f"{self.timeout:g}"))

    def _connect(self) -> Any:
        self._db = lb.Database(str(self.path), auto_checkpoint=False)
        self._conn = lb.Connection(self._db)
        for stmt in [*schema.ladybug_ddl(), *changelog.ladybug_ddl()]:
            self._conn.execute(stmt)  # stores made by older versions gain the new tables
        return self._conn

    def _recopy(self) -> None:
        """Replace the standby by a copy of the current file (after a crash, or the first time)."""
        tmp = _tmp_beside(self.target)
        try:
            with open(self.target, "rb") as src, open(tmp, "wb") as dst:
                shutil.copyfileobj(src, dst, 16 << 20)
                dst.flush()
                os.fsync(dst.fileno())
            for p in _with_sidecars(self.path)[1:]:
                p.unlink(missing_ok=True)
            os.replace(tmp, self.path)
        finally:
            tmp.unlink(missing_ok=True)
        self._lock()

    def close(self, checkpoint: bool = True) -> None:
        """Checkpoint and close the copy (it must stand alone: no log beside it), then unlock. After a failed
        transaction: close without a checkpoint (LadybugDB 0.22 crashes checkpointing after a rolled-back
        COPY); the next writer recovers the copy or copies the current file again."""
        if self._conn is not None and not checkpoint:
            self._conn.close()
            self._db.close()
            self._db = self._conn = None
        if self._conn is not None:
            try:
                with _timed(self.phases, "checkpoint"):
                    self._conn.execute("CHECKPOINT")
            finally:
                with _timed(self.phases, "standby_close"):
                    self._conn.close()
                    self._db.close()
                self._db = self._conn = None
            if any(p.exists() for p in _with_sidecars(self.path)[1:]):
                raise RuntimeError(f"the standby copy {self.path.name} kept a log beside it after its checkpoint")
            with _timed(self.phases, "fsync"), open(self.path, "rb") as f:
                os.fsync(f.fileno())
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


class _Recopy(Exception):
    """The standby cannot be brought up to date by replaying: copy the current file instead."""


@contextmanager
def _timed(phases: dict[str, float], name: str) -> Iterator[None]:
    """Add the seconds spent in the block to ``phases[name]``."""
    t = time.perf_counter()
    try:
        yield
    finally:
        phases[name] = phases.get(name, 0.0) + time.perf_counter() - t


# --- applying a changeset in one transaction ---------------------------------------------------------------
def _apply(conn: Any, cs: Changeset, progress: Progress | None, phases: dict[str, float] | None = None) -> None:
    """Apply ``cs`` to an open copy in ONE transaction: relationships removed, nodes removed, nodes changed,
    nodes added (COPY), relationships changed, relationships added (COPY), events (COPY), history, version."""
    conn.execute("BEGIN TRANSACTION")
    try:
        _apply_diff(conn, cs.diff, progress)
        for sheet, df in cs.events.items():
            ev = schema.check_event(sheet)
            for table, part in _by_month(ev, df):
                conn.execute(changelog.event_ddl(ev, table))  # inside the transaction: gone if it rolls back
                _copy(conn, table, _arrow(part, ev.props), "", progress)
        conn.execute(f"CREATE (:{changelog.LOAD} {{{', '.join(f'{k}: ${k}' for k in cs.load)}}})", cs.load)
        if cs.changes is not None and len(cs.changes):
            _copy(conn, changelog.CHANGE, _arrow(cs.changes, changelog.CHANGE_PROPS), "", None)
        conn.execute(f"MERGE (m:{changelog.META} {{id: 0}}) SET m.version = $v", {"v": cs.version})
        with _timed({} if phases is None else phases, "commit"):
            conn.execute("COMMIT")
    except BaseException:
        try:
            conn.execute("ROLLBACK")
        except RuntimeError:
            pass
        raise


def _apply_diff(conn: Any, diff: NetworkDiff, progress: Progress | None) -> None:
    for r in schema.RELS:
        for src, tgt, part in by_ends(r, diff.rels[r.type].removed):
            tbl = _arrow(part, (), ["source", "target"])
            _run(conn, f"LOAD FROM tbl MATCH {_rel_pattern(r, src, tgt)} DELETE r", tbl, progress)
    for n in schema.NODES:
        d = diff.nodes[n.label]
        label = schema.check_label(n.label)
        if len(d.removed):
            tbl = _arrow(d.removed, (n.prop(n.key),))
            _run(conn, f"LOAD FROM tbl MATCH (n:{label} {{{n.key}: {n.key}}}) DETACH DELETE n", tbl, progress)
        if len(d.changed):
            stored = schema.stored_props(n.label)  # foreign keys are edges, changed with the relationships
            tbl = _arrow(d.changed, stored).rename_columns([f"c{i}" for i in range(len(stored))])
            sets = ", ".join(f"n.{p.name} = c{i}" for i, p in enumerate(stored) if p.name != n.key)
            key_col = f"c{[p.name for p in stored].index(n.key)}"
            if sets:
                _run(conn, f"LOAD FROM tbl MATCH (n:{label} {{{n.key}: {key_col}}}) SET {sets}", tbl, progress)
        if len(d.added):
            _copy(conn, label, _arrow(d.added, schema.stored_props(n.label)), "", progress)
    for r in schema.RELS:
        d = diff.rels[r.type]
        for src, tgt, part in by_ends(r, d.changed):
            if not r.props:
                continue
            tbl = _arrow(part, r.props, ["source", "target"]).rename_columns(
                ["source", "target", *(f"c{i}" for i in range(len(r.props)))])
            sets = ", ".join(f"r.{p.name} = c{i}" for i, p in enumerate(r.props))
            _run(conn, f"LOAD FROM tbl MATCH {_rel_pattern(r, src, tgt)} SET {sets}", tbl, progress)
        for src, tgt, part in by_ends(r, d.added):
            tbl = _arrow(part.rename(columns={"source": "from", "target": "to"}), r.props, ["from", "to"])
            _copy(conn, schema.check_type(r.type), tbl,
                  f" (from='{schema.check_label(src)}', to='{schema.check_label(tgt)}')", progress)


def _check_endpoints(net: PairingNetwork) -> None:
    """Refuse a network with a relationship whose end is not a node of it (nothing is written)."""
    for r in schema.RELS:
        df = net.rels[r.type]
        for src, tgt in r.ends:
            part = df[df["source_label"] == src] if r.multi_source else df
            for col, label in (("source", src), ("target", tgt)):
                keys = net.nodes[label][schema.NODE[label].key]
                missing = part[col][~isin_values(part[col], keys)]
                if len(missing):
                    raise StoreError(f"{len(missing)} relationship(s) {r.type} name a {label} that is not in the "
                                     f"store (e.g. {missing.iloc[0]!r}); nothing was written")


def _rel_pattern(r: schema.Rel, src: str, tgt: str) -> str:
    a, b = ends_by_key(src, tgt, "source", "target")
    return f"{a}-[r:{schema.check_type(r.type)}]->{b}"


def _run(conn: Any, cypher: str, tbl: pa.Table, progress: Progress | None) -> None:
    conn.execute(cypher)  # LadybugDB scans the python variable ``tbl``
    if progress is not None:
        progress(tbl.num_rows)


def _copy(conn: Any, table: str, tbl: pa.Table, options: str, progress: Progress | None) -> None:
    if tbl.num_rows == 0:
        return
    conn.execute(f"COPY {table} FROM tbl{options}")  # LadybugDB scans the python variable ``tbl``
    if progress is not None:
        progress(tbl.num_rows)


def _arrow(df: pd.DataFrame, props: tuple[schema.Prop, ...], lead: list[str] | None = None) -> pa.Table:
    """An arrow table of ``lead`` string columns then ``props``: pandas 3 string frames crash LadybugDB's COPY."""
    types = [(c, pa.string()) for c in lead or []] + [(p.name, _ARROW_TYPES[p.type]) for p in props]
    cols = []
    for name, typ in types:
        arr = pa.Array.from_pandas(df[name].reset_index(drop=True))
        cols.append(arr.cast(typ))
    return pa.table(cols, names=[n for n, _ in types])


# --- events -------------------------------------------------------------------------------------------------
def _month_table(ev: schema.Event, year: int, month: int) -> str:
    return f"{ev.label}_{year:04d}_{month:02d}"


def _event_tables(ev: schema.Event, tables: list[str], start: Any = None, end: Any = None) -> list[str]:
    """The tables holding ``ev`` rows dated ``start``..``end``: the label's own table (rows without a date, and
    every row of stores written before the split) and the month tables ``LABEL_YYYY_MM`` that overlap."""
    lo = None if start is None else pd.Timestamp(start).to_period("M")
    hi = None if end is None else pd.Timestamp(end).to_period("M")
    out = [ev.label] if ev.label in tables else []
    pattern = re.compile(rf"{re.escape(ev.label)}_(\d{{4}})_(\d{{2}})")
    for name in sorted(tables):
        m = pattern.fullmatch(name)
        if m:
            month = pd.Period(year=int(m[1]), month=int(m[2]), freq="M")
            if (lo is None or month >= lo) and (hi is None or month <= hi):
                out.append(name)
    return out


def _by_month(ev: schema.Event, df: pd.DataFrame) -> Iterator[tuple[str, pd.DataFrame]]:
    """``df`` split into its month tables (rows without a date: the label's own table), months in order."""
    dates = pd.to_datetime(df[ev.date])
    undated = dates.isna()
    if undated.any():
        yield ev.label, df[undated]
    keys = dates.dt.year * 100 + dates.dt.month
    for key in sorted(keys[~undated].unique()):
        yield _month_table(ev, int(key) // 100, int(key) % 100), df[keys == key]


def _expand_events(cypher: str, tables: list[str]) -> str:
    """``cypher`` with each node pattern ``(v:Visit ...`` of an event label matching every table of that label
    (``(v:Visit:Visit_2026_01:...``, LadybugDB's label union), so one query reads the rows of all months."""
    for ev in schema.EVENTS:
        union = _event_tables(ev, tables)
        if len(union) > 1:
            cypher = re.sub(rf"(\(\s*[A-Za-z_][A-Za-z0-9_]*\s*|\(\s*):\s*{ev.label}(?![A-Za-z0-9_:])",
                            lambda m, u=":".join(union): f"{m[1]}:{u}", cypher)
    return cypher


def _event_rows(conn: Any, ev: schema.Event, start: Any, end: Any, tables: list[str]) -> pd.DataFrame:
    """The rows dated ``start``..``end``, read from the tables of those months only (one query, label union)."""
    union = _event_tables(ev, tables, start, end)
    if not union:
        return pd.DataFrame(columns=ev.prop_names)
    cypher, params = event_query(ev, ":".join(union), start, end)
    return _to_pandas(conn.execute(cypher, params).get_as_arrow())


def _new_events(conn: Any, ev: schema.Event, rows: pd.DataFrame, tables: list[str]) -> pd.DataFrame:
    """``rows`` less those already stored (the same values in every column), looked up only within the
    date range of ``rows`` and in the month tables of that range: appending a month reads that month's table
    (empty for a new month), not the store."""
    rows = schema.event_frame(rows, ev.sheet)
    if rows.empty:
        return rows
    dates = rows[ev.date].dropna()
    if dates.empty:
        return rows
    stored = _event_rows(conn, ev, dates.min(), dates.max(), tables)
    if stored.empty:
        return rows
    return rows[~isin_rows(rows, stored)].reset_index(drop=True)


def _lock_timeout() -> float:
    """PAIRNET_LOCK_TIMEOUT in seconds (default ``LOCK_TIMEOUT``); anything but a number >= 0 is refused."""
    given = os.environ.get("PAIRNET_LOCK_TIMEOUT")
    if given is None or not given.strip():
        return LOCK_TIMEOUT
    try:
        value = float(given)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        raise StoreError(Text("store.lock_timeout", value=given))
    return value


# --- files: creating, pinning, swapping ------------------------------------------------------------------------
def _check_room(path: Path) -> None:
    """Refuse to create a store at ``path`` when its folder has less than ``CREATE_MIN_FREE`` bytes free:
    LadybugDB that meets a full disk while it creates a store aborts the whole process when it lets go of its
    files (a C++ exception in a destructor), after or instead of any message."""
    try:
        st = os.statvfs(path.parent)
        free = st.f_bavail * st.f_frsize
    except OSError:
        return  # a missing folder or no rights: creating says so itself
    if free < CREATE_MIN_FREE:
        raise StoreError(Text("store.create_failed", path=path, why=Text("store.disk_full_free", free=free,
                                                                           need=CREATE_MIN_FREE)))


def _create(path: Path) -> None:
    """A new empty store at ``path`` (version 0): built beside it, then linked into place. Called under the
    writer lock, whose ``_writer`` has checked the room first (``_check_room``)."""
    tmp = _tmp_beside(path)
    try:
        db = lb.Database(str(tmp), auto_checkpoint=False)
        try:
            conn = lb.Connection(db)
            for stmt in [*schema.ladybug_ddl(), *changelog.ladybug_ddl()]:
                conn.execute(stmt)
            conn.execute(f"CREATE (:{changelog.META} {{id: 0, version: 0}})")
            conn.execute("CHECKPOINT")
            conn.close()
        finally:
            db.close()
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
        _fsync_dir(path.parent)
    except RuntimeError as e:
        raise StoreError(Text("store.create_failed", path=path, why=_disk_reason(e, path.parent))) from e
    except OSError as e:
        raise StoreError(Text("store.create_failed", path=path, why=_os_reason(e))) from e
    finally:
        for p in _with_sidecars(tmp):
            p.unlink(missing_ok=True)


def _pin(path: Path) -> int:
    """An fd on the file ``path`` names now, with a shared flock: a writer never changes a locked file.
    (A file a writer holds is the standby: ``path`` was swapped since we opened it, so look again.)"""
    for _ in range(10_000):
        fd = os.open(path, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            time.sleep(0.005)
            continue
        try:
            same = os.fstat(fd).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        if same:
            return fd
        os.close(fd)
    raise StoreBusy(Text("store.changing", path=str(path)))


def _flock(fd: int, kind: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fd, kind | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.02)


_libc = ctypes.CDLL(None, use_errno=True)
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> None:
    """Swap the names ``a`` and ``b`` in one step (Linux ``renameat2``); a reader sees one or the other."""
    rc = _libc.renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if rc != 0:
        err = ctypes.get_errno()
        if err not in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
            raise OSError(err, os.strerror(err), str(b))
        _exchange_by_links(a, b)


def _exchange_by_links(a: Path, b: Path) -> None:
    """Where the filesystem cannot exchange: ``b`` gets ``a``'s file atomically, then ``a`` gets the old one."""
    old = _tmp_beside(b)
    os.link(b, old)
    os.replace(a, b)
    os.replace(old, a)


def _write_pending(path: Path, cs: Changeset) -> Path:
    """The changeset, saved for the next writer to replay on the copy this write leaves behind."""
    tmp = _tmp_beside(path)
    try:
        with open(tmp, "wb") as f:
            pickle.dump(cs, f, protocol=pickle.HIGHEST_PROTOCOL)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _read_pending(path: Path, have: int, want: int) -> Changeset | None:
    p = _beside(path, PENDING)
    try:
        with open(p, "rb") as f:
            cs = pickle.load(f)  # noqa: S301 - written by this module, beside the store
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        return None
    return cs if isinstance(cs, Changeset) and cs.base == have and cs.version == want else None


def _file_version(path: Path) -> int:
    fd = os.open(path, os.O_RDONLY)
    try:
        db = lb.Database(f"/proc/self/fd/{fd}", read_only=True)
        try:
            conn = lb.Connection(db)
            v = _version(conn)
            conn.close()
        finally:
            db.close()
    finally:
        os.close(fd)
    return v


def _version(conn: Any) -> int:
    if not _has_table(conn, changelog.META):
        return 0
    tbl = conn.execute(f"MATCH (m:{changelog.META}) WHERE m.id = 0 RETURN m.version").get_as_arrow()
    return int(tbl.column(0)[0].as_py()) if tbl.num_rows else 0


def _has_table(conn: Any, name: str) -> bool:
    return name in _tables(conn)


def _tables(conn: Any) -> list[str]:
    return conn.execute("CALL show_tables() RETURN name").get_as_arrow().column(0).to_pylist()


def _beside(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _tmp_beside(path: Path) -> Path:
    return path.with_name(f"{path.name}{_TMP_MARK}{os.getpid()}-{uuid.uuid4().hex[:8]}")


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _with_sidecars(path: Path) -> list[Path]:
    return [path] + [path.with_name(path.name + s) for s in SIDECARS]


# --- checks and housekeeping -----------------------------------------------------------------------------
def _check_path(path: Path) -> None:
    """Refuse what cannot be a store: a directory, a file that is not LadybugDB, a folder we cannot write."""
    if path.is_dir():
        raise StoreError(Text("store.is_dir", path=path))
    if path.exists():
        with open(path, "rb") as f:
            head = f.read(len(MAGIC))
        if head != MAGIC:
            raise StoreError(Text("store.not_db", path=path))
        return
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise StoreError(Text("store.no_folder", path=path, parent=parent))
    if not os.access(parent, os.W_OK | os.X_OK):
        raise StoreError(Text("store.read_only_folder", path=path, parent=parent))


def _remove_stale_temps(path: Path) -> None:
    """Delete temporary files left by writers that died (their process is gone)."""
    parent = path.parent if str(path.parent) else Path(".")
    try:
        entries = list(parent.glob(f"{path.name}{_TMP_MARK}*"))
    except OSError:
        return
    for p in entries:
        pid = p.name[len(path.name) + len(_TMP_MARK):].split("-", 1)[0].split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            p.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# --- results ----------------------------------------------------------------------------------
def _frame(conn: Any, cypher: str, params: Mapping[str, Any] | None = None) -> pd.DataFrame:
    if params:
        return _to_pandas(conn.execute(cypher, query_params(params)).get_as_arrow())
    return _to_pandas(conn.execute(cypher).get_as_arrow())


def _scalar(conn: Any, cypher: str) -> int:
    return int(conn.execute(cypher).get_as_arrow().column(0)[0].as_py())


def _to_pandas(tbl: pa.Table) -> pd.DataFrame:
    """Arrow to pandas with nullable dtypes and dates as ``datetime64[s]`` (the schema's date dtype)."""
    df = tbl.to_pandas(types_mapper=_PANDAS_TYPES.get, date_as_object=False)
    for field_ in tbl.schema:
        if pa.types.is_date(field_.type):
            df[field_.name] = df[field_.name].astype("datetime64[s]")
    return df


def _first_line(e: BaseException) -> str:
    return str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__


def _os_reason(e: OSError) -> Text | str:
    if e.errno == errno.ENOSPC:
        return Text("disk.full")
    if e.errno == errno.EDQUOT:
        return Text("disk.quota")
    return e.strerror or _first_line(e)


def _disk_reason(e: BaseException, where: Path | None = None) -> Text | str:
    """LadybugDB's message, or "the disk is full" when that is what it means (it reports a failed write as
    e.g. "numBytesRead: 0" or "No space left on device")."""
    text = _first_line(e)
    if "No space left" in str(e):
        return Text("disk.full")
    if "numBytes" in str(e) and where is not None:
        try:
            if shutil.disk_usage(where).free < 64 << 20:
                return Text("disk.full_detail", detail=text)
        except OSError:
            pass
    return text
