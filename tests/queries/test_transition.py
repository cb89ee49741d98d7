"""The transition period (过渡期): ``continuity_until`` keeps every exited household in need up to that day, on
both engines; unset, only ``continuity_years`` applies."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pytest

from pairnet.graph.core.errors import PairnetError
from pairnet.graph.core.policy import Policy, load_policy
from pairnet.graph.core.rules import needs_helper

sys.path.insert(0, str(Path(__file__).parents[1] / "loaders" / "ledger"))
from ledgers import Pairnet, write_xlsx  # noqa: E402


def test_rule() -> None:
    until = Policy(continuity_until=dt.date(2025, 12, 31))
    old = {"status": "exited", "exit_year": 2016}
    blank = {"status": "exited", "exit_year": None}
    assert needs_helper(old, dt.date(2025, 12, 31), until) and needs_helper(blank, dt.date(2025, 6, 30), until)
    assert not needs_helper(old, dt.date(2026, 1, 1), until) and not needs_helper(blank, dt.date(2026, 1, 1), until)
    assert not needs_helper(old, dt.date(2025, 6, 30), Policy())  # the default: two years after the exit year
    assert needs_helper({"status": "exited", "exit_year": 2024}, dt.date(2026, 1, 1), until)  # years still apply


def test_policy_file(tmp_path: Path) -> None:
    (tmp_path / "p.toml").write_text("continuity_until = 2025-12-31\n", encoding="utf-8")
    assert load_policy(tmp_path / "p.toml").continuity_until == dt.date(2025, 12, 31)
    (tmp_path / "q.toml").write_text('continuity_until = "2025-12-31"\n', encoding="utf-8")
    assert load_policy(tmp_path / "q.toml").continuity_until == dt.date(2025, 12, 31)
    (tmp_path / "bad.toml").write_text('continuity_until = "end of 2025"\n', encoding="utf-8")
    with pytest.raises(PairnetError, match="continuity_until must be a date"):
        load_policy(tmp_path / "bad.toml")


@pytest.mark.parametrize("engine", ["cypher", "networkx"])
def test_gaps_in_the_transition_period(tmp_path: Path, engine: str) -> None:
    rows = [["乡镇", "村", "户主姓名", "户类型", "脱贫年度", "帮扶责任人", "工作单位", "职级"],
            ["城关镇", "东村", "甲", "已脱贫", "2016", None, None, None],
            ["城关镇", "东村", "乙", "已脱贫", None, None, None, None],
            ["城关镇", "东村", "丙", "已脱贫", "2024", None, None, None],
            ["城关镇", "东村", "丁", "未脱贫", None, "张丽", "县财政局", "科员"]]
    pairnet = Pairnet(tmp_path)
    pairnet.load(write_xlsx(tmp_path / "l.xlsx", {"台账": rows}))
    policy = tmp_path / "p.toml"
    policy.write_text("continuity_until = 2025-12-31\n", encoding="utf-8")

    def heads(day: str, *flags: str) -> list[str]:
        r = pairnet("gaps", "--as-of", day, "--format", "json", "--engine", engine, *flags)
        assert r.exit_code == 0, r.output
        return sorted(g["label"] for g in json.loads(r.output)["gaps"] if g["kind"] == "household_without_helper")

    assert heads("2025-06-30") == ["丙"]
    assert heads("2025-06-30", "--policy", str(policy)) == ["丙", "乙", "甲"]
    assert heads("2026-01-01", "--policy", str(policy)) == ["丙"]


def test_visits_keep_the_transition_period_on_both_engines(store) -> None:  # noqa: ANN001 - the store fixture
    """``pairnet visits`` counts the same households in need as ``gaps``: H06 (exited 2020) is in need up to
    ``continuity_until`` and not after, on the Cypher engine and on the NetworkX reference alike."""
    from pairnet.graph.example import example_network
    from pairnet.queries.visits import visits

    store.write(example_network())
    store.close()
    day = dt.date(2025, 6, 30)
    until = Policy(continuity_until=dt.date(2025, 12, 31))
    for policy, h06 in ((until, True), (Policy(), False)):
        cy = visits(store, as_of=day, policy=policy, engine="cypher")
        nx_ = visits(store, as_of=day, policy=policy, engine="networkx")
        ids = sorted(cy.households["id"].astype(str))
        assert ids == sorted(nx_.households["id"].astype(str))
        assert ("H06" in ids) is h06 and "H05" in ids
        assert cy.helpers["households"].sum() == nx_.helpers["households"].sum()
    store.close()
