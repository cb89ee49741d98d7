"""The store's own tables: its version, the record of every load, the rows each load changed (both stores)."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from pairnet.graph import vault
from pairnet.graph.core import schema
from pairnet.graph.core.pii import mask_frame
from pairnet.graph.diff import FrameDiff, NetworkDiff, identity

META = "PairnetMeta"  # one node (id 0) holding ``version``: bumped by every write, in the write's transaction
LOAD = "PairnetLoad"  # one node per write: load_id (= the version it made), at, source, sha256, append, counts...
CHANGE = "PairnetChange"  # one node per row a write added, removed or changed (not for the first load)

LOAD_PROPS: tuple[schema.Prop, ...] = (
    schema.Prop("load_id", "int"), schema.Prop("at"), schema.Prop("source"), schema.Prop("sha256"),
    schema.Prop("append", "bool"), schema.Prop("initial", "bool"), schema.Prop("counts"), schema.Prop("diff"),
    schema.Prop("events"),
)
CHANGE_PROPS: tuple[schema.Prop, ...] = (
    schema.Prop("load_id", "int"), schema.Prop("frame"), schema.Prop("op"), schema.Prop("key"),
    schema.Prop("source"), schema.Prop("target"), schema.Prop("before"), schema.Prop("after"),
)
INTERNAL_LABELS = (META, LOAD, CHANGE)


@dataclass
class LoadRecord:
    """What a write records about itself: the file it came from, its content hash, the workbook's counts."""

    source: str = ""
    sha256: str = ""
    append: bool = False
    counts: dict[str, Any] = field(default_factory=dict)


def ladybug_ddl() -> list[str]:
    """Tables for the version, the history and the event sheets (idempotent; old stores gain them on write)."""
    lt = schema.LADYBUG_TYPES

    def cols(props: tuple[schema.Prop, ...]) -> str:
        return ", ".join(f"{p.name} {lt[p.type]}" for p in props)

    out = [f"CREATE NODE TABLE IF NOT EXISTS {META}(id INT64, version INT64, PRIMARY KEY(id))",
           f"CREATE NODE TABLE IF NOT EXISTS {LOAD}({cols(LOAD_PROPS)}, PRIMARY KEY(load_id))",
           f"CREATE NODE TABLE IF NOT EXISTS {CHANGE}(id SERIAL, {cols(CHANGE_PROPS)}, PRIMARY KEY(id))"]
    out += [event_ddl(e) for e in schema.EVENTS]
    return out


def event_ddl(ev: schema.Event, table: str | None = None) -> str:
    """The LadybugDB table of event rows ``table`` (default: the label's own; the embedded store keeps one
    per month, ``LABEL_YYYY_MM``, so appending a month builds a new table and its key index instead of
    merging into one that grows with every month)."""
    name = table or ev.label
    if not re.fullmatch(rf"{ev.label}(_\d{{4}}_\d{{2}})?", name):  # names are built here, never from user text
        raise ValueError(f"not a table of {ev.label}: {name!r}")
    cols = ", ".join(f"{p.name} {schema.LADYBUG_TYPES[p.type]}" for p in ev.props)
    return f"CREATE NODE TABLE IF NOT EXISTS {name}(id SERIAL, {cols}, PRIMARY KEY(id))"


def neo4j_schema() -> list[str]:
    """Constraints and indexes for the same tables on Neo4j (the version node is unique by construction)."""
    out = [f"CREATE CONSTRAINT pairnet_meta_id IF NOT EXISTS FOR (n:{META}) REQUIRE n.id IS UNIQUE",
           f"CREATE CONSTRAINT pairnet_load_id IF NOT EXISTS FOR (n:{LOAD}) REQUIRE n.load_id IS UNIQUE",
           f"CREATE INDEX pairnet_change_load IF NOT EXISTS FOR (n:{CHANGE}) ON (n.load_id)"]
    for e in schema.EVENTS:
        out.append(f"CREATE INDEX {e.label.lower()}_{e.date} IF NOT EXISTS FOR (n:{e.label}) ON (n.{e.date})")
    return out


