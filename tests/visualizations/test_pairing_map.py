"""The "543" pairing map in headless Chromium: offline, drawn, the right nodes in the right states, no XSS."""

from __future__ import annotations

import time

import pytest

from pairnet.graph.core.errors import PairnetError
from pairnet.graph.network import Scope
from pairnet.visualizations.pairing import HOUSEHOLD_STATE, RANK_STYLE, pairing_map

from .conftest import AS_OF, XSS, drawn_pixels, open_clean, page_nodes, xss_network

pytestmark = pytest.mark.browser

# Worked out by hand from xss_network's docstring.
EXPECTED_STATE = {**{h: "over" for h in ("H01", "H02", "H03", "H04")},
                  **{h: "helped" for h in ("H05", "H09", "H10", "H11", "H12")},
                  "H06": "missing", "H07": "missing", "H08": "none_needed"}
EXPECTED_SHAPE = {"L1": "county", "C1": "staff", "C2": "section", "C3": "village", "C4": "county", "C5": "staff"}


def test_pairing_map_draws_states_ranks_and_escapes_names(browser, tmp_path):
    page = pairing_map(xss_network(), as_of=AS_OF)
    path = page.write(tmp_path / "pairing.html")
    load = open_clean(browser, path)
    assert load.ready["nodes"] == page.nodes == 12 + 6
    assert load.ready["edges"] == page.edges == 9  # active pairings from active helpers only
    assert drawn_pixels(browser) > 2000
    nodes = page_nodes(browser)
    for hh, state in EXPECTED_STATE.items():
        assert nodes[f"Household:{hh}"]["color"]["background"] == HOUSEHOLD_STATE[state][0], hh
    for helper, rank in EXPECTED_SHAPE.items():
        node = nodes[f"{'Leader' if helper.startswith('L') else 'Cadre'}:{helper}"]
        assert (node["shape"], node["color"]["background"]) == RANK_STYLE[rank][:2], helper
    over = {k for k, n in nodes.items() if n.get("borderWidth") == 3}
    assert over == {"Cadre:C1"}
    # the payload is text everywhere: node labels, tooltips, the title, the legend and the group boxes
    assert XSS in nodes["Household:H01"]["title"] and XSS in nodes["Cadre:C1"]["label"]
    assert all("610924199001011234" not in n["title"] and "13912345678" not in n["title"] for n in nodes.values())
    title = browser.evaluate("document.getElementById('title').textContent")
    assert "whole county" in title and "12 households" in browser.evaluate("document.body.innerText")


def test_tooltip_and_search_show_the_payload_as_text(browser, tmp_path):
    path = pairing_map(xss_network(), as_of=AS_OF).write(tmp_path / "pairing.html")
    open_clean(browser, path)
    x, y = browser.evaluate("""(() => { const m = window.pairnetMap, id = 'Household:H01';
        const d = m.network.canvasToDOM(m.network.getPositions([id])[id]);
        const r = document.getElementById('mynetwork').getBoundingClientRect();
        return [d.x + r.left, d.y + r.top]; })()""")
    browser.mouse_move(x, y)
    deadline = time.monotonic() + 5
    tip = ""
    while XSS not in tip and time.monotonic() < deadline:
        time.sleep(0.1)
        tip = browser.evaluate("(document.querySelector('.vis-tooltip') || {}).innerText || ''")
    assert XSS in tip and "610924********1234" in tip
    assert browser.evaluate("window.pairnetFind('onerror')") == 3  # H01's head, leader L1, cadre C1
    assert XSS in browser.evaluate("document.getElementById('matches').textContent")
    assert browser.evaluate("window.pairnetMap.network.getSelectedNodes().length") == 1
    assert browser.evaluate("window.pwned === undefined && document.querySelectorAll('img').length === 0")


def test_generated_county_matches_truth(browser, generated, tmp_path):
    net, truth = generated.network, generated.truth
    page = pairing_map(net, as_of=truth["as_of"])
    load = open_clean(browser, page.write(tmp_path / "county.html"))
    helpers = len(net.nodes["Leader"]) + len(net.nodes["Cadre"])
    assert load.ready["nodes"] == len(net.nodes["Household"]) + helpers
    assert drawn_pixels(browser) > 5000
    nodes = page_nodes(browser)
    red = {k.split(":", 1)[1] for k, n in nodes.items()
           if k.startswith("Household:") and n["color"]["background"] == HOUSEHOLD_STATE["missing"][0]}
    assert red == set(truth["gaps"]["household_without_helper"])
    over = {k.split(":", 1)[1] for k, n in nodes.items() if n.get("borderWidth") == 3}
    assert over == {h for h, v in truth["helpers"].items() if v["status"] == "over"}


def test_town_scope_draws_its_households_and_active_helpers(browser, tmp_path):
    net = xss_network()
    page = pairing_map(net, as_of=AS_OF, scope=Scope(town_id="T1"))
    load = open_clean(browser, page.write(tmp_path / "t1.html"))
    villages = set(net.nodes["Village"].query("town_id == 'T1'")["village_id"])
    households = set(net.nodes["Household"].loc[lambda d: d.village_id.isin(villages), "household_id"])
    ids = set(page_nodes(browser))
    assert {i.split(":", 1)[1] for i in ids if i.startswith("Household:")} == households
    # C1, C4 help there now and L1 packages V1 and liaises with T1; C2's pairing there ended
    assert {i for i in ids if not i.startswith("Household:")} == {"Cadre:C1", "Cadre:C4", "Leader:L1"}
    assert load.ready["nodes"] == len(households) + 3


def test_too_big_a_map_is_refused_with_a_hint(generated):
    with pytest.raises(PairnetError, match="--town"):
        pairing_map(generated.network, as_of=generated.truth["as_of"], max_nodes=100)


def test_unknown_scope_is_a_user_error():
    with pytest.raises(PairnetError, match="no village"):
        pairing_map(xss_network(), as_of=AS_OF, scope=Scope(village_id="nope"))


def test_unit_scope_draws_its_cadres_and_the_households_they_help(browser, tmp_path):
    page = pairing_map(xss_network(), as_of=AS_OF, scope=Scope(unit_id="U1"))
    load = open_clean(browser, page.write(tmp_path / "u1.html"))
    ids = set(page_nodes(browser))
    # U1's cadres C1 and C2 and every household they ever helped; edges only for pairings active now
    assert ids == {"Cadre:C1", "Cadre:C2", *(f"Household:{h}" for h in ("H01", "H02", "H03", "H04", "H06", "H09"))}
    assert load.ready["edges"] == 5


def test_an_empty_map_opens_blank(browser, tmp_path):
    """The pixel check can fail: with nothing to draw, the canvas stays white."""
    from pairnet.graph.network import PairingNetwork

    page = pairing_map(PairingNetwork.empty(), as_of=AS_OF)
    load = open_clean(browser, page.write(tmp_path / "empty.html"))
    assert load.ready["nodes"] == 0 and drawn_pixels(browser) < 50
