"""The demo: generate the Ziyang county, load it into an embedded store, and show what pairnet finds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pairnet.graph.embedded import EmbeddedStore
from pairnet.loaders.generate import generate, write_generated
from pairnet.loaders.load import load_workbook
from pairnet.queries.balance import helper_load
from pairnet.queries.gaps import gaps
from pairnet.queries.output import Result

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


def _write_report(store: EmbeddedStore, out: Path, as_of: dt.date) -> Path | None:
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
