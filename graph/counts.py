"""Counting an embedded store's nodes and relationships without pandas or pyarrow (``pairnet info`` stays quick)."""

from __future__ import annotations

import os

from pairnet.graph.core import schema


def embedded_counts(path: str | os.PathLike[str]) -> dict[str, dict[str, int]]:
    """``{"nodes": {label: n}, "relationships": {type: n}}`` of the LadybugDB file at ``path``, read-only: what
    ``EmbeddedStore.counts`` gives, through the database library alone."""
    import ladybug as lb

    from pairnet.graph.core.errors import StoreError
    from pairnet.graph.core.messages import Text

    if os.path.isdir(path):
        raise StoreError(Text("store.is_dir", path=str(path)))
    with open(path, "rb") as f:
        if f.read(4) != b"LBUG":  # the first bytes of every LadybugDB file (embedded.MAGIC)
            raise StoreError(Text("store.not_db", path=str(path)))
    try:
        db = lb.Database(str(path), read_only=True)
    except RuntimeError as e:
        raise StoreError(Text("store.open_failed", path=str(path), why=str(e).strip().splitlines()[0])) from e
    try:
        conn = lb.Connection(db)
        try:
            def count(cypher: str) -> int:
                return int(conn.execute(cypher).get_next()[0])

            nodes = {n.label: count(f"MATCH (n:{schema.check_label(n.label)}) RETURN count(n)") for n in schema.NODES}
            rels = {r.type: count(f"MATCH ()-[r:{schema.check_type(r.type)}]->() RETURN count(r)")
                    for r in schema.RELS}
        finally:
            conn.close()
    finally:
        db.close()
    return {"nodes": nodes, "relationships": rels}
