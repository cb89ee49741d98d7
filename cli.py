"""The ``pairnet`` command line: thin click commands over the library, one output writer for all."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any

import click

from pairnet.graph.core.errors import PairnetError
from pairnet.graph.connect import open_store
from pairnet.graph.store import DEFAULT_DB, Store


def store_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--db`` / ``--neo4j`` (and the NEO4J_* environment) for every command that touches a store."""
    f = click.option("--db", "db", envvar="PAIRNET_DB", default=DEFAULT_DB, show_default=True,
                     type=click.Path(dir_okay=False), help="Embedded store file (env PAIRNET_DB).")(f)
    f = click.option("--neo4j", "neo4j", envvar="NEO4J_URI", default=None,
                     help="Neo4j URI, bolt:// or neo4j:// (env NEO4J_URI; NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE).")(f)
    return f


def output_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--format``, ``--out``, ``--lang``, ``--show-pii`` for every command that prints a result."""
    f = click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "xlsx"]), default="table",
                     show_default=True, help="Output format.")(f)
    f = click.option("--out", "out", type=click.Path(dir_okay=False), default=None,
                     help="Write to this file instead of standard output (required for xlsx).")(f)
    f = click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True,
                     help="Language of headers and values.")(f)
    f = click.option("--show-pii", is_flag=True, default=False,
                     help="Show full ID and phone numbers (masked by default).")(f)
    return f


def connect(db: str, neo4j: str | None) -> Store:
    """Open the store the flags name; NEO4J_USERNAME/PASSWORD/DATABASE come from the environment.

    A flag on the command line beats the environment: ``--db x.db`` opens x.db even when NEO4J_URI is set.
    """
    import os

    ctx = click.get_current_context(silent=True)
    if ctx is not None and neo4j:
        given = {name: ctx.get_parameter_source(name) == click.core.ParameterSource.COMMANDLINE
                 for name in ("db", "neo4j")}
        if given["db"] and given["neo4j"]:
            raise PairnetError("give --db or --neo4j, not both")
        if given["db"]:
            neo4j = None
    return open_store(db, neo4j, username=os.environ.get("NEO4J_USERNAME"),
                      password=os.environ.get("NEO4J_PASSWORD"), database=os.environ.get("NEO4J_DATABASE"))


def handled(f: Callable[..., Any]) -> Callable[..., Any]:
    """Turn user-facing faults into a message on stderr and exit code 2."""

    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from pairnet.graph.store import StoreChanged, WrittenWithError

        try:
            for attempt in range(5):  # a load changed a Neo4j store while this command read it: read again
                try:
                    return f(*args, **kwargs)
                except StoreChanged:
                    if attempt == 4:
                        raise
        except WrittenWithError as e:  # the new content is in place: not "nothing written"
            click.echo(f"Error: {e}", err=True)
            sys.exit(1)
        except PairnetError as e:
            click.echo(f"Error: {e}", err=True)
            sys.exit(2)
        except OSError as e:  # a path in the flags that cannot be read or written (missing folder, no rights)
            where = f"{e.filename}: " if e.filename else ""
            click.echo(f"Error: {where}{e.strerror or e}", err=True)
            sys.exit(2)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="pairnet")
def main() -> None:
    """pairnet: load pairing and assistance networks (结对帮扶) into a graph database, find coverage gaps,
    check helper load against quotas, propose how to close gaps, plan joint committees and draw maps."""


# --- foundation: generate, load, info, cypher, demo ------------------------------------------------------
from pairnet.loaders.profiles import PROFILES as _PROFILES  # noqa: E402  (light: the profile table only)


@main.command("generate")
@click.option("--profile", required=True, type=click.Choice(list(_PROFILES)),
              help="County profile (counts from the source documents).")
@click.option("--scale", type=float, default=1.0, show_default=True, help="Multiply every count by this factor.")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed: same seed, same bytes.")
@click.option("--as-of", "as_of", default=None, metavar="YYYY-MM-DD",
              help="Day the truth is judged on (default: the profile's fixed day).")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Folder for the workbook (workbook/ or workbook.xlsx) and truth.json.")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv", show_default=True)
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True,
              help="Headers and values in English or Chinese.")
@click.option("--encoding", type=click.Choice(["utf-8", "utf-8-sig", "gb18030"]), default="utf-8", show_default=True,
              help="CSV encoding.")
@handled
def generate_cmd(profile: str, scale: float, seed: int, as_of: str | None, out_dir: str, fmt: str, lang: str,
                 encoding: str) -> None:
    """Generate a synthetic county workbook with planted gaps, and truth.json listing what was planted."""
    from pairnet.loaders.generate import STEPS, generate_workbook

    with click.progressbar(length=len(STEPS), label=f"Generating {profile} x{scale:g}", file=sys.stderr,
                           item_show_func=lambda s: s) as bar:
        gen, path = generate_workbook(profile, out_dir, scale=scale, seed=seed, as_of=as_of, fmt=fmt, lang=lang,
                                      encoding=encoding, progress=lambda step: bar.update(1, step))
    nodes = ", ".join(f"{k} {v:,}" for k, v in gen.truth["counts"]["nodes"].items())
    gaps = ", ".join(f"{k} {len(v):,}" for k, v in gen.truth["gaps"].items())
    click.echo(f"Wrote {path} and {path.parent / 'truth.json'} (as of {gen.truth['as_of']})\n"
               f"Nodes: {nodes}\nPlanted gaps: {gaps}")

@main.command("history")
@click.argument("node_id", required=False)
@store_options
@output_options
@handled
def history_cmd(node_id: str | None, db: str, neo4j: str | None, fmt: str, out: str | None, lang: str,
                show_pii: bool) -> None:
    """Every load recorded in the store (time, file, content hash, what changed); with an ID, that
    household's or helper's ties over time."""
    from pairnet.commands import history_result
    from pairnet.graph.core.writers import write_result

    with connect(db, neo4j) as store:
        result = history_result(store, node_id)
    write_result(result, fmt=fmt, out=out, lang=lang, show_pii=show_pii)


@main.command("changes")
@click.option("--since", default=None, help="A load id (see `pairnet history`) or a day YYYY-MM-DD.")
@store_options
@output_options
@handled
def changes_cmd(since: str | None, db: str, neo4j: str | None, fmt: str, out: str | None, lang: str,
                show_pii: bool) -> None:
    """What the loads after --since changed: pairings begun and ended, households newly monitored or
    exited, helpers who left, villages that lost a first secretary or unit, and every other change."""
    from pairnet.commands import changes_result
    from pairnet.graph.core.writers import write_result

    with connect(db, neo4j) as store:
        result = changes_result(store, since)
    write_result(result, fmt=fmt, out=out, lang=lang, show_pii=show_pii)


@main.command("info")
@store_options
@output_options
@handled
def info_cmd(db: str, neo4j: str | None, fmt: str, out: str | None, lang: str, show_pii: bool) -> None:
    """Store kind and location, and the number of nodes per label and relationships per type.

    `--format json` prints exactly {"nodes": {label: n}, "relationships": {type: n}}.
    """
    from pairnet.commands import info_result
    from pairnet.graph.core.writers import write_result

    with connect(db, neo4j) as store:
        result = info_result(store)
    write_result(result, fmt=fmt, out=out, lang=lang, show_pii=show_pii)


@main.command("cypher")
@click.argument("query")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A query parameter ($NAME); VALUE is read as JSON when it parses (5, true, [1,2]), else as text.")
@store_options
@output_options
@handled
def cypher_cmd(query: str, params: tuple[str, ...], db: str, neo4j: str | None, fmt: str, out: str | None,
               lang: str, show_pii: bool) -> None:
    """Run a read-only Cypher QUERY with parameters and print its rows, e.g.

    pairnet cypher 'MATCH (h:Household) WHERE h.members >= $n RETURN h.household_id AS id' --param n=5
    """
    from pairnet.commands import cypher_result
    from pairnet.graph.core.writers import write_result

    with connect(db, neo4j) as store:
        result = cypher_result(store, query, params)
    write_result(result, fmt=fmt, out=out, lang=lang, show_pii=show_pii)


@main.command("export")
@click.option("--out", "out_path", required=True, type=click.Path(),
              help="Folder to write (CSV workbook, neo4j-admin files), or the .xlsx file (folder: DIR/pairnet.xlsx).")
@click.option("--as", "as_", type=click.Choice(["workbook", "neo4j-admin"]), default="workbook", show_default=True,
              help="A workbook that `pairnet load` reads, or node/relationship CSV files for `neo4j-admin database "
                   "import full` (the way to build a province-sized Neo4j database).")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv", show_default=True,
              help="Workbook format.")
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True,
              help="Workbook headers and values in English or Chinese.")
@click.option("--database", default="neo4j", show_default=True, help="Database name in the printed import command.")
@click.option("--show-pii", is_flag=True, default=False,
              help="Export full ID and phone numbers (masked by default; a masked workbook does not load back).")
@store_options
@handled
def export_cmd(out_path: str, as_: str, fmt: str, lang: str, database: str, show_pii: bool, db: str,
               neo4j: str | None) -> None:
    """Export the stored network as a workbook, or as neo4j-admin import files plus the command to run."""
    from pairnet.commands import export_network, stored_network
    from pairnet.graph.core.writers import write_result

    with connect(db, neo4j) as store:
        network = stored_network(store)
    write_result(export_network(network, out_path, as_=as_, fmt=fmt, lang=lang, show_pii=show_pii,
                                database=database), fmt="table")

@main.command("load")
@click.argument("path", type=click.Path(exists=True))
@click.option("--append", is_flag=True, default=False,
              help="Add and update without removing anything (e.g. to load approved proposals back).")
@click.option("--as", "as_", type=click.Choice(["ledger", "workbook"]), default=None,
              help="Read the file as a flat ledger (台账: one row per household, helpers by name) or as the "
                   "normalised workbook. Default: recognised by the headers.")
@store_options
@output_options
@handled
def load_cmd(path: str, append: bool, as_: str | None, db: str, neo4j: str | None, fmt: str, out: str | None,
             lang: str, show_pii: bool) -> None:
    """Load a workbook (a folder of CSV files, or one .xlsx) into the store and print what changed.

    Headers and values may be English or Chinese; CSV may be UTF-8 or GB18030/GBK. The whole workbook is
    checked first: on any fault every fault is listed (sheet, row, key, column, value), nothing is written
    and the exit code is 2. By default the store becomes equal to the workbook; loading the same workbook
    twice says "no changes". A flat ledger (.xlsx, .xls or CSV; title rows, merged headers, helpers named
    rather than coded) is recognised by its headers and first told as what it was read as.
    """
    from pairnet.loaders.load import load_workbook
    from pairnet.graph.core.result import Result
    from pairnet.graph.core.writers import write_result

    with connect(db, neo4j) as store, click.progressbar(length=1, label="Loading", file=sys.stderr) as bar:
        report = load_workbook(store, path, append=append, progress=bar.update,
                               started=lambda n: setattr(bar, "length", max(n, 1)), as_=as_)
    write_result(Result(report.data(), text=report.text()), fmt=fmt, out=out, lang=lang, show_pii=show_pii)


@main.command("demo")
@click.option("--dir", "directory", default="pairnet-demo", show_default=True, type=click.Path(file_okay=False),
              help="Folder for the workbook, the embedded store and the report.")
@click.option("--profile", default="ziyang", show_default=True, help="County profile to generate.")
@click.option("--scale", type=float, default=1.0, show_default=True, help="Multiply every count by this factor.")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed.")
@output_options
@handled
def demo_cmd(directory: str, profile: str, scale: float, seed: int, fmt: str, out: str | None, lang: str,
             show_pii: bool) -> None:
    """Generate the Ziyang county (31,083 households), load it into an embedded store in ./pairnet-demo/,
    print the gap summary and the most overloaded helpers, write the HTML report, and say what to try next."""
    from pairnet.commands import demo_result, run_demo
    from pairnet.graph.core.writers import write_result

    demo = run_demo(directory, profile=profile, scale=scale, seed=seed, say=lambda m: click.echo(m, err=True))
    write_result(demo_result(demo), fmt=fmt, out=out, lang=lang, show_pii=show_pii)


# --- analyses: gaps, balance, chain, propose ------------------------------------------------------------
def _as_of_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--as-of`` (default today) and ``--policy`` for every analysis."""
    f = click.option("--as-of", "as_of", default=None, metavar="YYYY-MM-DD",
                     help="Judge pairings, stationing and the after-exit window on this day (default today).")(f)
    f = click.option("--policy", "policy_file", type=click.Path(dir_okay=False), default=None,
                     help="Policy TOML: [quota] county/section/staff/village, continuity_years, min_team.")(f)
    return f


