"""A folded ledger as the network itself, or as normalised sheets for the shared checks beside other sheets."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pairnet.graph.core import schema
from pairnet.graph.network import PairingNetwork
from pairnet.loaders import read
from pairnet.loaders.ledger.fold import Folded

LEDGER_TITLE = "\x00ledger"  # the title of sheets made from a ledger, until their faults are told in its words


def network(folded: Folded) -> PairingNetwork:
    """The network of a ledger read alone: its frames are checked already (every key made once, every
    reference made from a row), so they become the network's frames without a second pass."""
    f = folded.frames
    hh, v, c, lead, p = f["households"], f["villages"], f["cadres"], f["leaders"], f["pairings"]
    hh = hh.assign(members=_whole(hh["members"]), exit_year=_whole(hh["exit_year"]))
    active = c["active"].str.lower().map({"true": True, "false": False}).astype("boolean")
    nodes = {"Town": f["towns"], "Village": v, "Household": hh, "Unit": f["units"], "Leader": lead,
             "Cadre": c.assign(active=active)}
    is_leader = p["helper_id"].isin(lead["leader_id"]).to_numpy(dtype=bool)
    helps = pd.DataFrame({"source": p["helper_id"], "target": p["household_id"],
                          "source_label": np.where(is_leader, "Leader", "Cadre"),
                          "since": _days(p["since"]), "until": _days(p["until"])})
    rels = {"IN_TOWN": pd.DataFrame({"source": v["village_id"], "target": v["town_id"]}),
            "LIVES_IN": pd.DataFrame({"source": hh["household_id"], "target": hh["village_id"]}),
            "WORKS_IN": pd.DataFrame({"source": c["cadre_id"], "target": c["unit_id"]}),
            "HELPS": helps}
    return PairingNetwork(nodes, rels)


def _whole(col: pd.Series) -> pd.Series:
    """Whole numbers written as text by the fold (``4``) as integers, cast by Arrow."""
    try:
        ints = pa.array(col.array, pa.string(), from_pandas=True).cast(pa.int64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, TypeError):  # not as the fold writes them: pandas reads it
        return pd.to_numeric(col).astype("Int64")
    return pd.Series(pd.arrays.ArrowExtensionArray(ints), index=col.index).astype("Int64")


def _days(col: pd.Series) -> pd.Series:
    """Days written as ISO text by the fold (``2019-03-01``) as dates, parsed by Arrow."""
    try:
        days = pc.strptime(pa.array(col.array, pa.string(), from_pandas=True), format="%Y-%m-%d", unit="s")
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, TypeError):
        return pd.to_datetime(col)
    return pd.Series(days.to_numpy(zero_copy_only=False), index=col.index)


def raw_sheets(folded: Folded) -> dict[str, read.RawSheet]:
    """The ledger's frames as normalised sheets of text (checked again with the workbook's other sheets)."""
    out = {}
    for name, frame in folded.frames.items():
        spec = schema.SHEET[name]
        cols = [c for c in spec.column_names if c in frame.columns or spec.columns[spec.column_names.index(c)].required]
        frame = frame.reindex(columns=cols).astype("string").reset_index(drop=True)
        frame = frame.apply(lambda s: s.mask(s == ""))
        out[name] = read.RawSheet(name, LEDGER_TITLE, frame, list(range(len(frame))), {})
    return out
