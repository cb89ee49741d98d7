"""A folded ledger as the network itself, or as normalised sheets for the shared checks beside other sheets."""

from __future__ import annotations

import numpy as np
import pandas as pd

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
    hh = hh.assign(members=pd.to_numeric(hh["members"]).astype("Int64"),
                   exit_year=pd.to_numeric(hh["exit_year"]).astype("Int64"))
    active = c["active"].str.lower().map({"true": True, "false": False}).astype("boolean")
    nodes = {"Town": f["towns"], "Village": v, "Household": hh, "Unit": f["units"], "Leader": lead,
             "Cadre": c.assign(active=active)}
    is_leader = p["helper_id"].isin(lead["leader_id"]).to_numpy(dtype=bool)
    helps = pd.DataFrame({"source": p["helper_id"], "target": p["household_id"],
                          "source_label": np.where(is_leader, "Leader", "Cadre"),
                          "since": pd.to_datetime(p["since"]), "until": pd.to_datetime(p["until"])})
    rels = {"IN_TOWN": pd.DataFrame({"source": v["village_id"], "target": v["town_id"]}),
            "LIVES_IN": pd.DataFrame({"source": hh["household_id"], "target": hh["village_id"]}),
            "WORKS_IN": pd.DataFrame({"source": c["cadre_id"], "target": c["unit_id"]}),
            "HELPS": helps}
    return PairingNetwork(nodes, rels)


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
