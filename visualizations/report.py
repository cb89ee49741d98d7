"""The offline HTML report: gap summary and tables, helper load by rank and unit, SVG charts, links to the maps."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd

from pairnet.graph.core import atomic
from pairnet.graph.core import schema
from pairnet.graph.network import PairingNetwork, Scope
from pairnet.graph.store import Store
from pairnet.queries.balance import balance_by_rank, balance_by_unit, capacity, helper_load
from pairnet.queries.engine import pull_network
from pairnet.graph.core.dates import check_as_of
from pairnet.queries.gaps import KINDS, gaps, summary
from pairnet.graph.core.policy import RANKS, Policy
from pairnet.visualizations.charts import coverage_bars, load_histograms
from pairnet.visualizations.committees import committee_map
from pairnet.visualizations.overview import coverage, overview_map
from pairnet.visualizations.page import asset_template
from pairnet.visualizations.pairing import MAX_PAIRING_NODES, pairing_map, pairing_state

GAP_ROWS = 500  # rows shown per gap kind; the CLI's gaps command lists them all
KIND_TEXT = {
    "household_without_helper": "Households in need without an active helper",
    "village_without_unit": "Poor villages without a packaging unit",
    "village_without_first_secretary": "Poor villages without a first secretary",
    "village_team_understaffed": "Poor villages with a work team below the minimum",
    "deep_village_without_leader": "Deep-poverty villages without a county leader",
    "town_without_leader": "Towns without a liaising county leader",
}


def _table(df: pd.DataFrame) -> str:
    """An HTML table with every cell escaped and PII columns left out."""
    df = df.drop(columns=[c for c in df.columns if c in schema.PII_COLUMNS])
    return df.astype(object).where(df.notna(), "").to_html(index=False, escape=True, border=0)


def _safe_name(key: str, i: int) -> str:
    """A file name part from a user id: only letters, digits, ``-`` and ``_`` (never a path)."""
    clean = re.sub(r"[^A-Za-z0-9_-]", "", key)[:40]
    return clean or f"town{i:02d}"


def report(source: Store | PairingNetwork, out_dir: str | Path, *, as_of: dt.date | str,
           policy: Policy | None = None, max_map_nodes: int = MAX_PAIRING_NODES) -> Path:
    """Write ``out_dir/index.html`` and the maps it links to (overview, committees, pairing maps) and return
    the path of ``index.html``. Works offline; all text escaped; the pairing map is one per town when the whole
    county is larger than ``max_map_nodes``.

    >>> report(store, "report", as_of="2026-06-30")  # doctest: +SKIP
    PosixPath('report/index.html')
    """
    as_of, policy = check_as_of(as_of), policy or Policy()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    net = pull_network(source)
    found = gaps(net, as_of=as_of, policy=policy, engine="networkx")
    loads = helper_load(net, as_of=as_of, policy=policy, engine="networkx")
    missing = set(found.loc[found["kind"] == "household_without_helper", "id"])
    state = pairing_state(net, as_of=as_of, policy=policy, load=loads, missing=missing)

    maps = [{"href": "overview.html", "text": "County overview: villages by coverage, units and leaders", "note": ""}]
    overview_map(net, as_of=as_of, policy=policy, missing=missing).write(out / "overview.html")
    committee_map(net).write(out / "committees.html")
    maps.append({"href": "committees.html", "text": "Joint committees (existing)", "note": ""})
    helpers = len(net.nodes["Leader"]) + len(net.nodes["Cadre"])
    map_note = ""
    if len(net.nodes["Household"]) + helpers <= max_map_nodes:
        pairing_map(net, as_of=as_of, policy=policy, state=state, max_nodes=max_map_nodes).write(out / "pairing.html")
        maps.append({"href": "pairing.html", "text": "Pairing map, whole county", "note": ""})
    else:
        map_note = "The whole county is too large for one pairing map; there is one per town."
    towns = net.nodes["Town"].sort_values("town_id")
    if len(towns) > 1 or map_note:
        for i, t in enumerate(towns.itertuples(index=False)):
            name = f"pairing-{_safe_name(t.town_id, i)}.html"
            page = pairing_map(net, as_of=as_of, policy=policy, scope=Scope(town_id=t.town_id), state=state,
                               max_nodes=max_map_nodes)
            page.write(out / name)
            maps.append({"href": name, "text": f"Pairing map, town {t.name} ({t.town_id})",
                         "note": f"{page.nodes:,} nodes"})

    counts = summary(found)
    summary_df = pd.DataFrame({"gap": [KIND_TEXT[k] for k in KINDS], "kind": list(KINDS),
                               "count": [counts[k] for k in KINDS]})
    gap_tables = []
    for k in KINDS:
        rows = found[found["kind"] == k].drop(columns="kind")
        if rows.empty:
            continue
        more = (f"{len(rows) - GAP_ROWS:,} more not shown: run pairnet gaps for the full list."
                if len(rows) > GAP_ROWS else "")
        gap_tables.append({"heading": KIND_TEXT[k], "count": f"{len(rows):,}", "table": _table(rows.head(GAP_ROWS)),
                           "more": more, "open": len(rows) <= 20})

    cov = coverage(net, as_of=as_of, policy=policy, missing=missing)
    v = net.nodes["Village"].set_index("village_id")
    by_town = cov.join(v["town_id"]).groupby("town_id")[["in_need", "without_helper"]].sum()
    by_town = by_town.join(net.nodes["Town"].set_index("town_id")["name"]).reset_index()
    by_town["name"] = by_town["name"].fillna(by_town["town_id"])
    cap = capacity(loads, int(cov["in_need"].sum()))
    more = ", ".join(f"{n} {r}" for r, n in cap["more_helpers"].items() if n)
    capacity_text = (f"{cap['helpers']:,} active helpers can carry {cap['capacity']:,} households under the quotas; "
                     f"{cap['households_in_need']:,} households are in need"
                     + (f": {cap['shortfall']:,} short, which takes about {more} more helpers."
                        if cap["shortfall"] else ", within capacity."))
    unit_names = net.nodes["Unit"].set_index("unit_id")["name"]
    by_unit = balance_by_unit(loads)
    by_unit.insert(1, "unit", by_unit["unit_id"].map(unit_names).fillna("(county leaders)"))
    n_over = int((loads["status"] == "over").sum())
    html = asset_template("report.html").render(
        title=f"Pairing network report, {as_of.isoformat()}",
        subtitle=(f"{len(net.nodes['Town']):,} towns, {len(net.nodes['Village']):,} villages, "
                  f"{len(net.nodes['Household']):,} households, {helpers:,} helpers; {len(found):,} gaps; "
                  f"{n_over:,} helpers over quota. Quotas: "
                  + ", ".join(f"{r} {q}" for r, q in policy.quota.items())
                  + f"; continuity {policy.continuity_years} years after exit; work team at least {policy.min_team}."),
        maps=maps, map_note=map_note, summary_table=_table(summary_df), gap_tables=gap_tables,
        coverage_svg=coverage_bars(by_town), capacity_text=capacity_text,
        load_svg=load_histograms(loads, policy.quota, RANKS),
        rank_table=_table(balance_by_rank(loads)), unit_table=_table(by_unit))
    index = out / "index.html"
    atomic.write_text(index, html)
    return index
