"""Ad-hoc Cypher (``pairnet cypher``): run only what the store's own planner says reads the graph and nothing else.

A query is planned by the store before it runs, and it runs only when every operator of that plan reads the
graph. Nothing here looks for words in the query text: the store's parser and planner decide what the query
does, and pairnet accepts only plans made of operators it knows to be reads (an allow-list), so a new or
unknown operator is refused rather than trusted.

- **LadybugDB** (the embedded store, opened read-only on its pinned handle): the query is prepared as ONE
  statement (several are refused by the prepare itself), a write is refused by LadybugDB at prepare time
  ("read-only database"), and the ``EXPLAIN`` of the query gives the physical operators; COPY TO, LOAD FROM
  (a table function that reads a file), CHECKPOINT, INSTALL / LOAD EXTENSION, ATTACH, ``CALL threads=1`` (a
  STANDALONE_CALL), transactions and every DDL are operators outside the allow-list. The statement that runs
  is the prepared one that was planned (never the text again).
- **Neo4j**: ``EXPLAIN`` of the query, accepted only when the summary's query type is ``r`` and its plan tree
  holds no LoadCSV or ProcedureCall operator (a read-mode procedure may still read files or the network); it
  then runs in a read transaction (access mode READ), which Neo4j enforces too.
- **The Bolt test server (ArcadeDB)** differs: its ``EXPLAIN`` reports query type ``w`` for every query, it
  *executes* schema commands under ``EXPLAIN`` (``EXPLAIN CREATE INDEX`` creates the index, also in a read
  transaction), and it ignores the READ access mode. So the query is checked and run as
  ``WITH 1 AS __pairnet_guard <query>``: a schema command cannot follow a clause, so ArcadeDB's parser refuses
  it instead of running it; every operator line of ArcadeDB's plan must then be a read operator. ArcadeDB's
  plan does not show the branches of a UNION, the body of ``CALL { }`` / ``FOREACH``, nor what an expression
  subquery does (``COLLECT { LOAD CSV ... }`` reads a server file behind a plain projection), so the query
  must ALSO be planned as a read by a second planner, and before the server sees it: LadybugDB's, on an
  empty IN-MEMORY database with pairnet's schema (never a store's file: it holds no handle or lock of any
  store). It plans each branch of a UNION; ``CALL { }`` and ``FOREACH`` are refused there, and so is
  Neo4j-only syntax LadybugDB does not parse. Real Neo4j plans and types all of them itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

import ladybug as lb

from pairnet.graph import vault
from pairnet.graph.core import pii, schema
from pairnet.graph.core.errors import PairnetError
from pairnet.graph.core.messages import Text

GUARD = "__pairnet_guard"  # the variable bound by the clause put before a query on a Bolt server


class QueryRefused(PairnetError):
    """An ad-hoc query that would write, touch files, the network or settings: not run (exit 2)."""


def one_line(e: BaseException | str) -> str:
    """The first line of an error's message, spaces squeezed, seals dropped (an engine quotes the stored form
    it could not convert) and ID- and phone-shaped values masked."""
    text = str(e).strip()
    line = " ".join(text.splitlines()[0].split()) if text else type(e).__name__
    return pii.mask_text(vault.shown_text(line))


# --- LadybugDB -------------------------------------------------------------------------------------------
# Physical operators that only read the graph: LadybugDB's PhysicalOperatorType names (as EXPLAIN prints them)
# less those that write, touch files or extensions, change settings or transactions (ALTER, ANALYZE, ATTACH /
# DETACH / USE_DATABASE, BATCH_INSERT, COPY_TO, CREATE_*, DELETE_, DROP, EXPORT / IMPORT_DATABASE,
# EXTENSION_CLAUSE, INSERT, INSTALL / LOAD / UNINSTALL_EXTENSION, MERGE, PARTITIONER, PROFILE, SET_PROPERTY,
# STANDALONE_CALL, TRANSACTION, USE_GRAPH).
LADYBUG_READ_OPERATORS = frozenset({
    "AGGREGATE", "AGGREGATE_FINALIZE", "AGGREGATE_SCAN", "COUNT_ANTI_EDGE_CHAIN", "COUNT_EXTEND_CHAIN",
    "COUNT_REL_TABLE", "CROSS_PRODUCT", "DUMMY_SINK", "DUMMY_SIMPLE_SINK", "EMPTY_RESULT", "FILTER", "FLATTEN",
    "HASH_JOIN_BUILD", "HASH_JOIN_PROBE", "INDEX_LOOKUP", "QUERY_PRIMARY_KEY_LOOKUP", "INTERSECT_BUILD",
    "INTERSECT", "LIMIT", "MULTIPLICITY_REDUCER", "PACKED_EXTEND", "PACKED_FILTERED_COUNT", "PATH_PROPERTY_PROBE",
    "PRIMARY_KEY_SCAN_NODE_TABLE", "PROJECTION", "RECURSIVE_EXTEND", "REACHABLE_COUNT", "REL_DEGREE_TABLE",
    "RESULT_COLLECTOR", "SCAN_NODE_TABLE", "SCAN_REL_TABLE", "SEMI_MASKER", "SKIP", "TOP_K", "TOP_K_SCAN",
    "ORDER_BY", "ORDER_BY_MERGE", "ORDER_BY_SCAN", "UNION_ALL_SCAN", "UNWIND", "UNWIND_DEDUP",
    "TABLE_FUNCTION_CALL",  # only with a function of the list below
})
# Table functions that read the graph or its catalogue; every file reader (READ_CSV..., READ_PARQUET, the
# Python-object scans) is outside this list.
LADYBUG_READ_FUNCTIONS = frozenset({"READ_FTABLE", "SHOW_TABLES", "TABLE_INFO", "DB_VERSION", "SHOW_CONNECTION"})
_LB_OPERATOR = re.compile(r"([A-Z][A-Z0-9_]*)\[\d+\]")
_LB_FUNCTION = re.compile(r"Function: ([A-Za-z0-9_]+)")
_LB_ACTION = re.compile(r"Action: ([A-Za-z0-9_]+)")


def ladybug_refusal(plan_text: str) -> str | None:
    """Why a LadybugDB plan (the text ``EXPLAIN`` returns) is not a read, or None when every operator reads.

    >>> ladybug_refusal("RESULT_COLLECTOR[2] PROJECTION[1] SCAN_NODE_TABLE[0]") is None
    True
    >>> ladybug_refusal("RESULT_COLLECTOR[4] TABLE_FUNCTION_CALL[3] Function: READ_FTABLE COPY_TO[2]")
    'COPY_TO'
    >>> ladybug_refusal("TABLE_FUNCTION_CALL[0] Function: READ_CSV_PARALLEL")
    'READ_CSV_PARALLEL'
    """
    operators = _LB_OPERATOR.findall(plan_text)
    if not operators:
        return "no plan"
    for op in operators:
        if op not in LADYBUG_READ_OPERATORS:
            action = _LB_ACTION.search(plan_text)
            return f"{op} {action.group(1)}" if op == "TRANSACTION" and action else op
    for fn in _LB_FUNCTION.findall(plan_text):
        if fn.upper() not in LADYBUG_READ_FUNCTIONS:
            return fn
    return None


class _Prepared(lb.PreparedStatement):
    """LadybugDB's prepared statement, safe to drop when preparing raised (a parameter it cannot bind):
    LadybugDB's own then fails in ``__del__`` and prints "Exception ignored" on stderr."""

    def __init__(self, connection: Any, query: str, parameters: dict[str, Any]) -> None:
        self._prepared_statement = None
        super().__init__(connection, query, parameters)


