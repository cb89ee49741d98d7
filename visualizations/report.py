"""The offline HTML report: gap summary and tables, helper load by rank and unit, SVG charts, links to the maps."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from pairnet.graph.core import atomic
from pairnet.graph.core import schema
from pairnet.graph.core.messages import frame_zh, map_text, value_text
from pairnet.graph.core.result import Result
from pairnet.graph.network import PairingNetwork, Scope
from pairnet.graph.store import Store
from pairnet.queries.engine import pull_network
from pairnet.queries.balance import balance_by_rank, balance_by_unit, capacity, helper_load
from pairnet.graph.core.dates import check_as_of
from pairnet.queries.gaps import KINDS, gaps, summary
from pairnet.graph.core.policy import RANKS, Policy
from pairnet.graph.core.rules import need_mask
from pairnet.visualizations.charts import coverage_bars, load_histograms
from pairnet.visualizations.committees import committee_map
from pairnet.visualizations.overview import coverage, overview_map, share_color
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


def _table(df: pd.DataFrame, lang: str = "en") -> str:
    """An HTML table with every cell escaped and PII columns left out (Chinese headers and values under zh)."""
    df = df.drop(columns=[c for c in df.columns if c in schema.PII_COLUMNS])
    if lang == "zh":
        df = frame_zh(df)
    return df.astype(object).where(df.notna(), "").to_html(index=False, escape=True, border=0)


def page_names(keys: list[str], prefix: str = "pairing-") -> list[str]:
    """One file name per key, never two alike, not even on a file system that ignores case: the key itself
    when it is a safe name no other key folds to, else its safe part and a short hash of the whole key.

    >>> page_names(["T.1", "T1", "t1", "城关", "T2"])
    ['pairing-T1-400a62.html', 'pairing-T1-fc0324.html', 'pairing-t1-c77b27.html', 'pairing-town-027873.html', 'pairing-T2.html']
    """
    import hashlib
    from collections import Counter

    def tag(key: str) -> str:
        return hashlib.blake2b(key.encode("utf-8"), digest_size=3).hexdigest()

    safe = [re.sub(r"[^A-Za-z0-9_-]", "", k)[:40] for k in keys]
    folded = Counter(s.lower() for s in safe)
    names = [s if s == k and folded[s.lower()] == 1 else f"{s or 'town'}-{tag(k)}" for s, k in zip(safe, keys)]
    taken = Counter(n.lower() for n in names)  # a key that is itself another's hashed name
    names = [f"{s or 'town'}-{tag(k)}" if taken[n.lower()] > 1 and n == k else n for n, s, k in zip(names, safe, keys)]
    return [f"{prefix}{n}.html" for n in names]


def kind_text(kind: str, lang: str = "en") -> str:
    """A gap kind as a heading: the sentence in English, the catalogue's word in Chinese."""
    return KIND_TEXT[kind] if lang != "zh" else str(value_text("kind", kind, lang))


