"""README screenshots of the current demo taken by the tests' own headless Chromium (tests/browser.py):
docs/img/pairing-map.png, pairing-gaps.png, overview.png, committees.png and card.png.

Run: ``.venv/bin/python benchmarks/screenshots.py [--out docs/img] [--lang en]``. It builds the demo county as
``pairnet demo`` does (ziyang, seed 0, the generator's as-of day) in memory, draws the maps with the library and
shoots them at 1400x860: the pairing map zoomed onto a helper over quota and onto the town's households without
a helper, the overview and
the planned committees whole, the first household card. A CJK font must be installed for the names (Debian:
fonts-wqy-microhei or fonts-noto-cjk).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from browser import Browser  # noqa: E402

from pairnet.graph.network import Scope  # noqa: E402
from pairnet.loaders.generate import generate  # noqa: E402
from pairnet.queries.committees import plan_committees  # noqa: E402
from pairnet.visualizations.cards import household_cards  # noqa: E402
from pairnet.visualizations.committees import committee_map  # noqa: E402
from pairnet.visualizations.overview import overview_map  # noqa: E402
from pairnet.visualizations.pairing import pairing_map, pairing_state  # noqa: E402

# Centre the view on the households without a helper (red) and the helpers nearest them, at a readable scale.
ZOOM_JS = """((ids, scale) => { const n = window.pairnetMap.network, p = n.getPositions(ids);
  const xs = ids.map(i => p[i].x), ys = ids.map(i => p[i].y);
  const x = (Math.min(...xs) + Math.max(...xs)) / 2, y = (Math.min(...ys) + Math.max(...ys)) / 2;
  n.moveTo({position: {x: x, y: y}, scale: scale, animation: false});
  return new Promise(r => n.once("afterDrawing", () => r(true))); })(%s, %s)"""


def shoot(browser: Browser, html: Path, png: Path, *, ready: str | None = "window.pairnetReady",
          zoom: str | None = None) -> None:
    load = browser.open(html, ready=ready)
    assert not load.errors and load.requests == [load.url], (load.errors, load.requests)
    if zoom:
        browser.evaluate(zoom)
    time.sleep(0.3)
    browser.screenshot(png)
    print(f"wrote {png}")


def _node_ids(html: str) -> list[str]:
    """The node ids in a map page's data."""
    import json
    import re

    spec = json.loads(re.search(r"const spec = (\{.*?\});\n", html, re.DOTALL).group(1))
    return [n["id"] for n in spec["nodes"]]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="docs/img")
    ap.add_argument("--lang", default="en", choices=["en", "zh"])
    args = ap.parse_args()
    gen = generate("ziyang", scale=1.0, seed=0)  # what `pairnet demo` loads
    net, as_of, lang = gen.network, dt.date.fromisoformat(gen.truth["as_of"]), args.lang
    state = pairing_state(net, as_of=as_of)
    missing = {h for h, s in state.household_state.items() if s == "missing"}
    hh = net.nodes["Household"]
    village_town = dict(zip(net.nodes["Village"]["village_id"], net.nodes["Village"]["town_id"]))
    by_town: dict[str, list[str]] = {}
    for h, v in zip(hh["household_id"], hh["village_id"]):
        if h in missing:
            by_town.setdefault(village_town[v], []).append(h)
    town = max(sorted(by_town), key=lambda t: len(by_town[t]))  # the town with most households without a helper
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, Browser(width=1400, height=860) as browser:
        tmp = Path(tmp)
        page = pairing_map(net, as_of=as_of, scope=Scope(town_id=town), state=state, lang=lang)
        html = page.write(tmp / "pairing.html")
        over = sorted(state.load.loc[state.load["status"] == "over", "id"])
        shown = {n.split(":", 1)[1] for n in _node_ids(page.html)}
        helper = next(h for h in over if h in shown)
        shoot(browser, html, out / "pairing-map.png", zoom=ZOOM_JS % ([f"Cadre:{helper}"], 2.0))
        ids = [f"Household:{h}" for h in sorted(by_town[town])[:2]]
        shoot(browser, html, out / "pairing-gaps.png", zoom=ZOOM_JS % (ids, 1.6))
        shoot(browser, overview_map(net, as_of=as_of, lang=lang).write(tmp / "overview.html"), out / "overview.png")
        plan = plan_committees(net, within_town=True)
        shoot(browser, committee_map(net, plan, lang=lang).write(tmp / "committees.html"), out / "committees.png")
        village = hh.loc[hh["household_id"] == sorted(by_town[town])[0], "village_id"].iloc[0]
        cards = household_cards(net, as_of=as_of, village=village, lang="zh")
        shoot(browser, cards.write(tmp / "cards.html"), out / "card.png", ready=None)


if __name__ == "__main__":
    main()