def ladybug_prepare(conn: Any, cypher: str, params: Mapping[str, Any]) -> Any:
    """The prepared statement of ``cypher`` on a read-only LadybugDB connection, once its plan is known to read.

    Raises QueryRefused (a write, a file, an extension, a setting, several statements) or RuntimeError (a
    query LadybugDB cannot prepare: syntax, unknown names), with LadybugDB's own message.
    """
    prepared = _Prepared(conn, cypher, dict(params))  # parameters type the statement as bound
    if not prepared.is_success():
        msg = prepared.get_error_message()
        if "read-only" in msg:
            raise QueryRefused(Text("adhoc.write"))
        if "multiple statements" in msg:
            raise QueryRefused(Text("adhoc.several"))
        raise RuntimeError(msg)
    explained = _Prepared(conn, "EXPLAIN " + cypher, dict(params))
    if not explained.is_success():  # EXPLAIN EXPLAIN ..., PROFILE ...: a statement LadybugDB will not plan
        raise QueryRefused(Text("adhoc.refused", what=one_line(explained.get_error_message())))
    result = conn.execute(explained, dict(params))
    text = "\n".join(str(row[0]) for row in result.get_all()) if not isinstance(result, list) else ""
    reason = ladybug_refusal(text)
    if reason is not None:
        raise QueryRefused(Text("adhoc.refused", what=reason))
    return prepared


# --- Bolt (Neo4j and the ArcadeDB test server) --------------------------------------------------------------
# Neo4j operators refused even in a query of type "r": they read files or run procedures (which may).
NEO4J_REFUSED_OPERATORS = frozenset({"LoadCSV", "ProcedureCall"})
# ArcadeDB's plan: one text whose operator lines start "+ "; these are the ones that read.
ARCADEDB_READ_OPERATORS = (
    "DUMMY ROW", "WITH ", "MATCH NODE", "MATCH RELATIONSHIP", "OPTIONAL MATCH", "FILTER WHERE", "PROJECT",
    "FINAL PROJECTION", "AGGREGATION", "GROUP BY AGGREGATION", "UNWIND ", "SKIP ", "LIMIT ", "EXPAND PATH",
    "SHORTEST PATH", "ALL SHORTEST PATHS", "ORDER BY", "DISTINCT",
    "UNION ALL (", "UNION (",  # its branches are not shown: the second planner has planned each as a read
)


def guarded(cypher: str) -> str:
    """The query as checked and run on a Bolt server: after a clause, where no schema command can stand."""
    return f"WITH 1 AS {GUARD} {cypher}"


