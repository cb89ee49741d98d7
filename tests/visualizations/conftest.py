"""Fixtures for the map tests: one headless Chromium per session, a hand-built county full of XSS payloads,
and a small generated county with its truth."""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from pairnet.graph.network import PairingNetwork
from pairnet.loaders.generate import Generated, generate
from browser import Browser, PageLoad, find_chromium
from pairnet.visualizations.page import external_refs

XSS = "<img src=x onerror=\"window.pwned=1\">"
AS_OF = "2026-06-30"


def xss_network() -> PairingNetwork:
    """Two towns, four villages, three units, one leader, five cadres, twelve households.

    Expected states on AS_OF (default policy): H01-H04 helped by C1 (staff, quota 3: over, load 4);
    H05 helped by L1; H06 pairing ended -> needs a helper and has none; H07 helped only by inactive C5 -> none;
    H08 exited 2015 without helper -> no helper needed; H09-H12 helped by C2..C4.
    """
    towns = pd.DataFrame({"town_id": ["T1", "T2"], "name": [XSS, "东城镇"]})
    villages = pd.DataFrame({
        "village_id": ["V1", "V2", "V3", "V4"], "name": [XSS + "村", "二村", "三村", "四村"],
        "town_id": ["T1", "T1", "T2", "T2"], "poor": [True, True, False, True],
        "deep_poverty": [True, False, False, False],
        "x": [108.50, 108.55, 108.60, 108.52], "y": [32.50, 32.52, 32.47, 32.45],
    })
    hh_ids = [f"H{i:02d}" for i in range(1, 13)]
    households = pd.DataFrame({
        "household_id": hh_ids,
        "head_name": [XSS] + [f"户主{i}" for i in range(2, 13)],
        "id_number": ["610924199001011234"] * 12,
        "village_id": ["V1", "V1", "V1", "V2", "V2", "V2", "V3", "V3", "V4", "V4", "V4", "V1"],
        "members": [3] * 12,
        "status": ["poor"] * 7 + ["exited"] + ["poor", "monitored", "poor", "poor"],
        "exit_year": [None] * 7 + [2015] + [None] * 4,
    })
    units = pd.DataFrame({"unit_id": ["U1", "U2", "U3"], "name": [XSS + "局", "财政局", "农业银行"],
                          "kind": ["department", "department", "bank"]})
    leaders = pd.DataFrame({"leader_id": ["L1"], "name": [XSS + "书记"], "title": [XSS],
                            "phone": ["13800001234"]})
    cadres = pd.DataFrame({
        "cadre_id": ["C1", "C2", "C3", "C4", "C5"], "name": [XSS + "干部", "李四", "王五", "赵六", "钱七"],
        "unit_id": ["U1", "U1", "U2", "U3", "U2"], "rank": ["staff", "section", "village", "county", "staff"],
        "phone": ["13912345678"] * 5, "active": [True, True, True, True, False],
    })
    helps = pd.DataFrame({
        "source": ["C1", "C1", "C1", "C1", "L1", "C2", "C5", "C2", "C3", "C4", "C4"],
        "source_label": ["Cadre"] * 4 + ["Leader"] + ["Cadre"] * 6,
        "target": ["H01", "H02", "H03", "H04", "H05", "H06", "H07", "H09", "H10", "H11", "H12"],
        "since": pd.to_datetime(["2020-01-01"] * 11),
        "until": pd.to_datetime([None] * 5 + ["2024-01-01"] + [None] * 5),
    })
    rels = {
        "IN_TOWN": pd.DataFrame({"source": villages["village_id"], "target": villages["town_id"]}),
        "LIVES_IN": pd.DataFrame({"source": households["household_id"], "target": households["village_id"]}),
        "WORKS_IN": pd.DataFrame({"source": cadres["cadre_id"], "target": cadres["unit_id"]}),
        "HELPS": helps,
        "PACKAGES": pd.DataFrame({"source": ["U1", "U2", "L1"], "target": ["V1", "V2", "V1"],
                                  "source_label": ["Unit", "Unit", "Leader"]}),
        "LIAISES": pd.DataFrame({"source": ["L1"], "target": ["T1"]}),
        "ADJACENT_TO": pd.DataFrame({"source": ["V1", "V1", "V3"], "target": ["V2", "V4", "V4"]}),
        "MEMBER_OF": pd.DataFrame({"source": ["V1", "V2"], "target": ["J1", "J1"]}),
    }
    committees = pd.DataFrame({"committee_id": ["J1"], "name": [XSS + "联村党委"], "lead_village_id": ["V1"]})
    return PairingNetwork(
        nodes={"Town": towns, "Village": villages, "Household": households, "Unit": units, "Leader": leaders,
               "Cadre": cadres, "JointCommittee": committees},
        rels=rels,
    )


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole session. Missing Chromium fails under CI and skips (saying why) elsewhere."""
    if find_chromium() is None:
        message = "headless Chromium not found: install the Debian packages chromium and chromium-driver"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with Browser(width=1400, height=900) as b:
        yield b


@pytest.fixture(scope="session")
def generated() -> Generated:
    return generate("ziyang", scale=0.02, seed=1)


def open_clean(browser: Browser, path: Path, *, ready: str | None = "window.pairnetReady") -> PageLoad:
    """Open ``path`` and assert the offline and safety basics: no console error, no request leaving the file,
    no fetching reference in the HTML, and no injected markup ran or exists."""
    assert not external_refs(Path(path).read_text("utf-8"))
    load = browser.open(path, ready=ready)
    assert load.errors == []
    assert load.requests == [load.url], load.requests  # the file itself, nothing else
    assert browser.evaluate("window.pwned === undefined && document.querySelectorAll('img').length === 0")
    return load


def drawn_pixels(browser: Browser, selector: str = "#mynetwork") -> int:
    """Pixels inside ``selector`` on a real screenshot that differ clearly from the white background.

    The PNG is decoded by the browser itself (an off-DOM image drawn on an off-DOM canvas), so no imaging
    library is needed.
    """
    png = base64.b64encode(browser.screenshot()).decode()
    return browser.evaluate("""(async (src, sel) => {
        const r = document.querySelector(sel).getBoundingClientRect(), img = new Image();
        img.src = src; await img.decode();
        const c = document.createElement("canvas"); c.width = Math.round(r.width); c.height = Math.round(r.height);
        const ctx = c.getContext("2d"); ctx.drawImage(img, -Math.round(r.left), -Math.round(r.top));
        const d = ctx.getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i] + d[i + 1] + d[i + 2] < 3 * 235) n++;
        return n; })("data:image/png;base64,%s", "%s")""" % (png, selector))


def page_nodes(browser: Browser) -> dict[str, dict]:
    """The vis DataSet's nodes in the open page, by id."""
    return {n["id"]: n for n in browser.evaluate("window.pairnetMap.nodes.get()")}


