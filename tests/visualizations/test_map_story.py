"""Maps that tell the story, checked in headless Chromium: the legend is what is drawn, households in need are
large and red, no two names overlap, the overview's colours are its legend's, neighbouring committees differ."""

from __future__ import annotations

import pandas as pd
import pytest

from pairnet.graph.network import PairingNetwork, Scope
from pairnet.loaders.generate import generate
from pairnet.graph.connect import open_store
from pairnet.queries.committees import plan_committees
from pairnet.visualizations.committees import PALETTE, committee_map
from pairnet.visualizations.layout import Label, inside, overlaps, place_labels
from pairnet.visualizations.overview import GAP_BORDER, NO_NEED, SHARE_STEPS, overview_map, share_color
from pairnet.visualizations.pairing import HOUSEHOLD_STYLE, OVER_BORDER, pairing_map

from .conftest import (AS_OF, LABEL_BOXES_JS, canvas_colours, focus, legend_items, open_clean, overlapping_labels, page_nodes,
                       xss_network)

pytestmark = pytest.mark.browser


def test_over_quota_swatch_is_the_outline_drawn(browser, tmp_path):
    """The legend's "over quota" swatch has the outline colour that the canvas shows around C1 (over quota), and
    that colour is nowhere around C2 (under quota)."""
    open_clean(browser, pairing_map(xss_network(), as_of=AS_OF).write(tmp_path / "p.html"))
    legend = {i["text"]: i for i in legend_items(browser)}
    swatch = legend["red outline: helper over quota"]
    assert swatch["stroke"] == OVER_BORDER == page_nodes(browser)["Cadre:C1"]["color"]["border"]
    focus(browser, "Cadre:C1")
    assert canvas_colours(browser, "Cadre:C1").get(OVER_BORDER, 0) > 20
    focus(browser, "Cadre:C2")
    assert canvas_colours(browser, "Cadre:C2").get(OVER_BORDER, 0) == 0
    # every household swatch is the fill and outline that households in that state are drawn with
    nodes = page_nodes(browser)
    for hh, state in {"H06": "missing", "H01": "over", "H05": "helped", "H08": "none_needed"}.items():
        item = legend[{"missing": "needs a helper and has none", "over": "in need; its helper is over quota",
                       "helped": "in need and helped", "none_needed": "needs no helper now (small)"}[state]]
        drawn = nodes[f"Household:{hh}"]["color"]
        assert (item["fill"], item["stroke"]) == (drawn["background"], drawn["border"]), hh
    focus(browser, "Household:H06")
    assert canvas_colours(browser, "Household:H06").get(HOUSEHOLD_STYLE["missing"][0].fill, 0) > 100


def test_households_in_need_are_drawn_large(browser, tmp_path):
    """Drawn sizes (vis-network's own bounding boxes): a household without a helper is the largest, those in
    need with a helper next, those needing none the smallest."""
    open_clean(browser, pairing_map(xss_network(), as_of=AS_OF).write(tmp_path / "p.html"))
    width = browser.evaluate("""Object.fromEntries(['H06', 'H07', 'H01', 'H05', 'H08'].map(h => {
        const b = window.pairnetMap.network.getBoundingBox('Household:' + h); return [h, b.right - b.left]; }))""")
    assert width["H06"] == width["H07"] > width["H01"] == width["H05"] > width["H08"]
    assert width["H06"] >= 2.5 * width["H08"]


def test_no_two_names_overlap_on_a_generated_town(browser, generated, tmp_path):
    net, truth = generated.network, generated.truth
    towns = sorted(net.nodes["Town"]["town_id"])
    for name, page in [("pairing", pairing_map(net, as_of=truth["as_of"], scope=Scope(town_id=towns[0]))),
                       ("overview", overview_map(net, as_of=truth["as_of"])), ("committees", committee_map(net))]:
        open_clean(browser, page.write(tmp_path / f"{name}.html"))
        assert browser.evaluate(f"{LABEL_BOXES_JS}.length") >= 5, name
        assert overlapping_labels(browser) == [], name
    # the overlap check can fail: two names on one spot overlap
    assert overlaps((0, 0, 10, 10), (5, 5, 15, 15)) and not overlaps((0, 0, 10, 10), (10, 0, 20, 10))


def test_labels_are_placed_apart_or_left_off():
    """Five villages on one spot: each name goes to a free side or is left off, never over another."""
    labels = [Label(i, f"村{i}号", 100.0, 100.0 + (i % 2), 6.0) for i in range(5)]
    placed = place_labels(labels)
    assert 1 <= len(placed) <= 4
    assert not any(overlaps(a["box"], b["box"]) for i, a in enumerate(placed) for b in placed[i + 1:])
    assert len({p["where"] for p in placed}) == len(placed)