def _engine_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--engine", type=click.Choice(["cypher", "networkx"]), default="cypher", show_default=True,
                        help="Cypher pushdown on the store, or the NetworkX reference on the pulled graph.")(f)


def _analysis_args(as_of: str | None, policy_file: str | None) -> tuple[Any, Any]:
    import datetime as dt

    from pairnet.graph.core.dates import check_as_of
    from pairnet.graph.core.policy import load_policy

    return check_as_of(as_of or dt.date.today()), load_policy(policy_file)


@main.command("gaps")
@_as_of_options
@_engine_option
@click.option("--fail-on-gaps", is_flag=True, default=False, help="Exit with code 1 when any gap is found.")
@store_options
@output_options
@handled
def gaps_cmd(as_of: str | None, policy_file: str | None, engine: str, fail_on_gaps: bool, db: str, neo4j: str | None,
             fmt: str, out: str | None, lang: str, show_pii: bool) -> None:
    """Coverage gaps: households in need without an active helper (and why), poor villages without a packaging
    unit, first secretary or full work team, deep villages without a leader, towns without a liaising leader.
    Grouped by town and village."""
    from pairnet.queries.gaps import gaps_report
    from pairnet.graph.core.writers import write_result

    day, policy = _analysis_args(as_of, policy_file)
    with connect(db, neo4j) as store:
        result = gaps_report(store, as_of=day, policy=policy, engine=engine)
    write_result(result, fmt=fmt, out=out, lang=lang, show_pii=show_pii)
    if fail_on_gaps and result.data["gaps"]:
        sys.exit(1)


