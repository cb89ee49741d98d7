"""Read and validate a workbook, then write it to a store (snapshot or append) and report what changed."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from pairnet.graph.core import schema
from pairnet.graph.diff import NetworkDiff
from pairnet.graph.network import PairingNetwork
from pairnet.graph.store import LoadRecord, Progress, Store
from pairnet.loaders.ledger.events import event_ledger_sheets, read_event_ledger
from pairnet.loaders.ledger.reading import is_ledger, read_ledger
from pairnet.loaders.read import read_sheets
from pairnet.loaders.validate import validate


Kind = Literal["ledger", "workbook"] | None


def read_workbook(path: str | os.PathLike[str], *, existing: PairingNetwork | None = None,
                  as_: Kind = None) -> PairingNetwork:
    """The network a workbook (CSV folder or .xlsx) or a flat ledger describes.

    Raises ``WorkbookError`` (a ``PairnetError``) listing every fault when anything is wrong. With
    ``existing`` the workbook is a partial one to append: required sheets may be missing and references may
    name nodes of ``existing``.
    """
    return read_input(path, existing=existing, as_=as_)[0]


def read_input(path: str | os.PathLike[str], *, existing: PairingNetwork | None = None,
               as_: Kind = None) -> tuple[PairingNetwork, list[str]]:
    """The network at ``path`` and the lines telling what was recognised (empty for a normalised workbook).

    A file is read as a flat ledger when its headers say so (户主姓名 ... 帮扶责任人), or when ``as_`` is
    ``"ledger"``; ``"workbook"`` reads it as the normalised workbook whatever its headers.
    """
    if as_ != "workbook" and event_ledger_sheets(path):  # 走访记录 / 驻村考勤表 naming people: resolved in the store
        got_events = read_event_ledger(path, existing)
        return got_events.network, got_events.lines
    if as_ != "workbook" and is_ledger(path, force=as_ == "ledger"):
        got = read_ledger(path, existing=existing, force=as_ == "ledger")
        return got.network, got.lines
    sheets, faults = read_sheets(path)
    return validate(sheets, faults, existing=existing, source=str(path)), []


def frame_names() -> dict[str, str]:
    """A reader's name for each label and type: the sheet it comes from (``HELPS`` -> ``pairings``)."""
    out = {n.label: n.sheet for n in schema.NODES}
    for r in schema.RELS:
        names = [f"{s.sheet}.{s.target.name}" if s.from_node_sheet else s.sheet for s in r.sources]
        out[r.type] = " + ".join(names)
    return out


@dataclass
class LoadReport:
    """What a load did: the diff against the store's previous content, and whether anything was written."""

    source: str
    location: str
    append: bool
    diff: NetworkDiff
    counts: dict[str, dict[str, int]]  # of the loaded workbook
    events: dict[str, int] = field(default_factory=dict)  # event rows appended per sheet
    load_id: int | None = None  # the store's history entry for this load (None: nothing written)
    recognised: list[str] = field(default_factory=list)  # what a ledger was read as, the spellings merged

    @property
    def changed(self) -> bool:
        return not self.diff.is_empty or any(self.events.values())

    def lines(self) -> list[str]:
        """One line per sheet that changed, e.g. ``pairings (HELPS): +30 -12 ~3``; or ``no changes``."""
        if not self.changed:
            return ["no changes: the store already holds this workbook's content"]
        names = frame_names()
        out = []
        for name, d in (*self.diff.nodes.items(), *self.diff.rels.items()):
            if d.is_empty:
                continue
            c = d.counts()
            out.append(f"{names[name]} ({name}): +{c['added']} -{c['removed']}"
                       + (f" ~{c['changed']}" if c["changed"] else ""))
        out += [f"{sheet}: +{n}" for sheet, n in self.events.items() if n]
        return out

    def text(self) -> str:
        mode = "appended to" if self.append else "loaded into"
        head = f"{self.source} {mode} {self.location}" if self.changed else f"{self.source}: nothing written"
        return "\n".join([*self.recognised, head, *(f"  {line}" for line in self.lines())]) + "\n"

    def data(self) -> dict[str, Any]:
        return {"source": self.source, "store": self.location, "append": self.append, "changed": self.changed,
                "diff": self.diff.counts(), "counts": self.counts, "events": self.events, "load_id": self.load_id,
                "recognised": self.recognised}


def load_workbook(store: Store, path: str | os.PathLike[str], *, append: bool = False,
                  events: Mapping[str, pd.DataFrame] | None = None, progress: Progress | None = None,
                  started: Callable[[int], None] | None = None, as_: Kind = None) -> LoadReport:
    """Validate the workbook at ``path`` completely, then make ``store`` equal to it (or add it, ``append``),
    append its event rows (``events``: sheet -> rows, e.g. visits) and record the load in the store's history.

    Nothing is written when the workbook has faults (``WorkbookError``) or when it changes nothing. The diff
    reported is the one the store applied, under its writer lock: a concurrent load is waited for (embedded)
    or retried against (Neo4j), never overwritten. ``started`` is told how many rows the workbook holds;
    ``progress`` then gets the store's counts.

    >>> import pathlib, tempfile
    >>> from pairnet.graph.connect import open_store
    >>> from pairnet.graph.example import example_network
    >>> from pairnet.loaders.write import write_workbook
    >>> with tempfile.TemporaryDirectory() as d, open_store(pathlib.Path(d) / "county.db") as store:
    ...     folder = write_workbook(example_network(), pathlib.Path(d) / "county")
    ...     print(load_workbook(store, folder).text(), end="")
    /tmp/.../county loaded into /tmp/.../county.db
      towns (Town): +2 -0
      ...
      pairings (HELPS): +9 -0
      ...
      visits: +3
      attendance: +6
    """
    if append:
        given, notes = read_input(path, existing=store.read(), as_=as_)
    else:
        given, notes = read_input(path, as_=as_)  # before touching the store: a bad workbook leaves it alone
    events = dict(events or getattr(given, "events", None) or {})
    if started is not None:
        started(sum(n for group in given.counts().values() for n in group.values())
                + sum(len(df) for df in events.values()))
    record = LoadRecord(str(path), content_hash(path), append, given.counts())
    result = store.write(given, append=append, events=events, record=record, progress=progress)
    return LoadReport(str(path), store.location, append, result.diff, given.counts(), result.events,
                      result.load_id, notes)


def content_hash(path: str | os.PathLike[str]) -> str:
    """SHA-256 of a workbook: of the file, or of a folder's files (names and bytes, in name order)."""
    p = Path(path)
    h = hashlib.sha256()
    files = sorted(f for f in p.rglob("*") if f.is_file()) if p.is_dir() else [p]
    for f in files:
        if p.is_dir():
            h.update(str(f.relative_to(p)).encode() + b"\0")
        with open(f, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    return h.hexdigest()


__all__ = ["LoadReport", "content_hash", "frame_names", "load_workbook", "read_workbook"]
