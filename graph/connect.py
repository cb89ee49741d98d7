"""Opening a store: Neo4j when a URI is given, else the embedded LadybugDB file."""

from __future__ import annotations

import os

from pairnet.graph.store import DEFAULT_DB, Store


def open_store(
    db: str | os.PathLike[str] | None = None,
    neo4j: str | None = None,
    *,
    username: str | None = None,
    password: str | None = None,
    database: str | None = None,
) -> Store:
    """Open the Neo4j store when a URI is given, else the embedded store at ``db`` (default ``./pairnet.db``).

    >>> import pathlib, tempfile
    >>> from pairnet.graph.example import example_network
    >>> with tempfile.TemporaryDirectory() as d, open_store(pathlib.Path(d) / "county.db") as store:
    ...     _ = store.write(example_network())
    ...     store.kind, store.counts()["nodes"]["Household"]
    ('embedded', 10)
    """
    if neo4j:
        from pairnet.graph.neo4j_store import Neo4jStore

        return Neo4jStore(neo4j, username=username, password=password, database=database)
    from pairnet.graph.embedded import EmbeddedStore

    return EmbeddedStore(db or DEFAULT_DB)
