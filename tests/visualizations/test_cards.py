"""Household cards (明白卡) in headless Chromium: one A4 page per household in need, helpers' work phones on
them, the household's ID number masked, offline and escaped; and the ``pairnet card`` command."""

from __future__ import annotations

import re

import pytest
from pairnet.graph.core.errors import PairnetError
from pairnet.graph.embedded import EmbeddedStore
from pairnet.visualizations.cards import household_cards

from .conftest import AS_OF, XSS, open_clean, xss_network

# By hand from xss_network: V1 holds H01, H02, H03, H12 (all poor); V2 holds H04, H05, H06 (poor); V3 holds H07
# (poor) and H08 (exited 2015: in need no more); V4 holds H09-H11 (poor, monitored, poor).
IN_NEED = {"V1": ["H01", "H02", "H03", "H12"], "V2": ["H04", "H05", "H06"], "V3": ["H07"], "V4": ["H09", "H10", "H11"]}


@pytest.mark.browser
@pytest.mark.parametrize("village", sorted(IN_NEED))
def test_one_printed_page_per_household_in_need(browser, tmp_path, village):
    page = household_cards(xss_network(), as_of=AS_OF, village=village, lang="en")
    open_clean(browser, page.write(tmp_path / "cards.html"), ready=None)
    shown = browser.evaluate("[...document.querySelectorAll('section.card')].map(c => c.dataset.household)")
    assert shown == IN_NEED[village] and page.cards == len(IN_NEED[village])
    browser.media("print")
    try:
        breaks = browser.evaluate("[...document.querySelectorAll('section.card')].map(c => getComputedStyle(c).breakAfter)")
        pdf = browser.pdf()
    finally:
        browser.media("")
    assert breaks[:-1] == ["page"] * (len(breaks) - 1)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == len(IN_NEED[village])  # Chromium's own A4 pages


@pytest.mark.browser
def test_a_card_names_the_helpers_with_their_work_phones(browser, tmp_path):
    page = household_cards(xss_network(), as_of=AS_OF, village="V1", lang="en")
    path = page.write(tmp_path / "cards.html")
    open_clean(browser, path, ready=None)
    card = browser.evaluate("document.querySelector('section.card[data-household=\"H01\"]').innerText")
    # H01: head of household is the payload, helped by C1 (staff, unit U1 named by the payload), phone in full
    assert XSS in card and XSS + "干部" in card and XSS + "局" in card and "13912345678" in card
    assert "610924********1234" in card and "610924199001011234" not in path.read_text("utf-8")
    assert "Poor" in card or "poor" in card
    # V1 is packaged by unit U1 and leader L1; nobody is stationed there
    assert "Packaging unit" in card and XSS + "书记" in card
    h12 = browser.evaluate("document.querySelector('section.card[data-household=\"H12\"]').innerText")
    assert "赵六" in h12 and "农业银行" in h12  # C4 of U3
    assert "2026-06-30" in card


@pytest.mark.browser
def test_chinese_by_default_and_a_household_without_helper_says_so(browser, tmp_path):
    page = household_cards(xss_network(), as_of=AS_OF, household="H06")
    open_clean(browser, page.write(tmp_path / "h06.html"), ready=None)
    text = browser.evaluate("document.body.innerText")
    assert page.cards == 1 and "结对帮扶明白卡" in text and "暂无帮扶责任人" in text and "未脱贫" in text
    assert browser.evaluate("document.documentElement.lang") == "zh"


def test_card_scope_is_checked():
    net = xss_network()
    for kwargs in ({}, {"village": "V1", "household": "H01"}):
        with pytest.raises(PairnetError, match="--village"):
            household_cards(net, as_of=AS_OF, **kwargs)
    with pytest.raises(PairnetError, match="nope"):
        household_cards(net, as_of=AS_OF, household="nope")
    with pytest.raises(PairnetError, match="nope"):
        household_cards(net, as_of=AS_OF, village="nope")


def test_card_command(cli, tmp_path):
    db = tmp_path / "p.db"
    with EmbeddedStore(db) as store:
        store.write(xss_network())
    out = tmp_path / "cards.html"
    res = cli("card", "--village", "V2", "--out", str(out), "--db", str(db), "--as-of", AS_OF)
    assert res.exit_code == 0, res.output
    assert "明白卡 3 张" in res.output and out.read_text("utf-8").count('<section class="card"') == 3
    res = cli("card", "--household", "H01", "--lang", "en", "--out", str(out), "--db", str(db),
                     "--as-of", AS_OF)
    assert res.exit_code == 0 and "1 household cards" in res.output, res.output
    for bad in (["--village", "V1", "--household", "H01"], ["--household", "nope"], []):
        missing = tmp_path / "none.html"
        res = cli("card", *bad, "--out", str(missing), "--db", str(db), "--as-of", AS_OF)
        assert res.exit_code == 2 and "Error:" in res.output and "Traceback" not in res.output, bad
        assert not missing.exists()
