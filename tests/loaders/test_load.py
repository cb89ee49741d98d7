"""Loading into a store: snapshot (store equals workbook), append (adds, never removes), "no changes", the CLI."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd
import pytest

from pairnet.graph.diff import merge_networks
from pairnet.graph.network import PairingNetwork
from pairnet.loaders.faults import WorkbookError
from pairnet.loaders.load import load_workbook, read_workbook

sys.path.insert(0, str(Path(__file__).parent))
from loader_workbooks import base_workbook, write_csv, write_xlsx  # noqa: E402


def test_snapshot_then_same_then_changed(store, tmp_path: Path) -> None:
    first = write_csv(base_workbook(), tmp_path / "first")
    report = load_workbook(store, first)
    assert report.changed and "households (Household): +6 -0" in report.lines()
    assert store.read().equals(read_workbook(first))

    again = load_workbook(store, write_xlsx(base_workbook(), tmp_path / "same.xlsx", lang="zh"))
    assert not again.changed and again.lines()[0].startswith("no changes")

    wb = base_workbook()
    wb["pairings"] = [p for p in wb["pairings"] if p["household_id"] != "H006"]  # one pairing ends up removed
    wb["households"].append({"household_id": "H007", "head_name": "吴九", "village_id": "V002", "members": "2",
                             "status": "poor"})
    wb["pairings"].append({"helper_id": "C002", "household_id": "H007", "since": "2021-01-01"})
    wb["cadres"][1]["active"] = "true"
    second = write_csv(wb, tmp_path / "second")
    report = load_workbook(store, second)
    lines = report.lines()
    assert "households (Household): +1 -0" in lines
    assert "pairings (HELPS): +1 -1" in lines
    assert "cadres (Cadre): +0 -0 ~1" in lines
    assert "households.village_id (LIVES_IN): +1 -0" in lines
    assert store.read().equals(read_workbook(second))


def test_append_adds_without_removing(store, tmp_path: Path) -> None:
    base = write_csv(base_workbook(), tmp_path / "base")
    load_workbook(store, base)
    before = store.read()
    # approved proposals: only a pairings sheet, naming helpers and households already in the store
    proposals = {"pairings": [{"helper_id": "C002", "household_id": "H006", "since": "2022-01-01"}]}
    report = load_workbook(store, write_csv(proposals, tmp_path / "prop"), append=True)
    assert report.lines() == ["pairings (HELPS): +1 -0"]
    after = store.read()
    assert len(after.rels["HELPS"]) == len(before.rels["HELPS"]) + 1
    assert after.equals(merge_networks(before, read_workbook(write_csv(proposals, tmp_path / "p2"), existing=before)))
    # ... and, without the merge code as oracle: the store is the old one plus exactly that pairing
    helps = after.rels["HELPS"]
    new_row = helps[(helps["source"] == "C002") & (helps["target"] == "H006")]
    assert new_row[["source_label", "since"]].values.tolist() == [["Cadre", pd.Timestamp("2022-01-01")]]
    assert pd.isna(new_row["until"].item())
    rest = PairingNetwork(after.nodes, {**after.rels, "HELPS": helps.drop(new_row.index)})
    assert rest.differences(before) == []
    again = load_workbook(store, write_csv(proposals, tmp_path / "prop3"), append=True)
    assert not again.changed


def test_append_with_faults_leaves_store(store, tmp_path: Path) -> None:
    load_workbook(store, write_csv(base_workbook(), tmp_path / "base"))
    before = store.read()
    bad = {"pairings": [{"helper_id": "C002", "household_id": "H404"}]}
    with pytest.raises(WorkbookError) as info:
        load_workbook(store, write_csv(bad, tmp_path / "bad"), append=True)
    assert "pairings row 2 (C002 / H404), household_id: 'H404' is not in households" in str(info.value)
    assert store.read().equals(before)


def test_cli_load_reports_changes_and_no_changes(run_cli, tmp_path: Path) -> None:
    path = str(write_csv(base_workbook(), tmp_path / "wb"))
    first = run_cli("load", path)
    assert first.exit_code == 0, first.output
    assert "pairings (HELPS): +6 -0" in first.stdout
    second = run_cli("load", path, "--format", "json")
    assert second.exit_code == 0, second.output
    data = json.loads(second.stdout)
    assert data["changed"] is False and data["counts"]["nodes"]["Household"] == 6
    third = run_cli("load", path)
    assert "no changes" in third.stdout


def test_append_moves_a_household_to_another_village(store, tmp_path: Path) -> None:
    """A household given again in an append takes its new village; it does not live in both."""
    load_workbook(store, write_csv(base_workbook(), tmp_path / "base"))
    moved = {"households": [dict(base_workbook()["households"][0], village_id="V002", members="4")]}
    report = load_workbook(store, write_csv(moved, tmp_path / "moved"), append=True)
    assert set(report.lines()) == {"households (Household): +0 -0 ~1", "households.village_id (LIVES_IN): +1 -1"}
    after = store.read()
    lives = after.rels["LIVES_IN"]
    assert list(lives.loc[lives["source"] == "H001", "target"]) == ["V002"]
    h001 = after.nodes["Household"].set_index("household_id").loc["H001"]
    assert (h001["village_id"], h001["members"]) == ("V002", 4)
    assert len(after.nodes["Household"]) == 6 and len(after.rels["HELPS"]) == 6


def test_one_sheet_csv_named_after_its_sheet_appends(store, tmp_path: Path) -> None:
    load_workbook(store, write_csv(base_workbook(), tmp_path / "base"))
    folder = write_csv({"pairings": [{"helper_id": "C002", "household_id": "H006", "since": "2022-01-01"}]},
                       tmp_path / "prop")
    report = load_workbook(store, folder / "pairings.csv", append=True)
    assert report.lines() == ["pairings (HELPS): +1 -0"]
    helps = store.read().rels["HELPS"]
    assert ((helps["source"] == "C002") & (helps["target"] == "H006")).sum() == 1


def test_one_csv_not_named_after_a_sheet_is_refused(embedded_store, tmp_path: Path) -> None:
    from pairnet.graph.core.errors import PairnetError

    stray = tmp_path / "proposals-final.csv"
    stray.write_text("helper_id,household_id\nC002,H006\n", encoding="utf-8")
    with pytest.raises(PairnetError, match="name it after its sheet"):
        load_workbook(embedded_store, stray, append=True)
    assert embedded_store.counts()["relationships"]["HELPS"] == 0
