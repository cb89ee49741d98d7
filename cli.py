"""The ``pairnet`` command line: thin click commands over the library, one output writer for all."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any

import click

from pairnet.graph.errors import PairnetError
from pairnet.graph.store import DEFAULT_DB, Store, open_store


def store_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--db`` / ``--neo4j`` (and the NEO4J_* environment) for every command that touches a store."""
    f = click.option("--db", "db", envvar="PAIRNET_DB", default=DEFAULT_DB, show_default=True,
                     type=click.Path(dir_okay=False), help="Embedded store file (env PAIRNET_DB).")(f)
    f = click.option("--neo4j", "neo4j", envvar="NEO4J_URI", default=None,
                     help="Neo4j URI, bolt:// or neo4j:// (env NEO4J_URI; NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE).")(f)
    return f


def output_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--format``, ``--out``, ``--lang``, ``--show-pii`` for every command that prints a result."""
    f = click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "xlsx"]), default="table",
                     show_default=True, help="Output format.")(f)
    f = click.option("--out", "out", type=click.Path(dir_okay=False), default=None,
                     help="Write to this file instead of standard output (required for xlsx).")(f)
    f = click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True,
                     help="Language of headers and values.")(f)
    f = click.option("--show-pii", is_flag=True, default=False,
                     help="Show full ID and phone numbers (masked by default).")(f)
    return f


def connect(db: str, neo4j: str | None) -> Store:
    """Open the store the flags name; NEO4J_USERNAME/PASSWORD/DATABASE come from the environment."""
    import os

    return open_store(db, neo4j, username=os.environ.get("NEO4J_USERNAME"),
                      password=os.environ.get("NEO4J_PASSWORD"), database=os.environ.get("NEO4J_DATABASE"))


def handled(f: Callable[..., Any]) -> Callable[..., Any]:
    """Turn user-facing faults into a message on stderr and exit code 2."""

    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return f(*args, **kwargs)
        except PairnetError as e:
            click.echo(f"Error: {e}", err=True)
            sys.exit(2)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="pairnet")
def main() -> None:
    """pairnet: load pairing and assistance networks (结对帮扶) into a graph database, find coverage gaps,
    check helper load against quotas, propose how to close gaps, plan joint committees and draw maps."""


# --- foundation: generate, load, info, cypher, demo ------------------------------------------------------

# --- analyses: gaps, balance, chain, propose ------------------------------------------------------------

# --- committees -----------------------------------------------------------------------------------------

# --- maps and report ------------------------------------------------------------------------------------


if __name__ == "__main__":
    main()
