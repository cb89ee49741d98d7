"""Read and validate a workbook, then write it to a store (snapshot or append) and report what changed."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pairnet.graph.core import schema
from pairnet.graph.diff import NetworkDiff, diff_networks, merge_networks
from pairnet.graph.network import PairingNetwork
from pairnet.graph.store import Progress, Store
from pairnet.loaders.read import read_sheets
from pairnet.loaders.validate import validate


def read_workbook(path: str | os.PathLike[str], *, existing: PairingNetwork | None = None) -> PairingNetwork:
    """The network a workbook (CSV folder or .xlsx) describes.

    Raises ``WorkbookError`` (a ``PairnetError``) listing every fault when anything is wrong. With
    ``existing`` the workbook is a partial one to append: required sheets may be missing and references may
    name nodes of ``existing``.
    """
    sheets, faults = read_sheets(path)
    return validate(sheets, faults, existing=existing, source=str(path))


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

    @property
    def changed(self) -> bool:
        return not self.diff.is_empty

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
        return out

    def text(self) -> str:
        mode = "appended to" if self.append else "loaded into"
        head = f"{self.source} {mode} {self.location}" if self.changed else f"{self.source}: nothing written"
        return "\n".join([head, *(f"  {line}" for line in self.lines())]) + "\n"

    def data(self) -> dict[str, Any]:
        return {"source": self.source, "store": self.location, "append": self.append, "changed": self.changed,
                "diff": self.diff.counts(), "counts": self.counts}


def load_workbook(store: Store, path: str | os.PathLike[str], *, append: bool = False,
                  progress: Progress | None = None, started: Callable[[int], None] | None = None) -> LoadReport:
    """Validate the workbook at ``path`` completely, then make ``store`` equal to it (or add it, ``append``).

    Nothing is written when the workbook has faults (``WorkbookError``) or when it changes nothing.
    ``started`` is told how many rows are about to be written; ``progress`` then gets the store's counts.

    >>> report = load_workbook(store, "county/")  # doctest: +SKIP
    >>> print(report.text())  # doctest: +SKIP
    county/ loaded into ./pairnet.db
      pairings (HELPS): +30 -12
    """
    if append:
        old = store.read()
        given = read_workbook(path, existing=old)
        new = appended(old, given)
    else:
        given = new = read_workbook(path)  # before touching the store: a bad workbook leaves it alone
        old = store.read()
    report = LoadReport(str(path), store.location, append, diff_networks(old, new), given.counts())
    events = {sheet: rows for sheet, rows in given.events.items() if len(rows)}  # visits, attendance: appended
    if report.changed or events:
        if started is not None:
            started(sum(n for group in new.counts().values() for n in group.values()))
        # an append is written as the merged whole: a household given again with another village must lose
        # its old LIVES_IN, which an add-only write would keep
        store.write(new, events=events, progress=progress)
    return report


def appended(old: PairingNetwork, new: PairingNetwork) -> PairingNetwork:
    """``old`` with ``new`` added and updated, nothing removed, except that a node given again takes its
    foreign-key relationships (IN_TOWN, LIVES_IN, WORKS_IN) from ``new``."""
    rels = dict(old.rels)
    for r in schema.RELS:
        for s in r.sources:
            if s.from_node_sheet:
                label = s.source_labels[0]
                again = new.nodes[label][schema.NODE[label].key]
                rels[r.type] = rels[r.type][~rels[r.type]["source"].isin(again)]
    return merge_networks(PairingNetwork(dict(old.nodes), rels), new)