def bolt_refusal(query_type: str | None, plan: Mapping[str, Any] | None) -> str | None:
    """Why an ``EXPLAIN`` summary (query type, plan) is not a plain read, or None when it is.

    >>> bolt_refusal("r", {"operatorType": "ProduceResults@neo4j", "children": [
    ...     {"operatorType": "AllNodesScan@neo4j", "children": []}]}) is None
    True
    >>> bolt_refusal("r", {"operatorType": "ProduceResults@neo4j", "children": [
    ...     {"operatorType": "LoadCSV@neo4j", "children": []}]})
    'LoadCSV'
    >>> bolt_refusal("rw", {"operatorType": "ProduceResults@neo4j", "children": []})
    'query type rw'
    >>> bolt_refusal("w", {"operatorType": "ArcadeDB.OpenCypher.Plan", "args": {"string-representation":
    ...     "Execution Plan:\\n+ MATCH NODE (n)\\n+ DETACH DELETE (1 items)\\n"}})
    'DETACH DELETE (1 items)'
    """
    if not plan:
        return f"query type {query_type}" if query_type != "r" else "no plan"
    text = (plan.get("args") or {}).get("string-representation")
    if is_arcadedb(plan) and isinstance(text, str):
        lines = [line[2:] for line in text.splitlines() if line.startswith("+ ")]
        if not lines:
            return "no plan"
        for line in lines:
            if not line.startswith(ARCADEDB_READ_OPERATORS):
                return line
        return None
    if query_type != "r":
        return f"query type {query_type}"
    for op in _plan_operators(plan):
        if op in NEO4J_REFUSED_OPERATORS:
            return op
    return None


def is_arcadedb(plan: Mapping[str, Any] | None) -> bool:
    """Whether an ``EXPLAIN`` plan comes from ArcadeDB (the Bolt test server), whose plan hides parts of a query."""
    return plan is not None and str(plan.get("operatorType", "")).startswith("ArcadeDB")


def _plan_operators(plan: Mapping[str, Any]) -> Iterator[str]:
    yield str(plan.get("operatorType", "")).split("@", 1)[0]
    for child in plan.get("children") or ():
        yield from _plan_operators(child)


def bolt_check(tx: Any, cypher: str, params: Mapping[str, Any], *, arcadedb: bool = False) -> None:
    """Raise QueryRefused unless the server's plan of the guarded query only reads (in a read transaction).

    ``arcadedb``: the server is the test server, which runs schema commands under ``EXPLAIN`` and whose plan
    hides parts of a query: the second planner sees the query FIRST, so nothing it does not plan as a read
    ever reaches that server, not even under ``EXPLAIN``.
    """
    import neo4j

    if arcadedb:
        shadow_check(cypher, params)
    try:
        summary = tx.run("EXPLAIN " + guarded(cypher), dict(params)).consume()
    except neo4j.exceptions.CypherSyntaxError as e:  # a schema command, several statements, or a typo
        reason = " ".join(str(e.message or e).replace(guarded(""), "").split())
        raise QueryRefused(Text("adhoc.not_read", reason=one_line(reason))) from e
    plan = summary.plan if isinstance(summary.plan, Mapping) else None
    reason = bolt_refusal(summary.query_type, plan)
    if reason is not None:
        raise QueryRefused(Text("adhoc.refused", what=pii.mask_text(reason)))
    if is_arcadedb(plan) and not arcadedb:
        shadow_check(cypher, params)


# --- the second planner (for the Bolt test server) ---------------------------------------------------------
def shadow_check(cypher: str, params: Mapping[str, Any]) -> None:
    """Refuse ``cypher`` unless LadybugDB's planner, on an empty database of pairnet's schema, plans it as a read
    (used where the server's own plan hides parts of a query). It plans in a child that can open no file
    (``adhoc_run.check_shadow``): LadybugDB's binder reads a file named by ``LOAD FROM`` while it prepares, and
    its errors quote what it read."""
    from pairnet.graph import adhoc_run

    adhoc_run.check_shadow(cypher, params)


def stored_codes(store: Any, runs: set[str]) -> frozenset[str]:
    """Those of ``runs`` that are a key of some node in the store (a code), asked of the store by parameter; a
    run that is also some node's ID number or phone is never a code."""
    if not runs:
        return frozenset()
    values = sorted(runs)
    codes = {v for n in schema.NODES for v in _held(store, n.label, n.key, values)}
    pii_held = {v for n in schema.NODES for p in n.prop_names if p in schema.PII_COLUMNS
                for v in _held(store, n.label, p, values)}
    return frozenset(codes - pii_held)


def _held(store: Any, label: str, prop: str, values: list[str]) -> set[str]:
    """The ``values`` that some ``label`` node holds in ``prop`` (label and property from the schema)."""
    hit = store.query(f"MATCH (n:{schema.check_label(label)}) WHERE n.{prop} IN $v RETURN n.{prop} AS k",
                      {"v": values})
    return set(hit["k"].astype(str)) if "k" in hit.columns else set()  # no row: no columns either
