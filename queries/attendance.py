"""Attendance of stationed cadres in a month (驻村考勤): days present, on leave and away against the days required."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import networkx as nx
import pandas as pd

from pairnet.graph.core.errors import DateError
from pairnet.graph.core.messages import text
from pairnet.graph.core.policy import Policy
from pairnet.graph.core.rules import is_active_helper
from pairnet.queries.engine import Engine, Source, pull_events, pull_network, run_cypher, use_cypher

CADRE_COLUMNS = ["id", "label", "unit_id", "village_id", "town_id", "role", "present", "leave", "away", "required",
                 "short"]
_BASE = ["id", "label", "unit_id", "village_id", "town_id", "role", "since", "until"]
KINDS = ("present", "leave", "away")


@dataclass(frozen=True)
class Month:
    """A calendar month: its first and last day."""

    year: int
    month: int

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def days(self) -> int:
        return calendar.monthrange(self.year, self.month)[1]

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def check_month(month: str | Month | dt.date) -> Month:
    """``YYYY-MM`` (also ``YYYY/MM``, ``YYYY年M月``) as a Month; a bad month is the user's fault.

    >>> str(check_month("2026-6")), check_month("2026年6月").end
    ('2026-06', datetime.date(2026, 6, 30))
    """
    if isinstance(month, Month):
        return month
    if isinstance(month, dt.date):
        return Month(month.year, month.month)
    m = re.fullmatch(r"\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?\s*", str(month))
    if not m or not 1 <= int(m.group(2)) <= 12 or not 1 <= int(m.group(1)) <= 9998:
        raise DateError(text("bad_month", month=month))
    return Month(int(m.group(1)), int(m.group(2)))


def attendance(source: Source, *, month: str | Month, policy: Policy | None = None,
               engine: Engine = None) -> pd.DataFrame:
    """Every active cadre stationed in a village at some time in ``month``, with the days recorded there.

    One row per stationing (a cadre moved mid-month has two). Days count inside both the month and the
    stationing: ``present`` (在村), ``leave`` (请假, approved) and ``away`` (离村 without approval). ``required`` is
    ``stationed_days_per_month`` prorated for a stationing that began or ended in the month: ``round(days *
    stationed / days in month)``, halves up. ``short`` when ``present`` (plus ``leave`` if the policy's
    ``leave_excuses`` says so) is below ``required``. Sorted by cadre, then village.

    >>> from pairnet.graph.example import example_network
    >>> attendance(example_network(), month="2026-06")[["id", "village_id", "present", "leave", "required", "short"]]
       id village_id  present  leave  required  short
    0  C1         V1        0      0        20   True
    1  C3         V1        5      1        20   True
    """
    month, policy = check_month(month), policy or Policy()
    if use_cypher(source, engine):
        params = {"month_start": month.start, "month_end": month.end}
        base = run_cypher(source, "attendance", params)
        rows = run_cypher(source, "attendance_days", params)
    else:
        base = pd.DataFrame(_base_nx(pull_network(source).to_networkx(), month), columns=_BASE)
        rows = pull_events(source, "attendance", month.start, month.end)
    return _finish(_with_days(base, rows, month), month, policy)


def _with_days(base: pd.DataFrame, rows: pd.DataFrame, month: Month) -> pd.DataFrame:
    """Each stationing with its days per kind: the month's rows of its cadre and village inside the stationing."""
    base = base[_BASE].reset_index(drop=True)
    first = pd.to_datetime(base["since"]).clip(lower=pd.Timestamp(month.start)).fillna(pd.Timestamp(month.start))
    last = pd.to_datetime(base["until"]).clip(upper=pd.Timestamp(month.end)).fillna(pd.Timestamp(month.end))
    keyed = pd.DataFrame({"i": base.index, "cadre_id": base["id"].astype("string"),
                          "village_id": base["village_id"].astype("string"), "first": first, "last": last})
    days = rows.astype({"cadre_id": "string", "village_id": "string"})
    days = days.assign(date=pd.to_datetime(days["date"]))
    hit = keyed.merge(days, on=["cadre_id", "village_id"])
    hit = hit[(hit["date"] >= hit["first"]) & (hit["date"] <= hit["last"])]
    counts = hit.groupby(["i", "kind"]).size().unstack(fill_value=0).reindex(columns=list(KINDS), fill_value=0)
    counts = counts.reindex(base.index, fill_value=0)
    return pd.concat([base, counts[list(KINDS)]], axis=1)


def _finish(base: pd.DataFrame, month: Month, policy: Policy) -> pd.DataFrame:
    """Required days and the short flag from the base rows either engine gives."""
    df = base[[*_BASE, *KINDS]].copy()
    since = pd.to_datetime(df["since"]).dt.date
    until = pd.to_datetime(df["until"]).dt.date
    first = [month.start if pd.isna(s) or s < month.start else s for s in since]
    last = [month.end if pd.isna(u) or u > month.end else u for u in until]
    stationed = [(b - a).days + 1 for a, b in zip(first, last)]
    full = policy.stationed_days_per_month
    df["required"] = [(2 * full * n + month.days) // (2 * month.days) for n in stationed]  # halves round up
    counted = df["present"].astype("int64") + (df["leave"].astype("int64") if policy.leave_excuses else 0)
    df["short"] = counted < df["required"]
    for c in ("id", "label", "unit_id", "village_id", "town_id", "role"):
        df[c] = df[c].astype("string")
    for c in (*KINDS, "required"):
        df[c] = df[c].astype("Int64")
    df["short"] = df["short"].astype("boolean")
    return df[CADRE_COLUMNS].sort_values(["id", "village_id"]).reset_index(drop=True)


def _base_nx(g: nx.MultiDiGraph, month: Month) -> list[dict[str, Any]]:
    """The stationings of active cadres overlapping ``month``, by walking the pulled graph."""
    out = []
    for c, v, rel in g.edges(data=True):
        if rel["type"] != "STATIONED_IN" or not is_active_helper(g.nodes[c]):
            continue
        since, until = rel.get("since"), rel.get("until")
        if (since is not None and since > month.end) or (until is not None and until < month.start):
            continue
        unit = next((t for _, t, r in g.out_edges(c, data=True) if r["type"] == "WORKS_IN"), None)
        town = next((t for _, t, r in g.out_edges(v, data=True) if r["type"] == "IN_TOWN"), None)
        out.append({"id": c[1], "label": g.nodes[c].get("name"), "unit_id": unit and unit[1], "village_id": v[1],
                    "town_id": town and town[1], "role": rel.get("role"), "since": since, "until": until})
    return out
