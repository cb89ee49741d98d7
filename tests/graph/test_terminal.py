"""Terminal output: control characters in names (ANSI/OSC sequences, a bare CR, bidi overrides) are printed as
escapes on both stores, never raw; JSON keeps the same values; CSV numbers stay numbers while text is
neutralised."""

from __future__ import annotations

import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from pairnet.graph.core.terminal import json_visible, visible
from pairnet.graph.network import PairingNetwork
from pairnet.graph.store import Store

OSC = "\x1b]0;pwned\x07"  # sets the terminal's title
CLEAR = "\x1b[2J"  # clears the screen
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def hostile(net: PairingNetwork) -> PairingNetwork:
    towns = net.nodes["Town"].copy()
    towns.loc[0, "name"] = f"城关{OSC}镇"
    households = net.nodes["Household"].copy()
    households.loc[0, "head_name"] = f"张{CLEAR}三\r\u202eX"
    return net.replace(nodes={**net.nodes, "Town": towns, "Household": households})


def test_names_with_escapes_print_as_escapes(store: Store, tiny_network: PairingNetwork, run_cli) -> None:
    store.write(hostile(tiny_network))
    for args in (["chain", "H0001"], ["cypher", "MATCH (t:Town) RETURN t.name AS n ORDER BY n"],
                 ["cypher", "MATCH (h:Household) RETURN h.head_name AS n", "--format", "csv"], ["gaps"],
                 ["cypher", "RETURN 1 AS \x1b[2J"]):
        res = run_cli(*args)
        assert not RAW.search(res.stdout) and not RAW.search(res.stderr), (args, res.stdout, res.stderr)
    chain = run_cli("chain", "H0001").stdout
    assert "张\\x1b[2J三\\x0d\\u202eX" in chain and "城关\\x1b]0;pwned\\x07镇" in chain
    res = run_cli("cypher", "MATCH (h:Household {household_id: 'H0001'}) RETURN h.head_name AS n", "--format", "json")
    assert not RAW.search(res.stdout) and json.loads(res.stdout)["rows"] == [{"n": f"张{CLEAR}三\r\u202eX"}]


def test_csv_numbers_stay_numbers_and_text_is_neutralised(store: Store, tiny_network: PairingNetwork,
                                                          run_cli) -> None:
    store.write(tiny_network)
    res = run_cli("cypher", "RETURN -5 AS n, -2.5 AS f, '-5' AS s, '=1+1' AS e, '@x' AS a", "--format", "csv")
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines() == ["n,f,s,e,a", "-5,-2.5,'-5,'=1+1,'@x"]


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=30))
def test_visible_leaves_no_control_character_and_json_keeps_the_value(s: str) -> None:
    assert not RAW.search(visible(s).replace("\n", ""))
    shown = json_visible(json.dumps({"v": s}, ensure_ascii=False))
    assert not RAW.search(shown.replace("\n", "")) and json.loads(shown) == {"v": s}


def test_xlsx_outputs_take_names_with_control_characters(store: Store, tiny_network: PairingNetwork, run_cli,
                                                         tmp_path) -> None:
    """openpyxl refuses ESC in a cell (IllegalCharacterError, a traceback): the characters XML cannot hold are
    dropped, as the workbook export drops them; the rest of the name and the neutralising stay."""
    from openpyxl import load_workbook

    store.write(hostile(tiny_network))
    out = tmp_path / "towns.xlsx"
    res = run_cli("cypher", "MATCH (t:Town) RETURN '=' + t.name AS n, [t.name] AS l ORDER BY n", "--format", "xlsx",
                  "--out", str(out))
    assert res.exit_code == 0, res.output
    ws = load_workbook(out).active
    assert ws["A2"].value == "'=城关]0;pwned镇" and ws["B2"].value == "城关]0;pwned镇"
    res = run_cli("gaps", "--format", "xlsx", "--out", str(tmp_path / "gaps.xlsx"))
    assert res.exit_code == 0 and (tmp_path / "gaps.xlsx").exists(), res.output
