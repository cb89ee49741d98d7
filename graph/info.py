"""What the ``info`` and ``cypher`` commands show: store counts, and a query's rows, as Results."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pandas as pd

from pairnet.graph.errors import PairnetError
from pairnet.graph.store import Store

if TYPE_CHECKING:
    from pairnet.queries.output import Result


def info_result(store: Store) -> Result:
    """Counts per label and relationship type; JSON is exactly ``{"nodes": {...}, "relationships": {...}}``."""
    from pairnet.queries.output import Result, render_table

    counts = store.counts()
    table = pd.DataFrame(
        [("node", k, v) for k, v in counts["nodes"].items()]
        + [("relationship", k, v) for k, v in counts["relationships"].items()],
        columns=["kind", "name", "count"])
    text = f"store: {store.kind} {store.location}\n{render_table(table)}"
    return Result(counts, {"counts": table}, text)


def parse_params(pairs: Iterable[str]) -> dict[str, Any]:
    """``NAME=VALUE`` pairs to parameters; a VALUE is JSON when it parses (``5``, ``true``, ``[1]``), else text.

    >>> parse_params(["n=5", "name=张三", "ids=[\\"H1\\"]"])
    {'n': 5, 'name': '张三', 'ids': ['H1']}
    """
    out: dict[str, Any] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip().isidentifier():
            raise PairnetError(f"--param {pair!r}: expected NAME=VALUE")
        try:
            out[name.strip()] = json.loads(value)
        except ValueError:
            out[name.strip()] = value
    return out


def cypher_result(store: Store, query: str, params: Iterable[str] = ()) -> Result:
    """The rows of a read-only Cypher query run on ``store`` with ``--param`` pairs."""
    from pairnet.queries.output import Result

    df = store.query(query, parse_params(params))
    # An ad-hoc query can rename a PII column (RETURN h.id_number AS x): mask by shape as well as by name.
    return Result({"rows": df.to_dict("records"), "columns": list(df.columns)}, {"rows": df}, mask_shapes=True)
