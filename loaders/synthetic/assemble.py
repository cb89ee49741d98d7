"""Last step of the generator: the drawn arrays as a PairingNetwork in the schema's frames."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from pairnet.graph.network import PairingNetwork
from pairnet.loaders.synthetic.committees import Committees
from pairnet.loaders.synthetic.households import CAUSES, EXITED, Households
from pairnet.loaders.synthetic.names import codes
from pairnet.loaders.synthetic.pairings import Pairings
from pairnet.loaders.synthetic.people import People
from pairnet.loaders.synthetic.places import INDUSTRIES, Places
from pairnet.loaders.synthetic.stationing import Stations
from pairnet.loaders.synthetic.ties import Ties
from pairnet.loaders.synthetic.vocab import take


def assemble(places: Places, people: People, households: Households, ties: Ties, stations: Stations,
             pairings: Pairings, committees: Committees) -> PairingNetwork:
    """Node frames from the drawn entities, relationship frames from the drawn ties (sorted as a clerk lists them);
    the foreign-key relationships (IN_TOWN, LIVES_IN, WORKS_IN) the network derives from the node columns."""
    L = len(people.leader_ids)
    hid, vid, tid = households.ids, pa.array(places.village_ids), pa.array(places.town_ids)
    helper_ids = pa.array(np.concatenate([people.leader_ids, people.cadre_ids]))
    st_c, st_v, st_role, st_since, st_until = stations
    h, hh, since, until = pairings
    o = np.lexsort((h, hh))
    up_s, up_t, up_since, up_until = ties.unit_pack
    lp_l, lp_v, lp_since, lp_until = ties.leader_pack
    groups, leads = committees.groups, np.array(committees.leads, np.int64)
    committee_ids = codes("J", len(groups), 3)
    exit_year = pd.array(households.exit_year, dtype="Int64")
    exit_year[households.status != EXITED] = pd.NA
    member_v = np.concatenate(groups) if groups else np.empty(0, np.int64)
    member_c = np.repeat(np.arange(len(groups)), [len(g) for g in groups])
    unit_of_cadre = people.unit_ids[people.cadre_unit]
    nodes = {
        "Town": frame({"town_id": tid, "name": places.town_names}),
        "Village": frame({
            "village_id": vid, "name": places.village_names, "town_id": tid.take(places.village_town),
            "poor": places.poor, "deep_poverty": places.deep, "branch_rating": take("branch_rating", committees.rating),
            "industry": take(INDUSTRIES, places.industry), "x": places.lon, "y": places.lat}),
        "Household": frame({
            "household_id": hid, "head_name": households.head, "id_number": households.id_number,
            "village_id": vid.take(households.village), "members": households.members,
            "status": take("status", households.status), "poverty_cause": take(CAUSES, households.cause),
            "exit_year": exit_year}),
        "Unit": frame({"unit_id": people.unit_ids, "name": people.unit_names, "kind": people.unit_kind}),
        "Leader": frame({"leader_id": people.leader_ids, "name": people.leader_names, "title": people.leader_titles,
                         "phone": people.leader_phones}),
        "Cadre": frame({"cadre_id": people.cadre_ids, "name": people.cadre_names, "unit_id": unit_of_cadre,
                        "rank": take("rank", people.cadre_rank), "phone": people.cadre_phones,
                        "active": people.cadre_active}),
        "JointCommittee": frame({
            "committee_id": committee_ids,
            "name": np.array([f"{places.village_names[v][:-1]}联村党委" for v in leads], dtype="U"),
            "lead_village_id": vid.take(leads)}),
    }
    pk = pd.concat([
        frame({"source": people.unit_ids[up_s], "target": vid.take(up_t), "source_label": "Unit",
               "since": up_since, "until": up_until}),
        frame({"source": people.leader_ids[lp_l], "target": vid.take(lp_v), "source_label": "Leader",
               "since": lp_since, "until": lp_until}),
    ])
    rels = {
        "HELPS": frame({"source": helper_ids.take(h[o]), "target": hid.take(hh[o]),
                        "source_label": take(("Cadre", "Leader"), (h[o] < L).astype(np.int8)),
                        "since": since[o], "until": until[o]}),
        "PACKAGES": pk.sort_values(["source_label", "target", "source"], kind="stable"),
        "LIAISES": frame({"source": people.leader_ids[ties.liaison[0]],
                          "target": tid.take(ties.liaison[1])}).sort_values(["target", "source"]),
        "STATIONED_IN": frame({"source": people.cadre_ids[st_c], "target": vid.take(st_v), "role": st_role,
                               "since": st_since, "until": st_until}),
        "ADJACENT_TO": frame({"source": vid.take(places.edges[:, 0]), "target": vid.take(places.edges[:, 1])}),
        "MEMBER_OF": frame({"source": vid.take(member_v), "target": committee_ids[member_c]}),
    }
    return PairingNetwork(nodes, rels)


def frame(columns: dict[str, Any]) -> pd.DataFrame:
    """A frame whose numpy text columns become pandas string arrays built by pyarrow (much faster at scale)."""
    out = {}
    for c, v in columns.items():
        if isinstance(v, np.ndarray) and v.dtype.kind == "U":
            v = pa.array(v, type=pa.string())
        if isinstance(v, pa.Array):
            v = pd.arrays.ArrowStringArray(v.cast(pa.string()))
        out[c] = v
    return pd.DataFrame(out)
