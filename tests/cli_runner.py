"""The one way tests run the ``pairnet`` command: in-process through click's runner, Neo4j environment cleared."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

CLEARED: dict[str, str | None] = {v: None for v in ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD",
                                                   "NEO4J_DATABASE", "PAIRNET_DB")}


def invoke(*args: object, env: dict[str, str | None] | None = None, input: str | None = None) -> Result:
    """``pairnet ARGS...`` (stdout and stderr apart); the store environment (``NEO4J_*``, ``PAIRNET_DB``) is cleared
    unless ``env`` sets it (None unsets a variable), so a developer's ``NEO4J_URI`` never redirects a test.

    Tests reach it as the ``cli`` fixture (``run_cli`` adds the ``store`` fixture's flags); module-scoped fixtures
    and helpers, which cannot take a function fixture, import it from here.
    """
    from pairnet.cli import main

    return CliRunner().invoke(main, [str(a) for a in args], env={**CLEARED, **(env or {})}, input=input)


def loaded_info(path: Path, db: Path | str) -> dict[str, Any]:
    """``pairnet load PATH`` into a new store ``db``, then that store's ``pairnet info --format json`` (both must
    succeed)."""
    r = invoke("load", path, "--db", db)
    assert r.exit_code == 0, r.output
    r = invoke("info", "--format", "json", "--db", db)
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)
