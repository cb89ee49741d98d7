"""pairnet visits / attendance on the hand-built county: JSON shapes as the issue gives them, exit codes, zh."""

from __future__ import annotations

import json

from .supervision_county import (EXPECTED_ATTENDANCE, EXPECTED_HELPERS, EXPECTED_HOUSEHOLDS, EXPECTED_TOWNS,
                                 EXPECTED_UNITS, write_county)


def test_visits_json(store, run_cli) -> None:
    write_county(store)
    res = run_cli("visits", "--as-of", "2026-06-30", "--format", "json")
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert set(doc) == {"as_of", "households", "helpers", "units", "towns"} and doc["as_of"] == "2026-06-30"
    assert all(list(h) == ["id", "label", "village_id", "helper_ids", "last_visit", "days_since", "state"]
               for h in doc["households"])
    assert {h["id"]: (h["village_id"], h["helper_ids"], h["last_visit"], h["days_since"], h["state"])
            for h in doc["households"]} == {k: (v[0], v[1], v[2] and v[2].isoformat(), v[3], v[4])
                                           for k, v in EXPECTED_HOUSEHOLDS.items()}
    assert all(list(h) == ["id", "label", "unit_id", "households", "in_time", "share"] for h in doc["helpers"])
    assert {h["id"]: (h["unit_id"], h["households"], h["in_time"], h["share"]) for h in doc["helpers"]} \
        == EXPECTED_HELPERS
    assert {u["id"]: (u["helpers"], u["households"], u["in_time"], u["share"]) for u in doc["units"]} \
        == EXPECTED_UNITS
    assert {t["id"]: (t["households"], t["no_helper"], t["never"], t["overdue"], t["ok"], t["share"])
            for t in doc["towns"]} == EXPECTED_TOWNS


def test_attendance_json_and_zh_table(store, run_cli) -> None:
    write_county(store)
    res = run_cli("attendance", "--month", "2026-06", "--format", "json")
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert doc["month"] == "2026-06"
    assert all(list(c) == ["id", "label", "village_id", "role", "present", "leave", "away", "required", "short"]
               for c in doc["cadres"])
    assert {(c["id"], c["village_id"]): (c["role"], c["present"], c["leave"], c["away"], c["required"], c["short"])
            for c in doc["cadres"]} == EXPECTED_ATTENDANCE
    zh = run_cli("attendance", "--month", "2026年6月", "--lang", "zh")
    assert zh.exit_code == 0 and "在村天数" in zh.stdout and "应在村天数" in zh.stdout and "第一书记" in zh.stdout


def test_bad_month_and_day_are_exit_2_without_traceback(store, run_cli) -> None:
    write_county(store)
    for args in (("attendance", "--month", "2026-13"), ("visits", "--as-of", "2026-02-30")):
        res = run_cli(*args)
        assert res.exit_code == 2 and "Traceback" not in res.output, res.output


def test_export_writes_the_event_sheets(store, run_cli, tmp_path) -> None:
    import pandas as pd

    net = write_county(store)
    res = run_cli("export", "--out", str(tmp_path / "wb"))
    assert res.exit_code == 0, res.output
    for sheet, key in (("visits", ["helper_id", "household_id", "date", "kind"]),
                       ("attendance", ["cadre_id", "village_id", "date"])):
        got = pd.read_csv(tmp_path / "wb" / f"{sheet}.csv", dtype=str, keep_default_na=False)
        want = net.events[sheet].assign(date=net.events[sheet]["date"].dt.strftime("%Y-%m-%d"))
        assert sorted(map(tuple, got[key].to_numpy().tolist())) == sorted(map(tuple, want[key].to_numpy().tolist()))


def test_pages_get_the_three_colours_only_when_there_are_visits(store) -> None:
    import datetime as dt

    from pairnet.commands import supervision_colours

    from .conftest import hand_network
    from .supervision_county import EXPECTED_COLOURS

    store.write(hand_network())
    assert supervision_colours(store, as_of=dt.date(2026, 6, 30)) is None  # no visit: coverage colours stay
    write_county(store)
    assert supervision_colours(store, as_of=dt.date(2026, 6, 30)) == {h: c for h, (c, _) in EXPECTED_COLOURS.items()}