@main.command("balance")
@_as_of_options
@_engine_option
@store_options
@output_options
@handled
def balance_cmd(as_of: str | None, policy_file: str | None, engine: str, db: str, neo4j: str | None, fmt: str,
                out: str | None, lang: str, show_pii: bool) -> None:
    """Helper load against the "543" quotas: every active helper (over / at / under), by rank, by unit, and the
    capacity: households in need, quota places, shortfall and how many more helpers of each rank it takes."""
    from pairnet.queries.balance import balance
    from pairnet.graph.core.writers import write_result

    day, policy = _analysis_args(as_of, policy_file)
    with connect(db, neo4j) as store:
        result = balance(store, as_of=day, policy=policy, engine=engine)
    write_result(result, fmt=fmt, out=out, lang=lang, show_pii=show_pii)


@main.command("chain")
@click.argument("household_id")
@_as_of_options
@store_options
@output_options
@handled
def chain_cmd(household_id: str, as_of: str | None, policy_file: str | None, db: str, neo4j: str | None, fmt: str,
              out: str | None, lang: str, show_pii: bool) -> None:
    """The responsibility chain of HOUSEHOLD_ID: its helpers (rank, unit), its village's packaging units and
    leader, first secretary and team, and its town's liaising leader, each marked current or not."""
    from pairnet.queries.chain import chain
    from pairnet.graph.core.writers import write_result

    day, policy = _analysis_args(as_of, policy_file)
    with connect(db, neo4j) as store:
        result = chain(store, household_id, as_of=day, policy=policy)
    write_result(result, fmt=fmt, out=out, lang=lang, show_pii=show_pii)


