"""The overview and committee maps in headless Chromium: places, coverage colours, committees, leads, no XSS."""

from __future__ import annotations

import json

import pytest

from pairnet.graph.core.errors import PairnetError
from pairnet.queries.committees import plan_committees
from pairnet.visualizations.committees import PALETTE, UNPLACED, committee_map
from pairnet.visualizations.overview import share_color, overview_map

from .conftest import AS_OF, XSS, drawn_pixels, open_clean, page_nodes, xss_network

pytestmark = pytest.mark.browser


def test_overview_places_villages_and_colours_coverage(browser, tmp_path):
    net = xss_network()
    page = overview_map(net, as_of=AS_OF)
    load = open_clean(browser, page.write(tmp_path / "overview.html"))
    expected = sum(len(net.nodes[label]) for label in ("Town", "Village", "Unit", "Leader"))
    assert load.ready["nodes"] == page.nodes == expected
    assert drawn_pixels(browser) > 1500
    nodes = page_nodes(browser)
    # by hand: V1 and V4 fully covered; V2 has H06 of 3 in need uncovered; V3's only household in need is H07
    colour = {v: nodes[f"Village:{v}"]["color"]["background"] for v in ("V1", "V2", "V3", "V4")}
    assert len({share_color(1.0), share_color(2 / 3), share_color(0.0)}) == 3  # the colours tell shares apart
    assert colour == {"V1": share_color(1.0), "V2": share_color(2 / 3), "V3": share_color(0.0),
                      "V4": share_color(1.0)}
    # coordinates kept: V3 lies east of V1 and V4 south of V1 (canvas y grows downwards)
    assert nodes["Village:V3"]["x"] > nodes["Village:V1"]["x"] and nodes["Village:V4"]["y"] > nodes["Village:V1"]["y"]
    edges = browser.evaluate("window.pairnetMap.edges.get().map(e => [e.from, e.to])")
    assert ["Leader:L1", "Town:T1"] in edges and ["Unit:U2", "Village:V2"] in edges
    assert sum(e[0].startswith("Village:") and e[1].startswith("Village:") for e in edges) == 3
    assert nodes["Town:T1"]["label"] == XSS and XSS + "村" in nodes["Village:V1"]["title"]


def test_existing_committees_are_coloured_and_led(browser, tmp_path):
    page = committee_map(xss_network())
    load = open_clean(browser, page.write(tmp_path / "committees.html"))
    assert load.ready["nodes"] == 4
    nodes = page_nodes(browser)
    assert nodes["Village:V1"]["shape"] == "star" and nodes["Village:V2"]["shape"] == "dot"
    assert nodes["Village:V1"]["color"]["background"] == nodes["Village:V2"]["color"]["background"] == PALETTE[0]
    assert {nodes[f"Village:{v}"]["color"]["background"] for v in ("V3", "V4")} == {UNPLACED}
    assert XSS + "联村党委" in browser.evaluate("document.getElementById('legend').innerText")
    assert drawn_pixels(browser) > 500


def test_planned_committees_follow_the_plan(browser, generated, tmp_path):
    net = generated.network
    plan = plan_committees(net, min_size=2, max_size=3)
    assert plan["committees"], "the generated county should allow some committee"
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(json.dumps(plan), encoding="utf-8")
    load = open_clean(browser, committee_map(net, plan_file).write(tmp_path / "planned.html"))
    assert load.ready["nodes"] == len(net.nodes["Village"])
    nodes = page_nodes(browser)
    for c in plan["committees"]:
        colours = {nodes[f"Village:{v}"]["color"]["background"] for v in c["villages"]}
        assert len(colours) == 1 and UNPLACED not in colours
        assert {v for v in c["villages"] if nodes[f"Village:{v}"]["shape"] == "star"} == {c["lead_village_id"]}
    for u in plan["unplaced"]:
        assert nodes[f"Village:{u['village_id']}"]["color"]["background"] == UNPLACED


@pytest.mark.parametrize("text", ['{"x": 1}', "not json",
                                  '{"committees": [{"committee_id": "J", "villages": ["nope"]}]}'])
def test_bad_plans_are_user_errors(tmp_path, text):
    f = tmp_path / "plan.json"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(PairnetError):
        committee_map(xss_network(), f)
