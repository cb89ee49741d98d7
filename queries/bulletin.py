"""The monthly bulletin (月度通报): units and towns ranked, the best and worst helpers, the month's changes, gaps.

Every figure is one of ``visits`` (on the month's last day), ``attendance`` (the month), ``gaps`` (the last day)
or the store's history (``graph.history.changes_since``), so each can be reproduced by its own command.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd

from pairnet.graph.core.policy import Policy
from pairnet.graph.core.rules import current_rels
from pairnet.queries.attendance import Month, attendance, check_month
from pairnet.queries.engine import Engine, Source, in_memory, pull_network, run_cypher, use_cypher
from pairnet.queries.gaps import gaps, summary
from pairnet.queries.visits import visits

UNIT_COLUMNS = ["place", "id", "label", "visit_share", "households", "in_time", "cadres", "cadres_short",
                "attendance_share", "villages_packaged", "gaps"]
TOWN_COLUMNS = ["place", "id", "label", "visit_share", "households", "ok", "cadres", "cadres_short",
                "attendance_share", "gaps"]
HELPER_COLUMNS = ["id", "label", "unit_id", "households", "in_time", "share"]
TOP = 10


@dataclass(frozen=True)
class Bulletin:
    """One month's bulletin: judged on ``as_of``, the month's last day."""

    month: Month
    as_of: dt.date
    units: pd.DataFrame  # UNIT_COLUMNS, ranked
    towns: pd.DataFrame  # TOWN_COLUMNS, ranked
    best: pd.DataFrame  # HELPER_COLUMNS: the ten best helpers by visits in time
    worst: pd.DataFrame  # the ten worst
    changes: pd.DataFrame | None  # the month's changes (graph.history.changes_since), None without a history
    change_summary: dict[str, int]
    gaps: pd.DataFrame  # queries.gaps on as_of
    gap_summary: dict[str, int]


def bulletin(source: Source, *, month: str | Month, policy: Policy | None = None, engine: Engine = None,
             since: int | str | dt.date | None = None) -> Bulletin:
    """The bulletin of ``month``, judged on its last day.

    Units and towns are ranked by the share of visits in time (``visits``: a unit's helper rows, a town's
    households), then by the share of their stationed cadres not short of days (``attendance``: a unit's cadres,
    those stationed in the town's villages; a stationing is one row), then by the fewest gaps (``gaps``) in the
    villages the unit packages on that day, or in the town; then by id. A share with nothing to count is blank
    and ranks last. The ten best helpers have the highest share in time (more households first on a tie, then
    id), the ten worst the lowest. The changes are ``pairnet changes --since`` the month's first day (or
    ``since``: a load id or a day), see ``month_changes``.
    """
    month, policy = check_month(month), policy or Policy()
    as_of = month.end
    found = visits(source, as_of=as_of, policy=policy, engine=engine)
    att = attendance(source, month=month, policy=policy, engine=engine)
    gap = gaps(source, as_of=as_of, policy=policy, engine=engine)
    packaged = unit_villages(source, as_of=as_of, engine=engine)

    units = _units(found.units, att, gap, packaged)
    towns = _towns(found.towns, att, gap)
    helpers = found.helpers[HELPER_COLUMNS]
    best = helpers.sort_values(["share", "households", "id"], ascending=[False, False, True], na_position="last")
    worst = helpers.sort_values(["share", "households", "id"], ascending=[True, False, True], na_position="last")
    changes, change_summary = month_changes(source, month, since)
    return Bulletin(month, as_of, units, towns, best.head(TOP).reset_index(drop=True),
                    worst.head(TOP).reset_index(drop=True), changes, change_summary, gap, summary(gap))


def unit_villages(source: Source, *, as_of: dt.date, engine: Engine = None) -> pd.DataFrame:
    """``unit_id, unit_label, village_id``: every unit with the villages it packages on ``as_of`` (one row with
    a blank village for a unit that packages none)."""
    if use_cypher(source, engine):
        out = run_cypher(source, "unit_villages", {"as_of": as_of})
    else:
        net = pull_network(source)
        pk = current_rels(net, "PACKAGES", as_of)
        pk = pk[pk["source_label"] == "Unit"][["source", "target"]].set_axis(["unit_id", "village_id"], axis=1)
        units = net.nodes["Unit"][["unit_id", "name"]].rename(columns={"name": "unit_label"})
        out = units.merge(pk, on="unit_id", how="left")
    out = out.astype({"unit_id": "string", "unit_label": "string", "village_id": "string"})
    return out.sort_values(["unit_id", "village_id"], na_position="first").reset_index(drop=True)


def month_changes(source: Source, month: Month, since: int | str | dt.date | None = None
                  ) -> tuple[pd.DataFrame | None, dict[str, int]]:
    """What the loads after ``since`` changed (default: after the last load made before the month's first day,
    up to the latest load: a June bulletin made in early July includes the June ledger loaded then), and the
    count per kind; None without a history (an in-memory network)."""
    if in_memory(source) or not hasattr(source, "history"):
        return None, {}
    from pairnet.graph.history import KINDS, changes_since

    rows = changes_since(source, month.start if since is None else since)
    counts = rows["kind"].value_counts()
    return rows, {k: int(counts.get(k, 0)) for k in KINDS}


def _attendance_share(att: pd.DataFrame, by: str) -> pd.DataFrame:
    per = att.assign(short=att["short"].astype(bool)).groupby(by).agg(cadres=("id", "size"),
                                                                      cadres_short=("short", "sum"))
    per["attendance_share"] = [round(1 - s / n, 4) if n else None for s, n in zip(per["cadres_short"], per["cadres"])]
    return per


def _units(found: pd.DataFrame, att: pd.DataFrame, gap: pd.DataFrame, packaged: pd.DataFrame) -> pd.DataFrame:
    per_att = _attendance_share(att[att["unit_id"].notna()], "unit_id")
    gap_villages = gap["village_id"].dropna()
    villages = packaged.dropna(subset=["village_id"]).groupby("unit_id")["village_id"].apply(set)
    ids = sorted(set(packaged["unit_id"]) | set(found["id"]) | set(per_att.index))
    labels = {**dict(zip(packaged["unit_id"], packaged["unit_label"])), **dict(zip(found["id"], found["label"]))}
    v = found.set_index("id")
    rows = []
    for u in ids:
        vs = villages.get(u, set())
        rows.append({"id": u, "label": labels.get(u),
                     "visit_share": _get(v, u, "share"), "households": _get(v, u, "households", 0),
                     "in_time": _get(v, u, "in_time", 0),
                     "cadres": _get(per_att, u, "cadres", 0), "cadres_short": _get(per_att, u, "cadres_short", 0),
                     "attendance_share": _get(per_att, u, "attendance_share"),
                     "villages_packaged": len(vs), "gaps": int(gap_villages.isin(vs).sum())})
    return _ranked(pd.DataFrame(rows, columns=UNIT_COLUMNS[1:]), UNIT_COLUMNS)


def _towns(found: pd.DataFrame, att: pd.DataFrame, gap: pd.DataFrame) -> pd.DataFrame:
    per_att = _attendance_share(att[att["town_id"].notna()], "town_id")
    per_gap = gap["town_id"].dropna().value_counts()
    ids = sorted(set(found["id"].dropna()) | set(per_att.index) | set(per_gap.index))
    v = found.set_index("id")
    rows = [{"id": t, "label": _get(v, t, "label"), "visit_share": _get(v, t, "share"),
             "households": _get(v, t, "households", 0), "ok": _get(v, t, "ok", 0),
             "cadres": _get(per_att, t, "cadres", 0), "cadres_short": _get(per_att, t, "cadres_short", 0),
             "attendance_share": _get(per_att, t, "attendance_share"), "gaps": int(per_gap.get(t, 0))}
            for t in ids]
    return _ranked(pd.DataFrame(rows, columns=TOWN_COLUMNS[1:]), TOWN_COLUMNS)


def _get(df: pd.DataFrame, key: Any, col: str, default: Any = None) -> Any:
    if key not in df.index:
        return default
    value = df.loc[key, col]
    return default if pd.isna(value) else (value.item() if hasattr(value, "item") else value)


def _ranked(df: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Sorted by the bulletin's rule, with ``place`` 1..n."""
    df = df.assign(_v=df["visit_share"].astype("Float64").fillna(-1.0),
                   _a=df["attendance_share"].astype("Float64").fillna(-1.0))
    df = df.sort_values(["_v", "_a", "gaps", "id"], ascending=[False, False, True, True]).drop(columns=["_v", "_a"])
    df.insert(0, "place", range(1, len(df) + 1))
    for c in ("visit_share", "attendance_share"):
        df[c] = df[c].astype("Float64")
    for c in columns:
        if c not in ("id", "label", "visit_share", "attendance_share"):
            df[c] = df[c].astype("Int64")
    df["id"] = df["id"].astype("string")
    df["label"] = df["label"].astype("string")
    return df[columns].reset_index(drop=True)
