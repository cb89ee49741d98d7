"""EmbeddedStore: the default store, a LadybugDB file written all-or-nothing by replacing it whole."""

from __future__ import annotations

import os
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import ladybug as lb
import pandas as pd
import pyarrow as pa

from pairnet.graph.core import schema
from pairnet.graph.diff import merge_networks
from pairnet.graph.network import PairingNetwork, Scope
from pairnet.graph.readback import query_params, read_network
from pairnet.graph.store import Progress, StoreError, check_unique

MAGIC = b"LBUG"  # first bytes of every LadybugDB database file
SIDECARS = (".wal", ".shadow")  # files LadybugDB may keep beside a database while it is open
_TMP_MARK = ".pairnet-tmp-"
_ARROW_TYPES: dict[str, pa.DataType] = {
    "string": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(), "date": pa.date32(),
}
# Nullable pandas dtypes for arrow results, so blanks stay blanks (no NaN-turned-float).
_PANDAS_TYPES: dict[pa.DataType, Any] = {
    pa.string(): pd.StringDtype(), pa.large_string(): pd.StringDtype(), pa.int64(): pd.Int64Dtype(),
    pa.int32(): pd.Int64Dtype(), pa.float64(): pd.Float64Dtype(), pa.bool_(): pd.BooleanDtype(),
}


class EmbeddedStore:
    """A pairing network in one LadybugDB file.

    Reads and queries use a read-only handle (many readers may share the file, also while a write runs).
    A write builds the complete new database in a temporary file beside the target and then renames it over
    the target: the rename is atomic, so a failed or killed write leaves the previous content in place.

    >>> with EmbeddedStore("/tmp/doctest-pairnet.db") as store:  # doctest: +SKIP
    ...     store.counts()["nodes"]["Town"]
    0
    """

    kind = "embedded"

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.location = str(self.path)
        self._db: Any = None
        self._conn: Any = None
        self._inode: int | None = None  # of the file our handle reads; a write elsewhere replaces the file
        _check_path(self.path)
        _remove_stale_temps(self.path)

    # --- contract -----------------------------------------------------------------------------------
    def create_schema(self) -> None:
        """Create the file with every table of the schema when it does not exist yet (idempotent)."""
        if not self.path.exists():
            self._replace_with(PairingNetwork.empty(), None)

    def write(self, network: PairingNetwork, *, append: bool = False, progress: Progress | None = None) -> None:
        """Make the store equal ``network`` (``append``: merged over the current content); all or nothing."""
        check_unique(network)
        if append and self.path.exists():
            network = merge_networks(self.read(), network)
        self._replace_with(network, progress)

    def read(self, scope: Scope | None = None) -> PairingNetwork:
        """The whole network (arrow results, no row loops), or the part ``scope`` covers."""
        if not self.path.exists():
            return PairingNetwork.empty()
        return read_network(self._read_frame, scope)

    def query(self, cypher: str, params: Mapping[str, Any] | None = None) -> pd.DataFrame:
        """Run a read-only parameterised Cypher query; one column per returned name, nullable dtypes, dates as
        ``datetime64[s]`` (the Neo4j store gives the same dtypes)."""
        if not self.path.exists():
            self.create_schema()
        try:
            result = self._connection().execute(cypher, query_params(params))
            if isinstance(result, list):  # several statements: the last one's rows
                result = result[-1]
            rows = result.get_as_arrow()  # may fail too (a value arrow cannot hold), still a fault in the query
        except (RuntimeError, ValueError, TypeError) as e:  # ValueError/TypeError: a parameter it cannot bind
            if "read-only" in str(e):
                raise StoreError("queries are read-only; change the store by loading a workbook (pairnet load)") from e
            raise StoreError(f"query failed on {self.location}: {_first_line(e)}") from e
        return _to_pandas(rows)

    def counts(self) -> dict[str, dict[str, int]]:
        """Rows per label and relationship type (zeros for a store never written)."""
        if not self.path.exists():
            return PairingNetwork.empty().counts()
        nodes = {n.label: self._scalar(f"MATCH (n:{schema.check_label(n.label)}) RETURN count(n)")
                 for n in schema.NODES}
        rels = {r.type: self._scalar(f"MATCH ()-[r:{schema.check_type(r.type)}]->() RETURN count(r)")
                for r in schema.RELS}
        return {"nodes": nodes, "relationships": rels}

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
        if self._db is not None:
            self._db.close()
        self._db = self._conn = None

    def __enter__(self) -> EmbeddedStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"EmbeddedStore({self.location!r})"

    # --- internals ----------------------------------------------------------------------------------
    def _connection(self) -> Any:
        if self._conn is not None and _inode(self.path) != self._inode:
            self.close()  # another writer replaced the file: read the new one
        if self._conn is None:
            try:
                self._inode = _inode(self.path)
                self._db = lb.Database(str(self.path), read_only=True)
                self._conn = lb.Connection(self._db)
            except RuntimeError as e:
                self.close()
                raise StoreError(f"cannot open the embedded store {self.location}: {_first_line(e)}") from e
        return self._conn

    def _read_frame(self, cypher: str, columns: list[str], props: tuple[schema.Prop, ...],
                    params: dict[str, Any] | None = None) -> pd.DataFrame:
        if params:
            return _to_pandas(self._connection().execute(cypher, query_params(params)).get_as_arrow())
        return _to_pandas(self._connection().execute(cypher).get_as_arrow())

    def _scalar(self, cypher: str) -> int:
        return int(self._connection().execute(cypher).get_as_arrow().column(0)[0].as_py())

    def _replace_with(self, network: PairingNetwork, progress: Progress | None) -> None:
        """Write ``network`` into a fresh file beside the target, then rename it over the target."""
        self.close()  # our read-only handle must not outlive the file it reads
        _check_path(self.path)
        tmp = self.path.with_name(f"{self.path.name}{_TMP_MARK}{os.getpid()}-{uuid.uuid4().hex[:8]}")
        try:
            _build(tmp, network, progress)
            if self.path.exists():
                _checkpoint(self.path)  # a stale log beside the target must never replay onto the new file
            os.replace(tmp, self.path)
            _fsync_dir(self.path.parent)
        except RuntimeError as e:
            raise StoreError(f"writing the embedded store {self.location} failed, nothing was changed: "
                             f"{_first_line(e)}") from e
        finally:
            for p in _with_sidecars(tmp):
                p.unlink(missing_ok=True)