@main.command("propose")
@_as_of_options
@store_options
@output_options
@handled
def propose_cmd(as_of: str | None, policy_file: str | None, db: str, neo4j: str | None, fmt: str, out: str | None,
                lang: str, show_pii: bool) -> None:
    """Propose helpers for households without one: a minimum-cost flow within the spare quota, preferring a
    helper whose unit packages (or who is stationed in) the household's village, then the same town, then any.
    CSV / XLSX are in the pairings sheet's columns: write them as FOLDER/pairings.csv (or an .xlsx), review,
    then `pairnet load --append FOLDER`."""
    from pairnet.graph.core.writers import write_result
    from pairnet.queries.propose import propose

    day, policy = _analysis_args(as_of, policy_file)
    with connect(db, neo4j) as store:
        result = propose(store, as_of=day, policy=policy)
    write_result(result, fmt=fmt, out=out, lang=lang, show_pii=show_pii)


# --- supervision: visits, attendance, bulletin ----------------------------------------------------------
@main.command("visits")
@_as_of_options
@_engine_option
@store_options
@output_options
@handled
def visits_cmd(as_of: str | None, policy_file: str | None, engine: str, db: str, neo4j: str | None, fmt: str,
               out: str | None, lang: str, show_pii: bool) -> None:
    """Visits (每半月走访): every household in need with its state on the day (no_helper, never, overdue, ok),
    each helper's share of households visited in time, and the same by unit and by town. A visit counts when
    its kind is in the policy's visit_kinds (home visits) and it is at most visit_every_days (15) old.

    Example: pairnet visits --as-of 2026-06-30 --format xlsx --out 走访.xlsx --lang zh"""
    from pairnet.commands import visits_result
    from pairnet.graph.core.writers import write_result

    day, policy = _analysis_args(as_of, policy_file)
    with connect(db, neo4j) as store:
        result = visits_result(store, as_of=day, policy=policy, engine=engine)
    write_result(result, fmt=fmt, out=out, lang=lang, show_pii=show_pii)


