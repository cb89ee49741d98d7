"""The "543" pairing map: helpers by rank and unit, households by state, active pairings as edges."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from pairnet.graph.core.errors import PairnetError
from pairnet.graph.network import PairingNetwork, Scope
from pairnet.queries.balance import helper_load
from pairnet.graph.core.dates import check_as_of
from pairnet.queries.gaps import households_without_helper
from pairnet.graph.core.rules import current_rels, is_active_helper
from pairnet.graph.core.pii import mask_value
from pairnet.graph.core.policy import LEADER_RANK, Policy
from pairnet.visualizations.layout import Cell, Group, grouped_layout
from pairnet.visualizations.page import MapPage, legend_item, render_page, tooltip

# benchmarks/maps_bench.py, headless Chromium on 2 CPUs without GPU (median first draw / one zoom redraw, two
# runs): 7.6k nodes 1.0 s / 53-106 ms, 12.6k 1.4-1.6 s / 136-175 ms, 16.4k 2.4-2.6 s / 180-240 ms, 34.2k (the
# ziyang county) 3.2-3.4 s / 430-450 ms. Above about 12k a pan or zoom drops below ~6 frames a second, so
# larger maps are refused (draw a town).
MAX_PAIRING_NODES = 12000

RANK_STYLE: dict[str, tuple[str, str, int, str]] = {  # rank -> shape, colour, size, legend name
    "county": ("star", "#6d28d9", 17, "county-level leader or cadre (县处级)"),
    "section": ("triangle", "#1d4ed8", 13, "section-level cadre (科级)"),
    "staff": ("square", "#0f766e", 10, "staff cadre (一般干部)"),
    "village": ("diamond", "#a16207", 11, "village cadre (村干部)"),
}
HOUSEHOLD_STATE: dict[str, tuple[str, str]] = {  # state -> colour, legend text
    "helped": ("#40c057", "has a helper"),
    "over": ("#f59f00", "its helper is over quota"),
    "missing": ("#e03131", "needs a helper and has none"),
    "none_needed": ("#ced4da", "no helper needed, none active"),
}


@dataclass
class PairingState:
    """What the analyses say on one day: active pairings, each helper's load and each household's state."""

    pairings: pd.DataFrame  # source, source_label, target: current pairings from active helpers
    load: pd.DataFrame  # helper_load: id, label, rank, unit_id, load, quota, status
    household_state: dict[str, str]  # household_id -> key of HOUSEHOLD_STATE


def active_pairings(network: PairingNetwork, as_of: dt.date) -> pd.DataFrame:
    """HELPS rows current on ``as_of`` whose helper is active (the analyses' own predicates decide both)."""
    helps = current_rels(network, "HELPS", check_as_of(as_of))
    cadres = network.nodes["Cadre"].set_index("cadre_id")["active"]
    keep = []
    for src, lab in zip(helps["source"], helps["source_label"]):
        active = cadres.get(src, pd.NA) if lab == "Cadre" else True
        keep.append(is_active_helper({"label": lab, "active": None if pd.isna(active) else bool(active)}))
    rows = helps.loc[pd.Series(keep, index=helps.index, dtype=bool), ["source", "source_label", "target"]]
    return rows.reset_index(drop=True)


def pairing_state(network: PairingNetwork, *, as_of: dt.date, policy: Policy | None = None,
                  load: pd.DataFrame | None = None, missing: set[str] | None = None) -> PairingState:
    """Household states from the analyses: without helper (gaps), over quota (helper_load), helped, none needed.

    ``load`` (``helper_load``) and ``missing`` (ids from ``households_without_helper``) are computed unless given.
    """
    as_of, policy = check_as_of(as_of), policy or Policy()
    pairs = active_pairings(network, as_of)
    if load is None:
        load = helper_load(network, as_of=as_of, policy=policy, engine="networkx")
    if missing is None:
        missing = set(households_without_helper(network, as_of=as_of, policy=policy, engine="networkx")["id"])
    over_helpers = set(load.loc[load["status"] == "over", "id"])
    over = set(pairs.loc[pairs["source"].isin(over_helpers), "target"])
    helped = set(pairs["target"])
    state = {}
    for hh in network.nodes["Household"]["household_id"]:
        state[hh] = ("missing" if hh in missing else "over" if hh in over else "helped" if hh in helped
                     else "none_needed")
    return PairingState(pairs, load, state)


def pairing_map(network: PairingNetwork, *, as_of: dt.date | str, scope: Scope | None = None,
                policy: Policy | None = None, max_nodes: int = MAX_PAIRING_NODES,
                place: str | None = None, state: PairingState | None = None) -> MapPage:
    """The "543" map of ``scope`` (a town, a village, a unit, or the whole county) on ``as_of``.

    Helpers are shaped and coloured by rank and boxed by unit (county leaders in their own box); each sits
    in a ring of the households it helps. Households nobody helps are boxed by village. More than
    ``max_nodes`` nodes raises ``PairnetError`` (the browser would freeze): draw a town instead. ``state``
    (from ``pairing_state`` on the same day and policy) saves recomputing the analyses for each town.

    >>> page = pairing_map(net, as_of="2026-06-30", scope=Scope(town_id="T01"))  # doctest: +SKIP
    >>> page.write("pairing.html")  # doctest: +SKIP
    """
    as_of = check_as_of(as_of)
    policy = policy or Policy()
    what = place or _scope_name(network, scope)
    part = network.subnetwork(scope)
    households = part.nodes["Household"]
    state = state or pairing_state(network, as_of=as_of, policy=policy)
    pairs = state.pairings[state.pairings["target"].isin(set(households["household_id"]))]
    leaders, cadres = _scope_helpers(part, scope, pairs, as_of)
    n_nodes = len(households) + len(leaders) + len(cadres)
    if n_nodes > max_nodes:
        raise PairnetError(
            f"the pairing map would draw {n_nodes:,} nodes, more than a browser shows smoothly ({max_nodes:,}, "
            "measured by benchmarks/maps_bench.py): draw one town with --town ID (or --village / --unit)")
    load = state.load.set_index("id")
    units = dict(zip(network.nodes["Unit"]["unit_id"], network.nodes["Unit"]["name"]))
    villages = dict(zip(network.nodes["Village"]["village_id"], network.nodes["Village"]["name"]))
    helpers = _helpers_frame(leaders, cadres, units)
    helper_ids = {(lab, k): f"{lab}:{k}" for lab, k in zip(helpers["label"], helpers["key"])}
    shown = [(lab, s) in helper_ids for lab, s in zip(pairs["source_label"], pairs["source"])]
    pairs = pairs[pd.Series(shown, index=pairs.index, dtype=bool)]
    pos, boxes = _layout(helpers, helper_ids, households, pairs, state, units, villages)

    names = dict(zip(helpers["key"], helpers["name"]))
    helped_by = pairs.groupby("target")["source"].apply(lambda s: sorted(names.get(x) or x for x in s)).to_dict()
    nodes = [_helper_node(h, helper_ids[(h.label, h.key)], pos, load, policy, units)
             for h in helpers.itertuples(index=False)]
    nodes += [_household_node(hh, pos, state.household_state[hh.household_id], villages,
                              helped_by.get(hh.household_id, [])) for hh in households.itertuples(index=False)]
    edges = [{"from": helper_ids[(lab, s)], "to": f"Household:{t}"}
             for s, lab, t in zip(pairs["source"], pairs["source_label"], pairs["target"])]

    counts = pd.Series(state.household_state).reindex(households["household_id"]).value_counts()
    title = f"Pairing map (结对帮扶): {what}, {as_of.isoformat()}"
    subtitle = (f"{len(helpers):,} helpers, {len(households):,} households: "
                f"{int(counts.get('helped', 0)):,} helped, {int(counts.get('over', 0)):,} by a helper over quota, "
                f"{int(counts.get('missing', 0)):,} need a helper and have none; {len(edges):,} active pairings")
    q = policy.quota
    legend = [
        {"heading": "Helpers (shape and colour = rank, quota \"543\")", "items": [
            legend_item(shape, color, f"{text}: quota {q[rank]}")
            for rank, (shape, color, _, text) in RANK_STYLE.items()
        ] + [legend_item("dot", "#ffffff", "red outline: helper over quota")]},
        {"heading": "Households", "items": [legend_item("dot", c, t) for c, t in HOUSEHOLD_STATE.values()]},
        {"heading": "Edges", "items": [legend_item("line", "#9aa5b1", "active pairing, helper to household")]},
    ]
    return render_page(title=title, subtitle=subtitle, nodes=nodes, edges=edges, legend=legend, boxes=boxes,
                       search_hint="Find a helper or household")


def _helpers_frame(leaders: pd.DataFrame, cadres: pd.DataFrame, units: dict) -> pd.DataFrame:
    """Leaders and cadres in one frame (key, label, name, rank, unit, phone, title), in drawing order."""
    helpers = pd.concat([
        pd.DataFrame({"key": leaders["leader_id"], "label": "Leader", "name": leaders["name"],
                      "rank": LEADER_RANK, "unit_id": pd.NA, "phone": leaders["phone"], "extra": leaders["title"]}),
        pd.DataFrame({"key": cadres["cadre_id"], "label": "Cadre", "name": cadres["name"], "rank": cadres["rank"],
                      "unit_id": cadres["unit_id"], "phone": cadres["phone"], "extra": pd.NA}),
    ], ignore_index=True)
    helpers = helpers.assign(unit_name=helpers["unit_id"].map(units))
    return helpers.sort_values(["label", "unit_name", "unit_id", "rank", "key"], na_position="first")


def _layout(helpers: pd.DataFrame, helper_ids: dict, households: pd.DataFrame, pairs: pd.DataFrame,
            state: PairingState, units: dict, villages: dict) -> tuple[dict, list[dict]]:
    """Positions and boxes: a box per unit (leaders together), each helper ringed by the households it is first
    to help (by id); households no helper on the map helps are boxed by village, those in need first."""
    first = pairs.sort_values(["source_label", "source"]).drop_duplicates("target")
    hung = first.groupby(["source_label", "source"])["target"].apply(sorted).to_dict()
    groups: list[Group] = []
    for unit_id, g in helpers.groupby(helpers["unit_id"].fillna(""), sort=False):
        name = "County leaders (县级领导)" if unit_id == "" else f"{units.get(unit_id) or unit_id}"
        cells = [Cell(helper_ids[(lab, k)], [f"Household:{h}" for h in hung.get((lab, k), [])])
                 for lab, k in zip(g["label"], g["key"])]
        groups.append(Group(name, cells))
    alone = households[~households["household_id"].isin(set(pairs["target"]))]
    order = {"missing": 0, "none_needed": 1}
    alone = alone.assign(_o=alone["household_id"].map(lambda h: order.get(state.household_state[h], 2)))
    for vid, g in alone.sort_values(["village_id", "_o", "household_id"]).groupby("village_id", sort=True):
        groups.append(Group(f"{villages.get(vid) or vid}: no active helper on this map",
                            [Cell(None, [f"Household:{h}" for h in g["household_id"]])], fill="rgba(255,245,245,0.9)"))
    return grouped_layout(groups)


def _masked(name: str, column: str, value: object) -> str | None:
    """A tooltip line with a PII value masked, or None when blank."""
    return f"{name}: {mask_value(column, value)}" if isinstance(value, str) and value else None


def _helper_node(h, nid: str, pos: dict, load: pd.DataFrame, policy: Policy, units: dict) -> dict:
    shape, color, size, rank_text = RANK_STYLE.get(h.rank, RANK_STYLE["staff"])
    row = load.loc[h.key] if h.key in load.index else None
    n_load, quota = (int(row["load"]), int(row["quota"])) if row is not None else (0, policy.quota_for(h.rank))
    over = n_load > quota
    load_text = (f"load {n_load} / quota {quota}" + (" (over quota)" if over else "") if row is not None
                 else "inactive: carries no households")
    unit = "county leader" if h.label == "Leader" else (units.get(h.unit_id) or h.unit_id)
    x, y = pos[nid]
    return {
        "id": nid, "key": h.key, "name": h.name, "label": h.name, "shape": shape, "size": size, "x": x, "y": y,
        "color": {"background": color, "border": "#e03131" if over else "#1f2933"},
        "borderWidth": 3 if over else 1, "font": {"size": 11, "color": "#1f2933"},
        "title": tooltip(h.name, rank_text + (f", {h.extra}" if isinstance(h.extra, str) else ""),
                         f"unit: {unit}", load_text, _masked("phone", "phone", h.phone), f"id: {h.key}"),
    }


def _household_node(hh, pos: dict, st: str, villages: dict, helpers: list[str]) -> dict:
    nid = f"Household:{hh.household_id}"
    color, text = HOUSEHOLD_STATE[st]
    x, y = pos[nid]
    return {
        "id": nid, "key": hh.household_id, "name": hh.head_name, "shape": "dot", "size": 6, "x": x, "y": y,
        "color": {"background": color, "border": "#495057"}, "borderWidth": 1,
        "title": tooltip(f"household of {hh.head_name}", f"{text}; status {hh.status}",
                         f"village: {villages.get(hh.village_id) or hh.village_id}",
                         f"helpers: {', '.join(helpers)}" if helpers else None,
                         _masked("ID number", "id_number", hh.id_number), f"id: {hh.household_id}"),
    }


def _scope_helpers(part: PairingNetwork, scope: Scope | None, pairs: pd.DataFrame,
                   as_of: dt.date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Leaders and cadres a map of ``part`` shows: in a town or village, those with an active pairing there,
    stationed there now, or (leaders) packaging or liaising with it; a unit's map shows its cadres; the county
    shows every helper."""
    leaders, cadres = part.nodes["Leader"], part.nodes["Cadre"]
    if scope is None or scope.is_whole:
        return leaders, cadres
    if scope.unit_id is not None:
        return leaders.iloc[:0], cadres[cadres["unit_id"] == scope.unit_id]
    tied = set(pairs["source"]) | set(current_rels(part, "STATIONED_IN", as_of)["source"])
    tied |= set(current_rels(part, "PACKAGES", as_of).query("source_label == 'Leader'")["source"])
    tied |= set(part.rels["LIAISES"]["source"])
    return leaders[leaders["leader_id"].isin(tied)], cadres[cadres["cadre_id"].isin(tied)]


def parse_scope(town: str | None = None, village: str | None = None, unit: str | None = None) -> Scope | None:
    """The scope the ``--town`` / ``--village`` / ``--unit`` flags name (at most one), or None for the county."""
    if sum(v is not None for v in (town, village, unit)) > 1:
        raise PairnetError("give at most one of --town, --village, --unit")
    return Scope(town_id=town, village_id=village, unit_id=unit)


def _scope_name(network: PairingNetwork, scope: Scope | None) -> str:
    """A readable name for a scope (its name and id), e.g. ``town Chengguan (T01)``."""
    if scope is None or scope.is_whole:
        return "whole county"
    for kind, label, key, value in (("town", "Town", "town_id", scope.town_id),
                                    ("village", "Village", "village_id", scope.village_id),
                                    ("unit", "Unit", "unit_id", scope.unit_id)):
        if value is not None:
            df = network.nodes[label]
            names = df.loc[df[key] == value, "name"]
            if names.empty:
                raise PairnetError(f"no {kind} with id {value!r}")
            return f"{kind} {names.iloc[0]} ({value})"
    return "whole county"
