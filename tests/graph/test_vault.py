"""PII out of reach (issue 13, item 2): the graph holds ID and phone numbers only as masked forms with a seal,
so no ad-hoc query, whatever it does to the value, can read them; the store's own reads open the seals."""

from __future__ import annotations

import os
import re
import stat

import pandas as pd
import pytest

from pairnet.graph import vault
from pairnet.graph.core.errors import PairnetError
from pairnet.graph.embedded import EmbeddedStore
from pairnet.graph.network import PairingNetwork
from pairnet.graph.store import Store

ID, ID2 = "610924198001011239", "610924198512310011"  # the tiny network's ID numbers
PHONES = ("13900000001", "13912345678")
MIDDLES = ("19800101", "19851231", "1234567")  # what masking hides (13900000001's middle is zeros: too common)
CLEAR = (ID, ID2, *PHONES)

# issue 13's 25 transformations of a PII value, as the adversarial run typed them, and the same for phones.
# Each either runs or is refused/fails; either way no clear value may appear anywhere in what comes back.
TRANSFORMS = [
    "MATCH (h:Household) RETURN h.id_number",
    "MATCH (h:Household) RETURN reverse(h.id_number) AS r",
    "MATCH (h:Household) RETURN h.id_number + 'a' AS x",
    "MATCH (h:Household) RETURN h.id_number + '7' AS x",
    "MATCH (h:Household) RETURN CAST(h.id_number AS INT64) AS x",
    "MATCH (h:Household) RETURN toInteger(h.id_number) AS x",
    "MATCH (h:Household) RETURN [i IN range(0, size(h.id_number) - 1) | substring(h.id_number, i, 1)] AS chars",
    "MATCH (h:Household) RETURN substring(h.id_number, 0, 9) AS a, substring(h.id_number, 9, 9) AS b",
    "MATCH (h:Household) RETURN left(h.id_number, 10) AS a, right(h.id_number, 8) AS b",
    "MATCH (h:Household) RETURN substring(h.id_number, 0, 6) + ' ' + substring(h.id_number, 6, 8) + ' ' "
    "+ substring(h.id_number, 14, 4) AS spaced",
    "MATCH (h:Household) RETURN h.id_number AS renamed",
    "MATCH (h:Household) RETURN lower(h.id_number) AS a, upper(h.id_number) AS b",
    "MATCH (h:Household) RETURN replace(h.id_number, '*', '') AS x",
    "MATCH (h:Household) RETURN collect(h.id_number) AS ids",
    "MATCH (h:Household) RETURN h",
    "MATCH (h:Household) RETURN properties(h) AS p",
    "MATCH (h:Household) WITH h.id_number AS v RETURN v, size(v) AS n",
    "MATCH (h:Household) WHERE h.id_number = '" + ID + "' RETURN h.household_id",
    "MATCH (h:Household) WHERE h.id_number STARTS WITH '6109241980' RETURN h.household_id",
    "MATCH (c:Cadre) RETURN c.phone",
    "MATCH (c:Cadre) RETURN '+86' + c.phone AS intl",
    "MATCH (c:Cadre) RETURN reverse(c.phone) AS r, substring(c.phone, 3, 4) AS mid",
    "MATCH (l:Leader) RETURN toInteger(l.phone) * 1 AS n",
    "MATCH (n) RETURN n",
    "MATCH (n:PairnetChange) RETURN n.before, n.after",
]


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _leaks(out: object) -> list[str]:
    """The clear values (or their hidden middles, forwards or reversed) found in anything a query returned."""
    text = str(out.to_dict("records")) if isinstance(out, pd.DataFrame) else str(out)  # nothing abridged
    digits = _digits(text)
    return [v for v in (*CLEAR, *MIDDLES) if v in digits or v[::-1] in digits or v in text]


def _with_new_phone(net: PairingNetwork) -> PairingNetwork:
    cadres = net.nodes["Cadre"].copy()
    cadres.loc[cadres["cadre_id"] == "C0001", "phone"] = "13700000009"
    return net.replace(nodes={"Cadre": cadres})


def test_the_graph_holds_no_clear_pii_whatever_a_query_does(store: Store, tiny_network: PairingNetwork) -> None:
    store.write(tiny_network)
    store.write(_with_new_phone(tiny_network))  # a change: the history's before/after hold phones too
    store.close()
    ran = 0
    for q in TRANSFORMS:
        try:
            out: object = store.adhoc(q)
            ran += 1
        except PairnetError as e:
            out = str(e)
        assert not _leaks(out), (q, out)
    assert ran >= 18  # most of them run: the values are there, sealed, not hidden by refusals
    shown = store.adhoc("MATCH (h:Household) RETURN h.household_id AS id, h.id_number AS v ORDER BY id")
    assert shown["v"].tolist() == ["610924********1239", pd.NA, "610924********0011"]