def test_overview_colours_are_its_legend_and_marks_gaps(browser, tmp_path):
    net = xss_network()
    v = net.nodes["Village"]
    v["branch_rating"] = pd.array([None, None, "weak", None], dtype="string")
    net = PairingNetwork(net.nodes, net.rels)
    open_clean(browser, overview_map(net, as_of=AS_OF).write(tmp_path / "o.html"))
    legend = legend_items(browser)
    scale = [(i["fill"]) for i in legend[:len(SHARE_STEPS) + 1]]
    assert scale == [c for _, c in SHARE_STEPS] + [NO_NEED]
    nodes = page_nodes(browser)
    villages = {k.split(":")[1]: n for k, n in nodes.items() if k.startswith("Village:")}
    assert {n["color"]["background"] for n in villages.values()} <= set(scale)
    assert share_color(0.97) == share_color(0.9) != share_color(1.0)  # 97 % is not drawn as all covered
    # by hand: V1, V2 and V4 are poor and have no first secretary (V4 no unit either); V3 is not poor
    assert {k for k, n in villages.items() if n["color"]["border"] == GAP_BORDER} == {"V1", "V2", "V4"}
    assert {k for k, n in villages.items() if n.get("shapeProperties", {}).get("borderDashes")} == {"V3"}
    gap_swatch = next(i for i in legend if i["text"].startswith("red outline"))
    weak_swatch = next(i for i in legend if i["text"].startswith("dashed outline"))
    assert gap_swatch["stroke"] == GAP_BORDER and weak_swatch["dashed"]
    assert {n["shape"] for k, n in villages.items()} == {"triangle", "diamond", "dot"}  # deep V1, poor V2/V4, V3
    # one outline per town, each holding its own villages
    areas = browser.evaluate("window.pairnetMap.areas.map(a => a.points)")
    assert len(areas) == 2
    for vid, town in zip(v["village_id"], v["town_id"]):
        p = (villages[vid]["x"], villages[vid]["y"])
        assert inside(p, areas[0 if town == "T1" else 1]) and not inside(p, areas[1 if town == "T1" else 0]), vid


def test_neighbouring_committees_never_share_a_colour(browser, tmp_path):
    net = generate("ziyang", scale=0.2, seed=1).network  # 36 villages in several towns
    plan = plan_committees(net, min_size=2, max_size=4)
    assert len(plan["committees"]) >= 10
    open_clean(browser, committee_map(net, plan).write(tmp_path / "c.html"))
    nodes = page_nodes(browser)
    of = {v: i for i, c in enumerate(plan["committees"]) for v in c["villages"]}
    edges = browser.evaluate("window.pairnetMap.edges.get().map(e => [e.from, e.to])")
    touching = 0
    for a, b in edges:
        a, b = a.split(":")[1], b.split(":")[1]
        if a in of and b in of and of[a] != of[b]:
            touching += 1
            assert nodes[f"Village:{a}"]["color"]["background"] != nodes[f"Village:{b}"]["color"]["background"]
    assert touching > 0
    assert len({n["color"]["background"] for n in nodes.values()} & set(PALETTE)) <= 6
    assert len(browser.evaluate("window.pairnetMap.areas")) == len(net.nodes["Town"])


def test_a_store_map_reads_only_its_scope_and_draws_the_same(browser, tmp_path):
    """From a store, a town's map reads ``store.read(scope)`` and gives the nodes and states the whole-network
    map gives for that town."""
    net = xss_network()
    reads = []
    with open_store(tmp_path / "s.db") as store:
        store.create_schema()
        store.write(net)
        read = store.read
        store.read = lambda scope=None: reads.append(scope) or read(scope)  # record what was asked, read for real
        page = pairing_map(store, as_of=AS_OF, scope=Scope(town_id="T1"))
    assert reads == [Scope(town_id="T1")]
    expected = pairing_map(net, as_of=AS_OF, scope=Scope(town_id="T1"))
    open_clean(browser, page.write(tmp_path / "store.html"))
    got = {k: (n["color"]["background"], n["size"]) for k, n in page_nodes(browser).items()}
    open_clean(browser, expected.write(tmp_path / "net.html"))
    assert got == {k: (n["color"]["background"], n["size"]) for k, n in page_nodes(browser).items()}
