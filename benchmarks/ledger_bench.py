"""Read + validate of a flat ledger (one row per household and helper, helpers by name, no codes) beside the
normalised workbook of the same generated county, in one run: medians over repeats and the ratio.

    .venv/bin/python benchmarks/ledger_bench.py                          # CSV at scale 100 (3.1M households)
    .venv/bin/python benchmarks/ledger_bench.py --scales 1 10 --xlsx-scales 1 --repeats 3

The ledger is written from the generated network: a household with two helpers takes two rows, the second
with the household's cells blank (as a merged-down ledger exported to CSV), helpers named with their unit
and phone, IDs as text. An .xlsx sheet holds at most 1,048,576 rows, so a ledger that does not fit one sheet
is written one sheet per town (as county offices keep it) and its normalised workbook, whose households sheet
would not fit either, is read from CSV: the baseline at that scale is the CSV workbook.

    .venv/bin/python benchmarks/ledger_bench.py --scales 100 --xlsx-scales 100 --repeats 1   # the province
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

HEADERS = ["序号", "乡镇", "村", "户主姓名", "身份证号码", "家庭人口", "户类型", "脱贫年度", "帮扶责任人", "工作单位",
           "职级", "联系电话", "在岗状态", "结对时间", "结束时间"]


def ledger_frame(net) -> pd.DataFrame:  # noqa: ANN001 - a PairingNetwork
    """The flat ledger of ``net``: one row per household and helper, household cells blank on continued rows."""
    from pairnet.graph.core import schema

    zh = schema.VALUE_ZH
    hh = net.nodes["Household"]
    v = net.nodes["Village"].set_index("village_id")
    t = net.nodes["Town"].set_index("town_id")["name"]
    units = net.nodes["Unit"].set_index("unit_id")["name"]
    c = net.nodes["Cadre"].set_index("cadre_id")
    lead = net.nodes["Leader"].set_index("leader_id")
    helpers = pd.concat([
        pd.DataFrame({"hid": c.index, "helper": c["name"].to_numpy(), "unit": c["unit_id"].map(units).to_numpy(),
                      "rank": c["rank"].map(zh["rank"]).to_numpy(), "phone": c["phone"].to_numpy(),
                      "active": c["active"].map({True: "在岗", False: "调离"}).to_numpy()}),
        pd.DataFrame({"hid": lead.index, "helper": lead["name"].to_numpy(), "unit": "县委", "rank": "县处级",
                      "phone": lead["phone"].to_numpy(), "active": None})])
    helps = net.rels["HELPS"][["source", "target", "since", "until"]].rename(columns={"source": "hid"})
    pairs = helps.merge(helpers, on="hid", how="left")
    base = pd.DataFrame({"household_id": hh["household_id"],
                         "乡镇": hh["village_id"].map(v["town_id"]).map(t).to_numpy(),
                         "村": hh["village_id"].map(v["name"]).to_numpy(), "户主姓名": hh["head_name"],
                         "身份证号码": hh["id_number"], "家庭人口": hh["members"].astype("string"),
                         "户类型": hh["status"].map(zh["status"]), "脱贫年度": hh["exit_year"].astype("string")})
    rows = base.merge(pairs, left_on="household_id", right_on="target", how="left").sort_values(
        ["household_id", "hid"], kind="stable")
    again = rows["household_id"].duplicated().to_numpy()
    for col in ["乡镇", "村", "户主姓名", "身份证号码", "家庭人口", "户类型", "脱贫年度"]:
        rows[col] = rows[col].astype("string").mask(again)
    out = pd.DataFrame({"序号": pd.Series(range(1, len(rows) + 1)).astype("string").to_numpy()})
    for col in ["乡镇", "村", "户主姓名", "身份证号码", "家庭人口", "户类型", "脱贫年度"]:
        out[col] = rows[col].to_numpy()
    out["帮扶责任人"] = rows["helper"].to_numpy()
    out["工作单位"] = rows["unit"].to_numpy()
    out["职级"] = rows["rank"].to_numpy()
    out["联系电话"] = rows["phone"].to_numpy()
    out["在岗状态"] = rows["active"].to_numpy()
    out["结对时间"] = pd.to_datetime(rows["since"]).dt.strftime("%Y-%m-%d").to_numpy()
    out["结束时间"] = pd.to_datetime(rows["until"]).dt.strftime("%Y-%m-%d").to_numpy()
    return out


def write_ledger_csv(frame: pd.DataFrame, path: Path) -> Path:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    table = pa.Table.from_pandas(frame.astype("string"), preserve_index=False)
    with open(path, "wb") as f:  # as county systems export: no quotes (the header too)
        f.write((",".join(frame.columns) + "\n").encode("utf-8"))
        pacsv.write_csv(table, f, pacsv.WriteOptions(quoting_style="none", include_header=False))
    return path


XLSX_ROWS = 1_048_576


def write_ledger_xlsx(frame: pd.DataFrame, path: Path, sheet_rows: int = XLSX_ROWS) -> Path:
    """One sheet when the ledger fits, else one sheet per town (named after it; the 乡镇 column still says it)."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    if len(frame) + 2 <= sheet_rows:
        parts = [("结对帮扶台账", frame)]
    else:
        town = frame["乡镇"].ffill()  # continued rows have the household's cells blank
        parts = [(f"{i:04d}{name}"[:31], part) for i, (name, part) in enumerate(frame.groupby(town, sort=False))]
    for title, part in parts:
        ws = wb.create_sheet(title)
        ws.append(["清溪县结对帮扶台账"])
        ws.append(list(part.columns))
        for r in part.astype(object).where(part.notna(), None).itertuples(index=False):
            ws.append(list(r))
    wb.save(path)
    return path