@main.command("attendance")
@click.option("--month", required=True, metavar="YYYY-MM", help="The month to count (2026-06, 2026/6, 2026年6月).")
@click.option("--policy", "policy_file", type=click.Path(dir_okay=False), default=None,
              help="Policy TOML: stationed_days_per_month, leave_excuses, ...")
@_engine_option
@store_options
@output_options
@handled
def attendance_cmd(month: str, policy_file: str | None, engine: str, db: str, neo4j: str | None, fmt: str,
                   out: str | None, lang: str, show_pii: bool) -> None:
    """Attendance of stationed cadres (驻村考勤) in a month: days present, on leave and away without approval,
    against stationed_days_per_month (20, prorated for a stationing that began or ended in the month); short
    when the days present fall below it (approved leave excuses nothing unless the policy's leave_excuses).

    Example: pairnet attendance --month 2026-06 --format json"""
    from pairnet.commands import attendance_result
    from pairnet.graph.core.policy import load_policy
    from pairnet.graph.core.writers import write_result

    policy = load_policy(policy_file)
    with connect(db, neo4j) as store:
        result = attendance_result(store, month=month, policy=policy, engine=engine)
    write_result(result, fmt=fmt, out=out, lang=lang, show_pii=show_pii)


@main.command("bulletin")
@click.option("--month", required=True, metavar="YYYY-MM", help="The month of the bulletin (judged on its last day).")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Folder for 通报-YYYY-MM.xlsx and 通报-YYYY-MM.html.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="Language of the bulletin (Chinese by default).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="What to print: the files written, or every figure as JSON.")
@click.option("--policy", "policy_file", type=click.Path(dir_okay=False), default=None, help="Policy TOML.")
@click.option("--show-pii", is_flag=True, default=False, help="Show full ID and phone numbers (masked by default).")
@click.option("--since", default=None, metavar="LOAD|YYYY-MM-DD",
              help="List the changes after this load or day (default: the month's first day).")
@_engine_option
@store_options
@handled
def bulletin_cmd(month: str, out_dir: str, lang: str, fmt: str, policy_file: str | None, show_pii: bool,
                 since: str | None, engine: str, db: str, neo4j: str | None) -> None:
    """The monthly bulletin (月度通报) as XLSX and offline HTML: units and towns ranked (visits in time,
    attendance, gaps in the villages they package), the ten best and worst helpers, the month's changes and the
    gaps. Every figure can be reproduced with pairnet visits, attendance, gaps and changes.

    Example: pairnet bulletin --month 2026-06 --out 通报/"""
    from pairnet.commands import bulletin_result
    from pairnet.graph.core.policy import load_policy
    from pairnet.graph.core.writers import write_result

    policy = load_policy(policy_file)
    with connect(db, neo4j) as store:
        result = bulletin_result(store, month=month, out=out_dir, lang=lang, policy=policy, engine=engine,
                                 show_pii=show_pii, since=since)
    write_result(result, fmt=fmt, lang=lang, show_pii=show_pii)


# --- committees -----------------------------------------------------------------------------------------
@main.group("committees")
def committees_group() -> None:
    """Joint village committees (联村党委): plan them by adjacency, or check the ones in the store."""


def _committee_rules(f: Callable[..., Any]) -> Callable[..., Any]:
    """Size bounds, town rule and adjacency source, shared by ``committees plan`` and ``committees check``."""
    f = click.option("--polygons", type=click.Path(exists=True, dir_okay=False), default=None,
                     help="GeoJSON of village polygons (property village_id): adjacency = shared borders.")(f)
    f = click.option("--adjacency-from", "adjacency", type=click.Choice(["sheet", "coords"]), default=None,
                     help="Adjacency source (default: the adjacency sheet, or village coordinates when it is empty).")(f)
    f = click.option("--within-town", is_flag=True, default=False, help="Every committee inside one town.")(f)
    f = click.option("--max", "max_size", type=int, default=8, show_default=True, help="Most villages per committee.")(f)
    f = click.option("--min", "min_size", type=int, default=3, show_default=True, help="Fewest villages per committee.")(f)
    return f


