"""`pairnet demo`: generates, loads, finds what the generator planted, writes the report, says what to try next."""

from __future__ import annotations

import json
from pathlib import Path
from pairnet.commands import run_demo


def test_demo_finds_what_was_planted(tmp_path: Path) -> None:
    demo = run_demo(tmp_path / "demo", scale=0.05, seed=2, step=lambda _: None)
    truth = json.loads((tmp_path / "demo" / "truth.json").read_text(encoding="utf-8"))
    planted = {kind: len(found) for kind, found in truth["gaps"].items() if found}
    assert demo.gap_summary == planted
    assert demo.counts == truth["counts"]
    excess = sorted((h["load"] - h["quota"] for h in truth["helpers"].values()), reverse=True)[:5]
    assert (demo.overloaded["load"] - demo.overloaded["quota"]).tolist() == excess
    assert demo.report is not None and demo.report.name == "index.html" and demo.report.exists()


def test_demo_command_prints_summary_and_next_steps(cli, tmp_path: Path) -> None:
    out = cli("demo", "--dir", str(tmp_path / "d"), "--scale", "0.03", "--seed", "1",
                                    "--format", "json")
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    truth = json.loads((tmp_path / "d" / "truth.json").read_text(encoding="utf-8"))
    assert data["counts"] == truth["counts"]
    assert data["gaps"] == {kind: len(found) for kind, found in truth["gaps"].items() if found}
    assert Path(data["report"]).exists()
    text = cli("demo", "--dir", str(tmp_path / "d"), "--scale", "0.03", "--seed", "1")
    assert text.exit_code == 0, text.output
    assert "Try next:" in text.stdout and "no changes" in text.stdout
