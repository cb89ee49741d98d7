"""Shared fixtures: the Bolt test server (ArcadeDB in a subprocess), stores of both kinds, a tiny network."""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest
from click.testing import Result

from pairnet.graph.embedded import EmbeddedStore
from pairnet.graph.neo4j_store import Neo4jStore
from pairnet.graph.network import PairingNetwork
from pairnet.graph.store import Store

sys.path.insert(0, str(Path(__file__).parent))
from bolt_server import BoltServer  # noqa: E402
from cli_runner import invoke  # noqa: E402

STORE_KINDS = ["embedded", "bolt"] + (["neo4j"] if os.environ.get("NEO4J_URI") else [])

D = pd.Timestamp


def build_tiny_network() -> PairingNetwork:
    """Two of most labels, every relationship type (both source labels where there are two), Chinese text,
    dates, booleans and blanks."""
    na = None
    nodes = {
        "Town": pd.DataFrame({"town_id": ["T01", "T02"], "name": ["城关镇", "高桥镇"]}),
        "Village": pd.DataFrame({
            "village_id": ["V001", "V002", "V003"], "name": ["东河村", "西沟村", "Hill \"Top\" 村"],
            "town_id": ["T01", "T01", "T02"], "poor": [True, False, na], "deep_poverty": [False, na, True],
            "branch_rating": ["weak", na, "good"], "industry": ["茶叶", na, "养殖, 魔芋"],
            "x": [108.5, 108.25, na], "y": [32.1, na, 32.75]}),
        "Household": pd.DataFrame({
            "household_id": ["H0001", "H0002", "H0003"], "head_name": ["张三", "李四", "王 五"],
            "id_number": ["610924198001011239", na, "610924198512310011"], "village_id": ["V001", "V001", "V003"],
            "members": [4, na, 1], "status": ["poor", "exited", "monitored"],
            "poverty_cause": ["因病", na, "缺技术"], "exit_year": [na, 2019, na]}),
        "Unit": pd.DataFrame({"unit_id": ["U01", "U02"], "name": ["紫阳县财政局", "Bank of 安康"],
                              "kind": ["department", na]}),
        "Leader": pd.DataFrame({"leader_id": ["L01"], "name": ["赵书记"], "title": ["县委书记"],
                                "phone": ["13900000001"]}),
        "Cadre": pd.DataFrame({
            "cadre_id": ["C0001", "C0002"], "name": ["刘干部", "陈干部"], "unit_id": ["U01", "U02"],
            "rank": ["section", "staff"], "phone": [na, "13912345678"], "active": [True, False]}),
        "JointCommittee": pd.DataFrame({"committee_id": ["J01"], "name": ["东河联村党委"],
                                        "lead_village_id": ["V001"]}),
    }
    rels = {
        "IN_TOWN": pd.DataFrame({"source": ["V001", "V002", "V003"], "target": ["T01", "T01", "T02"]}),
        "LIVES_IN": pd.DataFrame({"source": ["H0001", "H0002", "H0003"], "target": ["V001", "V001", "V003"]}),
        "WORKS_IN": pd.DataFrame({"source": ["C0001", "C0002"], "target": ["U01", "U02"]}),
        "HELPS": pd.DataFrame({
            "source": ["C0001", "C0002", "L01", "C0001"], "target": ["H0001", "H0002", "H0003", "H0003"],
            "source_label": ["Cadre", "Cadre", "Leader", "Cadre"],
            "since": [D("2016-03-01"), D("2017-07-15"), na, D("2018-01-01")],
            "until": [na, D("2020-12-31"), na, na]}),
        "PACKAGES": pd.DataFrame({
            "source": ["U01", "L01"], "target": ["V001", "V003"], "source_label": ["Unit", "Leader"],
            "since": [D("2015-10-01"), na], "until": [na, na]}),
        "LIAISES": pd.DataFrame({"source": ["L01"], "target": ["T02"]}),
        "STATIONED_IN": pd.DataFrame({
            "source": ["C0001", "C0002"], "target": ["V001", "V003"], "role": ["first_secretary", "team_member"],
            "since": [D("2017-01-01"), na], "until": [na, na]}),
        "ADJACENT_TO": pd.DataFrame({"source": ["V001", "V002"], "target": ["V002", "V003"]}),
        "MEMBER_OF": pd.DataFrame({"source": ["V001", "V002"], "target": ["J01", "J01"]}),
    }
    return PairingNetwork(nodes, rels)


