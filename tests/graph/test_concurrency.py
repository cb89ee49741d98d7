"""One snapshot per command, one writer at a time: real concurrent loads in subprocesses, on both stores."""

from __future__ import annotations

import json
import os
import pickle
import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from pairnet.graph.embedded import EmbeddedStore
from pairnet.graph.history import changes_since, load_history
from pairnet.graph.neo4j_store import Neo4jStore
from pairnet.graph.network import PairingNetwork
from pairnet.graph.store import LoadRecord, Store, StoreBusy, read_consistently

# A writer in its own process: opens the store named by argv[1] (a JSON spec), then per command in argv[3:]:
# "alt N" writes the two pickled networks in argv[2] alternately N times; "append" appends the first one;
# "events N" appends the pickled visits frame, printing progress and stopping at step N (for SIGKILL).
WRITER = """
import json, pickle, sys, time
spec = json.loads(sys.argv[1]); nets = pickle.load(open(sys.argv[2], "rb"))
if spec["kind"] == "embedded":
    from pairnet.graph.embedded import EmbeddedStore
    store = EmbeddedStore(spec["path"])
else:
    from pairnet.graph.neo4j_store import Neo4jStore
    store = Neo4jStore(spec["uri"], username=spec["user"], password=spec["password"], database=spec["database"])
from pairnet.graph.store import StoreBusy
cmd = sys.argv[3]
if cmd == "alt":
    for i in range(int(sys.argv[4])):
        store.write(nets[i % 2])
        print("wrote", i % 2, flush=True)
elif cmd == "append":
    print("ready", flush=True)
    sys.stdin.readline()  # start together
    try:
        r = store.write(nets[0], append=True)
        print("appended", r.load_id, flush=True)
    except StoreBusy as e:
        print("refused", e, flush=True)
        sys.exit(2)
elif cmd == "events":
    hold = int(sys.argv[4])
    steps = []
    def progress(n):
        steps.append(n)
        print("progress", n, flush=True)
        if len(steps) == hold:
            time.sleep(300)
    store.append_events("visits", nets[0], progress=progress)
    print("done", flush=True)
store.close()
"""


def spec_of(store: Store, request: pytest.FixtureRequest) -> dict:
    if isinstance(store, EmbeddedStore):
        return {"kind": "embedded", "path": store.location}
    assert isinstance(store, Neo4jStore)
    server = request.getfixturevalue("bolt_server")
    return {"kind": "bolt", "uri": store.location, "user": store.username, "password": server.password,
            "database": store.database}


def reopen(store: Store, spec: dict) -> Store:
    if spec["kind"] == "embedded":
        return EmbeddedStore(spec["path"])
    return Neo4jStore(spec["uri"], username=spec["user"], password=spec["password"], database=spec["database"])


def variant(net: PairingNetwork) -> PairingNetwork:
    """``net`` with every household's status and one town's name changed and a town more: a read that mixed
    the two versions would match neither."""
    hh = net.nodes["Household"].copy()
    hh["status"] = pd.Series(["monitored"] * len(hh), dtype="string")
    towns = pd.concat([net.nodes["Town"].assign(name=["改名镇", "高桥镇"]),
                       pd.DataFrame({"town_id": ["T03"], "name": ["新镇"]})], ignore_index=True)
    return PairingNetwork({**net.nodes, "Household": hh, "Town": towns}, net.rels)


def with_town(net: PairingNetwork, town_id: str) -> PairingNetwork:
    """A network holding only one new town (what ``load --append towns.csv`` gives)."""
    empty = PairingNetwork.empty()
    return PairingNetwork({**empty.nodes, "Town": pd.DataFrame({"town_id": [town_id], "name": [f"镇{town_id}"]})},
                          empty.rels)


