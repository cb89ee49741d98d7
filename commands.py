"""The commands layer: each function calls the library for one CLI command and returns a Result to write."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from pairnet.graph.admin_export import export_admin
from pairnet.graph.core import schema
from pairnet.graph.embedded import EmbeddedStore
from pairnet.graph.core.errors import PairnetError
from pairnet.graph.core.pii import mask_frame
from pairnet.graph.core.policy import Policy
from pairnet.graph.core.result import Result, jsonable
from pairnet.graph.core.writers import render_table
from pairnet.graph.network import PairingNetwork
from pairnet.graph.store import Store
from pairnet.loaders.generate import generate, write_generated
from pairnet.loaders.load import load_workbook
from pairnet.queries.balance import helper_load
from pairnet.queries.gaps import gaps


# --- info and cypher -------------------------------------------------------------------------------------
def info_result(store: Store) -> Result:
    """Counts per label and relationship type; JSON is exactly ``{"nodes": {...}, "relationships": {...}}``."""

    counts = store.counts()
    table = pd.DataFrame(
        [("node", k, v) for k, v in counts["nodes"].items()]
        + [("relationship", k, v) for k, v in counts["relationships"].items()],
        columns=["kind", "name", "count"])
    text = f"store: {store.kind} {store.location}\n{render_table(table)}"
    return Result(counts, {"counts": table}, text)


def parse_params(pairs: Iterable[str]) -> dict[str, Any]:
    """``NAME=VALUE`` pairs to parameters; a VALUE is JSON when it parses (``5``, ``true``, ``[1]``), else text.

    >>> parse_params(["n=5", "name=张三", "ids=[\\"H1\\"]"])
    {'n': 5, 'name': '张三', 'ids': ['H1']}
    """
    out: dict[str, Any] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip().isidentifier():
            raise PairnetError(f"--param {pair!r}: expected NAME=VALUE")
        try:
            out[name.strip()] = json.loads(value)
        except ValueError:
            out[name.strip()] = value
    return out


def cypher_result(store: Store, query: str, params: Iterable[str] = ()) -> Result:
    """The rows of a read-only Cypher query run on ``store`` with ``--param`` pairs."""

    df = store.query(query, parse_params(params))
    # An ad-hoc query can rename a PII column (RETURN h.id_number AS x): mask by shape as well as by name.
    return Result({"rows": df.to_dict("records"), "columns": list(df.columns)}, {"rows": df}, mask_shapes=True)


# --- export ------------------------------------------------------------------------------------------
def stored_network(store: Store) -> PairingNetwork:
    """What the store holds as one network, its event rows (visits, attendance) included: what ``export`` writes."""
    from pairnet.graph.core import schema

    net = store.read()
    return PairingNetwork(net.nodes, net.rels, {e.sheet: store.events(e.sheet) for e in schema.EVENTS})


def export_network(network: PairingNetwork, out: str | Path, *, as_: str = "workbook", fmt: str = "csv",
                   lang: str = "en", show_pii: bool = False, database: str = "neo4j") -> Result:
    """Export ``network`` as a workbook (``fmt`` csv: a folder; xlsx: one file) or as neo4j-admin import files.

    ID and phone numbers are masked unless ``show_pii`` (a masked workbook does not load back: its ID numbers
    fail the check-character test). Returns what was written, and for neo4j-admin the import command.
    """

    if not show_pii:
        network = network.replace(nodes={k: mask_frame(v) for k, v in network.nodes.items()})
    target = Path(out)
    if as_ == "neo4j-admin":
        exp = export_admin(network, target)
        files = pd.DataFrame({"file": list(exp.rows), "rows": list(exp.rows.values())})
        command = exp.command(database)
        text = (f"wrote {len(exp.rows)} files to {exp.out_dir}\n"
                f"stop Neo4j, then build database {database!r} from them with:\n  {command}\n")
        return Result({"out": str(exp.out_dir), "files": exp.rows, "command": command}, {"files": files}, text)
    if as_ != "workbook":
        raise PairnetError(f"unknown export kind {as_!r}; use workbook or neo4j-admin")
    from pairnet.loaders.write import write_workbook

    if fmt == "xlsx" and target.suffix.lower() != ".xlsx":
        target = target / "pairnet.xlsx"
        target.parent.mkdir(parents=True, exist_ok=True)
    write_workbook(network, target, fmt=fmt, lang=lang)
    counts = network.counts()
    text = (f"wrote the {fmt} workbook {target}: " + ", ".join(f"{k} {v}" for k, v in counts["nodes"].items())
            + ("" if show_pii else "\nID and phone numbers are masked; add --show-pii for a workbook that loads back")
            + "\n")
    return Result({"out": str(target), "format": fmt, "counts": counts, "pii_masked": not show_pii}, text=text)


# --- demo --------------------------------------------------------------------------------------------
Say = Callable[[str], None]


@dataclass
class Demo:
    """What the demo made: where, the counts, the gap summary and the most overloaded helpers."""

    directory: Path
    workbook: Path
    db: Path
    report: Path | None
    as_of: dt.date
    counts: dict[str, dict[str, int]]
    gap_summary: dict[str, int]
    overloaded: pd.DataFrame
    example_town: str


def run_demo(directory: str | Path = "pairnet-demo", *, profile: str = "ziyang", scale: float = 1.0,
             seed: int = 0, say: Say = print) -> Demo:
    """Generate ``profile`` into ``directory``, load it into ``directory/pairnet.db``, analyse it, write the report.

    The as-of day is the generator's own (``truth.json``), so the figures are the same on every run.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    say(f"Generating the {profile} profile (scale {scale:g}, seed {seed}) ...")
    gen = generate(profile, scale=scale, seed=seed)
    workbook = write_generated(gen, directory, fmt="csv")
    as_of = dt.date.fromisoformat(gen.truth["as_of"])
    db = directory / "pairnet.db"
    say(f"Loading {workbook} into {db} ...")
    with EmbeddedStore(db) as store:
        report = load_workbook(store, workbook)
        for line in report.lines():
            say(f"  {line}")
        counts = store.counts()
        found = gaps(store, as_of=as_of)
        loads = helper_load(store, as_of=as_of)
        report_path = _write_report(store, directory / "report", as_of)
    summary = found["kind"].value_counts().sort_index().to_dict()
    overloaded = (loads.assign(excess=loads["load"] - loads["quota"])
                  .sort_values(["excess", "load", "id"], ascending=[False, False, True]).head(5))
    return Demo(directory, workbook, db, report_path, as_of, counts, {k: int(v) for k, v in summary.items()},
                overloaded.drop(columns="excess"), str(gen.network.nodes["Town"]["town_id"].min()))


