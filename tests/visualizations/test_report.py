"""The offline report in headless Chromium, and the map and report commands."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pairnet.visualizations.page import external_refs
from pairnet.visualizations.report import report

from .conftest import AS_OF, XSS, open_clean, xss_network


@pytest.mark.browser
def test_report_matches_truth_and_links_working_maps(browser, generated, tmp_path):
    truth = generated.truth
    index = report(generated.network, tmp_path / "report", as_of=truth["as_of"])
    assert index == tmp_path / "report" / "index.html"
    open_clean(browser, index, ready=None)
    rows = browser.evaluate("[...document.querySelectorAll('table')[0].querySelectorAll('tr')]"
                            ".slice(1).map(r => [...r.cells].map(c => c.textContent))")
    counts = {kind: int(n) for _, kind, n in rows}
    assert counts == {kind: len(found) for kind, found in truth["gaps"].items()}
    assert browser.evaluate("document.querySelectorAll('svg rect').length") > 10
    hrefs = browser.evaluate("[...document.querySelectorAll('a')].map(a => a.getAttribute('href'))")
    net = generated.network
    # a county this small gets one whole-county pairing map; each map shows every node it is meant to
    expected_nodes = {
        "overview.html": sum(len(net.nodes[label]) for label in ("Town", "Village", "Unit", "Leader")),
        "committees.html": len(net.nodes["Village"]),
        "pairing.html": len(net.nodes["Household"]) + len(net.nodes["Leader"]) + len(net.nodes["Cadre"]),
    }
    assert sorted(hrefs) == sorted(expected_nodes)
    for href in hrefs:
        load = open_clean(browser, index.parent / href)
        assert load.ready["nodes"] == expected_nodes[href], href


@pytest.mark.browser
def test_report_escapes_names(browser, tmp_path):
    index = report(xss_network(), tmp_path / "r", as_of=AS_OF)
    open_clean(browser, index, ready=None)
    text = browser.evaluate("document.body.innerText")
    assert XSS + "村" in text and "town " + XSS in text  # a gap row and a map link
    assert "610924199001011234" not in index.read_text("utf-8")


def _store_with(network, path: Path) -> str:
    from pairnet.graph.connect import open_store

    with open_store(path) as store:
        store.create_schema()
        store.write(network)
    return str(path)


def test_map_and_report_commands(cli, tmp_path):
    db = _store_with(xss_network(), tmp_path / "p.db")
    base = ["--db", db, "--as-of", AS_OF]
    res = cli("map", "pairing", "--town", "T1", "--out", str(tmp_path / "t1.html"), *base)
    assert res.exit_code == 0, res.output
    assert "10 nodes" in res.output and (tmp_path / "t1.html").exists()
    res = cli("map", "overview", "--out", str(tmp_path / "o.html"), *base)
    assert res.exit_code == 0 and "10 nodes" in res.output
    res = cli("map", "committees", "--out", str(tmp_path / "c.html"), "--db", db)
    assert res.exit_code == 0 and "4 nodes" in res.output
    res = cli("report", "--out", str(tmp_path / "rep"), *base)
    assert res.exit_code == 0 and (tmp_path / "rep" / "index.html").exists()
    for bad in (["map", "pairing", "--town", "T1", "--unit", "U1"], ["map", "pairing", "--village", "nope"]):
        res = cli(*bad, "--out", str(tmp_path / "x.html"), *base)
        assert res.exit_code == 2 and "Error:" in res.output and not (tmp_path / "x.html").exists()


def test_the_offline_check_finds_what_would_be_fetched():
    fetching = ['<script src="https://cdn.example/x.js"></script>', "<link href='//cdn.example/a.css'>",
                "<style>@import 'http://x/y.css'</style>", '<div style="background: url(https://x/i.png)">',
                '<img src=http://x/i.png>']
    assert all(external_refs(html) for html in fetching)
    local = ['<a href="#top">', '<img src="data:image/png;base64,AAAA">', '<svg xmlns="http://www.w3.org/2000/svg">',
             '<p>see https://example.org</p>']
    assert not any(external_refs(html) for html in local)


def test_town_pages_never_share_a_file_name(tiny_network, tmp_path):
    """Towns "T.1" and "T1" both became pairing-T1.html (one map lost, one link wrong); "t1" collides with "T1"
    on a file system that ignores case, and a town id in Chinese had no safe letters at all."""
    from pairnet.visualizations.report import page_names

    ids = ["T.1", "T1", "t1", "城关", "T2"]
    names = page_names(ids)
    assert len({n.lower() for n in names}) == len(ids) and names[-1] == "pairing-T2.html"
    assert names == page_names(ids) and all(re.fullmatch(r"pairing-[A-Za-z0-9_-]+\.html", n) for n in names)
    net = tiny_network
    renamed = {"T01": "T.1", "T02": "T1"}
    nodes = {k: v.replace(renamed) for k, v in net.nodes.items()}
    rels = {k: v.replace(renamed) for k, v in net.rels.items()}
    index = report(type(net)(nodes, rels), tmp_path / "r", as_of=AS_OF)
    pages = sorted(p.name for p in (tmp_path / "r").glob("pairing-*.html"))
    assert pages == sorted(page_names(["T.1", "T1"])) and len(pages) == 2
    html = index.read_text("utf-8")
    assert all(f'href="{p}"' in html for p in pages)