def load_row(version: int, record: LoadRecord | None, diff: NetworkDiff, events: dict[str, int],
             initial: bool) -> dict[str, Any]:
    """The history node of one write (counts and diff as JSON text: one property each on both stores)."""
    record = record or LoadRecord()
    return {"load_id": version, "at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "source": record.source, "sha256": record.sha256, "append": record.append, "initial": initial,
            "counts": json.dumps(record.counts, ensure_ascii=False, sort_keys=True),
            "diff": json.dumps(diff.counts(), sort_keys=True), "events": json.dumps(events, sort_keys=True)}


def change_rows(version: int, diff: NetworkDiff) -> pd.DataFrame:
    """One row per added, removed or changed row of the diff: frame, op, identity, and the row as JSON."""
    parts = []
    for name, d in (*diff.nodes.items(), *diff.rels.items()):
        parts += _frame_changes(name, d)
    cols = [p.name for p in CHANGE_PROPS]
    if not parts:
        return schema.empty_frame(cols, CHANGE_PROPS)
    out = pd.concat(parts, ignore_index=True)
    out.insert(0, "load_id", pd.Series(version, index=out.index, dtype="Int64"))
    return out[cols]


def _frame_changes(name: str, d: FrameDiff) -> list[pd.DataFrame]:
    ident = identity(name)
    out = []
    before_changed = d.changed_before if d.changed_before is not None else None
    for op, rows, before in (("added", d.added, None), ("removed", d.removed, d.removed),
                             ("changed", d.changed, before_changed)):
        if rows.empty:
            continue
        key = rows[ident].astype("string").agg("|".join, axis=1) if len(ident) > 1 else rows[ident[0]]
        src = rows[ident[0]] if name in schema.NODE else rows["source"]
        tgt = pd.Series(pd.NA, index=rows.index, dtype="string") if name in schema.NODE else rows["target"]
        frame = pd.DataFrame({
            "frame": pd.Series(name, index=rows.index, dtype="string"),
            "op": pd.Series(op, index=rows.index, dtype="string"),
            "key": key.astype("string"), "source": src.astype("string"), "target": tgt.astype("string"),
            "before": _json_rows(before) if before is not None else pd.Series(pd.NA, index=rows.index, dtype="string"),
            "after": _json_rows(rows) if op != "removed" else pd.Series(pd.NA, index=rows.index, dtype="string"),
        })
        out.append(frame.reset_index(drop=True))
    return out


def _json_rows(df: pd.DataFrame) -> pd.Series:
    """Each row as a JSON object (dates ISO, blanks null; ID and phone numbers masked: the history is read by
    ad-hoc queries and printed, and a change of number shows as a change all the same)."""
    recs = []
    df = df.assign(**{c: vault.shown(df[c]) for c in df.columns if c in schema.PII_COLUMNS})
    plain = mask_frame(df).astype(object)
    plain = plain.where(df.notna(), None)
    for rec in plain.to_dict("records"):
        recs.append(json.dumps({k: _plain(v) for k, v in rec.items()}, ensure_ascii=False, sort_keys=True))
    return pd.Series(recs, index=df.index, dtype="string")


def _plain(v: Any) -> Any:
    if isinstance(v, (pd.Timestamp, dt.date)):
        return v.date().isoformat() if isinstance(v, pd.Timestamp) else v.isoformat()
    if hasattr(v, "item"):
        return v.item()
    return v


def history_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Load records as read back: counts, diff and events parsed from JSON, newest last."""
    if df.empty:
        return schema.empty_frame([p.name for p in LOAD_PROPS], LOAD_PROPS)
    out = df.sort_values("load_id").reset_index(drop=True)
    for c in ("counts", "diff", "events"):
        out[c] = pd.Series([json.loads(v) if isinstance(v, str) and v else {} for v in out[c]], dtype=object)
    return out
