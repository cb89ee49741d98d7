"""Check the joint committees already in a network (JointCommittee + MEMBER_OF) against the planning rules."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pandas as pd

from pairnet.graph.network import PairingNetwork
from pairnet.queries.adjacency import village_adjacency
from pairnet.queries.committees.county import county
from pairnet.queries.committees.metrics import committee_record, metrics
from pairnet.queries.committees.rules import check_bounds, violations


def check_committees(network: PairingNetwork, *, min_size: int = 3, max_size: int = 8, within_town: bool = False,
                     adjacency: str | None = None, polygons: str | Path | None = None) -> dict:
    """The committees already in the network (JointCommittee + MEMBER_OF) checked against the planning rules.

    Flags committees that are not contiguous, out of the size bounds, without a lead, led by a village not
    rated strong or good or not a member, spanning towns (with ``within_town``), weak villages without a
    strong or good partner, and villages in two committees. Villages in no committee are listed as unplaced.

    >>> from pairnet.graph.example import example_network
    >>> found = check_committees(example_network())  # J1: V1, V2, V3, led by V1 (strong)
    >>> found["violations"], found["metrics"]["committees"], [u["village_id"] for u in found["unplaced"]]
    ([], 1, ['V4', 'V5', 'V6'])
    """
    check_bounds(min_size, max_size)
    adj = village_adjacency(network, adjacency=adjacency, polygons=polygons)
    c = county(network, adj, within_town=False, only_poor=False)
    idx = c.index
    jc = network.nodes["JointCommittee"].sort_values("committee_id", kind="stable")
    mem = network.rels["MEMBER_OF"]
    members_of: dict[str, list[int]] = defaultdict(list)
    for v, cid in zip(mem["source"].astype(str), mem["target"].astype(str)):
        if v in idx:
            members_of[cid].append(idx[v])
    committees = []
    for cid, name, lead in zip(jc["committee_id"].astype(str), jc["name"], jc["lead_village_id"]):
        committees.append(committee_record(c, cid, None if pd.isna(name) else str(name), sorted(members_of[cid]),
                                           None if pd.isna(lead) else str(lead)))
    found = violations(c, committees, min_size, max_size, within_town)
    placed = {v for com in committees for v in com["villages"]}
    return {
        "committees": committees,
        "unplaced": [{"village_id": v, "reason": "not_in_committee"} for v in c.ids if v not in placed],
        "violations": found,
        "metrics": metrics(c, committees, found, len(c.ids)),
    }
