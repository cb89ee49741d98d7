"""PII by shape: ``pii.mask_text`` masks every ID- and phone-shaped value wherever it sits in a fault message,
a log line or a result, and leaves dates, codes and masked values alone; the CLI's error line is masked too."""

from __future__ import annotations

import json

import pytest

from pairnet.graph.core import pii
from pairnet.graph.store import Store
from pairnet.loaders.faults import Fault


@pytest.mark.parametrize("text,masked", [
    ("610924198001011239", "610924********1239"),
    ("61092419800101123X", "610924********123X"),
    ("x61092419800101123Xa", "x610924********123Xa"),  # glued to letters (a shifted cell, an appended char)
    ("H000161092419800101123X", "H000161************123X"),  # glued to a key: one run of 22, 12 masked
    ("932110108914290169", "932110********0169"),  # reversed
    ("6109241980010112390", "610924*********2390"),  # a digit appended
    ("+8613900000001", "+861******0001"),
    ("13900000001", "139****0001"),
    ("10000000001", "100****0001"),  # any 11 digits, not only a valid mobile prefix
    ("139 0000 0001", "139 **** 0001"),
    ("139-0000-0001", "139-****-0001"),
    ("610924 19800101 1239", "610924 ******** 1239"),
    ("６１０９２４１９８００１０１１２３９", "６１０９２４********１２３９"),  # full-width digits
    ("٦١٠٩٢٤١٩٨٠٠١٠١١٢٣٩", "٦١٠٩٢٤********١٢٣٩"),  # Arabic-Indic digits
    ("99999999999999999999", "999999**********9999"),  # a number too big for members
    ("status '13912345678' is not a status", "status '139****5678' is not a status"),
])
def test_mask_text_masks_every_shape(text: str, masked: str) -> None:
    assert pii.mask_text(text) == masked and pii.has_pii_shape(text)
    assert pii.mask_shapes({"k": [text]}) == {"k": [masked]}


@pytest.mark.parametrize("text", ["2016-03-01 2017-07-15", "H0001", "members 4, exit 2019", "T01 V001 C0002",
                                  "610924********1239", "139****0001", "1234567890", "load 12 of 2026-06-30"])
def test_mask_text_leaves_other_values(text: str) -> None:
    assert pii.mask_text(text) == text and not pii.has_pii_shape(text)


@pytest.mark.parametrize("field", ["key", "value", "message"])
def test_a_fault_masks_pii_in_every_field_it_shows(field: str) -> None:
    values = {"sheet": "pairings", "row": 4, "key": "H1", "column": "helper_id", "value": "C1",
              "message": "is not a known helper"}
    values[field] = "61092419800101123X 13900000001"
    fault = Fault(**values)
    for lang in ("en", "zh"):
        line = fault.text(lang)
        assert "61092419800101123X" not in line and "13900000001" not in line, line
    assert "610924********123X 139****0001" in getattr(fault, field)


def test_the_cli_error_line_masks_pii_shapes(store: Store, tiny_network, run_cli) -> None:
    """A value echoed in an error from the store (here LadybugDB's or the server's own message about a bad
    parameter or an unknown name) reaches the terminal masked."""
    store.write(tiny_network)
    store.close()
    res = run_cli("cypher", "MATCH (h:Household) WHERE h.x13900000001 = 1 RETURN h")
    assert res.exit_code == 2 and "13900000001" not in res.output, res.output
    assert len(res.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_a_number_echoed_by_an_ad_hoc_query_is_masked(store: Store, tiny_network, run_cli, fmt: str) -> None:
    """A phone given as a parameter comes back as a number (``--param p=139...`` is an integer): masked as its
    text; small numbers stay numbers."""
    store.write(tiny_network)
    store.close()
    res = run_cli("cypher", "RETURN $p AS p, 5 AS n, $p * 10 AS q", "--param", "p=13912345678", "--format", fmt)
    assert res.exit_code == 0, res.output
    assert "13912345678" not in res.stdout and "139****5678" in res.stdout, res.stdout
    if fmt == "json":
        row = json.loads(res.stdout)["rows"][0]
        assert row["n"] == 5 and row["q"] == "139*****6780"  # 12 digits: the middle five masked
    elif fmt == "csv":
        assert res.stdout.splitlines()[1].split(",")[:2] == ["139****5678", "5"]