@pytest.fixture(autouse=True)
def english_by_default(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests read English output unless they ask for Chinese (``--lang zh``, or PAIRNET_LANG themselves): the
    users' default is Chinese (see ``messages.default_lang``). The keys that seal the Bolt test databases' ID
    and phone numbers go to the session's temporary folder, not the user's home."""
    monkeypatch.setenv("PAIRNET_LANG", "en")
    monkeypatch.setenv("PAIRNET_KEY_DIR", str(tmp_path_factory.getbasetemp() / "keys"))
    monkeypatch.delenv("PAIRNET_KEY_FILE", raising=False)


@pytest.fixture
def tiny_network() -> PairingNetwork:
    """A fresh hand-built network (see ``build_tiny_network``); tests may change it freely."""
    return build_tiny_network()


@pytest.fixture
def embedded_store(tmp_path: Path) -> Iterator[EmbeddedStore]:
    """An empty embedded store in a temporary folder (``tmp_path / "pairnet.db"``)."""
    store = EmbeddedStore(tmp_path / "pairnet.db")
    store.create_schema()
    yield store
    store.close()


@pytest.fixture(scope="session")
def bolt_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BoltServer]:
    """One ArcadeDB server with its Bolt plugin for the whole session (the JVM takes seconds to start)."""
    server = BoltServer(tmp_path_factory.mktemp("bolt-server"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def bolt_database(bolt_server: BoltServer) -> Iterator[str]:
    """A fresh, empty database on the Bolt test server, dropped afterwards."""
    if not bolt_server.running:  # a test that stopped the server failed before starting it again
        bolt_server.start()
    name = bolt_server.create_database(f"t{uuid.uuid4().hex[:12]}")
    yield name
    if bolt_server.running:
        bolt_server.drop_database(name)


@pytest.fixture
def bolt_store(bolt_server: BoltServer, bolt_database: str) -> Iterator[Neo4jStore]:
    """A Neo4jStore on a fresh database of the Bolt test server, constraints created."""
    store = Neo4jStore(bolt_server.uri, username=bolt_server.user, password=bolt_server.password,
                       database=bolt_database)
    store.create_schema()
    yield store
    store.close()


@pytest.fixture
def neo4j_store() -> Iterator[Neo4jStore]:
    """The real Neo4j named by NEO4J_URI (and NEO4J_USERNAME/PASSWORD/DATABASE), emptied before the test."""
    store = Neo4jStore(os.environ["NEO4J_URI"], username=os.environ.get("NEO4J_USERNAME"),
                       password=os.environ.get("NEO4J_PASSWORD"), database=os.environ.get("NEO4J_DATABASE"))
    store.clear()
    store.create_schema()
    yield store
    store.close()


@pytest.fixture(params=STORE_KINDS)
def store(request: pytest.FixtureRequest) -> Store:
    """Each store kind in turn: embedded (a temp file), bolt (the ArcadeDB test server), neo4j (when set)."""
    return request.getfixturevalue({"embedded": "embedded_store", "bolt": "bolt_store",
                                    "neo4j": "neo4j_store"}[request.param])


@dataclass
class StoreArgs:
    """CLI flags and environment that point ``pairnet`` at a test store."""

    args: list[str]
    env: dict[str, str | None] = field(default_factory=dict)  # None: unset the variable

    def environ(self) -> dict[str, str]:
        """A full environment for a subprocess running ``pairnet``."""
        out = {k: v for k, v in os.environ.items() if k not in self.env}
        out.update({k: v for k, v in self.env.items() if v is not None})
        return out


@pytest.fixture
def store_args(store: Store, request: pytest.FixtureRequest) -> StoreArgs:
    """Flags (``--db PATH`` or ``--neo4j URI``) and environment (credentials) for the ``store`` fixture."""
    if isinstance(store, EmbeddedStore):
        return StoreArgs(["--db", store.location], {v: None for v in (
            "NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE")})
    assert isinstance(store, Neo4jStore)
    callspec = getattr(request.node, "callspec", None)
    if callspec is not None and callspec.params.get("store") == "neo4j":
        password = os.environ.get("NEO4J_PASSWORD")
    else:
        password = request.getfixturevalue("bolt_server").password
    return StoreArgs(["--neo4j", store.location], {
        "NEO4J_URI": None, "NEO4J_USERNAME": store.username, "NEO4J_PASSWORD": password,
        "NEO4J_DATABASE": store.database})


@pytest.fixture
def cli() -> Callable[..., Result]:
    """THE CLI runner every CLI test uses: ``pairnet ARGS...`` in-process (stdout and stderr apart), with
    extra environment (None unsets a variable); ``tests/cli_runner.py`` says what it clears."""
    return invoke


@pytest.fixture
def run_cli(store_args: StoreArgs, cli: Callable[..., Result]) -> Callable[..., Result]:
    """Run ``pairnet ARGS...`` against the ``store`` fixture (store flags appended)."""

    def run(*args: str, input: str | None = None) -> Result:
        return cli(*args, *store_args.args, env=store_args.env, input=input)

    return run
