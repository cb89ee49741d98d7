"""Schema-derived DDL and constraints on real stores, and stores refusing what they cannot open."""

from __future__ import annotations

from pathlib import Path

import ladybug
import pytest

from pairnet.graph.core import schema
from pairnet.graph.embedded import EmbeddedStore
from pairnet.graph.neo4j_store import Neo4jStore
from pairnet.graph.connect import open_store
from pairnet.graph.store import StoreError


def test_ddl_covers_every_label_type_and_property(tmp_path: Path) -> None:
    ddl = schema.ladybug_ddl()
    assert len(ddl) == len(schema.NODES) + len(schema.RELS)
    db = ladybug.Database(str(tmp_path / "ddl.db"))
    conn = ladybug.Connection(db)
    for stmt in ddl:
        conn.execute(stmt)
    for stmt in ddl:  # idempotent
        conn.execute(stmt)
    tables = set(conn.execute("CALL show_tables() RETURN name").get_as_df()["name"])
    assert tables == {n.label for n in schema.NODES} | {r.type for r in schema.RELS}
    for n in schema.NODES:
        cols = conn.execute(f"CALL table_info('{n.label}') RETURN name").get_as_df()["name"].tolist()
        assert cols == [p.name for p in schema.stored_props(n.label)]
    # each foreign key is stored once, as its relationship: no column for it on the node table
    assert [(fk.label, fk.column, fk.rel) for fk in schema.FOREIGN_KEYS] == [
        ("Village", "town_id", "IN_TOWN"), ("Household", "village_id", "LIVES_IN"), ("Cadre", "unit_id", "WORKS_IN")]
    for fk in schema.FOREIGN_KEYS:
        cols = conn.execute(f"CALL table_info('{fk.label}') RETURN name").get_as_df()["name"].tolist()
        assert fk.column not in cols and fk.column in schema.NODE[fk.label].prop_names
    db.close()


def test_constraints_are_one_per_label_and_run_twice(bolt_server, bolt_store: Neo4jStore) -> None:
    stmts = schema.neo4j_constraints()
    assert len(stmts) == len(schema.NODES) and len({s.split()[2] for s in stmts}) == len(stmts)
    for n in schema.NODES:
        assert any(f"(n:{n.label}) REQUIRE n.{n.key} IS UNIQUE" in s for s in stmts)
    bolt_store.create_schema()
    bolt_store.create_schema()
    # the server now holds one uniqueness constraint per label key, and enforces it
    import neo4j

    with neo4j.GraphDatabase.driver(bolt_store.location, auth=(bolt_server.user, bolt_server.password)) as driver, \
            driver.session(database=bolt_store.database) as s:
        shown = {(tuple(r["labelsOrTypes"]), tuple(r["properties"])) for r in s.run("SHOW CONSTRAINTS").data()
                 if r["type"] == "UNIQUENESS"}
        internal = {(("PairnetMeta",), ("id",)), (("PairnetLoad",), ("load_id",))}  # the version, the history
        assert shown == {((n.label,), (n.key,)) for n in schema.NODES} | internal
        s.run("CREATE (:Town {town_id: 'T1', name: 'one'})").consume()
        with pytest.raises(neo4j.exceptions.ConstraintError):
            s.run("CREATE (:Town {town_id: 'T1', name: 'two'})").consume()
        assert s.run("MATCH (t:Town) RETURN count(t) AS n").single()["n"] == 1


def test_check_label_and_type_refuse_unknown_names() -> None:
    assert schema.check_label("Household") == "Household"
    with pytest.raises(ValueError):
        schema.check_label("Household) DETACH DELETE (n")
    with pytest.raises(ValueError):
        schema.check_type("helps")


def test_embedded_refuses_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("not a database\n")
    with pytest.raises(StoreError, match="not a pairnet"):
        EmbeddedStore(text)
    assert text.read_text() == "not a database\n"
    with pytest.raises(StoreError, match="directory"):
        EmbeddedStore(tmp_path)
    with pytest.raises(StoreError, match="does not exist"):
        EmbeddedStore(tmp_path / "no" / "such" / "pairnet.db")
    with pytest.raises(StoreError, match="does not exist"):
        open_store(text / "pairnet.db")


def test_embedded_store_never_written_is_empty_and_not_created(tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path / "new.db") as store:
        assert sum(store.counts()["nodes"].values()) == 0
        assert store.read().counts() == store.counts()
    assert not (tmp_path / "new.db").exists()


def test_embedded_queries_are_read_only(embedded_store: EmbeddedStore, tiny_network) -> None:
    embedded_store.write(tiny_network)
    with pytest.raises(StoreError, match="read-only"):
        embedded_store.query("CREATE (:Town {town_id: 'X', name: 'x'})")
    with pytest.raises(StoreError, match="query failed"):
        embedded_store.query("MATCH (n:Nope) RETURN n")
    assert embedded_store.counts()["nodes"]["Town"] == 2


def test_reader_keeps_its_version_and_sees_a_write_once_reopened(tmp_path: Path, tiny_network) -> None:
    path = tmp_path / "pairnet.db"
    with EmbeddedStore(path) as reader, EmbeddedStore(path) as writer:
        writer.create_schema()
        assert reader.counts()["nodes"]["Town"] == 0
        writer.write(tiny_network)
        assert reader.counts()["nodes"]["Town"] == 0  # one snapshot per store object (one command)
        assert reader.read().counts()["nodes"]["Village"] == 0
        reader.close()  # the next command
        assert reader.counts()["nodes"]["Town"] == 2


def test_neo4j_bad_password_or_server_is_a_clear_error(bolt_server) -> None:
    with pytest.raises(StoreError) as e:
        Neo4jStore(bolt_server.uri, username="root", password="wrong-secret-pw")
    assert "wrong-secret-pw" not in str(e.value) and bolt_server.uri in str(e.value)
    with pytest.raises(StoreError, match="cannot connect"):
        Neo4jStore("bolt://localhost:1", username="neo4j", password="x")
    with pytest.raises(StoreError, match="not a Neo4j URI"):
        Neo4jStore("http://localhost:7474")


def test_neo4j_location_hides_credentials(bolt_server, bolt_database: str) -> None:
    host = bolt_server.uri.removeprefix("bolt://")
    uri = f"bolt://{bolt_server.user}:{bolt_server.password}@{host}"
    with Neo4jStore(uri, database=bolt_database) as store:
        assert store.location == bolt_server.uri and bolt_server.password not in repr(store)
        assert store.counts()["nodes"]["Town"] == 0


def test_neo4j_scheme_works_like_bolt(bolt_server, bolt_database: str, tiny_network) -> None:
    routed = bolt_server.uri.replace("bolt://", "neo4j://")
    with Neo4jStore(routed, username=bolt_server.user, password=bolt_server.password,
                    database=bolt_database) as store:
        store.write(tiny_network)
        assert store.location == routed
    with Neo4jStore(bolt_server.uri, username=bolt_server.user, password=bolt_server.password,
                    database=bolt_database) as store:
        assert store.counts() == tiny_network.counts()
