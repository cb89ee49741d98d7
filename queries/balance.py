"""Helper load against the "543" quotas: per helper, by rank, by unit, and the capacity it leaves."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    import networkx as nx

from pairnet.queries.engine import Engine, Source, date_params, pull_network, records, run_cypher, use_cypher
from pairnet.graph.core.dates import check_as_of
from pairnet.graph.core.rules import is_active_helper, is_current, need_mask, needs_helper
from pairnet.graph.core.policy import LEADER_RANK, RANKS, Policy

COLUMNS = ["id", "label", "rank", "unit_id", "load", "quota", "status"]
STATUSES = ("over", "at", "under")


def helper_load(source: Source, *, as_of: dt.date, policy: Policy | None = None,
                engine: Engine = None) -> pd.DataFrame:
    """Every active helper's load on ``as_of`` against the quota of its rank, sorted by id.

    Load: households in need (see ``gaps.needs_helper``) with a pairing current on ``as_of``. Quota by rank
    (leaders count as county rank). Status ``over`` (load > quota), ``at`` or ``under``. Inactive cadres are
    not listed; a blank ``active`` counts as active.

    >>> from pairnet.graph.example import AS_OF, example_network
    >>> helper_load(example_network(), as_of=AS_OF)
       id label     rank unit_id  load  quota status
    0  C1   刘干部  section      U1     2      4  under
    1  C2   陈干部    staff      U1     4      3   over
    2  C3   杨干部    staff      U2     0      3  under
    3  L1   赵书记   county    <NA>     1      5  under
    """
    as_of, policy = check_as_of(as_of), policy or Policy()
    if use_cypher(source, engine):
        df = run_cypher(source, "helper_load", {**date_params(as_of), **policy.params()})
    else:
        df = pd.DataFrame(_helper_load_nx(pull_network(source).to_networkx(), as_of, policy),
                          columns=COLUMNS[:-1])
    return _with_status(df)


def households_in_need(source: Source, *, as_of: dt.date, policy: Policy | None = None,
                       engine: Engine = None) -> int:
    """How many households need a helper on ``as_of`` (whether or not they have one).

    >>> from pairnet.graph.example import AS_OF, example_network
    >>> households_in_need(example_network(), as_of=AS_OF)  # all but H06, which exited in 2020
    9
    """
    as_of, policy = check_as_of(as_of), policy or Policy()
    if use_cypher(source, engine):
        return int(run_cypher(source, "households_in_need", {**date_params(as_of), **policy.params()}).iloc[0, 0])
    return int(need_mask(pull_network(source).nodes["Household"], as_of, policy).sum())


def balance_by_rank(loads: pd.DataFrame) -> pd.DataFrame:
    """Per rank: helpers, total load, total quota and how many are over, at and under quota.

    >>> from pairnet.graph.example import AS_OF, example_network
    >>> loads = helper_load(example_network(), as_of=AS_OF)
    >>> balance_by_rank(loads).set_index("rank").loc["staff", ["helpers", "load", "quota", "over"]].tolist()
    [2, 4, 6, 1]
    """
    out = _summarise(loads, "rank")
    order = {r: i for i, r in enumerate(RANKS)}
    return out.sort_values("rank", key=lambda s: s.map(order)).reset_index(drop=True)


def balance_by_unit(loads: pd.DataFrame) -> pd.DataFrame:
    """Per unit (leaders, who belong to none, under a blank unit): the same figures as by rank.

    >>> from pairnet.graph.example import AS_OF, example_network
    >>> balance_by_unit(helper_load(example_network(), as_of=AS_OF))[["unit_id", "load", "quota"]]
      unit_id  load  quota
    0      U1     6      7
    1      U2     0      3
    2    <NA>     1      5
    """
    return _summarise(loads, "unit_id").sort_values("unit_id", na_position="last").reset_index(drop=True)


def capacity(loads: pd.DataFrame, in_need: int) -> dict[str, Any]:
    """Households in need against the quota capacity of the active helpers, and the helpers missing.

    ``more_helpers`` keeps the current rank mix: rank r covers its share ``n_r * quota_r / capacity`` of the
    shortfall, which takes ``ceil(shortfall * n_r / capacity)`` more helpers of rank r. With no capacity at all
    there is no mix to keep, and every rank shows None.

    >>> from pairnet.graph.example import AS_OF, example_network
    >>> capacity(helper_load(example_network(), as_of=AS_OF), 20)  # 20 in need, 15 places: 5 short
    {'households_in_need': 20, 'capacity': 15, 'shortfall': 5, 'helpers': 4, 'more_helpers': {'county': 1, 'section': 1, 'staff': 1, 'village': 0}}
    """
    cap = int(loads["quota"].sum())
    shortfall = max(0, in_need - cap)
    helpers = loads["rank"].value_counts()
    more = {r: (None if cap == 0 else math.ceil(shortfall * int(helpers.get(r, 0)) / cap)) for r in RANKS}
    return {"households_in_need": int(in_need), "capacity": cap, "shortfall": shortfall,
            "helpers": int(len(loads)), "more_helpers": more}


@dataclass
class Balance:
    """``balance``'s answer: the JSON document (``data``) and its frames (``helpers``, ``by_rank``, ``by_unit``,
    ``capacity``) for the commands layer to present."""

    data: dict[str, Any]
    tables: dict[str, pd.DataFrame]


def balance(source: Source, *, as_of: dt.date, policy: Policy | None = None, engine: Engine = None) -> Balance:
    """``helper_load`` with its summaries by rank and unit and the capacity: the data of ``pairnet balance``.

    >>> from pairnet.graph.example import AS_OF, example_network
    >>> found = balance(example_network(), as_of=AS_OF)
    >>> found.data["capacity"]["capacity"], [h["id"] for h in found.data["helpers"] if h["status"] == "over"]
    (15, ['C2'])
    """
    as_of, policy = check_as_of(as_of), policy or Policy()
    if not use_cypher(source, engine):
        source = pull_network(source)  # pull once for both answers
    loads = helper_load(source, as_of=as_of, policy=policy, engine=engine)
    need = households_in_need(source, as_of=as_of, policy=policy, engine=engine)
    by_rank, by_unit, cap = balance_by_rank(loads), balance_by_unit(loads), capacity(loads, need)
    cap_table = pd.DataFrame([{k: v for k, v in cap.items() if k != "more_helpers"}
                              | {f"more_{r}": v for r, v in cap["more_helpers"].items()}])
    data = {"as_of": as_of.isoformat(), "policy": dict(policy.quota), "helpers": records(loads),
            "by_rank": records(by_rank), "by_unit": records(by_unit), "capacity": cap}
    return Balance(data=data, tables={"helpers": loads, "by_rank": by_rank, "by_unit": by_unit,
                                     "capacity": cap_table})


# --- internals -------------------------------------------------------------------------------------------
def _helper_load_nx(g: nx.MultiDiGraph, as_of: dt.date, policy: Policy) -> list[dict[str, Any]]:
    rows = []
    for n, d in g.nodes(data=True):
        if d["label"] not in ("Leader", "Cadre") or not is_active_helper(d):
            continue
        helped = {t for _, t, kind, rel in g.out_edges(n, keys=True, data=True)
                  if kind == "HELPS" and is_current(rel, as_of) and needs_helper(g.nodes[t], as_of, policy)}
        rank = LEADER_RANK if d["label"] == "Leader" else d["rank"]
        unit = next((t[1] for _, t, kind in g.out_edges(n, keys=True) if kind == "WORKS_IN"), None)
        rows.append({"id": n[1], "label": d["name"], "rank": rank, "unit_id": unit, "load": len(helped),
                     "quota": policy.quota_for(rank)})
    return rows


def _with_status(df: pd.DataFrame) -> pd.DataFrame:
    df = df[COLUMNS[:-1]].copy()
    for c in ("id", "label", "rank", "unit_id"):
        df[c] = df[c].astype("string")
    for c in ("load", "quota"):
        df[c] = df[c].astype("Int64")
    load, quota = df["load"].to_numpy("int64"), df["quota"].to_numpy("int64")
    df["status"] = pd.Series(np.where(load > quota, "over", np.where(load == quota, "at", "under")),
                             index=df.index, dtype="string")
    return df.sort_values("id").reset_index(drop=True)


def _summarise(loads: pd.DataFrame, by: str) -> pd.DataFrame:
    key = loads[by].fillna("\0")  # leaders have no unit: keep them as a group of their own
    grouped = loads.groupby(key, sort=True)
    out = grouped.agg(helpers=("id", "size"), load=("load", "sum"), quota=("quota", "sum"))
    out = out.join(loads.groupby([key, "status"]).size().unstack(fill_value=0).reindex(columns=list(STATUSES),
                                                                                        fill_value=0))
    out = out.fillna(0).astype("int64").rename_axis(by).reset_index()
    out[by] = out[by].replace("\0", pd.NA).astype("string")
    return out[[by, "helpers", "load", "quota", *STATUSES]]

