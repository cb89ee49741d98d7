"""README screenshots taken by the tests' own headless Chromium: docs/img/pairing-map.png and docs/img/overview.png.

Run: ``.venv/bin/python benchmarks/screenshots.py [--out docs/img]`` (ziyang, seed 1, the generator's as-of day).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from pairnet.graph.network import Scope
from pairnet.loaders.generate import generate
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from browser import Browser
from pairnet.visualizations.overview import overview_map
from pairnet.visualizations.pairing import pairing_map

# Zoom in on the upper-left corner of the town so shapes, colours and names are legible.
ZOOM_JS = """(() => { const n = window.pairnetMap.network, pos = Object.values(n.getPositions());
  const x0 = Math.min(...pos.map(p => p.x)), y0 = Math.min(...pos.map(p => p.y));
  n.fit({animation: false});
  const s = n.getScale() * %s, r = document.getElementById('mynetwork').getBoundingClientRect();
  n.moveTo({scale: s, animation: false, position: {x: x0 - 30 + r.width / s / 2, y: y0 - 110 + r.height / s / 2}});
  return new Promise(res => n.once("afterDrawing", () => res(true))); })()"""


def shoot(browser: Browser, html: Path, png: Path, zoom: float | None) -> None:
    load = browser.open(html)
    assert not load.errors and load.requests == [load.url], (load.errors, load.requests)
    if zoom:
        browser.evaluate(ZOOM_JS % zoom)
    time.sleep(0.3)
    browser.screenshot(png)
    print(f"wrote {png} ({load.ready['nodes']:,} nodes)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="docs/img")
    ap.add_argument("--scale", type=float, default=1.0)
    args = ap.parse_args()
    gen = generate("ziyang", scale=args.scale, seed=1)
    net, as_of = gen.network, gen.truth["as_of"]
    town = sorted(net.nodes["Town"]["town_id"])[0]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, Browser(width=1400, height=860) as browser:
        pairing = pairing_map(net, as_of=as_of, scope=Scope(town_id=town)).write(Path(tmp) / "pairing.html")
        shoot(browser, pairing, out / "pairing-map.png", zoom=1.9)
        overview = overview_map(net, as_of=as_of).write(Path(tmp) / "overview.html")
        shoot(browser, overview, out / "overview.png", zoom=None)


if __name__ == "__main__":
    main()
