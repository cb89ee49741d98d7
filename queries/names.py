"""Names beside codes: the name of every town, village, household, unit and helper, by key."""

from __future__ import annotations

from pairnet.graph.core import schema
from pairnet.queries.engine import Source

NAME_OF = {"Household": "head_name"}  # the property that names a node, where it is not ``name``


def names(source: Source, label: str) -> dict[str, str]:
    """Key -> name of every node of ``label`` (a household is named by its head), from a store or a network.

    >>> from pairnet.graph.example import example_network
    >>> names(example_network(), "Town")
    {'T1': '城关镇', 'T2': '高桥镇'}
    """
    node = schema.NODE[schema.check_label(label)]
    prop = NAME_OF.get(label, "name")
    if hasattr(source, "nodes"):
        df = source.nodes[label]
        return {k: v for k, v in zip(df[node.key], df[prop]) if isinstance(v, str)}
    df = source.query(f"MATCH (n:{node.label}) RETURN n.{node.key} AS id, n.{prop} AS name", {})
    return {k: v for k, v in zip(df["id"], df["name"]) if isinstance(v, str)}


def home_villages(source: Source) -> dict[str, str]:
    """Household key -> the key of the village it lives in."""
    if hasattr(source, "nodes"):
        df = source.nodes["Household"]
        return dict(zip(df["household_id"], df["village_id"]))
    df = source.query("MATCH (h:Household)-[:LIVES_IN]->(v:Village) RETURN h.household_id AS id, "
                      "v.village_id AS village", {})
    return dict(zip(df["id"], df["village"]))