# --- building a database file ---------------------------------------------------------------------------
def _build(path: Path, network: PairingNetwork, progress: Progress | None) -> None:
    """Create a complete database at ``path``: schema, then bulk COPY of every frame from arrow tables."""
    db = lb.Database(str(path), auto_checkpoint=False)  # one checkpoint at the end, not one per COPY
    try:
        conn = lb.Connection(db)
        for stmt in schema.ladybug_ddl():
            conn.execute(stmt)
        for n in schema.NODES:
            _copy(conn, schema.check_label(n.label), _arrow(network.nodes[n.label], n.props), "", progress)
        for r in schema.RELS:
            df = network.rels[r.type]
            for src, tgt in r.ends:
                part = df[df["source_label"] == src] if r.multi_source else df
                tbl = _arrow(part.rename(columns={"source": "from", "target": "to"}), r.props, ["from", "to"])
                _copy(conn, schema.check_type(r.type), tbl, f" (from='{schema.check_label(src)}', "
                      f"to='{schema.check_label(tgt)}')", progress)
        conn.execute("CHECKPOINT")
        conn.close()
    finally:
        db.close()
    if any(p.exists() for p in _with_sidecars(path)[1:]):  # the file must be complete on its own
        raise RuntimeError(f"the new database {path.name} kept a log beside it after its checkpoint")
    with open(path, "rb") as f:
        os.fsync(f.fileno())


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


def _checkpoint(path: Path) -> None:
    """Open and close ``path`` read-write so a log left beside it by a crashed writer is merged in."""
    if not any(p.exists() for p in _with_sidecars(path)[1:]):
        return
    lb.Database(str(path)).close()


def _inode(path: Path) -> int | None:
    try:
        return os.stat(path).st_ino
    except FileNotFoundError:
        return None


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
        raise StoreError(f"{path} is a directory, not an embedded store file")
    if path.exists():
        with open(path, "rb") as f:
            head = f.read(len(MAGIC))
        if head != MAGIC:
            raise StoreError(f"{path} is not a pairnet (LadybugDB) database file; give another --db path")
        return
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise StoreError(f"cannot create the embedded store {path}: folder {parent} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise StoreError(f"cannot create the embedded store {path}: folder {parent} is not writable")


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
def _to_pandas(tbl: pa.Table) -> pd.DataFrame:
    """Arrow to pandas with nullable dtypes and dates as ``datetime64[s]`` (the schema's date dtype)."""
    df = tbl.to_pandas(types_mapper=_PANDAS_TYPES.get, date_as_object=False)
    for field_ in tbl.schema:
        if pa.types.is_date(field_.type):
            df[field_.name] = df[field_.name].astype("datetime64[s]")
    return df


def _first_line(e: BaseException) -> str:
    return str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
