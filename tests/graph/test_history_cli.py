"""`pairnet history` and `pairnet changes` on both stores: the loads recorded, what changed, PII masked."""

from __future__ import annotations

import json

import pandas as pd

from pairnet.graph.network import PairingNetwork
from pairnet.graph.store import LoadRecord, Store


def test_history_and_changes_commands(store: Store, run_cli, tiny_network: PairingNetwork) -> None:
    store.write(tiny_network, record=LoadRecord("one.xlsx", "a" * 64))
    hh = tiny_network.nodes["Household"].copy()
    hh.loc[hh["household_id"] == "H0003", ["status", "id_number"]] = ["exited", "610924198512310038"]
    store.write(PairingNetwork({**tiny_network.nodes, "Household": hh}, tiny_network.rels),
                record=LoadRecord("two.xlsx", "b" * 64))
    store.close()
    got = run_cli("history", "--format", "json")
    assert got.exit_code == 0, got.output
    loads = json.loads(got.output)["loads"]
    assert [(r["load_id"], r["source"], r["sha256"][:1]) for r in loads] == [(1, "one.xlsx", "a"), (2, "two.xlsx", "b")]
    assert loads[1]["diff"]["nodes"]["Household"] == {"added": 0, "removed": 0, "changed": 1}
    got = run_cli("changes", "--since", "1", "--format", "json")
    assert got.exit_code == 0, got.output
    changes = json.loads(got.output)["changes"]
    assert [(c["kind"], c["key"]) for c in changes] == [("household_exited", "H0003")]
    assert "610924198512310038" not in got.output and "610924198512310011" not in got.output
    table = run_cli("history", "H0003")
    assert table.exit_code == 0 and "household_exited" in table.output and "exited" in table.output
    assert pd.Timestamp(loads[0]["at"]).year >= 2025