@atomic.together()  # the index and every map land together or not at all
def report(source: Store | PairingNetwork, out_dir: str | Path, *, as_of: dt.date | str,
           policy: Policy | None = None, max_map_nodes: int = MAX_PAIRING_NODES, lang: str = "en",
           colours: Mapping[str, str] | None = None) -> Path:
    """Write ``out_dir/index.html`` and the maps it links to (overview, committees, pairing maps) and return
    the path of ``index.html``. Works offline; all text escaped; the pairing map is one per town when the whole
    county is larger than ``max_map_nodes``. On a store the analyses run as its Cypher (the network is read
    once, for the maps); on a network by NetworkX. ``colours`` (supervision's 三色) goes to the maps.

    >>> import pathlib, tempfile
    >>> from pairnet.graph.example import AS_OF, example_network
    >>> with tempfile.TemporaryDirectory() as d:
    ...     index = report(example_network(), pathlib.Path(d) / "report", as_of=AS_OF)
    ...     index.name, sorted(p.name for p in index.parent.iterdir())
    ('index.html', ['committees.html', 'index.html', 'overview.html', 'pairing-T1.html', 'pairing-T2.html', 'pairing.html'])
    """
    as_of, policy = check_as_of(as_of), policy or Policy()
    out = Path(out_dir)
    atomic.make_dirs(out)
    net = pull_network(source)
    found = gaps(source, as_of=as_of, policy=policy)  # Cypher on a store, NetworkX on a network
    loads = helper_load(source, as_of=as_of, policy=policy)
    missing = set(found.loc[found["kind"] == "household_without_helper", "id"])
    need = need_mask(net.nodes["Household"], as_of, policy)  # once, for the pairing states and the coverage
    state = pairing_state(net, as_of=as_of, policy=policy, load=loads, missing=missing, colours=colours, need=need)

    cov = coverage(net, as_of=as_of, policy=policy, missing=missing, colours=colours, need=need)
    maps = [{"href": "overview.html", "text": map_text("report_map_overview", lang), "note": ""}]
    overview_map(net, as_of=as_of, policy=policy, missing=missing, found=found, lang=lang, colours=colours,
                 cov=cov).write(out / "overview.html")
    committee_map(net, lang=lang).write(out / "committees.html")
    maps.append({"href": "committees.html", "text": map_text("report_map_committees", lang), "note": ""})
    helpers = len(net.nodes["Leader"]) + len(net.nodes["Cadre"])
    map_note = ""
    if len(net.nodes["Household"]) + helpers <= max_map_nodes:
        pairing_map(net, as_of=as_of, policy=policy, state=state, max_nodes=max_map_nodes,
                    lang=lang).write(out / "pairing.html")
        maps.append({"href": "pairing.html", "text": map_text("report_map_pairing", lang), "note": ""})
    else:
        map_note = map_text("report_per_town", lang)
    towns = net.nodes["Town"].sort_values("town_id")
    if len(towns) > 1 or map_note:
        names = page_names([str(k) for k in towns["town_id"]])
        for name, t in zip(names, towns.itertuples(index=False)):
            page = pairing_map(net, as_of=as_of, policy=policy, scope=Scope(town_id=t.town_id), state=state,
                               max_nodes=max_map_nodes, lang=lang)
            page.write(out / name)
            maps.append({"href": name, "text": map_text("report_map_town", lang, name=t.name, id=t.town_id),
                         "note": map_text("report_map_nodes", lang, n=page.nodes)})

    counts = summary(found)
    summary_df = pd.DataFrame({"gap": [kind_text(k, lang) for k in KINDS], "kind": list(KINDS),
                               "count": [counts[k] for k in KINDS]})
    gap_tables = []
    for k in KINDS:
        rows = found[found["kind"] == k].drop(columns="kind")
        if rows.empty:
            continue
        more = map_text("report_more", lang, n=len(rows) - GAP_ROWS) if len(rows) > GAP_ROWS else ""
        gap_tables.append({"heading": kind_text(k, lang), "count": f"{len(rows):,}",
                           "table": _table(rows.head(GAP_ROWS), lang), "more": more, "open": len(rows) <= 20})

    v = net.nodes["Village"].set_index("village_id")
    by_town = cov.join(v["town_id"]).groupby("town_id")[["in_need", "without_helper"]].sum()
    by_town = by_town.join(net.nodes["Town"].set_index("town_id")["name"]).reset_index()
    by_town["name"] = by_town["name"].fillna(by_town["town_id"])
    cap = capacity(loads, int(cov["in_need"].sum()))
    more = ", ".join(f"{n} {value_text('rank', r, lang)}" for r, n in cap["more_helpers"].items() if n)
    capacity_text = (map_text("report_capacity", lang, helpers=cap["helpers"], capacity=cap["capacity"],
                              in_need=cap["households_in_need"])
                     + (map_text("report_short", lang, short=cap["shortfall"], more=more) if cap["shortfall"]
                        else map_text("report_within", lang)))
    unit_names = net.nodes["Unit"].set_index("unit_id")["name"]
    by_unit = balance_by_unit(loads)
    by_unit.insert(1, "unit", by_unit["unit_id"].map(unit_names).fillna(map_text("report_leaders", lang)))
    n_over = int((loads["status"] == "over").sum())
    words = {k: map_text(f"report_{k}", lang) for k in ("maps", "gaps", "by_town", "by_town_note", "load",
                                                        "by_rank", "by_unit")}
    html = asset_template("report.html").render(
        title=map_text("report_title", lang, day=as_of.isoformat()), lang=lang, words=words,
        subtitle=map_text("report_sub", lang, towns=len(net.nodes["Town"]), villages=len(net.nodes["Village"]),
                          households=len(net.nodes["Household"]), helpers=helpers, gaps=len(found), over=n_over,
                          quotas=", ".join(f"{value_text('rank', r, lang)} {q}" for r, q in policy.quota.items()),
                          years=policy.continuity_years, team=policy.min_team),
        maps=maps, map_note=map_note, summary_table=_table(summary_df, lang), gap_tables=gap_tables,
        coverage_svg=coverage_bars(by_town, lang=lang, color=share_color), capacity_text=capacity_text,
        load_svg=load_histograms(loads, policy.quota, RANKS, lang=lang),
        rank_table=_table(balance_by_rank(loads), lang), unit_table=_table(by_unit, lang))
    index = out / "index.html"
    atomic.write_text(index, html)
    return index


def report_written(source: Store | PairingNetwork, out_dir: str | Path, *, as_of: dt.date | str,
                   policy: Policy | None = None, lang: str = "en", colours: Mapping[str, str] | None = None) -> Result:
    """``report`` as a command result: the path of index.html (``colours``: supervision's 三色, see ``report``)."""
    index = report(source, out_dir, as_of=as_of, policy=policy, lang=lang, colours=colours)
    return Result(data={"path": str(index)}, text=map_text("report_wrote", lang, path=index))