def _write_report(store: Store, out: Path, as_of: dt.date) -> Path | None:
    from pairnet.visualizations.report import report

    return Path(report(store, out, as_of=as_of))


def demo_result(demo: Demo) -> Result:
    """The demo as a Result: what it did, what it found, and what to try next."""
    nodes = ", ".join(f"{label} {n:,}" for label, n in demo.counts["nodes"].items())
    gap_lines = "\n".join(f"  {kind:34} {n:>6,}" for kind, n in demo.gap_summary.items()) or "  none"
    top = demo.overloaded[["id", "label", "rank", "unit_id", "load", "quota"]].astype(object).fillna("").to_string(index=False)
    db = demo.db
    text = f"""
Loaded: {nodes}
Gaps on {demo.as_of} (the generator's as-of day):
{gap_lines}
Five most overloaded helpers:
{top}
Report: {demo.report or '(not written)'}

Try next:
  pairnet info --db {db}
  pairnet gaps --db {db} --as-of {demo.as_of}
  pairnet balance --db {db} --as-of {demo.as_of}
  pairnet propose --db {db} --as-of {demo.as_of} --format xlsx --out proposals.xlsx
  pairnet load --db {db} --append proposals.xlsx       (once the proposals are approved)
  pairnet committees plan --db {db} --within-town
  pairnet map pairing --db {db} --town {demo.example_town} --out pairing.html
""".strip("\n")
    data = {"directory": str(demo.directory), "workbook": str(demo.workbook), "db": str(db),
            "report": str(demo.report) if demo.report else None, "as_of": demo.as_of.isoformat(),
            "counts": demo.counts, "gaps": demo.gap_summary,
            "overloaded": demo.overloaded.to_dict("records")}
    return Result(data=data, tables={"overloaded": demo.overloaded}, text=text)


