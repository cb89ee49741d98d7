"""The responsibility chain of one household: its helpers, its village's packaging and team, its town's leader."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from pairnet.graph.core.errors import UnknownHousehold
from pairnet.graph.core.messages import Text
from pairnet.graph.network import PairingNetwork
from pairnet.queries.engine import Engine, Source, pull_network, run_cypher, use_cypher
from pairnet.graph.core.dates import check_as_of
from pairnet.graph.core.rules import is_current, needs_helper
from pairnet.graph.core.policy import LEADER_RANK, Policy

ROW = ["part", "id", "name", "rank", "unit_id", "role", "year", "since", "until", "active"]


def chain(source: Source, household_id: str, *, as_of: dt.date, policy: Policy | None = None,
          engine: Engine = None) -> dict[str, Any]:
    """Household -> helpers (rank, unit) -> village (packaging units and leader, first secretary, team) -> town
    (liaising leader), each link marked current or not on ``as_of``: the JSON document of ``pairnet chain``.

    Unknown household -> ``UnknownHousehold``. Cypher (``queries/cypher/chain.cypher``) on a store, the frames of
    the network otherwise (``engine`` as for ``gaps``).

    >>> from pairnet.graph.example import AS_OF, example_network
    >>> doc = chain(example_network(), "H02", as_of=AS_OF)
    >>> doc["household"]["has_helper"], [h["id"] for h in doc["helpers"]], doc["village"]["id"], doc["town"]["name"]
    (True, ['C1', 'C2'], 'V1', '城关镇')
    """
    as_of, policy = check_as_of(as_of), policy or Policy()
    if use_cypher(source, engine):
        rows = run_cypher(source, "chain", {"household_id": household_id})
    else:
        rows = _rows_from_network(pull_network(source), household_id)
    records = [_clean(r) for r in rows.astype(object).where(rows.notna(), None).to_dict("records")]
    head = next((r for r in records if r["part"] == "household"), None)
    if head is None:
        raise UnknownHousehold(Text("household.unknown", id=household_id))
    return _document(records, head, as_of, policy)


# --- building the document -------------------------------------------------------------------------------
def _clean(r: dict[str, Any]) -> dict[str, Any]:
    for k in ("since", "until"):
        v = r.get(k)
        r[k] = v.date() if isinstance(v, (pd.Timestamp, dt.datetime)) else v
    r["year"] = None if r.get("year") is None else int(r["year"])
    r["active"] = r.get("active") is not False
    return r


def _link(r: dict[str, Any], as_of: dt.date, **extra: Any) -> dict[str, Any]:
    current = is_current(r, as_of)
    return {"id": r["id"], "name": r["name"], **extra,
            "since": r["since"].isoformat() if r["since"] else None,
            "until": r["until"].isoformat() if r["until"] else None,
            "current": current, "active": r["active"], "counts": current and r["active"]}


def _document(records: list[dict[str, Any]], head: dict[str, Any], as_of: dt.date, policy: Policy) -> dict[str, Any]:
    parts: dict[str, list[dict[str, Any]]] = {}
    for r in sorted(records, key=lambda r: (r["part"], r["id"])):
        parts.setdefault(r["part"], []).append(r)
    helpers = [_link(r, as_of, rank=r["rank"], unit_id=r["unit_id"], kind=r["role"]) for r in parts.get("helper", [])]
    in_need = needs_helper({"status": head["rank"], "exit_year": head["year"]}, as_of, policy)
    village = (parts.get("village") or [None])[0]
    town = (parts.get("town") or [None])[0]
    stationed = [_link(r, as_of, role=r["role"], rank=r["rank"], unit_id=r["unit_id"])
                 for r in parts.get("stationed", [])]
    return {
        "as_of": as_of.isoformat(),
        "household": {"id": head["id"], "name": head["name"], "status": head["rank"], "exit_year": head["year"],
                      "village_id": head["unit_id"], "needs_helper": in_need,
                      "has_helper": any(h["counts"] for h in helpers)},
        "helpers": helpers,
        "village": None if village is None else {
            "id": village["id"], "name": village["name"], "kind": village["rank"], "branch_rating": village["role"],
            "packaging_units": [_link(r, as_of, kind=r["rank"]) for r in parts.get("packaging_unit", [])],
            "packaging_leaders": [_link(r, as_of, title=r["role"]) for r in parts.get("packaging_leader", [])],
            "first_secretaries": [s for s in stationed if s["role"] == "first_secretary"],
            "team": stationed,
        },
        "town": None if town is None else {
            "id": town["id"], "name": town["name"],
            "liaising_leaders": [{"id": r["id"], "name": r["name"], "title": r["role"]}
                                 for r in parts.get("liaison", [])],
        },
    }


# --- the same rows from a PairingNetwork -----------------------------------------------------------------
def _rows_from_network(net: PairingNetwork, household_id: str) -> pd.DataFrame:
    """The rows ``chain.cypher`` returns, computed from the frames."""
    n, r = net.nodes, net.rels
    hh = n["Household"][n["Household"]["household_id"] == household_id]
    if hh.empty:
        return pd.DataFrame(columns=ROW)
    h = hh.iloc[0]
    out = [{"part": "household", "id": h["household_id"], "name": h["head_name"], "rank": h["status"],
            "unit_id": h["village_id"], "year": h["exit_year"]}]
    helps = r["HELPS"][r["HELPS"]["target"] == household_id]
    leaders, cadres = n["Leader"].set_index("leader_id"), n["Cadre"].set_index("cadre_id")
    for _, p in helps.iterrows():
        if p["source_label"] == "Leader":
            out.append({"part": "helper", "id": p["source"], "name": leaders.at[p["source"], "name"],
                        "rank": LEADER_RANK, "role": "leader", "since": p["since"], "until": p["until"]})
        else:
            c = cadres.loc[p["source"]]
            out.append({"part": "helper", "id": p["source"], "name": c["name"], "rank": c["rank"],
                        "unit_id": c["unit_id"], "role": "cadre", "since": p["since"], "until": p["until"],
                        "active": c["active"]})
    villages = n["Village"][n["Village"]["village_id"] == h["village_id"]]
    for _, v in villages.iterrows():
        kind = "deep_poverty" if _flag(v["deep_poverty"]) else "poor" if _flag(v["poor"]) else "not_poor"
        out.append({"part": "village", "id": v["village_id"], "name": v["name"], "rank": kind,
                    "unit_id": v["town_id"], "role": v["branch_rating"]})
        pk = r["PACKAGES"][r["PACKAGES"]["target"] == v["village_id"]]
        units = n["Unit"].set_index("unit_id")
        for _, k in pk.iterrows():
            if k["source_label"] == "Unit":
                out.append({"part": "packaging_unit", "id": k["source"], "name": units.at[k["source"], "name"],
                            "rank": units.at[k["source"], "kind"], "unit_id": k["source"],
                            "since": k["since"], "until": k["until"]})
            else:
                out.append({"part": "packaging_leader", "id": k["source"], "name": leaders.at[k["source"], "name"],
                            "rank": LEADER_RANK, "role": leaders.at[k["source"], "title"],
                            "since": k["since"], "until": k["until"]})
        st = r["STATIONED_IN"][r["STATIONED_IN"]["target"] == v["village_id"]]
        for _, s in st.iterrows():
            c = cadres.loc[s["source"]]
            out.append({"part": "stationed", "id": s["source"], "name": c["name"], "rank": c["rank"],
                        "unit_id": c["unit_id"], "role": s["role"], "since": s["since"], "until": s["until"],
                        "active": c["active"]})
        towns = n["Town"][n["Town"]["town_id"] == v["town_id"]]
        for _, t in towns.iterrows():
            out.append({"part": "town", "id": t["town_id"], "name": t["name"]})
            for lid in r["LIAISES"].loc[r["LIAISES"]["target"] == t["town_id"], "source"]:
                out.append({"part": "liaison", "id": lid, "name": leaders.at[lid, "name"], "rank": LEADER_RANK,
                            "role": leaders.at[lid, "title"]})
    df = pd.DataFrame(out, columns=ROW)
    return df.astype(object).where(df.notna(), None)


def _flag(x: Any) -> bool:
    return x is not None and not pd.isna(x) and bool(x)
