"""The history of every load as data: the loads a store recorded, and what changed since a load or a day."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pandas as pd

from pairnet.graph.core.dates import parse_day
from pairnet.graph.core.errors import DateError
from pairnet.graph.core.messages import Text
from pairnet.graph.store import Store

# What ``changes_since`` calls each kind of change (the supervision bulletin lists them under these names).
KINDS = ("pairing_begun", "pairing_ended", "household_monitored", "household_exited", "helper_left",
         "village_lost_first_secretary", "village_lost_unit", "other")


def load_history(store: Store) -> pd.DataFrame:
    """Every load the store recorded, oldest first: ``load_id``, ``at`` (UTC, ISO), ``source`` (the file),
    ``sha256`` (its content), ``append``, ``initial`` (the first load into an empty store), ``counts`` (of the
    workbook), ``diff`` (added/removed/changed per label and type) and ``events`` (rows appended per sheet)."""
    return store.history()


def resolve_since(store: Store, since: int | str | dt.date | None) -> int:
    """The load id after which changes count: an id as given; a day: the last load made before it."""
    if since is None:
        return 0
    if isinstance(since, int) or (isinstance(since, str) and since.isascii() and since.isdigit()):
        return int(since)
    day = since if isinstance(since, dt.date) else parse_day(str(since))
    if day is None:  # a bad --since is the user's fault, not a traceback
        raise DateError(Text("since.bad", since=str(since)))
    loads = store.history()
    before = [int(r.load_id) for r in loads.itertuples() if str(r.at)[:10] < day.isoformat()]
    return max(before, default=0)


def changes_since(store: Store, since: int | str | dt.date | None = None) -> pd.DataFrame:
    """What every load after ``since`` (a load id or a day; default: everything after the first load) changed,
    one row per changed row: ``load_id``, ``at``, ``kind`` (see ``KINDS``), ``frame`` (label or type),
    ``op`` (added/removed/changed), ``key``, ``source``, ``target``, ``before``, ``after`` (dicts).

    The rules: a HELPS added is ``pairing_begun``; removed, or given an ``until``, ``pairing_ended``; a household
    whose status becomes monitored or exited is ``household_monitored`` / ``household_exited``; a cadre removed
    or made inactive is ``helper_left``; a first secretary's STATIONED_IN removed or ended is
    ``village_lost_first_secretary``; a unit's PACKAGES removed or ended is ``village_lost_unit``."""
    first = resolve_since(store, since)
    rows = store.changes(first)
    at = {int(r.load_id): str(r.at) for r in store.history().itertuples()}
    out = []
    for r in rows.itertuples(index=False):
        before, after = _parsed(r.before), _parsed(r.after)
        out.append({"load_id": int(r.load_id), "at": at.get(int(r.load_id), ""),
                    "kind": classify(str(r.frame), str(r.op), before, after), "frame": r.frame, "op": r.op,
                    "key": r.key, "source": r.source, "target": r.target, "before": before, "after": after})
    cols = ["load_id", "at", "kind", "frame", "op", "key", "source", "target", "before", "after"]
    return pd.DataFrame(out, columns=cols)


def ties_over_time(store: Store, node_id: str) -> pd.DataFrame:
    """The changes that touched ``node_id`` (a household, helper, village...), every load, oldest first."""
    df = changes_since(store, 0)
    hit = (df["key"] == node_id) | (df["source"] == node_id) | (df["target"] == node_id)
    return df[hit].reset_index(drop=True)


def classify(frame: str, op: str, before: dict[str, Any] | None, after: dict[str, Any] | None) -> str:
    """The kind of one change (see ``changes_since``)."""
    b, a = before or {}, after or {}
    ended = op == "removed" or (op == "changed" and a.get("until") and not b.get("until"))
    if frame == "HELPS":
        if op == "added":
            return "pairing_begun"
        if ended:
            return "pairing_ended"
    if frame == "Household" and op == "changed" and a.get("status") != b.get("status"):
        if a.get("status") == "monitored":
            return "household_monitored"
        if a.get("status") == "exited":
            return "household_exited"
    if frame == "Cadre" and (op == "removed" or (op == "changed" and b.get("active") is not False
                                                  and a.get("active") is False)):
        return "helper_left"
    if frame == "STATIONED_IN" and ended and (b or a).get("role") == "first_secretary":
        return "village_lost_first_secretary"
    if frame == "PACKAGES" and ended and (b or a).get("source_label") in (None, "Unit"):
        return "village_lost_unit"
    return "other"


def _parsed(text: Any) -> dict[str, Any] | None:
    if not isinstance(text, str) or not text:
        return None
    return json.loads(text)