def _write_committees(result: Any, fmt: str, out: str | None, lang: str, show_pii: bool) -> None:
    """Write a plan/check; CSV to a file also writes committee_villages.csv beside it (a loadable folder)."""
    import os

    from pairnet.graph.core.writers import write_result

    if out:
        os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    write_result(result, fmt=fmt, out=out, lang=lang, show_pii=show_pii)
    if fmt == "csv" and out:
        result.csv_table = "committee_villages"
        sibling = os.path.join(os.path.dirname(os.path.abspath(out)), "committee_villages.csv")
        write_result(result, fmt=fmt, out=sibling, lang=lang, show_pii=show_pii)


@committees_group.command("plan")
@_committee_rules
@click.option("--only-poor", is_flag=True, default=False, help="Plan poor villages only.")
@click.option("--seed", type=int, default=0, show_default=True, help="Same seed, same plan.")
@store_options
@output_options
@handled
def committees_plan(min_size: int, max_size: int, within_town: bool, adjacency: str | None, polygons: str | None,
                    only_poor: bool, seed: int, db: str, neo4j: str | None, fmt: str, out: str | None, lang: str,
                    show_pii: bool) -> None:
    """Plan contiguous committees of MIN..MAX villages, each led by a strong or good village.

    CSV/XLSX give the committees and committee_villages sheets (CSV: --out DIR/committees.csv also writes
    DIR/committee_villages.csv), so an adopted plan loads back with `pairnet load --append DIR`.
    """
    from pairnet.commands import committees_result
    from pairnet.queries.committees import plan_committees

    with connect(db, neo4j) as store:
        network = store.read()
    plan = plan_committees(network, min_size=min_size, max_size=max_size, within_town=within_town,
                           only_poor=only_poor, seed=seed, adjacency=adjacency, polygons=polygons)
    _write_committees(committees_result(plan, "committee plan"), fmt, out, lang, show_pii)


@committees_group.command("check")
@_committee_rules
@store_options
@output_options
@handled
def committees_check(min_size: int, max_size: int, within_town: bool, adjacency: str | None, polygons: str | None,
                     db: str, neo4j: str | None, fmt: str, out: str | None, lang: str, show_pii: bool) -> None:
    """Check the committees in the store: contiguity, size bounds, lead village, weak villages, duplicates."""
    from pairnet.commands import committees_result
    from pairnet.queries.committees import check_committees

    with connect(db, neo4j) as store:
        network = store.read()
    result = check_committees(network, min_size=min_size, max_size=max_size, within_town=within_town,
                              adjacency=adjacency, polygons=polygons)
    _write_committees(committees_result(result, "committee check"), fmt, out, lang, show_pii)


# --- maps, report and cards -----------------------------------------------------------------------------
def _html_out(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--out", "out", required=True, type=click.Path(dir_okay=False),
                        help="The HTML file to write (works offline; open it in any browser).")(f)


def _page_lang(default: str = "en") -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option("--lang", type=click.Choice(["en", "zh"]), default=default, show_default=True,
                        help="Language of the page.")


@main.group("map")
def map_group() -> None:
    """Interactive offline maps (HTML): the "543" pairing map, the county overview, the joint committees."""


@map_group.command("pairing")
@click.option("--town", default=None, metavar="ID", help="Draw one town (its villages, households and helpers).")
@click.option("--village", default=None, metavar="ID", help="Draw one village.")
@click.option("--unit", default=None, metavar="ID", help="Draw one unit's cadres and the households they help.")
@_html_out
@_page_lang()
@_as_of_options
@store_options
@handled
def map_pairing(town: str | None, village: str | None, unit: str | None, out: str, lang: str, as_of: str | None,
                policy_file: str | None, db: str, neo4j: str | None) -> None:
    """The "543" pairing map: helpers shaped and coloured by rank and boxed by unit; households in need drawn
    large (red: no helper; amber: helper over quota; green: helped), the others small; active pairings as
    edges, a search box. Only the scope is read. A whole county too big for a browser is refused: --town ID.

    Example: pairnet map pairing --town 610924001 --out pairing.html --lang zh"""
    from pairnet.graph.core.writers import write_result
    from pairnet.visualizations.pairing import pairing_map, parse_scope

    day, policy = _analysis_args(as_of, policy_file)
    scope = parse_scope(town, village, unit)
    from pairnet.commands import supervision_colours

    with connect(db, neo4j) as store:
        page = pairing_map(store, as_of=day, scope=scope, policy=policy, lang=lang,
                           colours=supervision_colours(store, as_of=day, policy=policy))
    write_result(page.written(out))