def spawn(spec: dict, nets: list, tmp_path: Path, *args: str, **kw) -> subprocess.Popen:
    pickled = tmp_path / f"nets-{len(list(tmp_path.iterdir()))}.pickle"
    pickled.write_bytes(pickle.dumps(nets))
    return subprocess.Popen([sys.executable, "-c", WRITER, json.dumps(spec), str(pickled), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.PIPE, text=True, **kw)


def test_readers_see_one_version_while_loads_run(store: Store, tiny_network: PairingNetwork, tmp_path: Path,
                                                request: pytest.FixtureRequest) -> None:
    a, b = tiny_network, variant(tiny_network)
    store.write(a)
    spec = spec_of(store, request)
    writer = spawn(spec, [a, b], tmp_path, "alt", "8")
    reads = 0
    try:
        def command(reader: Store) -> tuple:  # one command: several reads, all of one version
            return (reader.read(), reader.counts(),
                    reader.query("MATCH (t:Town) RETURN t.town_id AS id, t.name AS name ORDER BY id"))

        while writer.poll() is None or reads < 5:
            net, counts, towns = read_consistently(lambda: reopen(store, spec), command, attempts=20)
            matches = [n for n in (a, b) if net.differences(n) == []]
            assert len(matches) == 1, "a read mixed two versions"
            assert counts == matches[0].counts()
            assert towns["name"].tolist() == matches[0].nodes["Town"].sort_values("town_id")["name"].tolist()
            reads += 1
    finally:
        out, err = writer.communicate(timeout=300)
    assert writer.returncode == 0, err[-2000:]
    assert out.count("wrote") == 8 and reads >= 5


def test_two_concurrent_appends_both_land(store: Store, tiny_network: PairingNetwork, tmp_path: Path,
                                          request: pytest.FixtureRequest) -> None:
    store.write(tiny_network)
    spec = spec_of(store, request)
    writers = [spawn(spec, [with_town(tiny_network, t)], tmp_path, "append") for t in ("T10", "T11")]
    for w in writers:
        assert w.stdout is not None and w.stdout.readline().strip() == "ready"
    for w in writers:
        w.stdin.write("go\n")
        w.stdin.flush()
    results = [w.communicate(timeout=300) for w in writers]
    codes = [w.returncode for w in writers]
    with reopen(store, spec) as after:
        towns = set(after.read().nodes["Town"]["town_id"])
        history = load_history(after)
    for (out, err), code in zip(results, codes, strict=True):
        assert code in (0, 2), err[-2000:]
        if code == 2:
            assert "refused" in out and "nothing was written" in out
    kept = {t for t, code in zip(("T10", "T11"), codes, strict=True) if code == 0}
    assert kept and {"T01", "T02"} | kept == towns  # no update lost: every append that said so is there
    assert len(history) == 1 + len(kept) and list(history["load_id"]) == list(range(1, 2 + len(kept)))


def test_embedded_second_writer_waits_then_gives_up_cleanly(tmp_path: Path, tiny_network: PairingNetwork) -> None:
    path = tmp_path / "pairnet.db"
    with EmbeddedStore(path) as store:
        store.write(tiny_network)
    import fcntl

    fd = os.open(str(path) + ".lock", os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)  # another load holds the store
    try:
        with EmbeddedStore(path, lock_timeout=0.3) as store, pytest.raises(StoreBusy, match="another load"):
            store.write(with_town(tiny_network, "T10"), append=True)
    finally:
        os.close(fd)
    with EmbeddedStore(path) as store:
        assert store.read().differences(tiny_network) == []


def visits(n: int, month: str = "2026-05", seed: int = 0) -> pd.DataFrame:
    """``n`` synthetic visit rows in ``month`` (helpers and households of the tiny network)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    days = pd.to_datetime(f"{month}-01") + pd.to_timedelta(rng.integers(0, 28, n), unit="D")
    return pd.DataFrame({
        "helper_id": pd.Series(rng.choice(["C0001", "C0002", "L01"], n), dtype="string"),
        "household_id": pd.Series(rng.choice(["H0001", "H0002", "H0003"], n), dtype="string"),
        "date": days.astype("datetime64[s]"),
        "kind": pd.Series(rng.choice(["home", "phone", "other"], n), dtype="string"),
        "note": pd.Series([f"n{i}" for i in range(n)], dtype="string")})


def test_events_append_skip_what_is_stored_and_read_back(store: Store, tiny_network: PairingNetwork) -> None:
    store.write(tiny_network)
    may = visits(50)
    first = store.append_events("visits", may, record=LoadRecord("may.xlsx", "abc"))
    assert first.events == {"visits": 50} and first.load_id == 2
    again = store.append_events("visits", pd.concat([may.iloc[:10], visits(5, "2026-06", seed=1)]))
    assert again.events == {"visits": 5}  # the ten May rows were there already
    assert store.append_events("visits", may.iloc[:3]).load_id is None  # nothing new: nothing written
    store.close()
    got = store.events("visits")
    assert len(got) == 55 and list(got.columns) == ["helper_id", "household_id", "date", "kind", "note"]
    june = store.events("visits", "2026-06-01", "2026-06-30")
    assert len(june) == 5 and (june["date"] >= pd.Timestamp("2026-06-01")).all()
    assert store.read().differences(tiny_network) == []  # events never touch the network
    h = load_history(store)
    assert list(h["load_id"]) == [1, 2, 3] and h["events"].tolist() == [{}, {"visits": 50}, {"visits": 5}]
    assert h["source"].tolist()[1] == "may.xlsx" and bool(h["initial"].iloc[0])


def test_history_and_changes_since_a_load(store: Store, tiny_network: PairingNetwork) -> None:
    store.write(tiny_network, record=LoadRecord("one.xlsx", "h1", False, tiny_network.counts()))
    net = tiny_network
    hh = net.nodes["Household"].copy()
    hh.loc[hh["household_id"] == "H0001", "status"] = "exited"
    helps = net.rels["HELPS"].copy()
    helps.loc[helps["target"] == "H0002", "until"] = None  # C0002's pairing open again: a change
    helps = helps[~((helps["source"] == "C0001") & (helps["target"] == "H0003"))]  # ended by removal
    helps = pd.concat([helps, pd.DataFrame({"source": ["C0002"], "target": ["H0003"], "source_label": ["Cadre"],
                                            "since": [pd.Timestamp("2026-01-01")], "until": [None]})])
    cadres = net.nodes["Cadre"].copy()
    cadres["active"] = pd.array([False, False], dtype="boolean")
    second = PairingNetwork({**net.nodes, "Household": hh, "Cadre": cadres}, {**net.rels, "HELPS": helps})
    result = store.write(second, record=LoadRecord("two.xlsx", "h2"))
    assert result.load_id == 2
    store.close()
    h = load_history(store)
    assert h["source"].tolist() == ["one.xlsx", "two.xlsx"] and h["sha256"].tolist() == ["h1", "h2"]
    assert h["diff"].iloc[1]["relationships"]["HELPS"] == {"added": 1, "removed": 1, "changed": 1}
    assert h["counts"].iloc[0]["nodes"]["Household"] == 3
    ch = changes_since(store, 1)
    kinds = set(zip(ch["kind"], ch["key"], strict=True))
    assert ("household_exited", "H0001") in kinds
    assert ("helper_left", "C0001") in kinds
    assert ("pairing_begun", "Cadre|C0002|H0003") in kinds and ("pairing_ended", "Cadre|C0001|H0003") in kinds
    assert ("other", "Cadre|C0002|H0002") in kinds  # until removed: a change, not an ending
    assert len(ch) == 5  # C0002 was inactive already: not a change
    assert changes_since(store, 2).empty and len(changes_since(store, "2000-01-01")) == 5


def test_embedded_append_killed_midway_keeps_previous_content_and_readers_work(
        tmp_path: Path, tiny_network: PairingNetwork) -> None:
    path = tmp_path / "pairnet.db"
    with EmbeddedStore(path) as store:
        store.write(tiny_network)
        store.append_events("visits", visits(1000))
    spec = {"kind": "embedded", "path": str(path)}
    big = visits(30_000, "2026-06", seed=3)
    child = spawn(spec, [big], tmp_path, "events", "1")
    assert child.stdout is not None
    line = child.stdout.readline()
    assert line.startswith("progress"), child.stderr.read()[-2000:] if child.stderr else line
    with EmbeddedStore(path) as reader:  # the append is under way (held inside its transaction)
        assert len(reader.events("visits")) == 1000 and reader.read().differences(tiny_network) == []
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    with EmbeddedStore(path) as store:
        assert len(store.events("visits")) == 1000 and store.version() == 2
        assert store.read().differences(tiny_network) == []
        store.append_events("visits", big)  # the next writer recovers the standby copy
    with EmbeddedStore(path) as store:
        assert len(store.events("visits")) == 31_000 and store.version() == 3


def test_embedded_write_leaves_no_log_and_costs_the_change(tmp_path: Path, tiny_network: PairingNetwork) -> None:
    path = tmp_path / "pairnet.db"
    with EmbeddedStore(path) as store:
        store.write(tiny_network)
        for month in ("2026-01", "2026-02", "2026-03"):
            store.append_events("visits", visits(2000, month))
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["pairnet.db", "pairnet.db.key", "pairnet.db.lock", "pairnet.db.pending", "pairnet.db.standby"]
    with open(path, "rb") as a, open(str(path) + ".standby", "rb") as b:
        assert a.read(4) == b.read(4) == b"LBUG"
    with EmbeddedStore(path) as store:
        assert len(store.events("visits")) == 6000 and store.version() == 4


def test_a_snapshot_load_after_appends_keeps_the_events(store: Store, tiny_network: PairingNetwork) -> None:
    store.write(tiny_network)
    store.append_events("visits", visits(20))
    store.write(variant(tiny_network))
    store.close()
    assert len(store.events("visits")) == 20 and store.read().differences(variant(tiny_network)) == []