# --- supervision: visits, attendance, the bulletin -------------------------------------------------------
VISIT_HOUSEHOLD_FIELDS = ["id", "label", "village_id", "helper_ids", "last_visit", "days_since", "state"]
ATTENDANCE_FIELDS = ["id", "label", "village_id", "role", "present", "leave", "away", "required", "short"]


def visits_result(source: Store | PairingNetwork, *, as_of: dt.date, policy: Policy | None = None,
                  engine: str = "cypher") -> Result:
    """``pairnet visits``: JSON ``{"as_of", "households", "helpers", "units", "towns"}`` (see ``queries.visits``);
    tables towns, units, helpers, then households (the CSV)."""
    from pairnet.queries.visits import visits

    found = visits(source, as_of=as_of, policy=policy, engine=engine)
    hh = found.households[VISIT_HOUSEHOLD_FIELDS]
    data = {"as_of": as_of.isoformat(), "households": jsonable(hh), "helpers": jsonable(found.helpers),
            "units": jsonable(found.units), "towns": jsonable(found.towns)}
    shown = hh.assign(helper_ids=[",".join(h) for h in hh["helper_ids"]])
    return Result(data, {"towns": found.towns, "units": found.units, "helpers": found.helpers, "households": shown},
                  csv_table="households")


def attendance_result(source: Store | PairingNetwork, *, month: str, policy: Policy | None = None,
                      engine: str = "cypher") -> Result:
    """``pairnet attendance``: JSON ``{"month", "cadres": [...]}`` (see ``queries.attendance``), one table."""
    from pairnet.queries.attendance import attendance, check_month

    m = check_month(month)
    cadres = attendance(source, month=m, policy=policy, engine=engine)[ATTENDANCE_FIELDS]
    return Result({"month": str(m), "cadres": jsonable(cadres)}, {"cadres": cadres})


def supervision_colours(store: Store, *, as_of: dt.date, policy: Policy | None = None) -> dict[str, str] | None:
    """Household id -> red / yellow / green (三色, ``queries.colours``) for the maps, the report and the cards;
    None when the store holds no visit on or before ``as_of`` (then the pages keep their coverage colours)."""
    from pairnet.queries.colours import household_colours

    if store.events("visits", None, as_of).empty:
        return None
    found = household_colours(store, as_of=as_of, policy=policy)
    return dict(zip(found["id"].astype(str), found["colour"].astype(str)))


# --- the monthly bulletin -------------------------------------------------------------------------------
def bulletin_result(store: Store, *, month: str, out: str | Path, lang: str = "zh", policy: Policy | None = None,
                    engine: str = "cypher", show_pii: bool = False, since: str | None = None) -> Result:
    """``pairnet bulletin``: compute the month's bulletin (``queries.bulletin``), write its XLSX and HTML into
    ``out``; JSON ``{"month", "as_of", "files", "units", "towns", "best", "worst", "change_summary", "changes",
    "gap_summary", "gaps"}`` with every figure the files show."""
    from pairnet.graph.core.messages import text
    from pairnet.queries.bulletin import bulletin
    from pairnet.visualizations.bulletin import write_bulletin

    b = bulletin(store, month=month, policy=policy, engine=engine, since=since)
    files = write_bulletin(b, out, lang=lang, show_pii=show_pii)
    data = {"month": str(b.month), "as_of": b.as_of.isoformat(), "files": [str(f) for f in files],
            "units": jsonable(b.units), "towns": jsonable(b.towns), "best": jsonable(b.best),
            "worst": jsonable(b.worst), "change_summary": b.change_summary,
            "changes": None if b.changes is None else jsonable(b.changes), "gap_summary": b.gap_summary,
            "gaps": jsonable(b.gaps)}
    return Result(data, text=text("bulletin_wrote", lang, month=b.month, files=", ".join(str(f) for f in files)))


# --- committees ---------------------------------------------------------------------------------------
def committee_tables(result: dict) -> dict[str, pd.DataFrame]:
    """The ``committees`` and ``committee_villages`` sheets of a plan or check, ready to load back."""
    com_cols = schema.SHEET["committees"].column_names
    cv_cols = schema.SHEET["committee_villages"].column_names
    coms = pd.DataFrame([{k: r[k] for k in com_cols} for r in result["committees"]], columns=com_cols)
    cv = pd.DataFrame([{"committee_id": r["committee_id"], "village_id": v} for r in result["committees"]
                       for v in r["villages"]], columns=cv_cols)
    return {"committees": coms.astype("string"), "committee_villages": cv.astype("string")}