def timed(f, repeats: int) -> tuple[float, object]:  # noqa: ANN001
    times, out = [], None
    for _ in range(repeats):
        t = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scales", type=float, nargs="*", default=[100.0])
    ap.add_argument("--xlsx-scales", type=float, nargs="*", default=[10.0])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--sheet-rows", type=int, default=XLSX_ROWS, help="rows a sheet holds (smaller: try the "
                    "one-sheet-per-town path at a small scale)")
    args = ap.parse_args()
    from pairnet.loaders.generate import generate
    from pairnet.loaders.ledger.reading import read_ledger
    from pairnet.loaders.load import read_workbook
    from pairnet.loaders.write import write_workbook

    print(f"{'format':6} {'scale':>6} {'ledger rows':>12} {'households':>11} {'workbook s':>11} {'ledger s':>9} "
          f"{'ratio':>6} {'sheets':>6} {'write s':>8}")
    jobs = [("csv", s) for s in args.scales] + [("xlsx", s) for s in args.xlsx_scales]
    for fmt, scale in jobs:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            net = generate("ziyang", scale=scale, seed=1).network
            frame = ledger_frame(net)
            t0 = time.perf_counter()
            if fmt == "csv":
                wb = write_workbook(net, work / "wb", fmt="csv")
                ledger = write_ledger_csv(frame, work / "结对帮扶台账.csv")
            else:
                fits = len(net.nodes["Household"]) + 1 <= args.sheet_rows
                wb = write_workbook(net, work / ("wb.xlsx" if fits else "wb"), fmt="xlsx" if fits else "csv")
                ledger = write_ledger_xlsx(frame, work / "结对帮扶台账.xlsx", args.sheet_rows)
            rows, t_write = len(frame), time.perf_counter() - t0
            del net, frame  # a province is big: one network in memory at a time
            t_wb, got = timed(lambda: read_workbook(wb).counts()["nodes"], args.repeats)
            t_lg, n = timed(lambda: read_ledger(ledger).network.counts()["nodes"], args.repeats)
            assert n["Household"] == got["Household"], "the ledger lost households"  # type: ignore[index]
            sheets = 1 if fmt == "csv" or rows + 2 <= args.sheet_rows else "town"
            print(f"{fmt:6} {scale:6g} {rows:12,} {n['Household']:11,} {t_wb:11.2f} {t_lg:9.2f} "  # type: ignore[index]
                  f"{t_lg / t_wb:6.2f} {sheets!s:>6} {t_write:8.1f}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
