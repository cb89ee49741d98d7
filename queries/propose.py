"""Gap-closing proposals: households without a helper assigned to helpers with spare quota by a min-cost flow."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict, deque
from dataclasses import dataclass
from typing import Any

import networkx as nx
import pandas as pd

from pairnet.graph.core import schema
from pairnet.graph.network import PairingNetwork
from pairnet.queries.balance import helper_load
from pairnet.queries.engine import Engine, Source, pull_network, run_cypher, use_cypher
from pairnet.graph.core.dates import check_as_of
from pairnet.queries.gaps import households_without_helper
from pairnet.graph.core.rules import current_rels, is_active_helper
from pairnet.graph.core.policy import Policy

TIERS = {"village": 1, "town": 2, "anywhere": 3}  # cost of one household per tier
TIE_COLUMNS = ["helper_id", "tie", "via", "village_id", "town_id"]


def helper_ties(source: Source, *, as_of: dt.date, engine: Engine = None) -> pd.DataFrame:
    """Where each active helper belongs on ``as_of``: ``helper_id, tie, via, village_id, town_id``.

    Ties: ``unit_packages`` (the cadre's unit packages the village, ``via`` the unit), ``stationed`` (``via`` the
    role), ``leader_packages``, and ``liaises`` (a town, no village). Only current ties of active helpers.

    >>> from pairnet.graph.example import AS_OF, example_network
    >>> helper_ties(example_network(), as_of=AS_OF).query("helper_id == 'C3'").values.tolist()
    [['C3', 'stationed', 'first_secretary', 'V1', 'T1'], ['C3', 'unit_packages', 'U2', 'V4', 'T2']]
    """
    as_of = check_as_of(as_of)
    if use_cypher(source, engine):
        df = run_cypher(source, "helper_ties", {"as_of": as_of})
    else:
        df = _ties_from_network(pull_network(source), as_of)
    df = df[TIE_COLUMNS].astype("string")
    return df.sort_values(TIE_COLUMNS, na_position="first").reset_index(drop=True)


def former_units(source: Source, households: pd.DataFrame, *, as_of: dt.date, engine: Engine = None
                 ) -> dict[str, frozenset[str]]:
    """Per household of ``households`` (``id``), the units of the cadres who left it on ``as_of``: a pairing
    ended before the day, or a current one whose cadre is inactive (retired, 调离). Leaders have no unit."""
    ids = [str(h) for h in households["id"]]
    if use_cypher(source, engine):
        rows = run_cypher(source, "former_helpers", {"ids": ids, "as_of": as_of})
    else:
        net = pull_network(source)
        cad = net.nodes["Cadre"]
        inactive = set(cad.loc[cad["active"].eq(False).fillna(False).to_numpy(bool), "cadre_id"])
        helps = net.rels["HELPS"]
        helps = helps[(helps["source_label"] == "Cadre").to_numpy(bool) & helps["target"].isin(ids).to_numpy(bool)]
        current = current_rels(net, "HELPS", as_of).index
        ended = (helps["until"] < pd.Timestamp(as_of)).fillna(False).to_numpy(bool)
        left = ended | (helps.index.isin(current) & helps["source"].isin(inactive).to_numpy(bool))
        unit = cad.set_index("cadre_id")["unit_id"]
        rows = pd.DataFrame({"household_id": helps.loc[left, "target"],
                             "unit_id": helps.loc[left, "source"].map(unit)}).dropna()
    out: dict[str, set[str]] = defaultdict(set)
    for h, u in zip(rows["household_id"], rows["unit_id"]):
        out[str(h)].add(str(u))
    return {h: frozenset(u) for h, u in out.items()}


def plan_assignments(households: pd.DataFrame, spare: dict[str, int], ties: pd.DataFrame,
                     colleagues: dict[str, frozenset[str]] | None = None, unit_of: dict[str, str] | None = None
                     ) -> tuple[list[dict[str, Any]], list[str]]:
    """Assign ``households`` (``id, village_id, town_id``) to helpers with ``spare`` places, never above them.

    A minimum-cost maximum flow over a small graph: households grouped by village, helpers grouped into classes
    with the same villages and towns (interchangeable for the cost), tiers as costs: 1 when the helper's unit
    packages the village or the helper is stationed there (or, for a leader, packages it), 2 when the helper
    belongs to the village's town, 3 anywhere. It covers ``min(spare, households)``; within a village households
    go in id order and within a class helpers in id order, so the plan is deterministic.

    Turnover: ``colleagues`` names, per household whose helper left, the units of the helpers who left
    (``former_units``); ``unit_of`` gives each helper's unit. Within each tier a colleague from such a unit is
    preferred to the other helpers (the practice of the sources: a unit's cadre takes over); the tiers keep their
    order (a nearer helper with spare places always comes first). ``tier`` names the helper's tie to the village;
    ``why`` says when it is a colleague.
    Returns the proposals ``{household_id, helper_id, tier, why}`` and the household ids left uncovered.

    >>> from pairnet.graph.example import AS_OF, example_network
    >>> from pairnet.queries.gaps import households_without_helper
    >>> net = example_network()
    >>> need, ties = households_without_helper(net, as_of=AS_OF), helper_ties(net, as_of=AS_OF)
    >>> plan_assignments(need, {"C1": 1}, ties)  # one place, and C1 has no tie to T2
    ([{'household_id': 'H08', 'helper_id': 'C1', 'tier': 'anywhere', 'why': 'spare quota, no tie to the village or town'}], ['H09', 'H10'])
    """
    spare = {h: int(n) for h, n in spare.items() if n > 0}
    ties = ties[ties["helper_id"].isin(spare)]
    villages_of: dict[str, set[str]] = defaultdict(set)
    towns_of: dict[str, set[str]] = defaultdict(set)
    for h, v, t in ties[["helper_id", "village_id", "town_id"]].itertuples(index=False):
        if pd.notna(v):
            villages_of[h].add(v)
        if pd.notna(t):
            towns_of[h].add(t)
    hh = households.sort_values("id")
    hh = hh.assign(village_id=hh["village_id"].fillna(""), town_id=hh["town_id"].fillna(""))
    colleagues = {h: u for h, u in (colleagues or {}).items() if u}
    unit_of = unit_of or {}
    hh = hh.assign(units=[tuple(sorted(colleagues.get(h, ()))) for h in hh["id"]])
    wanted = {u for units in hh["units"] for u in units}  # units whose cadres a household would prefer
    classes: dict[tuple, list[str]] = defaultdict(list)
    for h in sorted(spare):
        unit = unit_of.get(h) or ""
        classes[(tuple(sorted(villages_of[h])), tuple(sorted(towns_of[h])), unit if unit in wanted else "")].append(h)
    signatures = sorted(classes)

    # households grouped by village and the units they would prefer (none: one group per village, as before)
    groups = {key: list(g["id"]) for key, g in hh.groupby(["village_id", "units"], sort=True)}
    town_of = dict(zip(hh["village_id"], hh["town_id"]))
    scale = 10 if wanted else 1  # room inside each tier for colleagues: half a tier cheaper
    cost = {t: c * scale for t, c in TIERS.items()}

    def tie(v: str, sig: tuple) -> str:
        return "village" if v in sig[0] else "town" if town_of[v] in sig[1] else "anywhere"

    g = nx.DiGraph()
    for key, ids in groups.items():
        g.add_edge("s", ("v", key), capacity=len(ids), weight=0)
        g.add_edge(("v", key), ("t", town_of[key[0]]), weight=cost["town"])
        g.add_edge(("v", key), "any", weight=cost["anywhere"])
    in_village: dict[str, list[tuple]] = defaultdict(list)
    preferring: dict[str, list[tuple]] = defaultdict(list)
    for key in groups:
        in_village[key[0]].append(key)
        for u in key[1]:
            preferring[u].append(key)
    for k, sig in enumerate(signatures):
        node = ("c", k)
        g.add_edge(node, "z", capacity=sum(spare[h] for h in classes[sig]), weight=0)
        g.add_edge("any", node, weight=0)
        for v in sig[0]:
            for key in in_village.get(v, ()):
                g.add_edge(("v", key), node, weight=cost["village"])
        for key in preferring.get(sig[2], ()) if sig[2] else ():
            g.add_edge(("v", key), node, weight=cost[tie(key[0], sig)] - scale // 2)  # a colleague: 5, 15, 25
        for t in sig[1]:
            g.add_edge(("t", t), node, weight=0)
    flow = nx.max_flow_min_cost(g, "s", "z") if groups and signatures else {}

    # per group: (cost, class, amount, tier); town and anywhere flows are matched groups-to-classes in order
    routes: dict[tuple, list[tuple[int, int, int, str]]] = defaultdict(list)
    for key in groups:
        for node, f in flow.get(("v", key), {}).items():
            if f and node[0] == "c":
                routes[key].append((g.edges[("v", key), node]["weight"], node[1], f, tie(key[0], signatures[node[1]])))
    for hub, tier in [*((("t", t), "town") for t in sorted(set(town_of.values()))), ("any", "anywhere")]:
        if hub not in flow:
            continue
        into = [[key, flow[("v", key)].get(hub, 0)] for key in groups if flow.get(("v", key), {}).get(hub, 0)]
        out = [[node[1], f] for node, f in sorted(flow[hub].items()) if f]
        i = 0
        for entry in into:
            while entry[1]:
                take = min(entry[1], out[i][1])
                routes[entry[0]].append((cost[tier], out[i][0], take, tier))
                entry[1] -= take
                out[i][1] -= take
                i += out[i][1] == 0

    queues = {k: deque((h, spare[h]) for h in classes[sig]) for k, sig in enumerate(signatures)}
    why = _reasons(ties)
    proposals, covered = [], set()
    for key, ids in groups.items():
        v = key[0]
        pending = deque(ids)
        for _, k, amount, name in sorted(routes[key]):
            for _ in range(amount):
                helper, left = queues[k].popleft()
                household = pending.popleft()
                if left > 1:
                    queues[k].appendleft((helper, left - 1))
                reason = _why(why, helper, name, v, town_of[v])
                if signatures[k][2] and signatures[k][2] in key[1]:
                    reason = f"colleague in unit {signatures[k][2]} of the helper who left; {reason}"
                proposals.append({"household_id": household, "helper_id": helper, "tier": name, "why": reason})
                covered.add(household)
    uncovered = [h for ids in groups.values() for h in ids if h not in covered]
    proposals.sort(key=lambda p: p["household_id"])
    return proposals, uncovered


@dataclass
class Proposals:
    """``propose``'s answer: the JSON document (``data``) and its frames (``pairings``, ``proposals``,
    ``uncovered``) for the commands layer to present."""

    data: dict[str, Any]
    tables: dict[str, pd.DataFrame]
    csv_table: str = "pairings"


def propose(source: Source, *, as_of: dt.date, policy: Policy | None = None, engine: Engine = None) -> Proposals:
    """Proposals to close the household gaps within quota.

    JSON ``{"as_of", "proposals": [{household_id, helper_id, tier, why}], "uncovered": [...], "summary"}``; the
    CSV / first XLSX sheet is ``pairings`` in the pairings sheet's own columns (``since`` = ``as_of``), so that
    an approved file loads back with ``pairnet load --append``. ``engine`` as for ``gaps`` (None: Cypher on a
    store, NetworkX on a network); the flow itself is NetworkX either way.

    >>> from pairnet.graph.example import AS_OF, example_network
    >>> found = propose(example_network(), as_of=AS_OF)
    >>> [(p["household_id"], p["helper_id"], p["tier"]) for p in found.data["proposals"]], found.data["uncovered"]
    ([('H08', 'C3', 'village'), ('H09', 'C3', 'town'), ('H10', 'C3', 'town')], [])
    """
    as_of, policy = check_as_of(as_of), policy or Policy()
    if not use_cypher(source, engine):
        source = pull_network(source)  # pull once for every step
    need = households_without_helper(source, as_of=as_of, policy=policy, engine=engine)
    loads = helper_load(source, as_of=as_of, policy=policy, engine=engine)
    spare = dict(zip(loads["id"], (loads["quota"] - loads["load"]).clip(lower=0).astype(int)))
    turnover = need[need["reason"].isin(["pairings_ended", "only_inactive_helpers"]).to_numpy(bool)]
    colleagues = former_units(source, turnover, as_of=as_of, engine=engine) if len(turnover) else {}
    unit_of = {h: u for h, u in zip(loads["id"], loads["unit_id"]) if pd.notna(u)}
    proposals, uncovered = plan_assignments(need, spare, helper_ties(source, as_of=as_of, engine=engine),
                                           colleagues, unit_of)
    cols = schema.SHEET["pairings"].column_names
    pairings = pd.DataFrame({"helper_id": [p["helper_id"] for p in proposals],
                             "household_id": [p["household_id"] for p in proposals],
                             "since": as_of.isoformat(), "until": None}, columns=cols).astype("string")
    left = need.set_index("id").loc[uncovered, ["label", "village_id", "town_id", "reason"]].reset_index()
    tiers = pd.Series([p["tier"] for p in proposals], dtype="string").value_counts()
    summary = {"households_without_helper": len(need), "spare_places": int(sum(spare.values())),
               "proposed": len(proposals), "uncovered": len(uncovered),
               "by_tier": {t: int(tiers.get(t, 0)) for t in TIERS}}
    data = {"as_of": as_of.isoformat(), "proposals": [{k: p[k] for k in ("household_id", "helper_id", "why", "tier")}
                                                      for p in proposals],
            "uncovered": uncovered, "summary": summary}
    detail = pd.DataFrame(proposals, columns=["household_id", "helper_id", "tier", "why"]).astype("string")
    return Proposals(data=data, tables={"pairings": pairings, "proposals": detail,
                                     "uncovered": left.rename(columns={"id": "household_id"}).astype("string")},
                  csv_table="pairings")


# --- internals -------------------------------------------------------------------------------------------
def _reasons(ties: pd.DataFrame) -> dict[tuple[str, str], str]:
    """(helper, village) -> the tie that puts the helper in the village's tier, in words."""
    words = {"unit_packages": "unit {via} packages {v}", "stationed": "stationed in {v} as {via}",
             "leader_packages": "leader packages {v}"}
    out: dict[tuple[str, str], str] = {}
    order = {t: i for i, t in enumerate(words)}
    for h, tie, via, v in sorted(ties[["helper_id", "tie", "via", "village_id"]].dropna(subset=["village_id"])
                                 .itertuples(index=False), key=lambda r: (r[0], r[3], order.get(r[1], 9))):
        out.setdefault((h, v), words[tie].format(via=via, v=v))
    return out


