"""All or nothing: a write that fails, a writer killed with SIGKILL, a Bolt server that goes away midway."""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from pairnet.graph.embedded import EmbeddedStore
from pairnet.graph.neo4j_store import Neo4jStore
from pairnet.graph.network import PairingNetwork
from pairnet.graph.store import Store, StoreError
from pairnet.loaders.generate import generate

# Writes a pickled network into an embedded store, printing each progress step; with "hold" it stops
# at step N so that the parent can kill it while the write is certainly under way.
WRITER = """
import pickle, sys, time
from pairnet.graph.embedded import EmbeddedStore
net = pickle.load(open(sys.argv[2], "rb"))
hold_at = int(sys.argv[3])
steps = []
def progress(n):
    steps.append(n)
    print("progress", n, flush=True)
    if len(steps) == hold_at:
        time.sleep(300)
EmbeddedStore(sys.argv[1]).write(net, progress=progress)
print("done", flush=True)
"""


def with_dangling_pairing(net: PairingNetwork) -> PairingNetwork:
    """``net`` plus one pairing (last in its frame) to a household that does not exist."""
    helps = pd.concat([net.rels["HELPS"], pd.DataFrame(
        {"source": [net.nodes["Cadre"]["cadre_id"].iloc[0]], "target": ["H-MISSING"], "source_label": ["Cadre"]})])
    return PairingNetwork(dict(net.nodes), {**net.rels, "HELPS": helps})


# the store's own files (the key seals its ID and phone numbers: graph/vault.py)
OWN_FILES = {"pairnet.db", "pairnet.db.key", "pairnet.db.lock", "pairnet.db.standby", "pairnet.db.pending"}


def clutter(folder: Path) -> list[str]:
    """Files beside an embedded store that are not its own (temporary files, logs of a killed writer)."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("pairnet.db") and p.name not in OWN_FILES)


def test_failed_write_keeps_previous_content(store: Store, tiny_network: PairingNetwork) -> None:
    store.write(tiny_network)
    if isinstance(store, Neo4jStore):
        store.batch_size = 200  # many statements run before the failing one, in the same transaction
    big = generate("ziyang", scale=0.02, seed=4).network
    for bad in (with_dangling_pairing(big), with_dangling_pairing(tiny_network)):
        with pytest.raises(StoreError, match="nothing was"):
            store.write(bad)
        assert store.read().differences(tiny_network) == []
        assert store.counts() == tiny_network.counts()
    with pytest.raises(StoreError):
        store.write(with_dangling_pairing(big), append=True)
    assert store.read().differences(tiny_network) == []


def test_embedded_duplicate_key_deep_in_a_frame_keeps_previous_content(
        embedded_store: EmbeddedStore, tiny_network: PairingNetwork) -> None:
    embedded_store.write(tiny_network)
    big = generate("ziyang", scale=0.02, seed=4).network
    hh = big.nodes["Household"]
    bad = PairingNetwork({**big.nodes, "Household": pd.concat([hh, hh.iloc[[len(hh) // 2]]])}, big.rels)
    with pytest.raises(StoreError, match="repeats Household.household_id"):
        embedded_store.write(bad)
    assert embedded_store.read().differences(tiny_network) == []
    assert clutter(Path(embedded_store.location).parent) == []


def test_embedded_write_killed_midway_leaves_store_unchanged(tmp_path: Path, tiny_network: PairingNetwork) -> None:
    path = tmp_path / "pairnet.db"
    with EmbeddedStore(path) as store:
        store.write(tiny_network)
    big = generate("ziyang", scale=0.5, seed=2).network
    pickled = tmp_path / "big.pickle"
    pickled.write_bytes(pickle.dumps(big))
    child = subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(pickled), "3"], stdout=subprocess.PIPE,
                             text=True)
    assert child.stdout is not None
    seen = [child.stdout.readline() for _ in range(3)]
    assert all(line.startswith("progress") for line in seen), seen
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert clutter(tmp_path), "the killed writer should have left its half-written standby log"
    with EmbeddedStore(path) as store:
        assert not [p for p in clutter(tmp_path) if ".pairnet-tmp-" in p], "stale files not removed"
        assert store.counts() == tiny_network.counts()
        assert store.read().differences(tiny_network) == []
    rerun = subprocess.run([sys.executable, "-c", WRITER, str(path), str(pickled), "0"], capture_output=True,
                           text=True, timeout=300)
    assert rerun.returncode == 0 and rerun.stdout.rstrip().endswith("done"), rerun.stderr[-2000:]
    with EmbeddedStore(path) as store:
        assert store.counts() == big.counts()
        assert store.read().nodes["Household"].sort_values("household_id").reset_index(drop=True).equals(
            big.nodes["Household"].sort_values("household_id").reset_index(drop=True))


def test_bolt_server_stopped_midway_keeps_previous_content(bolt_server, bolt_database: str,
                                                          tiny_network: PairingNetwork) -> None:
    def open_store(batch_size: int = 10_000) -> Neo4jStore:
        return Neo4jStore(bolt_server.uri, username=bolt_server.user, password=bolt_server.password,
                          database=bolt_database, max_retry_time=1.0, batch_size=batch_size)

    with open_store() as store:
        store.write(tiny_network)
    big = generate("ziyang", scale=0.15, seed=2).network
    assert len(big.nodes["Household"]) > 4000
    steps: list[int] = []

    def stop_the_server(n: int) -> None:
        steps.append(n)
        if len(steps) == 6:  # towns, villages, then four batches of households: well under way
            bolt_server.stop()

    store = open_store(batch_size=500)
    try:
        with pytest.raises(StoreError) as failure:
            store.write(big, progress=stop_the_server)
        assert bolt_server.password not in str(failure.value)
        assert len(steps) == 6
    finally:
        store.close()
        if not bolt_server.running:
            bolt_server.start()
    with open_store() as store:
        assert store.counts() == tiny_network.counts()
        assert store.read().differences(tiny_network) == []
        store.write(big)
        assert store.counts() == big.counts()
        assert store.read().differences(big) == []
