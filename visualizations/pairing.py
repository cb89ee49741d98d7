"""The "543" pairing map: helpers by rank and unit, households by state (those in need large), pairings as edges."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pairnet.graph.core.dates import check_as_of
from pairnet.graph.core.errors import MapTooLarge, UnknownPlace
from pairnet.graph.core.messages import MAP_TEXT, Text, map_text, value_text
from pairnet.graph.core.pii import mask_id_number, mask_value
from pairnet.graph.core.policy import LEADER_RANK, Policy
from pairnet.graph.core.rules import current_rels, is_active_helper, need_mask
from pairnet.graph.network import PairingNetwork, Scope
from pairnet.graph.store import Store
from pairnet.queries.balance import helper_load
from pairnet.queries.engine import in_memory, pull_network
from pairnet.visualizations.layout import LINE, Cell, Group, grouped_layout, label_width
from pairnet.visualizations.page import INK, MapPage, Style, legend_item, render_page, tooltip

# benchmarks/maps_bench.py, headless Chromium on 2 CPUs without GPU (median first draw / one zoom redraw, two
# runs): 7.6k nodes 1.0 s / 53-106 ms, 12.6k 1.4-1.6 s / 136-175 ms, 16.4k 2.4-2.6 s / 180-240 ms, 34.2k (the
# ziyang county) 3.2-3.4 s / 430-450 ms. Above about 12k a pan or zoom drops below ~6 frames a second, so
# larger maps are refused (draw a town).
MAX_PAIRING_NODES = 12000

RANK_STYLE: dict[str, tuple[str, str, int, str]] = {  # rank -> shape, colour, size, legend text key
    "county": ("star", "#6d28d9", 17, "rank_county"),
    "section": ("triangle", "#1d4ed8", 13, "rank_section"),
    "staff": ("square", "#0f766e", 10, "rank_staff"),
    "village": ("diamond", "#a16207", 11, "rank_village"),
}
OVER_BORDER = "#e03131"  # the outline of a helper over quota, in the legend and on the map
HELPER_FONT = 11
# Household states, most urgent first: style (what is drawn, and the legend swatch) and legend text key. The
# three colours of households in need are the 三色 of supervision: red, yellow, green.
HOUSEHOLD_STYLE: dict[str, tuple[Style, str]] = {
    "missing": (Style("dot", "#e03131", border="#7d1a1a", border_width=2, size=13), "hh_missing"),
    "over": (Style("dot", "#f59f00", border="#7a4a00", size=7), "hh_over"),
    "overdue": (Style("dot", "#fcc419", border="#7a4a00", size=7), "hh_overdue"),
    "helped": (Style("dot", "#40c057", border="#2b6b3a", size=7), "hh_helped"),
    "none_needed": (Style("dot", "#ced4da", border="#adb5bd", size=3), "hh_none_needed"),
}
HOUSEHOLD_STATE: dict[str, tuple[str, str]] = {k: (s.fill, t) for k, (s, t) in HOUSEHOLD_STYLE.items()}
TRAFFIC_STATE = {"red": "missing", "yellow": "overdue", "green": "helped"}  # 三色 -> state of a household in need


@dataclass
class PairingState:
    """What the analyses say on one day: active pairings, each helper's load and each household's state."""

    pairings: pd.DataFrame  # source, source_label, target: current pairings from active helpers
    load: pd.DataFrame  # helper_load: id, label, rank, unit_id, load, quota, status
    household_state: dict[str, str]  # household_id -> key of HOUSEHOLD_STYLE
    traffic: bool = False  # states come with 三色 colours (supervision's visits), so "overdue" may occur
    current: dict[str, pd.DataFrame] = field(default_factory=dict)  # STATIONED_IN, PACKAGES on the day, once


def active_pairings(network: PairingNetwork, as_of: dt.date) -> pd.DataFrame:
    """HELPS rows current on ``as_of`` whose helper is active (the analyses' own predicates decide both)."""
    helps = current_rels(network, "HELPS", check_as_of(as_of))
    cadres = network.nodes["Cadre"]
    active = dict(zip(cadres["cadre_id"].tolist(), cadres["active"].astype(object).where(cadres["active"].notna(),
                                                                                          None).tolist()))
    keep = [is_active_helper({"label": lab, "active": active.get(src) if lab == "Cadre" else None})
            for src, lab in zip(helps["source"].tolist(), helps["source_label"].tolist())]
    rows = helps.loc[pd.Series(keep, index=helps.index, dtype=bool), ["source", "source_label", "target"]]
    return rows.reset_index(drop=True)


def pairing_state(network: PairingNetwork, *, as_of: dt.date, policy: Policy | None = None,
                  load: pd.DataFrame | None = None, missing: set[str] | None = None,
                  colours: Mapping[str, str] | None = None, need: pd.Series | None = None) -> PairingState:
    """Household states: ``missing`` (in need, no active helper: the gaps), ``none_needed`` (not in need now),
    ``over`` (in need, a helper over quota: ``helper_load``), ``overdue`` (in need, yellow in ``colours``, the
    三色 of supervision, when given), ``helped`` (the rest of those in need). ``need`` is ``need_mask`` of the
    network's households when already at hand.

    ``load`` (``helper_load``) is computed on ``network`` unless given, and must count every household of the
    helpers drawn, not only those in it; ``missing`` (ids from ``households_without_helper``) unless given is
    that analysis' rule applied to the frames at hand (in need, no current pairing from an active helper).
    """
    as_of, policy = check_as_of(as_of), policy or Policy()
    pairs = active_pairings(network, as_of)
    if load is None:
        load = helper_load(network, as_of=as_of, policy=policy)
    households = network.nodes["Household"]
    need_rows = need_mask(households, as_of, policy) if need is None else need
    need = dict(zip(households["household_id"].tolist(), need_rows.tolist()))
    if missing is None:  # the gaps' rule from its parts: in need, and no current pairing from an active helper
        helped = set(pairs["target"].tolist())
        missing = {h for h, n in need.items() if n and h not in helped}
    over_helpers = set(load.loc[load["status"] == "over", "id"])
    over = set(pairs.loc[pairs["source"].isin(over_helpers), "target"])
    colours = colours or {}
    state = {}
    for hh, in_need in need.items():
        state[hh] = ("missing" if hh in missing else "none_needed" if not in_need else "over" if hh in over
                     else TRAFFIC_STATE.get(colours.get(hh, "green"), "helped"))
    current = {t: current_rels(network, t, as_of) for t in ("STATIONED_IN", "PACKAGES")}
    return PairingState(pairs, load, state, traffic=bool(colours), current=current)


def pairing_map(source: Store | PairingNetwork, *, as_of: dt.date | str, scope: Scope | None = None,
                policy: Policy | None = None, max_nodes: int = MAX_PAIRING_NODES, place: str | None = None,
                state: PairingState | None = None, lang: str = "en",
                colours: Mapping[str, str] | None = None, load: pd.DataFrame | None = None) -> MapPage:
    """The "543" map of ``scope`` (a town, a village, a unit, or the whole county) on ``as_of``.

    Helpers are shaped and coloured by rank and boxed by unit (county leaders in their own box); each sits in a
    ring of the households it helps. Households nobody on the map helps are boxed by village, those in need of
    a helper first and large. From a store, only the scope is read (``store.read(scope)``) and its households'
    states are computed on it; each helper's load is the store's own count (Cypher). From a network, ``state``
    (``pairing_state`` on the whole network, same day and policy) saves recomputing for each town. More than
    ``max_nodes`` nodes raises ``MapTooLarge`` (the browser would freeze): draw a town instead.

    >>> from pairnet.graph.example import AS_OF, example_network
    >>> page = pairing_map(example_network(), as_of=AS_OF, scope=Scope(town_id="T1"))
    >>> page.title, page.edges  # the six current pairings of T1's households
    ('Pairing map (结对帮扶): town 城关镇 (T1), 2026-06-30', 6)
    """
    as_of, policy = check_as_of(as_of), policy or Policy()
    if in_memory(source):
        network = source
        state = state or pairing_state(network, as_of=as_of, policy=policy, colours=colours)
    else:
        network = pull_network(source, scope)
        if state is None:
            if load is None:  # the store's own count; a caller that has it already passes ``load``
                load = helper_load(source, as_of=as_of, policy=policy)
            state = pairing_state(network, as_of=as_of, policy=policy, load=load, colours=colours)
    what = place or scope_name(network, scope, lang)
    households, leaders, cadres, pairs = scope_view(network, scope, state.pairings, as_of, state.current)
    n_nodes = len(households) + len(leaders) + len(cadres)
    if n_nodes > max_nodes:
        raise MapTooLarge(map_text("too_big", lang, n=n_nodes, limit=max_nodes))
    load = dict(zip(values_of(state.load["id"]), zip(state.load["load"].astype(int).tolist(),
                                                      state.load["quota"].astype(int).tolist())))
    units = dict(zip(values_of(network.nodes["Unit"]["unit_id"]), values_of(network.nodes["Unit"]["name"])))
    villages = dict(zip(values_of(network.nodes["Village"]["village_id"]), values_of(network.nodes["Village"]["name"])))
    helpers = _helpers_frame(leaders, cadres, units)
    helper_ids = {(h.label, h.key): h.nid for h in helpers}
    shown = [(lab, s) in helper_ids for lab, s in zip(values_of(pairs["source_label"]), values_of(pairs["source"]))]
    pairs = pairs[pd.Series(shown, index=pairs.index, dtype=bool)]
    hh_state = {h: state.household_state.get(h, "none_needed") for h in values_of(households["household_id"])}
    pos, boxes = _layout(helpers, households, pairs, hh_state, units, villages, lang)

    names = {h.key: h.name for h in helpers}
    helped_by: dict[str, list[str]] = {}
    for src, tgt in zip(pairs["source"].tolist(), pairs["target"].tolist()):
        name = names.get(src)
        helped_by.setdefault(tgt, []).append(name if isinstance(name, str) and name else src)
    nodes = [_helper_node(h, h.nid, pos, load, policy, units, lang) for h in helpers]
    nodes += _household_nodes(households, pos, hh_state, villages, helped_by, lang)
    edges = [{"from": helper_ids[(lab, s)], "to": f"Household:{t}"}
             for s, lab, t in zip(pairs["source"].tolist(), pairs["source_label"].tolist(), pairs["target"].tolist())]

    counts = pd.Series(hh_state, dtype=object).value_counts()
    title = map_text("pairing_title", lang, what=what, day=as_of.isoformat())
    subtitle = map_text("pairing_sub", lang, helpers=len(helpers), households=len(households),
                        missing=int(counts.get("missing", 0)), over=int(counts.get("over", 0)),
                        helped=int(counts.get("helped", 0)) + int(counts.get("overdue", 0)), edges=len(edges))
    return render_page(title=title, subtitle=subtitle, nodes=nodes, edges=edges,
                       legend=pairing_legend(policy, lang, traffic=state.traffic), boxes=boxes, lang=lang,
                       text=_page_words(lang, "search_pairing"), tips=household_tips(lang))


def household_tips(lang: str) -> list[str]:
    """The lines of a household's tooltip, ``{}`` where its value goes (the page fills them in)."""
    tpl = {k: MAP_TEXT[k][1 if lang == "zh" else 0] for k in
           ("tip_household", "tip_village", "tip_helpers", "tip_id_number", "tip_id")}
    return [tpl["tip_household"].replace("{name}", "{}"), "{}", tpl["tip_village"].replace("{name}", "{}"),
            tpl["tip_helpers"].replace("{names}", "{}"), tpl["tip_id_number"].replace("{v}", "{}"),
            tpl["tip_id"].replace("{v}", "{}")]


def pairing_legend(policy: Policy, lang: str = "en", *, traffic: bool = False) -> list[dict]:
    """The legend: every swatch is made from the style the map draws with (``helper_style``, ``HOUSEHOLD_STYLE``)."""
    q = policy.quota
    helpers = [helper_style(rank).legend(map_text(key, lang, q=q[rank])) for rank, (_, _, _, key) in RANK_STYLE.items()]
    helpers.append(helper_style("staff", over=True).legend(map_text("helper_over", lang)))
    states = [s for s in HOUSEHOLD_STYLE if traffic or s != "overdue"]
    return [
        {"heading": map_text("legend_helpers", lang), "items": helpers},
        {"heading": map_text("legend_households", lang),
         "items": [HOUSEHOLD_STYLE[s][0].legend(map_text(HOUSEHOLD_STYLE[s][1], lang)) for s in states]},
        {"heading": map_text("legend_edges", lang),
         "items": [legend_item("line", "#9aa5b1", map_text("edge_pairing", lang))]},
    ]


def helper_style(rank: str, *, over: bool = False) -> Style:
    """How a helper of ``rank`` is drawn: shape, colour and size by rank, a thick red outline when over quota."""
    shape, color, size, _ = RANK_STYLE.get(rank, RANK_STYLE["staff"])
    return Style(shape, color, border=OVER_BORDER if over else INK, border_width=3 if over else 1, size=size)


def _page_words(lang: str, hint: str) -> dict[str, str]:
    return {"find": map_text("find", lang), "no_match": map_text("no_match", lang), "search_hint": map_text(hint, lang)}


@dataclass(frozen=True)
class Helper:
    """One helper as the map draws it."""

    key: str
    label: str  # Leader or Cadre
    name: object
    rank: str
    unit_id: object
    phone: object
    extra: object  # a leader's title

    @property
    def nid(self) -> str:
        return f"{self.label}:{self.key}"


def _helpers_frame(leaders: pd.DataFrame, cadres: pd.DataFrame, units: dict) -> list[Helper]:
    """Leaders and cadres in drawing order: leaders first, then cadres by unit name, unit, rank and id."""
    out = [Helper(k, "Leader", n, LEADER_RANK, None, p, t) for k, n, p, t in
           zip(leaders["leader_id"].tolist(), leaders["name"].tolist(), leaders["phone"].tolist(),
               leaders["title"].tolist())]
    out += [Helper(k, "Cadre", n, r if isinstance(r, str) else "staff", u if isinstance(u, str) else None, p, None)
            for k, n, r, u, p in zip(cadres["cadre_id"].tolist(), cadres["name"].tolist(), cadres["rank"].tolist(),
                                     cadres["unit_id"].tolist(), cadres["phone"].tolist())]

    def order(h: Helper) -> tuple:
        unit = units.get(h.unit_id) if h.unit_id else None
        return (h.label, unit is not None, str(unit or ""), str(h.unit_id or ""), h.rank, h.key)

    return sorted(out, key=order)


def _layout(helpers: list[Helper], households: pd.DataFrame, pairs: pd.DataFrame, hh_state: dict[str, str],
            units: dict, villages: dict, lang: str) -> tuple[dict, list[dict]]:
    """Positions and boxes: a box per unit (leaders together), each helper ringed by the households it is first
    to help (by id), its name kept free below it; households no helper on the map helps are boxed by village,
    in need first and spaced for their size, then those needing none packed tight."""
    hung: dict[str, list[str]] = {}
    taken: set[str] = set()
    for lab, src, tgt in sorted(zip(pairs["source_label"].tolist(), pairs["source"].tolist(),
                                    pairs["target"].tolist())):
        if tgt not in taken:
            taken.add(tgt)
            hung.setdefault(f"{lab}:{src}", []).append(tgt)
    by_unit: dict[str, list[Helper]] = {}
    for h in helpers:
        by_unit.setdefault(h.unit_id or "", []).append(h)
    groups: list[Group] = []
    for unit_id, members in by_unit.items():
        name = map_text("leaders_box", lang) if unit_id == "" else f"{units.get(unit_id) or unit_id}"
        cells = [Cell(h.nid, [f"Household:{x}" for x in hung.get(h.nid, [])],
                      label=(label_width(h.name if isinstance(h.name, str) else "", HELPER_FONT), HELPER_FONT * LINE),
                      center_size=helper_style(h.rank).size) for h in members]
        groups.append(Group(name, cells))
    order = {s: i for i, s in enumerate(HOUSEHOLD_STYLE)}
    alone: dict[str, dict[int, list[str]]] = {}
    for hid, vid in sorted(zip(households["household_id"].tolist(), households["village_id"].tolist())):
        if hid not in taken:
            alone.setdefault(vid, {}).setdefault(order[hh_state[hid]], []).append(hid)
    states = list(HOUSEHOLD_STYLE)
    for vid in sorted(alone, key=str):
        cells = [Cell(None, [f"Household:{h}" for h in ids],
                      spacing=max(2.6 * HOUSEHOLD_STYLE[states[st]][0].size + 2, 9))
                 for st, ids in sorted(alone[vid].items())]
        groups.append(Group(map_text("alone_box", lang, village=villages.get(vid) or vid), cells,
                            fill="rgba(255,245,245,0.9)"))
    return grouped_layout(groups)


def _masked(key: str, column: str, value: object, lang: str) -> str | None:
    """A tooltip line with a PII value masked, or None when blank."""
    return map_text(key, lang, v=mask_value(column, value)) if isinstance(value, str) and value else None


def _helper_node(h, nid: str, pos: dict, load: dict, policy: Policy, units: dict, lang: str) -> dict:
    row = load.get(h.key)
    n_load, quota = row if row is not None else (0, policy.quota_for(h.rank))
    over = n_load > quota
    load_text = (map_text("tip_load", lang, load=n_load, quota=quota) + (map_text("tip_over", lang) if over else "")
                 if row is not None else map_text("tip_inactive", lang))
    unit = map_text("tip_county_leader", lang) if h.label == "Leader" else (units.get(h.unit_id) or h.unit_id)
    rank_text = map_text(RANK_STYLE.get(h.rank, RANK_STYLE["staff"])[3], lang, q=quota).split(":")[0].split("：")[0]
    x, y = pos[nid]
    return {
        "id": nid, "key": h.key, "name": h.name, "label": h.name, "x": x, "y": y,
        **helper_style(h.rank, over=over).node(), "font": {"size": HELPER_FONT, "color": INK},
        "title": tooltip(h.name, rank_text + (f", {h.extra}" if isinstance(h.extra, str) else ""),
                         map_text("tip_unit", lang, name=unit), load_text, _masked("tip_phone", "phone", h.phone, lang),
                         map_text("tip_id", lang, v=h.key)),
    }


def _household_nodes(households: pd.DataFrame, pos: dict, hh_state: dict[str, str], villages: dict,
                     helped_by: dict[str, list[str]], lang: str) -> list[dict]:
    """One node per household, styled by state; the tooltip says why, where and who helps (ID number masked).
    Households carry only their fill, outline, shape and size (vis-network's own highlight): 30,000 of them."""
    styles = {s: {k: v for k, v in st.node().items() if k != "color"}
              | {"color": {"background": st.fill, "border": st.border}} for s, (st, _) in HOUSEHOLD_STYLE.items()}
    words = {s: map_text(key, lang) for s, (_, key) in HOUSEHOLD_STYLE.items()}
    statuses = {v: value_text("status", v, lang) for v in set(households["status"].dropna().tolist())}
    status_tpl = MAP_TEXT["tip_status"][1 if lang == "zh" else 0]
    out = []
    for hid, head, vid, status, idn in zip(*(values_of(households[c]) for c in
                                             ("household_id", "head_name", "village_id", "status", "id_number"))):
        nid = f"Household:{hid}"
        st = hh_state[hid]
        x, y = pos[nid]
        helpers = helped_by.get(hid)
        tip = [head if isinstance(head, str) else "", status_tpl.format(state=words[st], status=statuses.get(status, status)),
               villages.get(vid) or vid,
               ", ".join(sorted(helpers)) if helpers else None,
               mask_id_number(idn) if isinstance(idn, str) and idn else None, hid]
        out.append({"id": nid, "key": hid, "name": head, "x": x, "y": y, **styles[st], "tip": tip})
    return out


def values_of(column: pd.Series) -> list:
    """The cells of ``column`` as Python values, through Arrow (a pandas Arrow column's ``tolist`` steps in
    Python, about ten times slower: a report draws every town)."""
    return pa.array(column, from_pandas=True).to_pylist() if len(column) else []


def among(column: pd.Series, values: set | list) -> np.ndarray:
    """Which cells of ``column`` are in ``values``, by Arrow (pandas' isin on Arrow strings loops in Python)."""
    arr = pa.array(column.astype("string"), type=pa.string(), from_pandas=True)
    found = pc.is_in(arr, value_set=pa.array(list(values), type=pa.string()))
    return found.fill_null(False).to_numpy(zero_copy_only=False)


def scope_view(network: PairingNetwork, scope: Scope | None, pairings: pd.DataFrame, as_of: dt.date,
               current: dict[str, pd.DataFrame] | None = None
               ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The households, leaders, cadres and active pairings a map of ``scope`` shows, taken from ``network``
    (the whole county, or the part a store read for the scope).

    A town or village shows its households and the helpers with an active pairing there, stationed there now,
    or (leaders) packaging or liaising with it; a unit shows its cadres and every household they ever helped (as
    ``scope_keys`` says); the county shows everything. Pairings are those into the households shown.
    """
    hh, leaders, cadres = network.nodes["Household"], network.nodes["Leader"], network.nodes["Cadre"]
    if scope is None or scope.is_whole:
        return hh, leaders, cadres, pairings[among(pairings["target"], set(values_of(hh["household_id"])))]
    if scope.unit_id is not None:
        part = network.subnetwork(scope)
        hh = part.nodes["Household"]
        return (hh, leaders.iloc[:0], part.nodes["Cadre"][part.nodes["Cadre"]["unit_id"] == scope.unit_id],
                pairings[among(pairings["target"], set(hh["household_id"]))])
    v = network.nodes["Village"]
    villages = set(v.loc[v["town_id"] == scope.town_id, "village_id"] if scope.town_id is not None
                   else v.loc[v["village_id"] == scope.village_id, "village_id"])
    towns = {scope.town_id} if scope.town_id is not None else set(v.loc[v["village_id"].isin(villages), "town_id"])
    hh = hh[among(hh["village_id"], villages)]
    pairs = pairings[among(pairings["target"], set(values_of(hh["household_id"])))]
    current = current or {}
    stationed = current.get("STATIONED_IN")
    stationed = current_rels(network, "STATIONED_IN", as_of) if stationed is None else stationed
    packages = current.get("PACKAGES")
    packages = current_rels(network, "PACKAGES", as_of) if packages is None else packages
    liaises = network.rels["LIAISES"]
    tied = set(values_of(pairs["source"]))
    tied |= set(values_of(stationed.loc[among(stationed["target"], villages), "source"]))
    tied |= set(packages.loc[(packages["source_label"] == "Leader").to_numpy() & among(packages["target"], villages),
                             "source"])
    tied |= set(liaises.loc[among(liaises["target"], towns), "source"])
    return hh, leaders[among(leaders["leader_id"], tied)], cadres[among(cadres["cadre_id"], tied)], pairs


def parse_scope(town: str | None = None, village: str | None = None, unit: str | None = None) -> Scope | None:
    """The scope the ``--town`` / ``--village`` / ``--unit`` flags name (at most one), or None for the county."""
    if sum(v is not None for v in (town, village, unit)) > 1:
        raise UnknownPlace(Text("scope.one"))
    return Scope(town_id=town, village_id=village, unit_id=unit)


def scope_name(network: PairingNetwork, scope: Scope | None, lang: str = "en") -> str:
    """A readable name for a scope (its name and id), e.g. ``town Chengguan (T01)``; an unknown id is an error."""
    if scope is None or scope.is_whole:
        return map_text("whole_county", lang)
    for kind, label, key, value in (("town", "Town", "town_id", scope.town_id),
                                    ("village", "Village", "village_id", scope.village_id),
                                    ("unit", "Unit", "unit_id", scope.unit_id)):
        if value is not None:
            df = network.nodes[label]
            names = df.loc[df[key] == value, "name"]
            if names.empty:
                raise UnknownPlace(map_text("no_scope", lang, kind=map_text(f"kind_{kind}", lang), id=value))
            return map_text(f"scope_{kind}", lang, name=names.iloc[0], id=value)
    return map_text("whole_county", lang)