# Every name drawn on a map, as the box it takes on the canvas: vis-network's own node labels (as it measured
# them), the names painted beside nodes and over group boxes (measured here with the font they are drawn in).
LABEL_BOXES_JS = """(() => {
  const m = window.pairnetMap, body = m.network.body, out = [];
  const ctx = document.createElement("canvas").getContext("2d");
  for (const id of body.nodeIndices) {
    const n = body.nodes[id], s = n.labelModule && n.labelModule.size;
    if (n.options.label && s && s.width > 0 && n.shape.constructor.name !== "Box")
      out.push({what: "node " + id, x0: s.left, y0: s.top, x1: s.left + s.width, y1: s.top + s.height});
  }
  for (const l of m.labels) {
    ctx.font = (l.weight || "normal") + " " + l.size + m.font; ctx.textAlign = l.align; ctx.textBaseline = l.baseline;
    const t = ctx.measureText(l.text), x0 = l.x - t.actualBoundingBoxLeft, x1 = l.x + t.actualBoundingBoxRight;
    out.push({what: "label " + l.text, x0: x0, x1: x1, y0: l.y - t.actualBoundingBoxAscent, y1: l.y + t.actualBoundingBoxDescent});
  }
  for (const b of m.boxes) {
    ctx.font = (b.font || 14) + m.font; ctx.textAlign = "left"; ctx.textBaseline = "bottom";
    const t = ctx.measureText(b.label), x = b.x0 + 4, y = b.y0 - 3;
    out.push({what: "box " + b.label, x0: x - t.actualBoundingBoxLeft, x1: x + t.actualBoundingBoxRight,
              y0: y - t.actualBoundingBoxAscent, y1: y + t.actualBoundingBoxDescent});
  }
  return out; })()"""


def overlapping_labels(browser: Browser, slack: float = 0.5) -> list[tuple[str, str]]:
    """Pairs of drawn names whose boxes overlap by more than ``slack`` px (should be none)."""
    boxes = browser.evaluate(LABEL_BOXES_JS)
    boxes.sort(key=lambda b: b["x0"])
    out = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if b["x0"] >= a["x1"] - slack:
                break
            if min(a["x1"], b["x1"]) - max(a["x0"], b["x0"]) > slack and \
                    min(a["y1"], b["y1"]) - max(a["y0"], b["y0"]) > slack:
                out.append((a["what"], b["what"]))
    return out


def canvas_colours(browser: Browser, node_id: str, pad: float = 6) -> dict[str, int]:
    """Colours (``#rrggbb``) of the canvas pixels over one drawn node and how many pixels have each."""
    return browser.evaluate("""((id, pad) => {
      const n = window.pairnetMap.network, c = document.querySelector('#mynetwork canvas');
      const box = n.getBoundingBox(id), a = n.canvasToDOM({x: box.left, y: box.top}),
            b = n.canvasToDOM({x: box.right, y: box.bottom});
      const r = window.devicePixelRatio || 1, x = Math.max(0, Math.floor((a.x - pad) * r)),
            y = Math.max(0, Math.floor((a.y - pad) * r));
      const w = Math.ceil((b.x - a.x + 2 * pad) * r), h = Math.ceil((b.y - a.y + 2 * pad) * r);
      const d = c.getContext('2d').getImageData(x, y, w, h).data, out = {};
      for (let i = 0; i < d.length; i += 4) {
        const k = '#' + [d[i], d[i + 1], d[i + 2]].map(v => v.toString(16).padStart(2, '0')).join('');
        out[k] = (out[k] || 0) + 1;
      }
      return out; })(%s, %s)""" % (json.dumps(node_id), pad))


def focus(browser: Browser, node_id: str, scale: float = 3.0) -> None:
    """Zoom the open map onto one node (no animation) and wait for the redraw."""
    browser.evaluate("""(id => { const n = window.pairnetMap.network;
      n.moveTo({position: n.getPositions([id])[id], scale: %s, animation: false});
      return new Promise(r => n.once("afterDrawing", () => r(true))); })(%s)""" % (scale, json.dumps(node_id)))


def legend_items(browser: Browser) -> list[dict]:
    """The legend rows as drawn: text, and the fill, stroke and dashes of the swatch's shape."""
    return browser.evaluate("""[...document.querySelectorAll('#legend div.item')].map(d => {
      const s = d.querySelector('svg > *');
      return {text: d.innerText.trim(), fill: s && s.getAttribute('fill'), stroke: s && s.getAttribute('stroke'),
              dashed: !!(s && s.getAttribute('stroke-dasharray'))}; })""")