def test_lists_maps_and_nodes_keep_their_shape_with_masked_forms(store: Store, tiny_network: PairingNetwork,
                                                                run_cli) -> None:
    """A list, a map or a node holding a stored form came back as Python's text of it (``"['610924...'\\n
    '610924...']"``) in JSON: the seals inside are dropped and the shape is kept."""
    import json

    store.write(tiny_network)
    store.close()
    q = ("MATCH (h:Household) WHERE h.household_id = 'H0001' "
         "RETURN [h.id_number, h.id_number] AS l, {x: h.id_number} AS m, h AS n, h.id_number AS s")
    res = run_cli("cypher", q, "--format", "json")
    assert res.exit_code == 0, res.output
    (row,) = json.loads(res.stdout)["rows"]
    masked = "610924********1239"
    assert row["l"] == [masked, masked] and row["m"] == {"x": masked} and row["s"] == masked, row
    assert isinstance(row["n"], dict) and row["n"]["id_number"] == masked, row
    assert not _leaks(res.output) and vault.MARK not in res.output, res.output


def test_the_stores_own_reads_open_the_seals(store: Store, tiny_network: PairingNetwork) -> None:
    store.write(tiny_network)
    store.close()
    assert store.read().equals(tiny_network)
    got = store.query("MATCH (c:Cadre) RETURN c.cadre_id AS id, c.phone AS p ORDER BY id")
    assert got["p"].tolist()[1] == "13912345678" and pd.isna(got["p"].tolist()[0])
    raw = store.query("MATCH (h:Household {household_id: 'H0001'}) RETURN size(h.id_number) AS n")["n"][0]
    assert raw > len(ID)  # what the graph holds is the stored form, opened only on the way out
    assert store.write(tiny_network).written is False  # deterministic seals: an unchanged reload writes nothing
    store.close()


def test_the_history_keeps_no_clear_value(store: Store, tiny_network: PairingNetwork) -> None:
    store.write(tiny_network)
    store.write(_with_new_phone(tiny_network))
    store.close()
    changes = store.changes(0)
    assert len(changes) and not _leaks(changes), changes
    text = changes.to_string()
    assert "137****0009" in text and vault.MARK not in text


def test_the_key_file_is_the_owners_alone(tmp_path, tiny_network: PairingNetwork) -> None:
    with EmbeddedStore(tmp_path / "c.db") as store:
        store.write(tiny_network)
    key = tmp_path / "c.db.key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert ID not in (tmp_path / "c.db").read_bytes().decode("latin-1")  # nor in the file itself


def _key_file(store: Store):
    if isinstance(store, EmbeddedStore):
        return vault.key_path_beside(store.path)
    return vault.key_path_for_server(store.location, store.database)  # type: ignore[attr-defined]


def test_without_its_key_a_store_shows_masked_forms_never_wrong_values(store: Store, tmp_path,
                                                                      tiny_network: PairingNetwork) -> None:
    store.write(tiny_network)
    store.close()
    key = _key_file(store)
    key.rename(tmp_path / "kept.key")
    ids = store.read().nodes["Household"].set_index("household_id")["id_number"]
    store.close()
    assert ids["H0001"] == "610924********1239" and pd.isna(ids["H0002"])
    with pytest.raises(PairnetError, match="another key"):
        store.write(tiny_network, append=True)  # the kept values would stay sealed under a lost key: refused
    store.close()
    (tmp_path / "kept.key").replace(key)  # the clerk copies the right key back
    assert store.read().equals(tiny_network) and store.version() == 1
    store.close()
    key.unlink()  # a whole load needs no old key: it replaces every value, sealed under a new key
    changed = _with_new_phone(tiny_network)
    assert store.write(changed).written and key.exists()
    store.close()
    assert store.read().equals(changed)
    store.close()
    other = vault.Vault(os.urandom(vault.KEY_BYTES))  # another key: the seals do not open, masked forms again
    stored = pd.Series(["610924********1239" + vault.MARK + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"])
    assert other.unseal(stored).tolist() == ["610924********1239"]


def test_a_damaged_key_file_is_refused_with_its_name(tmp_path, tiny_network: PairingNetwork) -> None:
    (tmp_path / "c.db.key").write_text("not a key\n")
    with EmbeddedStore(tmp_path / "c.db") as store, pytest.raises(PairnetError, match="c.db.key"):
        store.write(tiny_network)


def test_seals_are_deterministic_and_keyed() -> None:
    a, b = vault.Vault(bytes(64)), vault.Vault(bytes(range(64)))
    s = pd.Series([ID, ID, "13900000001", None], dtype="string")
    sa = a.seal("id_number", s[:2])
    assert sa[0] == sa[1] and sa[0] != b.seal("id_number", s[:2])[0]
    assert a.seal("id_number", sa).equals(sa)  # sealing a stored form again leaves it
    assert a.unseal(a.seal("phone", s)).tolist() == [ID, ID, "13900000001", pd.NA]
    assert a.seal("phone", s[2:3])[2].startswith("139****0001" + vault.MARK)