def committees_summary(result: dict, title: str) -> str:
    """A readable summary: adjacency source, isolated villages, committees, unplaced and violations."""
    m = result["metrics"]
    lines = [
        f"{title}: {m['committees']} committees over {m['placed']} of {m['villages']} villages "
        f"({m['share_placed']:.1%} placed)",
        f"adjacency from {m['adjacency_source']}; {m['isolated']} isolated villages"
        + (f" ({m['unlocated']} without {'a polygon' if m['adjacency_source'] == 'polygons' else 'coordinates'})"
           if m["unlocated"] else ""),
        f"industry purity {m['industry_purity']:.3f}; sizes {m['size_min']}..{m['size_max']} "
        f"(mean {m['size_mean']}, std {m['size_std']}); households per committee mean {m['households_mean']}, "
        f"cv {m['households_cv']}",
        f"hard-rule violations: {m['violations']}",
        "",
    ]
    for r in result["committees"]:
        lines.append(f"  {r['committee_id']}  lead {r['lead_village_id']}  {r['size']} villages, "
                     f"{r['households']} households, {r['industry'] or '-'}: {' '.join(r['villages'])}")
    if result["unplaced"]:
        reasons = Counter(u["reason"] for u in result["unplaced"])
        lines.append("unplaced: " + ", ".join(f"{n} {r}" for r, n in sorted(reasons.items())))
        lines += [f"  {u['village_id']}: {u['reason']}" for u in result["unplaced"]]
    for v in result["violations"]:
        lines.append(f"  ! {v['committee_id']} {v['rule']}: {v['detail']}")
    return "\n".join(lines)


def committees_result(result: dict, title: str) -> Result:
    """A plan or check as a ``Result``: the JSON document, the two loadable sheets and a readable summary."""
    return Result(data=result, tables=committee_tables(result), text=committees_summary(result, title),
                  csv_table="committees")


# --- history and changes ---------------------------------------------------------------------------------
def history_result(store: Store, node_id: str | None = None) -> Result:
    """Every load the store recorded (``node_id``: the changes that touched that household, helper, ...)."""
    from pairnet.graph.history import load_history, ties_over_time

    if node_id:
        df = ties_over_time(store, node_id)
        return Result({"id": node_id, "changes": df.to_dict("records")}, {"changes": _change_table(df)},
                      mask_shapes=True)
    h = load_history(store)
    records = h.to_dict("records")
    table = pd.DataFrame({
        "load_id": h["load_id"], "at": h["at"], "source": h["source"], "sha256": h["sha256"].str.slice(0, 12),
        "append": h["append"], "changes": [_diff_summary(d, e) for d, e in zip(h["diff"], h["events"], strict=True)]})
    return Result({"loads": records}, {"loads": table}, mask_shapes=True)


def changes_result(store: Store, since: str | None = None) -> Result:
    """What changed after a load (an id) or a day (YYYY-MM-DD); by default after the first load."""
    from pairnet.graph.history import changes_since

    df = changes_since(store, since)
    return Result({"since": since, "changes": df.to_dict("records")}, {"changes": _change_table(df)},
                  mask_shapes=True)


def _change_table(df: pd.DataFrame) -> pd.DataFrame:
    def fields(b: Any, a: Any) -> str:
        b, a = b or {}, a or {}
        keys = sorted(k for k in set(b) | set(a) if b.get(k) != a.get(k))
        return "; ".join(f"{k}: {b.get(k)} -> {a.get(k)}" for k in keys)

    return pd.DataFrame({"load_id": df["load_id"], "kind": df["kind"], "frame": df["frame"], "op": df["op"],
                         "key": df["key"], "fields": [fields(b, a) for b, a in zip(df["before"], df["after"],
                                                                                      strict=True)]})


def _diff_summary(diff: dict, events: dict) -> str:
    parts = [f"{name} +{c['added']} -{c['removed']}" + (f" ~{c['changed']}" if c["changed"] else "")
             for group in diff.values() for name, c in group.items() if any(c.values())]
    return ", ".join(parts + [f"{k} +{v}" for k, v in events.items() if v])