def _why(why: dict[tuple[str, str], str], helper: str, tier: str, village: str, town: str) -> str:
    if tier == "village":
        return why[(helper, village)]
    if tier == "town":
        return f"works in town {town}"
    return "spare quota, no tie to the village or town"


def _ties_from_network(net: PairingNetwork, as_of: dt.date) -> pd.DataFrame:
    """The rows ``helper_ties.cypher`` returns, from the frames."""
    n, r = net.nodes, net.rels
    cad = n["Cadre"]
    active = cad[[is_active_helper({"label": "Cadre", "active": a}) for a in cad["active"].astype(object)
                  .where(cad["active"].notna(), None)]]
    town = n["Village"].set_index("village_id")["town_id"]
    pk = current_rels(net, "PACKAGES", as_of)
    unit_pk = pk[pk["source_label"] == "Unit"].rename(columns={"source": "via", "target": "village_id"})
    by_unit = active[["cadre_id", "unit_id"]].merge(unit_pk, left_on="unit_id", right_on="via")
    st = current_rels(net, "STATIONED_IN", as_of)
    st = st[st["source"].isin(active["cadre_id"])]
    lead_pk = pk[pk["source_label"] == "Leader"]
    parts = [
        pd.DataFrame({"helper_id": by_unit["cadre_id"], "tie": "unit_packages", "via": by_unit["via"],
                      "village_id": by_unit["village_id"]}),
        pd.DataFrame({"helper_id": st["source"], "tie": "stationed", "via": st["role"], "village_id": st["target"]}),
        pd.DataFrame({"helper_id": lead_pk["source"], "tie": "leader_packages", "via": lead_pk["source"],
                      "village_id": lead_pk["target"]}),
    ]
    df = pd.concat(parts, ignore_index=True)
    df["town_id"] = df["village_id"].map(town)
    lt = r["LIAISES"]
    liaison = pd.DataFrame({"helper_id": lt["source"], "tie": "liaises", "via": lt["source"], "village_id": None,
                            "town_id": lt["target"]})
    return pd.concat([df, liaison], ignore_index=True)
