"""The commands layer: one function per CLI command; each calls the library and returns a Result to write.

Analyses return data; here it becomes presentation: names beside codes, the summary before the detail, every
sentence a catalogue ``Text`` (so the writer shows it in the reader's language) and JSON left as the library
gives it. Heavy libraries are imported inside the functions, so a quick command stays quick.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pairnet.graph.core.errors import PairnetError, StoreError
from pairnet.graph.core.messages import Text, say, sheet_name, translate_value
from pairnet.graph.core.result import Result, render_text

if TYPE_CHECKING:
    import pandas as pd

    from pairnet.graph.core.policy import Policy
    from pairnet.graph.store import Store
    from pairnet.queries.engine import Engine

Step = Callable[[Text], None]  # told each slow step as it starts (the CLI shows it on a terminal)
DEFAULT_DB = "./pairnet.db"
DEMO_DIR = "pairnet-demo"
DEMO_DB = f"{DEMO_DIR}/pairnet.db"


def _quiet(_: Text) -> None:
    """The step callback that shows nothing."""


# --- stores ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class StoreFlags:
    """Which store the flags name: ``db`` None means the default (``./pairnet.db``, else the demo's store)."""

    db: str | None = None
    neo4j: str | None = None


def default_db() -> str:
    """``./pairnet.db`` when it exists or no demo was run here; else the store ``pairnet demo`` left behind."""
    if not Path(DEFAULT_DB).exists() and Path(DEMO_DB).exists():
        return DEMO_DB
    return DEFAULT_DB


def open_for_writing(flags: StoreFlags, *, append: bool = False) -> Store:
    """The store a load writes to: a snapshot load makes ``./pairnet.db`` by default; an append adds to the store
    the read commands use (after ``pairnet demo``, the demo's), which must exist."""
    from pairnet.graph.connect import open_store

    if append and not flags.neo4j:
        return open_for_reading(flags, must_hold_data=False)
    return open_store(flags.db or DEFAULT_DB, flags.neo4j, **_credentials())


def open_for_reading(flags: StoreFlags, *, must_hold_data: bool = True) -> Store:
    """The store a read command uses. A missing embedded file is an error that says how to get a store (and no
    file is created); with ``must_hold_data`` an empty store is one too."""
    from pairnet.graph.connect import open_store

    if not flags.neo4j:
        path = flags.db or default_db()
        if not Path(path).exists():
            raise StoreError(Text("store.missing", path=path))
        store = open_store(path, None)
    else:
        store = open_store(None, flags.neo4j, **_credentials())
    if must_hold_data and is_empty(store):
        store.close()
        raise StoreError(Text("store.empty", path=store.location))
    return store


def is_empty(store: Store) -> bool:
    """Whether the store holds no node at all."""
    return not store.holds_nodes()


def _credentials() -> dict[str, str | None]:
    return {"username": os.environ.get("NEO4J_USERNAME"), "password": os.environ.get("NEO4J_PASSWORD"),
            "database": os.environ.get("NEO4J_DATABASE")}


def analysis_args(as_of: str | None, policy_file: str | None) -> tuple[dt.date, Policy]:
    """The as-of day (default today; as clerks write it) and the policy (default, or a TOML file)."""
    from pairnet.graph.core.dates import check_as_of
    from pairnet.graph.core.policy import load_policy

    return check_as_of(as_of or dt.date.today()), load_policy(policy_file)


def _names(source: Any, label: str) -> dict[str, str]:
    from pairnet.queries.names import names

    return names(source, label)


def _with_names(df: pd.DataFrame, column: str, names: dict[str, str], name_column: str) -> pd.DataFrame:
    """``df`` with ``name_column`` (the name of the code in ``column``) right after ``column``."""
    out = df.copy()
    out.insert(list(out.columns).index(column) + 1, name_column,
               out[column].map(lambda v: names.get(v) if isinstance(v, str) else None).astype("string"))
    return out


# === foundation: generate, load, info, cypher, export, demo ================================================
def generate(profile: str, out_dir: str, *, scale: float, seed: int, as_of: str | None, fmt: str, lang: str,
             encoding: str, progress: Callable[[str], None] | None = None) -> Result:
    """``pairnet generate``: a synthetic county workbook (file and sheet names in ``lang``) and truth.json."""
    from pairnet.loaders.generate import generate_workbook

    gen, path = generate_workbook(profile, out_dir, scale=scale, seed=seed, as_of=as_of, fmt=fmt, lang=lang,
                                  encoding=encoding, progress=progress)
    counts = gen.truth["counts"]["nodes"]
    planted = {k: len(v) for k, v in gen.truth["gaps"].items()}

    def text(lang: str) -> str:
        nodes = ", ".join(f"{translate_value('item', k, lang)} {v:,}" for k, v in counts.items())
        gaps = ", ".join(f"{translate_value('kind', k, lang)} {v:,}" for k, v in planted.items())
        return say("generate.done", lang, path=str(path), truth=str(path.parent / "truth.json"),
                   as_of=gen.truth["as_of"], nodes=nodes, gaps=gaps)

    return Result({"workbook": str(path), "truth": str(path.parent / "truth.json"), "as_of": gen.truth["as_of"],
                   "nodes": counts, "gaps": planted}, text=text)


def load(flags: StoreFlags, path: str, *, append: bool, as_: str | None = None, step: Step = _quiet,
         progress: Callable[[int], None] | None = None, started: Callable[[int], None] | None = None) -> Result:
    """``pairnet load``: check the whole workbook, write it (snapshot or append), say what changed per sheet."""
    from pairnet.loaders.load import load_workbook

    if as_ is None and written_by_pairnet(path):
        as_ = "workbook"  # a proposals or plan file pairnet wrote: its sheets, not a ledger's shape
    with open_for_writing(flags, append=append) as store:
        report = load_workbook(store, path, append=append, progress=progress, started=started, as_=as_)
    return load_result(report)


def written_by_pairnet(path: str) -> bool:
    """Whether ``path`` is an XLSX that pairnet wrote (its recorded author), read from the file's properties."""
    import re
    import zipfile

    from pairnet.graph.core.writers import CREATOR

    if not path.lower().endswith((".xlsx", ".xlsm")) or not Path(path).is_file():
        return False
    try:
        with zipfile.ZipFile(path) as z:
            core = z.read("docProps/core.xml").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return False
    found = re.search(r"<dc:creator>([^<]*)</dc:creator>", core)
    return found is not None and found.group(1) == CREATOR


def load_result(report: Any) -> Result:
    """What a load did, per sheet, in the reader's language (JSON: the library's document)."""
    from pairnet.loaders.load import frame_names

    names = frame_names()
    rows = [(name, d.counts()) for name, d in (*report.diff.nodes.items(), *report.diff.rels.items())
            if not d.is_empty]

    events = {k: n for k, n in getattr(report, "events", {}).items() if n}
    recognised = list(getattr(report, "recognised", []))

    def text(lang: str) -> str:
        return "\n".join([*recognised, changes(lang)])

    def changes(lang: str) -> str:
        if not report.changed:
            return say("load.nothing", lang, source=report.source) + "\n  " + say("load.no_changes", lang)
        head = say("load.appended" if report.append else "load.loaded", lang, source=report.source,
                   store=report.location)
        lines = []
        for name, c in rows:
            sheet = " + ".join(_sheet_part(part, lang) for part in names[name].split(" + "))
            kind = translate_value("item", name, lang)
            changed = say("load.changed", lang, n=c["changed"]) if c["changed"] else ""
            line = say("load.line", lang, sheet=sheet, type=kind, added=c["added"], removed=c["removed"],
                       changed=changed)
            lines.append("  " + (line.replace(f"{sheet}（{kind}）", sheet, 1) if sheet == kind else line))
        lines += ["  " + say("load.events", lang, sheet=sheet_name(k, lang), n=n) for k, n in events.items()]
        return "\n".join([head, *lines])

    return Result(report.data(), text=text)


def _sheet_part(part: str, lang: str) -> str:
    """``villages.town_id`` -> ``行政村.乡镇编码`` (a sheet, or a sheet's key column)."""
    from pairnet.graph.core.messages import header

    sheet, _, column = part.partition(".")
    return sheet_name(sheet, lang) + (f".{header(column, lang)}" if column else "")


def info(flags: StoreFlags) -> Result:
    """``pairnet info``: the store and its counts per label and type; an empty store says so.

    JSON is exactly ``{"nodes": {label: n}, "relationships": {type: n}}``. No pandas is needed for the table.
    """
    from pairnet.graph.core.messages import header
    from pairnet.graph.core.writers import render_rows

    if not flags.neo4j:  # the embedded file counted by the database library alone: no pandas, no store machinery
        from pairnet.graph.counts import embedded_counts

        location = flags.db or default_db()
        if not Path(location).exists():
            raise StoreError(Text("store.missing", path=location))
        counts, kind = embedded_counts(location), "embedded"
    else:
        with open_for_reading(flags, must_hold_data=False) as store:
            counts = store.counts()
            kind, location = store.kind, store.location
    rows = [("node", k, v) for k, v in counts["nodes"].items()] + \
           [("relationship", k, v) for k, v in counts["relationships"].items()]
    empty = not any(counts["nodes"].values())

    def text(lang: str) -> str:
        head = say("info.store", lang, kind=say(f"store.kind.{kind}", lang), location=location)
        table = render_rows([header(h, lang) for h in ("kind", "item", "count")],
                            [(translate_value("kind", k, lang), translate_value("item", n, lang), v)
                             for k, n, v in rows], [False, False, True], lang)
        return "\n".join([head, table.rstrip("\n")] + ([say("store.empty_note", lang)] if empty else []))

    def tables() -> dict[str, Any]:
        import pandas as pd

        return {"counts": pd.DataFrame(rows, columns=["kind", "item", "count"])}

    return Result(counts, tables, text)  # tables built only when a format needs them: no pandas for the table


def parse_params(pairs: Iterable[str]) -> dict[str, Any]:
    """``NAME=VALUE`` pairs to parameters; a VALUE is JSON when it parses (``5``, ``true``, ``[1]``), else text.

    >>> parse_params(["n=5", "name=张三", "ids=[\\"H1\\"]"])
    {'n': 5, 'name': '张三', 'ids': ['H1']}
    """
    import json

    out: dict[str, Any] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip().isidentifier():
            raise PairnetError(Text("param.bad", pair=pair))
        try:
            out[name.strip()] = json.loads(value)
        except (ValueError, RecursionError):  # not JSON (or nested past any sense): the text itself
            out[name.strip()] = value
    return out


def cypher(flags: StoreFlags, query: str, params: Iterable[str] = ()) -> Result:
    """``pairnet cypher``: the rows of an ad-hoc query the store's planner takes as a read (``Store.adhoc``),
    with ``--param`` pairs (masked by shape too)."""
    from pairnet.graph.adhoc import stored_codes
    from pairnet.graph.core.pii import digit_runs

    check_query_size(query)
    parsed = parse_params(params)
    with open_for_reading(flags, must_hold_data=False) as store:
        df = store.adhoc(query, parsed)
        keep = stored_codes(store, digit_runs(df))
    # An ad-hoc query can rename a PII column (RETURN h.id_number AS x): mask by shape as well as by name,
    # but never the store's own codes (a 12-digit village code is not a phone number).
    return Result({"rows": df.to_dict("records"), "columns": list(df.columns)}, {"rows": df}, mask_shapes=True,
                  keep=keep)


MAX_QUERY_CHARS = 20_000  # an ad-hoc query; the store's parser took 8 s at 16,000 characters of one sum
MAX_QUERY_DEPTH = 200  # brackets within brackets; 3,000 overflowed the parser's stack (a segmentation fault)


def check_query_size(query: str) -> None:
    """Refuse an ad-hoc query longer than ``MAX_QUERY_CHARS`` or nested deeper than ``MAX_QUERY_DEPTH`` before any
    parser sees it (brackets inside quotes and comments do not count).

    >>> check_query_size("RETURN [(1), {a: 2}] AS x, '(((' AS s")
    >>> check_query_size("RETURN " + "(" * 300 + "1" + ")" * 300)
    Traceback (most recent call last):
    pairnet.graph.core.errors.PairnetError: the query nests brackets 300 deep; at most 200 are taken
    """
    if len(query) > MAX_QUERY_CHARS:
        raise PairnetError(Text("cypher.too_long", n=len(query), max=MAX_QUERY_CHARS))
    import re

    bare = re.sub(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`|//[^\n]*|/\*.*?\*/", "", query, flags=re.S)
    depth = deepest = 0
    for ch in bare:
        if ch in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in ")]}":
            depth -= 1
    if deepest > MAX_QUERY_DEPTH:
        raise PairnetError(Text("cypher.too_deep", n=deepest, max=MAX_QUERY_DEPTH))


def export(flags: StoreFlags, out: str, *, as_: str = "workbook", fmt: str = "csv", lang: str = "en",
           show_pii: bool = False, database: str = "neo4j", step: Step = _quiet) -> Result:
    """``pairnet export``: the stored network as a workbook, or as neo4j-admin import files and the command."""
    step(Text("step.store"))
    with open_for_reading(flags) as store:
        network = stored_network(store)
    step(Text("step.export"))
    return export_network(network, out, as_=as_, fmt=fmt, lang=lang, show_pii=show_pii, database=database)


def stored_network(store: Store) -> Any:
    """What the store holds as one network, its event rows (visits, attendance) included: what ``export`` writes."""
    from pairnet.graph.core import schema
    from pairnet.graph.network import PairingNetwork

    net = store.read()
    return PairingNetwork(net.nodes, net.rels, {e.sheet: store.events(e.sheet) for e in schema.EVENTS})


def export_network(network: Any, out: str | Path, *, as_: str = "workbook", fmt: str = "csv", lang: str = "en",
                   show_pii: bool = False, database: str = "neo4j") -> Result:
    """Export ``network`` as a workbook (``fmt`` csv: a folder; xlsx: one file) or as neo4j-admin import files.

    ID and phone numbers are masked unless ``show_pii`` (a masked workbook does not load back: its ID numbers
    fail the check-character test). Returns what was written, and for neo4j-admin the import command.
    """
    import pandas as pd

    from pairnet.graph.admin_export import export_admin
    from pairnet.graph.core.pii import mask_frame

    if not show_pii:
        network = network.replace(nodes={k: mask_frame(v) for k, v in network.nodes.items()})
    target = Path(out)
    if as_ == "neo4j-admin":
        exp = export_admin(network, target)
        files = pd.DataFrame({"file": list(exp.rows), "rows": list(exp.rows.values())})
        command = exp.command(database)
        text = Text("export.admin", n=len(exp.rows), out=str(exp.out_dir), database=database, command=command)
        return Result({"out": str(exp.out_dir), "files": exp.rows, "command": command}, {"files": files}, text)
    if as_ != "workbook":
        raise PairnetError(f"unknown export kind {as_!r}; use workbook or neo4j-admin")
    from pairnet.loaders.write import write_workbook

    if fmt == "xlsx" and target.suffix.lower() != ".xlsx":
        target = target / "pairnet.xlsx"  # write_workbook makes the folder
    write_workbook(network, target, fmt=fmt, lang=lang)
    counts = network.counts()

    def text(lang: str) -> str:
        listed = ", ".join(f"{translate_value('item', k, lang)} {v}" for k, v in counts["nodes"].items())
        lines = [say("export.workbook", lang, fmt=fmt, target=str(target), counts=listed)]
        return "\n".join(lines + ([] if show_pii else [say("export.masked", lang)]))

    return Result({"out": str(target), "format": fmt, "counts": counts, "pii_masked": not show_pii}, text=text)


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
    overloaded: Any
    example_town: str
    loaded: Any = None  # the load's Result: what changed


def run_demo(directory: str | Path = DEMO_DIR, *, profile: str = "ziyang", scale: float = 1.0, seed: int = 0,
             step: Step = _quiet) -> Demo:
    """Generate ``profile`` into ``directory``, load it into ``directory/pairnet.db``, analyse it, write the report.

    The as-of day is the generator's own (``truth.json``), so the figures are the same on every run.
    """
    from pairnet.graph.embedded import EmbeddedStore
    from pairnet.loaders.generate import generate as generate_network
    from pairnet.loaders.generate import write_generated
    from pairnet.loaders.load import load_workbook
    from pairnet.queries.balance import helper_load
    from pairnet.queries.gaps import gaps as find_gaps
    from pairnet.visualizations.report import report as write_report

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    step(Text("step.demo_generate", profile=profile, scale=f"{scale:g}", seed=seed))
    gen = generate_network(profile, scale=scale, seed=seed)
    workbook = write_generated(gen, directory, fmt="csv")
    as_of = dt.date.fromisoformat(gen.truth["as_of"])
    db = directory / "pairnet.db"
    step(Text("step.demo_load", workbook=str(workbook), db=str(db)))
    with EmbeddedStore(db) as store:
        loaded = load_result(load_workbook(store, workbook))
        counts = store.counts()
        step(Text("step.analyse"))
        found = find_gaps(store, as_of=as_of)
        loads = helper_load(store, as_of=as_of)
        step(Text("step.report"))
        report_path = Path(write_report(store, directory / "report", as_of=as_of))
    summary = found["kind"].value_counts().sort_index().to_dict()
    overloaded = (loads.assign(excess=loads["load"] - loads["quota"])
                  .sort_values(["excess", "load", "id"], ascending=[False, False, True]).head(5))
    return Demo(directory, workbook, db, report_path, as_of, counts, {k: int(v) for k, v in summary.items()},
                overloaded.drop(columns="excess"), str(gen.network.nodes["Town"]["town_id"].min()), loaded)


def demo(directory: str = DEMO_DIR, *, profile: str = "ziyang", scale: float = 1.0, seed: int = 0,
         step: Step = _quiet) -> Result:
    """``pairnet demo``: run the demo and say what it found and what to try next."""
    return demo_result(run_demo(directory, profile=profile, scale=scale, seed=seed, step=step))


def demo_result(demo: Demo) -> Result:
    """The demo as a Result: what it did, what it found, and what to try next (without --db when the demo's
    store is the default one, as it is in the folder the demo ran in)."""
    from pairnet.graph.core.writers import render_table

    db = demo.db
    plain = Path(default_db()).resolve() == db.resolve()
    flag = "" if plain else f" --db {db}"
    top = demo.overloaded[["id", "label", "rank", "unit_id", "load", "quota"]].rename(columns={"label": "helper_name"})

    def text(lang: str) -> str:
        from pairnet.graph.core.messages import frame

        nodes = ", ".join(f"{translate_value('item', k, lang)} {n:,}" for k, n in demo.counts["nodes"].items())
        gap_lines = "\n".join(f"  {translate_value('kind', k, lang)}  {n:,}" for k, n in demo.gap_summary.items())
        approved = say("demo.approved", lang)
        tries = [f"pairnet info{flag}", f"pairnet gaps{flag} --as-of {demo.as_of}",
                 f"pairnet balance{flag} --as-of {demo.as_of}",
                 f"pairnet propose{flag} --as-of {demo.as_of} --format xlsx --out proposals.xlsx",
                 f"pairnet load{flag} --append proposals.xlsx   {approved}",
                 f"pairnet committees plan{flag} --within-town",
                 f"pairnet map pairing{flag} --town {demo.example_town} --out pairing.html"]
        changes = render_text(demo.loaded.text, lang) + "\n" if demo.loaded is not None else ""
        return changes + say("demo.text", lang, nodes=nodes, as_of=demo.as_of, gaps=gap_lines or say("none", lang),
                   top=render_table(frame(top, lang), lang).rstrip("\n"),
                   report=demo.report or say("demo.no_report", lang),
                   default=say("demo.default", lang, db=db) if plain else "",
                   next="\n".join(f"  {t}" for t in tries))

    data = {"directory": str(demo.directory), "workbook": str(demo.workbook), "db": str(db),
            "report": str(demo.report) if demo.report else None, "as_of": demo.as_of.isoformat(),
            "counts": demo.counts, "gaps": demo.gap_summary,
            "overloaded": demo.overloaded.to_dict("records")}
    return Result(data=data, tables={"overloaded": top}, text=text)


def template(out: str, *, kind: str = "ledger", lang: str = "zh") -> Result:
    """``pairnet template``: an empty ledger or workbook to fill in, and where it went."""
    from pairnet.loaders.template import write_template

    path = write_template(out, kind=kind, lang=lang)  # type: ignore[arg-type]
    return Result({"out": str(path), "kind": kind, "lang": lang},
                  text=Text("template.wrote", path=str(path), kind=Text(f"template.{kind}")))


# === analyses: gaps, balance, chain, propose ===============================================================
def gaps(flags: StoreFlags, *, as_of: str | None, policy_file: str | None, engine: Engine = None) -> Result:
    """``pairnet gaps``: the count per kind first, then every gap by town and village, names beside codes.

    JSON ``{"as_of", "gaps": [...], "summary": {kind: n}}`` as the library gives it.
    """
    import pandas as pd

    from pairnet.queries.engine import records
    from pairnet.queries.gaps import COLUMNS, gaps as find_gaps, summary

    day, policy = analysis_args(as_of, policy_file)
    with open_for_reading(flags) as store:
        df = find_gaps(store, as_of=day, policy=policy, engine=engine)
        towns, villages = _names(store, "Town"), _names(store, "Village")
    counts = summary(df)
    table = df[["town_id", "village_id", *COLUMNS[:3], "reason"]].rename(columns={"label": "name"})
    table = _with_names(_with_names(table, "village_id", villages, "village_name"), "town_id", towns, "town_name")
    return Result(data={"as_of": day.isoformat(), "gaps": records(df), "summary": counts},
                  tables={"summary": pd.DataFrame({"kind": list(counts), "count": list(counts.values())}),
                          "gaps": table},
                  head=Text("gaps.head", as_of=day.isoformat(), n=len(df)), csv_table="gaps")


def balance(flags: StoreFlags, *, as_of: str | None, policy_file: str | None, engine: Engine = None,
            detail: bool = False) -> Result:
    """``pairnet balance``: capacity, by rank and by unit first; every helper with ``detail`` and in the files
    (CSV: the helpers). JSON as the library's ``balance`` document."""
    import pandas as pd

    from pairnet.queries.balance import balance as balance_data

    day, policy = analysis_args(as_of, policy_file)
    with open_for_reading(flags) as store:
        result = balance_data(store, as_of=day, policy=policy, engine=engine)
        units = _names(store, "Unit")
    t = result.tables
    helpers = _with_names(t["helpers"].rename(columns={"label": "helper_name"}), "unit_id", units, "unit_name")
    by_unit = _with_names(t["by_unit"], "unit_id", units, "unit_name").astype({"unit_name": object})
    by_unit.loc[by_unit["unit_id"].isna(), "unit_name"] = Text("balance.leaders")
    cap = result.data["capacity"]
    cap_rows = [(k, v) for k, v in cap.items() if k != "more_helpers"] + \
               [(f"more_{r}", v) for r, v in cap["more_helpers"].items()]
    capacity = pd.DataFrame(cap_rows, columns=["measure", "value"]).astype({"value": "Int64"})
    more = {r: ("-" if v is None else v) for r, v in cap["more_helpers"].items()}
    head = [Text("balance.head", as_of=day.isoformat(), **policy.quota), Text("balance.capacity", **cap)]
    if cap["shortfall"]:
        head.append(Text("balance.more", **more))
    over = int((t["helpers"]["status"] == "over").sum())
    foot = None if detail else Text("balance.detail", n=len(helpers), over=over)
    return Result(result.data, {"by_rank": t["by_rank"], "by_unit": by_unit, "capacity": capacity,
                                "helpers": helpers},
                  head=lambda lang: "\n".join(h.render(lang) for h in head), foot=foot,
                  hidden=("capacity",) + (() if detail else ("helpers",)), csv_table="helpers")


def chain(flags: StoreFlags, household_id: str, *, as_of: str | None, policy_file: str | None) -> Result:
    """``pairnet chain``: household -> helpers -> village (packaging, first secretary, team) -> town, as a tree
    and as one row per link; JSON the library's document."""
    from pairnet.queries.chain import chain as chain_data

    day, policy = analysis_args(as_of, policy_file)
    with open_for_reading(flags) as store:
        data = chain_data(store, household_id, as_of=day, policy=policy)
    return Result(data=data, tables={"chain": chain_table(data)}, text=lambda lang: chain_tree(data, lang))


def chain_state(link: dict[str, Any]) -> Text:
    """Whether a link of the chain holds: current, ended on a day, from a day, or current with the cadre inactive."""
    if not link["current"]:
        return Text("state.ended", day=link["until"]) if link["until"] else Text("state.from", day=link["since"])
    return Text("state.current") if link["active"] else Text("state.inactive")


def chain_table(data: dict[str, Any]) -> pd.DataFrame:
    """The chain flattened, one link a row, for CSV and XLSX."""
    import pandas as pd

    hh, v, t = data["household"], data["village"] or {}, data["town"] or {}
    rows = [{"link": "household", "id": hh["id"], "name": hh["name"], "detail": hh["status"], "state": None}]
    links = [("helper", data["helpers"], "rank"), ("packaging_unit", v.get("packaging_units", []), "kind"),
             ("packaging_leader", v.get("packaging_leaders", []), "title"), ("stationed", v.get("team", []), "role")]
    if v:
        rows.append({"link": "village", "id": v["id"], "name": v["name"], "detail": v["kind"], "state": None})
    for name, items, detail in links:
        rows += [{"link": name, "id": x["id"], "name": x["name"], "detail": x.get(detail), "state": chain_state(x)}
                 for x in items]
    if t:
        rows.append({"link": "town", "id": t["id"], "name": t["name"], "detail": None, "state": None})
        rows += [{"link": "liaison", "id": x["id"], "name": x["name"], "detail": x["title"], "state": None}
                 for x in t["liaising_leaders"]]
    return pd.DataFrame(rows, columns=["link", "id", "name", "detail", "state"]).astype(object)


def chain_tree(data: dict[str, Any], lang: str) -> str:
    """The chain as a readable tree in ``lang``."""
    hh, v, t = data["household"], data["village"], data["town"]

    def link(part: str) -> str:
        return say(f"link.{part}", lang)

    def value(column: str, x: Any) -> str:
        return str(translate_value(column, x, lang)) if x else ""

    need = say("chain.in_need" if hh["needs_helper"] else "chain.not_in_need", lang)
    helped = say("chain.helped" if hh["has_helper"] else "chain.alarm" if hh["needs_helper"] else "chain.no_helper",
                 lang)
    lines = [say("chain.household", lang, id=hh["id"], name=hh["name"], status=hh["status"], need=need,
                 helped=helped, as_of=data["as_of"])]

    def item(prefix: str, x: dict[str, Any], *details: str) -> str:
        bits = " · ".join(d for d in details if d)
        return (f"{prefix}{x['id']} {x['name']}" + (f" · {bits}" if bits else "")
                + f" [{chain_state(x).render(lang)}]")

    for h in data["helpers"]:
        lines.append(item(f"├─ {link('helper')} ", h, value("rank", h.get("rank")), h.get("unit_id") or ""))
    if not data["helpers"]:
        lines.append("├─ " + say("chain.none", lang, part=Text("link.helper")))
    if v is None:
        lines.append("└─ " + say("chain.unknown", lang, part=Text("link.village")))
        return "\n".join(lines)
    lines.append("├─ " + say("chain.village", lang, id=v["id"], name=v["name"], kind=v["kind"]))
    groups = [("packaging_unit", v["packaging_units"], "kind"), ("packaging_leader", v["packaging_leaders"], "title"),
              ("first_secretary", v["first_secretaries"], "rank"),
              ("team", [s for s in v["team"] if s["role"] != "first_secretary"], "role")]
    for part, items, detail in groups:
        if not items:
            lines.append("│  ├─ " + say("chain.none", lang, part=Text(f"link.{part}")))
        for x in items:
            lines.append(item(f"│  ├─ {link(part)} ", x, value(detail, x.get(detail)), x.get("unit_id") or ""))
    lines[-1] = lines[-1].replace("│  ├─", "│  └─", 1)
    if t is None:
        lines.append("└─ " + say("chain.unknown", lang, part=Text("link.town")))
        return "\n".join(lines)
    lines.append("└─ " + say("chain.town", lang, id=t["id"], name=t["name"]))
    leaders = t["liaising_leaders"]
    lines += [f"   {'└─' if i == len(leaders) - 1 else '├─'} {link('liaising_leader')} {x['id']} {x['name']}"
              + (f" · {x['title']}" if x["title"] else "") for i, x in enumerate(leaders)] \
        or ["   └─ " + say("chain.none", lang, part=Text("link.liaising_leader"))]
    return "\n".join(lines)


def propose(flags: StoreFlags, *, as_of: str | None, policy_file: str | None) -> Result:
    """``pairnet propose``: proposals with helper, household, village and unit names beside their codes.

    The CSV / first XLSX sheet is ``pairings`` in the pairings sheet's own columns (names beside them are
    ignored on reading), so an approved file loads back with ``pairnet load --append FILE``.
    """
    from pairnet.queries.propose import propose as propose_data

    day, policy = analysis_args(as_of, policy_file)
    with open_for_reading(flags) as store:
        result = propose_data(store, as_of=day, policy=policy)
        helpers = {**_names(store, "Leader"), **_names(store, "Cadre")}
        households, villages = _names(store, "Household"), _names(store, "Village")
        towns = _names(store, "Town")
        home = _home_villages(store)
    t = result.tables
    pairings = _with_names(_with_names(t["pairings"], "household_id", households, "head_name"),
                           "helper_id", helpers, "helper_name")
    detail = t["proposals"].copy()
    detail.insert(1, "village_id", detail["household_id"].map(home).astype("string"))
    detail = _with_names(_with_names(_with_names(detail, "village_id", villages, "village_name"),
                                     "household_id", households, "head_name"), "helper_id", helpers, "helper_name")
    uncovered = _with_names(_with_names(t["uncovered"].rename(columns={"label": "head_name"}), "village_id",
                                        villages, "village_name"), "town_id", towns, "town_name")
    s = result.data["summary"]
    head = [Text("propose.head", proposed=s["proposed"], households=s["households_without_helper"],
                 spare=s["spare_places"], uncovered=s["uncovered"]), Text("propose.tiers", **s["by_tier"])]
    return Result(result.data, {"pairings": pairings, "proposals": detail, "uncovered": uncovered},
                  head=lambda lang: "\n".join(h.render(lang) for h in head), foot=Text("propose.next"),
                  hidden=("pairings",), csv_table="pairings")


def _home_villages(store: Any) -> dict[str, str]:
    from pairnet.queries.names import home_villages

    return home_villages(store)


# === committees ===========================================================================================
def committees_plan(flags: StoreFlags, *, min_size: int, max_size: int, within_town: bool, adjacency: str | None,
                    polygons: str | None, only_poor: bool, seed: int, step: Step = _quiet) -> Result:
    """``pairnet committees plan``: contiguous, bounded, strong-led committees; the loadable sheets first."""
    from pairnet.queries.committees import plan_committees

    step(Text("step.store"))
    with open_for_reading(flags) as store:
        network = store.read()
    step(Text("step.plan"))
    plan = plan_committees(network, min_size=min_size, max_size=max_size, within_town=within_town,
                           only_poor=only_poor, seed=seed, adjacency=adjacency, polygons=polygons)
    return committees_result(plan, network, "com.plan")


def committees_check(flags: StoreFlags, *, min_size: int, max_size: int, within_town: bool, adjacency: str | None,
                     polygons: str | None, step: Step = _quiet) -> Result:
    """``pairnet committees check``: the violations first, then the villages in no committee, then the sheets."""
    from pairnet.queries.committees import check_committees

    step(Text("step.store"))
    with open_for_reading(flags) as store:
        network = store.read()
    result = check_committees(network, min_size=min_size, max_size=max_size, within_town=within_town,
                              adjacency=adjacency, polygons=polygons)
    return committees_result(result, network, "com.check")


def committees_result(result: dict[str, Any], network: Any, title: str) -> Result:
    """A plan or check as a Result: a summary, the violations before the unplaced villages (the check leads with
    them), and the committees and committee_villages sheets that load back; village names beside codes."""
    import pandas as pd

    villages = dict(zip(network.nodes["Village"]["village_id"], network.nodes["Village"]["name"]))
    town_of = dict(zip(network.nodes["Village"]["village_id"], network.nodes["Village"]["town_id"]))
    towns = dict(zip(network.nodes["Town"]["town_id"], network.nodes["Town"]["name"]))
    sheets = committee_tables(result)  # the loadable sheets; figures and names beside them
    figures = pd.DataFrame([(r["size"], r["households"], r["industry"]) for r in result["committees"]],
                           columns=["size", "households", "industry"])
    coms = pd.concat([sheets["committees"], figures], axis=1)
    coms = _with_names(coms, "lead_village_id", villages, "lead_village_name")
    cv = _with_names(sheets["committee_villages"], "village_id", villages, "village_name")
    violations = pd.DataFrame(result["violations"], columns=["committee_id", "rule", "village_id", "detail"])
    violations = _with_names(violations.astype("string"), "village_id", villages, "village_name")
    unplaced = pd.DataFrame(result["unplaced"], columns=["village_id", "reason"]).astype("string")
    unplaced.insert(1, "town_id", unplaced["village_id"].map(town_of).astype("string"))
    unplaced = _with_names(_with_names(unplaced, "village_id", villages, "village_name"), "town_id", towns,
                           "town_name")
    sheets = {"committees": coms, "committee_villages": cv}
    checks = {"violations": violations, "unplaced": unplaced}
    tables = {**checks, **sheets} if title == "com.check" else {**sheets, **checks}
    return Result(data=result, tables=tables, text=lambda lang: committees_text(result, villages, title, lang),
                  csv_table="violations" if title == "com.check" else "committees", csv_siblings=True)


def committee_tables(result: dict) -> dict[str, pd.DataFrame]:
    """The ``committees`` and ``committee_villages`` sheets of a plan or check, ready to load back."""
    import pandas as pd

    from pairnet.graph.core import schema

    com_cols = schema.SHEET["committees"].column_names
    cv_cols = schema.SHEET["committee_villages"].column_names
    coms = pd.DataFrame([{k: r[k] for k in com_cols} for r in result["committees"]], columns=com_cols)
    cv = pd.DataFrame([{"committee_id": r["committee_id"], "village_id": v} for r in result["committees"]
                       for v in r["villages"]], columns=cv_cols)
    return {"committees": coms.astype("string"), "committee_villages": cv.astype("string")}


def committees_text(result: dict[str, Any], villages: dict[str, str], title: str, lang: str) -> str:
    """A readable summary: adjacency, figures, violations, then committees, then the unplaced villages."""
    from collections import Counter

    m = result["metrics"]
    unlocated = say("com.unlocated", lang, n=m["unlocated"], what=m["adjacency_source"]) if m["unlocated"] else ""
    lines = [
        say("com.head", lang, title=say(title, lang), committees=m["committees"], placed=m["placed"],
            villages=m["villages"], share=m["share_placed"]),
        say("com.adjacency", lang, source=m["adjacency_source"], isolated=m["isolated"], unlocated=unlocated),
        say("com.metrics", lang, purity=m["industry_purity"], lo=m["size_min"], hi=m["size_max"],
            mean=m["size_mean"], std=m["size_std"], hh=m["households_mean"], cv=m["households_cv"]),
        say("com.violations", lang, n=m["violations"]),
    ]
    lines += [say("com.violation", lang, committee_id=v["committee_id"], rule=v["rule"], detail=v["detail"])
              for v in result["violations"]]
    lines.append("")
    for r in result["committees"]:
        lead = r["lead_village_id"]
        lines.append(say("com.row", lang, committee_id=r["committee_id"],
                         lead=f"{lead} {villages.get(lead, '')}".strip() if lead else "-", size=r["size"],
                         households=r["households"], industry=r["industry"] or "-",
                         villages=" ".join(r["villages"])))
    if result["unplaced"]:
        reasons = Counter(u["reason"] for u in result["unplaced"])
        joined = ("，" if lang == "zh" else ", ").join(say("com.unplaced_reason", lang, n=n, reason=r)
                                                      for r, n in sorted(reasons.items()))
        lines.append(say("com.unplaced", lang, reasons=joined))
        lines += [say("com.unplaced_row", lang, village_id=u["village_id"], name=villages.get(u["village_id"], ""),
                      reason=u["reason"]) for u in result["unplaced"]]
    if title == "com.plan":
        lines += ["", say("com.next", lang)]
    return "\n".join(lines)


# === history and changes ==================================================================================
def history(flags: StoreFlags, node_id: str | None = None) -> Result:
    """``pairnet history``: every recorded load, or one household's or helper's ties over time."""
    with open_for_reading(flags, must_hold_data=False) as store:
        return history_result(store, node_id)


def changes(flags: StoreFlags, since: str | None = None) -> Result:
    """``pairnet changes``: what the loads after ``since`` (a load id or a day) changed."""
    with open_for_reading(flags, must_hold_data=False) as store:
        return changes_result(store, since)


def history_result(store: Store, node_id: str | None = None) -> Result:
    """Every load the store recorded (``node_id``: the changes that touched that household, helper, ...)."""
    from pairnet.graph.history import load_history, ties_over_time

    if node_id:
        df = ties_over_time(store, node_id)
        return Result({"id": node_id, "changes": df.to_dict("records")}, {"changes": _change_table(df)},
                      mask_shapes=True)
    import pandas as pd

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
    import pandas as pd

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


# === maps and report ======================================================================================
def map_pairing(flags: StoreFlags, out: str, *, town: str | None, village: str | None, unit: str | None,
                as_of: str | None, policy_file: str | None, lang: str | None = None, step: Step = _quiet) -> Result:
    """``pairnet map pairing``: the "543" pairing map of the county or a scope."""
    from pairnet.queries.balance import helper_load
    from pairnet.visualizations.pairing import pairing_map, parse_scope

    day, policy = analysis_args(as_of, policy_file)
    scope = parse_scope(town, village, unit)
    step(Text("step.map"))
    with open_for_reading(flags) as store:  # the map reads only its scope
        load = helper_load(store, as_of=day, policy=policy)
        page = pairing_map(store, as_of=day, scope=scope, policy=policy, **_lang(pairing_map, lang),
                           colours=supervision_colours(store, as_of=day, policy=policy, loads=load), load=load)
    return _written(page, out, lang)


def map_overview(flags: StoreFlags, out: str, *, as_of: str | None, policy_file: str | None,
                 lang: str | None = None, step: Step = _quiet) -> Result:
    """``pairnet map overview``: the county at a glance."""
    from pairnet.visualizations.overview import overview_map

    day, policy = analysis_args(as_of, policy_file)
    step(Text("step.map"))
    with open_for_reading(flags) as store:
        page = overview_map(store, as_of=day, policy=policy, **_lang(overview_map, lang),
                            colours=supervision_colours(store, as_of=day, policy=policy))
    return _written(page, out, lang)


def map_committees(flags: StoreFlags, out: str, *, plan_file: str | None, lang: str | None = None,
                   step: Step = _quiet) -> Result:
    """``pairnet map committees``: the committees in the store, or a plan file (JSON, XLSX or a CSV folder)."""
    from pairnet.loaders.plan import read_plan
    from pairnet.visualizations.committees import committee_map

    plan = None if plan_file is None else read_plan(plan_file)
    step(Text("step.store"))
    with open_for_reading(flags) as store:
        network = store.read()
    step(Text("step.map"))
    return _written(committee_map(network, plan, **_lang(committee_map, lang)), out, lang)


def _lang(draw: Callable[..., Any], lang: str | None) -> dict[str, str]:
    """``{"lang": ...}`` for a page builder that takes the language (the maps and report speak it), else nothing."""
    import inspect

    return {"lang": lang} if lang and "lang" in inspect.signature(draw).parameters else {}


def _written(page: Any, out: str, lang: str | None = None) -> Result:
    """Write a map page and say so in the reader's language (JSON: path, title, nodes, edges, bytes)."""
    result = page.written(out)
    return Result(result.data, text=Text("map.wrote", **{k: result.data[k] for k in ("path", "title", "nodes",
                                                                                     "edges")}))


def card(flags: StoreFlags, out: str, *, village: str | None, household: str | None, as_of: str | None,
         policy_file: str | None, lang: str = "zh", step: Step = _quiet) -> Result:
    """``pairnet card``: household cards (明白卡), one A4 page per household in need."""
    from pairnet.visualizations.cards import household_cards

    day, policy = analysis_args(as_of, policy_file)
    step(Text("step.map"))
    with open_for_reading(flags) as store:
        cards = household_cards(store, as_of=day, village=village, household=household, policy=policy, lang=lang,
                                colours=supervision_colours(store, as_of=day, policy=policy))
    return cards.written(out)


def report(flags: StoreFlags, out_dir: str, *, as_of: str | None, policy_file: str | None,
           lang: str | None = None, step: Step = _quiet) -> Result:
    """``pairnet report``: the offline HTML report and its maps."""
    from pairnet.visualizations.report import report_written

    day, policy = analysis_args(as_of, policy_file)
    step(Text("step.report"))
    with open_for_reading(flags) as store:
        return report_written(store, out_dir, as_of=day, policy=policy, **_lang(report_written, lang),
                              colours=supervision_colours(store, as_of=day, policy=policy))


# === supervision: visits, attendance, the colours, the bulletin ===========================================
VISIT_HOUSEHOLD_FIELDS = ["id", "label", "village_id", "helper_ids", "last_visit", "days_since", "state"]
ATTENDANCE_FIELDS = ["id", "label", "village_id", "role", "present", "leave", "away", "required", "short"]


def visits(flags: StoreFlags, *, as_of: str | None, policy_file: str | None, engine: Engine = None) -> Result:
    """``pairnet visits``: see ``visits_result``."""
    day, policy = analysis_args(as_of, policy_file)
    with open_for_reading(flags) as store:
        return visits_result(store, as_of=day, policy=policy, engine=engine)


def visits_result(source: Any, *, as_of: dt.date, policy: Policy | None = None, engine: Engine = None) -> Result:
    """JSON ``{"as_of", "households", "helpers", "units", "towns"}`` (see ``queries.visits``); tables towns,
    units, helpers, then households (the CSV)."""
    from pairnet.graph.core.result import jsonable
    from pairnet.queries.visits import visits as visit_states

    found = visit_states(source, as_of=as_of, policy=policy, engine=engine)
    hh = found.households[VISIT_HOUSEHOLD_FIELDS]
    data = {"as_of": as_of.isoformat(), "households": jsonable(hh), "helpers": jsonable(found.helpers),
            "units": jsonable(found.units), "towns": jsonable(found.towns)}
    shown = hh.assign(helper_ids=[",".join(h) for h in hh["helper_ids"]])
    return Result(data, {"towns": found.towns, "units": found.units, "helpers": found.helpers, "households": shown},
                  csv_table="households")


def attendance(flags: StoreFlags, *, month: str, policy_file: str | None, engine: Engine = None) -> Result:
    """``pairnet attendance``: see ``attendance_result``."""
    from pairnet.graph.core.policy import load_policy

    policy = load_policy(policy_file)
    with open_for_reading(flags) as store:
        return attendance_result(store, month=month, policy=policy, engine=engine)


def attendance_result(source: Any, *, month: str, policy: Policy | None = None, engine: Engine = None) -> Result:
    """JSON ``{"month", "cadres": [...]}`` (see ``queries.attendance``), one table."""
    from pairnet.graph.core.result import jsonable
    from pairnet.queries.attendance import attendance as attendance_of, check_month

    m = check_month(month)
    cadres = attendance_of(source, month=m, policy=policy, engine=engine)[ATTENDANCE_FIELDS]
    return Result({"month": str(m), "cadres": jsonable(cadres)}, {"cadres": cadres})


def supervision_colours(store: Store, *, as_of: dt.date, policy: Policy | None = None,
                        loads: Any = None) -> dict[str, str] | None:
    """Household id -> red / yellow / green (三色, ``queries.colours``) for the maps, the report and the cards;
    None when the store holds no visit on or before ``as_of`` (then the pages keep their coverage colours)."""
    from pairnet.queries.colours import household_colours

    if store.events("visits", None, as_of).empty:
        return None
    found = household_colours(store, as_of=as_of, policy=policy, loads=loads)
    return dict(zip(found["id"].astype(str), found["colour"].astype(str)))


def bulletin(flags: StoreFlags, *, month: str, out: str, lang: str = "zh", policy_file: str | None = None,
             engine: Engine = None, show_pii: bool = False, since: str | None = None) -> Result:
    """``pairnet bulletin``: see ``bulletin_result``."""
    from pairnet.graph.core.policy import load_policy

    policy = load_policy(policy_file)
    with open_for_reading(flags) as store:
        return bulletin_result(store, month=month, out=out, lang=lang, policy=policy, engine=engine,
                               show_pii=show_pii, since=since)


def bulletin_result(store: Store, *, month: str, out: str | Path, lang: str = "zh", policy: Policy | None = None,
                    engine: Engine = None, show_pii: bool = False, since: str | None = None) -> Result:
    """Compute the month's bulletin (``queries.bulletin``), write its XLSX and HTML into ``out``; JSON
    ``{"month", "as_of", "files", "units", "towns", "best", "worst", "change_summary", "changes", "gap_summary",
    "gaps"}`` with every figure the files show."""
    from pairnet.graph.core.messages import text
    from pairnet.graph.core.result import jsonable
    from pairnet.queries.bulletin import bulletin as bulletin_of
    from pairnet.visualizations.bulletin import write_bulletin

    b = bulletin_of(store, month=month, policy=policy, engine=engine, since=since)
    files = write_bulletin(b, out, lang=lang, show_pii=show_pii)
    data = {"month": str(b.month), "as_of": b.as_of.isoformat(), "files": [str(f) for f in files],
            "units": jsonable(b.units), "towns": jsonable(b.towns), "best": jsonable(b.best),
            "worst": jsonable(b.worst), "change_summary": b.change_summary,
            "changes": None if b.changes is None else jsonable(b.changes), "gap_summary": b.gap_summary,
            "gaps": jsonable(b.gaps)}
    return Result(data, text=text("bulletin_wrote", lang, month=b.month, files=", ".join(str(f) for f in files)))
