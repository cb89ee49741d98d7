"""An ad-hoc query cannot read a file by way of an error message, on either store.

LadybugDB's binder opens a file named by ``LOAD FROM`` while it PREPARES a query (before any plan exists to be
refused), and its errors quote what it read: ``RETURN 1 AS a UNION ALL LOAD FROM 'pairnet.db.key' (file_format=
'csv', header=true) RETURN *`` printed the vault's key ("<key> has data type STRING but INT64 was expected"), and
``LOAD WITH HEADERS (a STRING, b STRING) FROM ...`` the first line of any file. On the Bolt test server the same
happened in pairnet's own process (the second planner). With the key, every seal of the store opens offline.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pairnet.graph import vault
from pairnet.graph.embedded import EmbeddedStore
from pairnet.graph.network import PairingNetwork
from pairnet.graph.store import Store

# Each query names {path}; each once printed a part of the file's first line on the embedded store.
QUOTING = [
    "RETURN 1 AS a UNION ALL LOAD FROM '{path}' (file_format='csv', header=true) RETURN *",
    "LOAD WITH HEADERS (a STRING, b STRING) FROM '{path}' (file_format='csv', header=true) RETURN *",
    "LOAD FROM '{path}' (file_format='csv', header=true) RETURN * UNION ALL RETURN 1 AS a",
]


def _key_file(store: Store) -> Path:
    if isinstance(store, EmbeddedStore):
        return vault.key_path_beside(store.path)
    return vault.key_path_for_server(store.location, store.database)  # type: ignore[attr-defined]


def test_no_error_message_quotes_a_file(store: Store, tiny_network: PairingNetwork, run_cli, tmp_path) -> None:
    store.write(tiny_network)  # makes the key file
    store.close()
    key = _key_file(store)
    secret = tmp_path / "secret.csv"
    secret.write_text("s3cretword,second\n1,2\n", encoding="utf-8")
    key_text = key.read_text(encoding="ascii").strip()
    assert len(key_text) > 40
    tried = 0
    for path, words in ((key, [key_text, key_text[:20]]), (secret, ["s3cretword"])):
        for q in QUOTING:
            res = run_cli("cypher", q.format(path=path))
            tried += 1
            assert res.exit_code == 2, res.output
            for w in words:
                assert w not in res.output, (q, res.output)
            assert len(res.stderr.strip().splitlines()) == 1, res.stderr
    assert tried == 6


def test_the_header_of_a_file_is_no_oracle(store: Store, tiny_network: PairingNetwork, run_cli, tmp_path) -> None:
    """Naming a file's column (bound when the binder read the header) and naming another, or a file that does
    not exist, get the same answer: nothing tells what a file holds or whether it is there."""
    store.write(tiny_network)
    store.close()
    secret = tmp_path / "secret.csv"
    secret.write_text("s3cretword,second\n1,2\n", encoding="utf-8")
    answers = set()
    for q in (f"LOAD FROM '{secret}' (file_format='csv', header=true) RETURN s3cretword",
              f"LOAD FROM '{secret}' (file_format='csv', header=true) RETURN notacolumn",
              f"LOAD FROM '{tmp_path / 'absent.csv'}' (file_format='csv', header=true) RETURN s3cretword",
              f"LOAD FROM '{secret}' RETURN *", f"LOAD FROM '{tmp_path / 'absent'}' RETURN *"):
        res = run_cli("cypher", q)
        assert res.exit_code == 2, res.output
        answers.add(res.stderr.strip().replace(str(secret), "F").replace(str(tmp_path / "absent.csv"), "F")
                    .replace(str(tmp_path / "absent"), "F"))
    assert len(answers) == 1, answers
    (line,) = answers
    assert "opens no file" in line, line


@pytest.mark.parametrize("query", [
    "MATCH (h:Household) RETURN count(h) AS n",
    "MATCH (t:Town) RETURN t.town_id AS id ORDER BY id",
])
def test_reads_still_run_in_the_locked_down_child(store: Store, tiny_network: PairingNetwork, run_cli,
                                                  query: str) -> None:
    store.write(tiny_network)
    store.close()
    res = run_cli("cypher", query, "--format", "json")
    assert res.exit_code == 0, res.output
    n = len(tiny_network.nodes["Household" if "Household" in query else "Town"])
    rows = json.loads(res.stdout)["rows"]
    assert (rows[0]["n"] == n) if "count" in query else (len(rows) == n), rows


def test_an_engine_error_quoting_a_stored_form_shows_no_seal(store: Store, tiny_network: PairingNetwork,
                                                             run_cli) -> None:
    """``WHERE h.id_number = 610924...`` makes LadybugDB quote the stored form it could not convert to a number:
    the line shows the masked form, never the seal."""
    store.write(tiny_network)
    store.close()
    res = run_cli("cypher", "MATCH (h:Household) WHERE h.id_number = 610924198001011239 RETURN h.household_id")
    assert vault.MARK not in res.output, res.output
    assert "610924198001011239" not in res.output and "19800101" not in res.output, res.output
