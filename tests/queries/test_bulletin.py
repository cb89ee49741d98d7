"""The bulletin and the history after two loads of the hand-built county: the changes are exactly the differences
between the loads, and every figure of the bulletin (JSON, XLSX and HTML) is reproduced by visits, attendance,
gaps and changes."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

from pairnet.graph.network import PairingNetwork
from pairnet.visualizations.page import external_refs

from .supervision_county import supervision_network

D = pd.Timestamp


def second_load(net: PairingNetwork) -> PairingNetwork:
    """The county a month later: six differences of six kinds, and one more visit."""
    n = {k: v.copy() for k, v in net.nodes.items()}
    r = {k: v.copy() for k, v in net.rels.items()}
    helps = r["HELPS"]
    helps.loc[(helps["source"] == "C04") & (helps["target"] == "H19"), "until"] = D("2026-06-10")  # ended
    r["HELPS"] = pd.concat([helps, pd.DataFrame([{"source": "CF", "source_label": "Cadre", "target": "H05",
                                                  "since": D("2026-06-01")}])], ignore_index=True)  # begun
    n["Household"].loc[n["Household"]["household_id"] == "H16", "status"] = "monitored"
    n["Cadre"].loc[n["Cadre"]["cadre_id"] == "C06", "active"] = False  # left
    pk = r["PACKAGES"]
    pk.loc[(pk["source"] == "U1") & (pk["target"] == "V1"), "until"] = D("2026-06-15")  # V1 loses its unit
    st = r["STATIONED_IN"]
    r["STATIONED_IN"] = st[~((st["source"] == "CF") & (st["target"] == "V1"))]  # V1 loses its first secretary
    visits = pd.concat([net.events["visits"], pd.DataFrame([{"helper_id": "CF", "household_id": "H05",
                                                             "date": D("2026-06-28"), "kind": "home"}])])
    return PairingNetwork(n, r, {"visits": visits, "attendance": net.events["attendance"]})


EXPECTED_CHANGES = {
    ("pairing_ended", "HELPS", "changed", "Cadre|C04|H19"), ("pairing_begun", "HELPS", "added", "Cadre|CF|H05"),
    ("household_monitored", "Household", "changed", "H16"), ("helper_left", "Cadre", "changed", "C06"),
    ("village_lost_unit", "PACKAGES", "changed", "Unit|U1|V1"),
    ("village_lost_first_secretary", "STATIONED_IN", "removed", "CF|V1"),
}


def _json(res) -> dict:
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_changes_and_bulletin_after_two_loads(store, run_cli, tmp_path: Path) -> None:
    first = supervision_network()
    store.write(first, events=first.events)
    second = second_load(first)
    store.write(second, events=second.events)

    history = _json(run_cli("history", "--format", "json"))["loads"]
    assert [h["load_id"] for h in history] == [1, 2]
    assert history[1]["events"] == {"visits": 1}  # the visits already stored are not stored again
    changes = _json(run_cli("changes", "--since", "1", "--format", "json"))
    assert {(c["kind"], c["frame"], c["op"], c["key"]) for c in changes["changes"]} == EXPECTED_CHANGES
    assert len(changes["changes"]) == 6
    assert _json(run_cli("changes", "--since", "2", "--format", "json"))["changes"] == []
    h19 = _json(run_cli("history", "H19", "--format", "json"))["changes"]
    assert [(c["kind"], c["load_id"]) for c in h19] == [("pairing_ended", 2)]

    out = tmp_path / "bulletin"
    doc = _json(run_cli("bulletin", "--month", "2026-06", "--out", str(out), "--format", "json"))
    assert doc["as_of"] == "2026-06-30"
    assert {(c["kind"], c["frame"], c["op"], c["key"]) for c in doc["changes"]} == EXPECTED_CHANGES
    kinds = [c["kind"] for c in changes["changes"]]
    assert {k: n for k, n in doc["change_summary"].items() if n} == {k: kinds.count(k) for k in set(kinds)}

    # every figure again from the other commands
    visits = _json(run_cli("visits", "--as-of", "2026-06-30", "--format", "json"))
    cadres = _json(run_cli("attendance", "--month", "2026-06", "--format", "json"))["cadres"]
    gaps = _json(run_cli("gaps", "--as-of", "2026-06-30", "--format", "json"))["gaps"]
    unit_of = dict(zip(second.nodes["Cadre"]["cadre_id"], second.nodes["Cadre"]["unit_id"]))
    town_of = dict(zip(second.nodes["Village"]["village_id"], second.nodes["Village"]["town_id"]))
    # current unit packaging on 2026-06-30, by hand: U1-V1 ended the 15th, U1-V2 the 29th, U2-V3 starts in July
    packaged: dict[str, set] = {"U1": set(), "U2": set()}
    for u in doc["units"]:
        v = next((x for x in visits["units"] if x["id"] == u["id"]), None)
        mine = [c for c in cadres if unit_of[c["id"]] == u["id"]]
        assert u["visit_share"] == (v and v["share"]) and u["households"] == (v["households"] if v else 0)
        assert (u["cadres"], u["cadres_short"]) == (len(mine), sum(c["short"] for c in mine))
        assert u["attendance_share"] == (round(1 - u["cadres_short"] / u["cadres"], 4) if mine else None)
        assert u["villages_packaged"] == len(packaged[u["id"]])
        assert u["gaps"] == sum(g["village_id"] in packaged[u["id"]] for g in gaps)
    for t in doc["towns"]:
        v = next(x for x in visits["towns"] if x["id"] == t["id"])
        mine = [c for c in cadres if town_of[c["village_id"]] == t["id"]]
        assert (t["visit_share"], t["households"], t["ok"]) == (v["share"], v["households"], v["ok"])
        assert (t["cadres"], t["cadres_short"]) == (len(mine), sum(c["short"] for c in mine))
        assert t["gaps"] == sum(g["town_id"] == t["id"] for g in gaps)
    keys = [(-(x["visit_share"] if x["visit_share"] is not None else -1),
             -(x["attendance_share"] if x["attendance_share"] is not None else -1), x["gaps"], x["id"])
            for x in doc["towns"]]
    assert keys == sorted(keys) and [t["place"] for t in doc["towns"]] == [1, 2]
    helpers = sorted(visits["helpers"], key=lambda h: (-h["share"], -h["households"], h["id"]))
    assert [h["id"] for h in doc["best"]] == [h["id"] for h in helpers][:10]
    assert [h["id"] for h in doc["worst"]] == [h["id"] for h in sorted(
        visits["helpers"], key=lambda h: (h["share"], -h["households"], h["id"]))][:10]
    assert doc["gap_summary"] == _json(run_cli("gaps", "--as-of", "2026-06-30", "--format", "json"))["summary"]

    # the files: Chinese by default, the same figures, offline
    xlsx, html = (Path(f) for f in doc["files"])
    assert xlsx.name == "通报-2026-06.xlsx" and html.name == "通报-2026-06.html"
    wb = load_workbook(xlsx, read_only=True)
    assert wb.sheetnames[1:] == ["帮扶单位排名", "乡镇排名", "按时走访前十名帮扶人", "按时走访后十名帮扶人", "本月变化", "缺口"]
    towns = list(wb["乡镇排名"].iter_rows(values_only=True))
    assert towns[0][:4] == ("名次", "编号", "名称", "按时走访率")
    assert [(r[1], r[3]) for r in towns[1:]] == [(t["id"], t["visit_share"]) for t in doc["towns"]]
    assert len(list(wb["本月变化"].iter_rows())) == 1 + 6
    page = html.read_text(encoding="utf-8")
    assert external_refs(page) == [] and "结对帮扶工作月度通报（2026-06）" in page and "村失去第一书记" in page
    assert "<script" not in page and all(t["id"] in page for t in doc["towns"])


def test_bulletin_in_english_and_a_bad_month(store, run_cli, tmp_path: Path) -> None:
    net = supervision_network()
    store.write(net, events=net.events)
    res = run_cli("bulletin", "--month", "2026-06", "--out", str(tmp_path), "--lang", "en")
    assert res.exit_code == 0, res.output
    assert (tmp_path / "bulletin-2026-06.html").read_text(encoding="utf-8").count("Units ranked") == 1
    bad = run_cli("bulletin", "--month", "2026-6-1", "--out", str(tmp_path / "x"))
    assert bad.exit_code == 2 and "Traceback" not in bad.output and not (tmp_path / "x").exists()