@map_group.command("overview")
@_html_out
@_page_lang()
@_as_of_options
@store_options
@handled
def map_overview(out: str, lang: str, as_of: str | None, policy_file: str | None, db: str, neo4j: str | None) -> None:
    """The county at a glance: villages on their coordinates inside their towns' outlines, coloured by the share
    of households in need that have a helper, gaps and weak branches marked; units and liaising leaders.

    Example: pairnet map overview --out overview.html"""
    from pairnet.graph.core.writers import write_result
    from pairnet.visualizations.overview import overview_map

    day, policy = _analysis_args(as_of, policy_file)
    from pairnet.commands import supervision_colours

    with connect(db, neo4j) as store:
        page = overview_map(store, as_of=day, policy=policy, lang=lang,
                            colours=supervision_colours(store, as_of=day, policy=policy))
    write_result(page.written(out))


@map_group.command("committees")
@click.option("--plan", "plan_file", type=click.Path(dir_okay=False), default=None,
              help="A plan JSON from `pairnet committees plan --format json` (default: the committees in the store).")
@_html_out
@_page_lang()
@store_options
@handled
def map_committees(plan_file: str | None, out: str, lang: str, db: str, neo4j: str | None) -> None:
    """Villages coloured by joint committee (neighbours in different colours), lead villages as stars, weak
    villages dashed, town outlines, adjacency edges.

    Example: pairnet map committees --plan plan.json --out committees.html"""
    from pairnet.graph.core.writers import write_result
    from pairnet.visualizations.committees import committee_map

    with connect(db, neo4j) as store:
        network = store.read()
    write_result(committee_map(network, plan_file, lang=lang).written(out))


@main.command("report")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Folder to write index.html and its maps into.")
@_page_lang()
@_as_of_options
@store_options
@handled
def report_cmd(out_dir: str, lang: str, as_of: str | None, policy_file: str | None, db: str,
               neo4j: str | None) -> None:
    """An offline HTML report: gap summary and tables, helper load by rank and unit with charts, coverage by
    town, and the maps (overview, committees, pairing maps by town) beside it.

    Example: pairnet report --out report/ --lang zh"""
    from pairnet.graph.core.writers import write_result
    from pairnet.visualizations.report import report_written

    day, policy = _analysis_args(as_of, policy_file)
    from pairnet.commands import supervision_colours

    with connect(db, neo4j) as store:
        result = report_written(store, out_dir, as_of=day, policy=policy, lang=lang,
                                colours=supervision_colours(store, as_of=day, policy=policy))
    write_result(result)


@main.command("card")
@click.option("--village", default=None, metavar="ID", help="One card per household in need of this village.")
@click.option("--household", default=None, metavar="ID", help="The card of this household.")
@_html_out
@_page_lang("zh")
@_as_of_options
@store_options
@handled
def card_cmd(village: str | None, household: str | None, out: str, lang: str, as_of: str | None,
             policy_file: str | None, db: str, neo4j: str | None) -> None:
    """Household cards (明白卡), A4 and ready to print, one page per household in need: the household, its
    helpers with unit and work phone, the packaging unit, the first secretary, the day. Chinese by default.

    Example: pairnet card --village 610924001001 --out cards.html"""
    from pairnet.graph.core.writers import write_result
    from pairnet.visualizations.cards import household_cards

    day, policy = _analysis_args(as_of, policy_file)
    from pairnet.commands import supervision_colours

    with connect(db, neo4j) as store:
        cards = household_cards(store, as_of=day, village=village, household=household, policy=policy, lang=lang,
                                colours=supervision_colours(store, as_of=day, policy=policy))
    write_result(cards.written(out))


if __name__ == "__main__":
    main()
