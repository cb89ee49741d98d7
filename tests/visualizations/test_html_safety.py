"""User text that tries to break out of the HTML (``</script>``, tags, quotes) in every map and the report, run
through the CLI from a real embedded store, then opened in headless Chromium."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pairnet.graph.embedded import EmbeddedStore
from pairnet.graph.network import PairingNetwork
from cli_runner import invoke

from .conftest import AS_OF, open_clean, xss_network

pytestmark = pytest.mark.browser

BREAKOUT = "</script><script>window.pwned=1</script>"
PAYLOADS = [BREAKOUT, "<img src=x onerror=\"window.pwned=2\">", "\"'><svg onload=window.pwned=3>",
            "</SCRIPT ><img src=x onerror=window.pwned=4>", "<!--<script>", "&lt;b&gt;"]
NOT_MAPS = {"report/index", "cards"}  # pages without a map (no script at all)
_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script\s*>", re.DOTALL | re.IGNORECASE)


def hostile_network() -> PairingNetwork:
    """The map tests' hand-built county with a breakout payload in every text a user types."""
    net = xss_network()
    columns = {"Town": ["name"], "Village": ["name", "industry"], "Household": ["head_name", "poverty_cause"],
               "Unit": ["name"], "Leader": ["name", "title"], "Cadre": ["name"], "JointCommittee": ["name"]}
    for label, cols in columns.items():
        df = net.nodes[label]
        for col in cols:
            df[col] = [f"{PAYLOADS[i % len(PAYLOADS)]}{label}{i}" for i in range(len(df))]
    return PairingNetwork(net.nodes, net.rels)


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every HTML page the CLI writes for the hostile county."""
    d = tmp_path_factory.mktemp("hostile")
    db = d / "pairnet.db"
    with EmbeddedStore(db) as store:
        store.write(hostile_network())

    def run(*args: str) -> None:
        res = invoke(*args, "--db", str(db))
        assert res.exit_code == 0, (args, res.output, res.exception)

    run("committees", "plan", "--min", "1", "--format", "json", "--out", str(d / "plan.json"))
    run("map", "pairing", "--out", str(d / "pairing.html"), "--as-of", AS_OF)
    run("map", "pairing", "--town", "T1", "--out", str(d / "pairing-t1.html"), "--as-of", AS_OF)
    run("map", "overview", "--out", str(d / "overview.html"), "--as-of", AS_OF)
    run("map", "committees", "--out", str(d / "committees.html"))
    run("map", "committees", "--plan", str(d / "plan.json"), "--out", str(d / "plan.html"))
    run("report", "--out", str(d / "report"), "--as-of", AS_OF)
    run("card", "--village", "V1", "--out", str(d / "cards.html"), "--as-of", AS_OF)
    run("map", "pairing", "--town", "T1", "--lang", "zh", "--out", str(d / "pairing-zh.html"), "--as-of", AS_OF)
    out = {p.stem: p for p in d.glob("*.html")}
    out.update({f"report/{p.stem}": p for p in (d / "report").glob("*.html")})
    assert "report/index" in out and "cards" in out and len(out) >= 10
    return out


def test_no_payload_survives_raw_in_any_page(pages: dict[str, Path]) -> None:
    for name, path in pages.items():
        html = path.read_text("utf-8")
        for p in PAYLOADS[:-1]:
            assert p not in html, (name, p)


def test_no_script_closes_inside_embedded_data(pages: dict[str, Path]) -> None:
    """No script block holds ``</script`` or ``<!--`` (either would end or derail it), the blocks built here
    hold no ``<script`` either, and a map's data block is the one its template has, whole."""
    for name, path in pages.items():
        html = path.read_text("utf-8")
        blocks = _SCRIPT.findall(html)
        for body in blocks:
            assert not re.search(r"</script|<!--", body, re.IGNORECASE), name
            if "vis.DataSet" in body or "vis-network" not in body[:2000]:
                assert not re.search(r"<script", body, re.IGNORECASE), name
        if name not in NOT_MAPS:
            data = [b for b in blocks if "const spec = " in b]
            assert len(data) == 1 and "window.pairnetMap" in data[0], name


def test_the_text_is_shown_as_text(pages: dict[str, Path]) -> None:
    """The payloads arrive in the page data intact (escaped, not dropped)."""
    html = pages["pairing"].read_text("utf-8")
    spec = json.loads(re.search(r"const spec = (\{.*?\});\n", html, re.DOTALL).group(1))
    names = " ".join(str(n.get("name", "")) + str(n.get("title", "")) for n in spec["nodes"])
    assert BREAKOUT in names and PAYLOADS[1] in names
    index = pages["report/index"].read_text("utf-8")
    assert "&lt;/script&gt;&lt;script&gt;window.pwned=1&lt;/script&gt;" in index
    cards = pages["cards"].read_text("utf-8")
    assert "&lt;/script&gt;&lt;script&gt;window.pwned=1&lt;/script&gt;" in cards and "<script" not in cards


def test_pages_run_no_injected_code_in_chromium(browser, pages: dict[str, Path]) -> None:
    for name, path in pages.items():
        open_clean(browser, path, ready=None if name in NOT_MAPS else "window.pairnetReady")
        assert browser.evaluate("document.querySelectorAll('svg[onload], img, script[src]').length") == 0, name
