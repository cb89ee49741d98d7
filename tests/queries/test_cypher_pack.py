"""The query pack as a user meets it: every file runs on both stores with the parameters docs/cypher.md sets."""

from __future__ import annotations

import datetime as dt
import re
from importlib import resources
from pathlib import Path


import pandas as pd

from pairnet.graph.core import schema

from .conftest import EXPECTED_HOUSEHOLDS, EXPECTED_LOAD, EXPECTED_VILLAGES, hand_network

DOC = Path(__file__).resolve().parents[2] / "docs" / "cypher.md"
PACK = resources.files("pairnet.queries").joinpath("cypher")


def _doc_params() -> dict:
    """The ``:param name => value`` lines of the doc, as driver parameters."""
    params = {}
    for name, value in re.findall(r"^:param (\w+) => (.+)$", DOC.read_text("utf-8"), re.M):
        if m := re.fullmatch(r"date\('(\d{4}-\d\d-\d\d)'\)", value):
            params[name] = dt.date.fromisoformat(m[1])
        elif value.isdigit():
            params[name] = int(value)
        elif value.startswith("["):
            params[name] = re.findall(r"'([^']*)'", value)
        else:
            params[name] = value.strip("'")
    return params


def _files() -> list[str]:
    return sorted(p.name for p in PACK.iterdir() if p.name.endswith(".cypher"))


def test_every_file_is_documented_and_uses_schema_labels() -> None:
    doc = DOC.read_text("utf-8")
    labels = set(schema.NODE) | set(schema.REL) | {e.label for e in schema.EVENTS}
    for name in _files():
        text = PACK.joinpath(name).read_text("utf-8")
        assert f"`{name}`" in doc, name
        assert ";" not in re.sub(r"//.*", "", text), name  # one statement, as Browser and drivers take it
        used = set(re.findall(r"[(\[]\w*:(\w+)", text))
        assert used <= labels, (name, used - labels)


def test_every_file_runs_with_the_documented_params(store) -> None:
    net = hand_network()
    # a counted and an uncounted visit to H15 by C02, and a day of CF in V1, inside the documented month
    net.events["visits"] = pd.DataFrame({"helper_id": ["C02", "C02"], "household_id": ["H15", "H15"],
                                         "date": [dt.date(2026, 6, 2), dt.date(2026, 6, 20)],
                                         "kind": ["home", "phone"], "note": [None, None]})
    net.events["attendance"] = pd.DataFrame({"cadre_id": ["CF"], "village_id": ["V1"],
                                             "date": [dt.date(2026, 6, 3)], "kind": ["present"]})
    store.write(net, events=net.events)
    params = _doc_params() | {"household_id": "H15", "ids": ["H03", "H06", "H12"]}
    assert params["as_of"] == dt.date(2026, 6, 30)
    answers = {}
    for name in _files():
        text = PACK.joinpath(name).read_text("utf-8")
        needed = set(re.findall(r"\$(\w+)", text))
        assert needed <= set(params), (name, needed - set(params))
        df = store.query(text, {k: params[k] for k in needed})
        assert len(df) > 0, name
        answers[name.removesuffix(".cypher")] = df
    # pasted as they are, with the documented parameters, the files give the hand-worked answers
    hh = answers["households_without_helper"]
    assert dict(zip(hh["id"], hh["reason"])) == EXPECTED_HOUSEHOLDS
    for kind, ids in EXPECTED_VILLAGES.items():
        file = kind.replace("village_", "villages_").replace("town_", "towns_")  # file names are plural
        assert sorted(answers[file]["id"]) == ids, file
    load = answers["helper_load"]
    assert {r.id: (r.load, r.quota) for r in load.itertuples()} == {h: v[2:4] for h, v in EXPECTED_LOAD.items()}
    assert answers["households_in_need"]["households"].tolist() == [17]
    chain = answers["chain"]
    assert chain.loc[chain["part"] == "household", "id"].tolist() == ["H15"]
    assert sorted(chain.loc[chain["part"] == "helper", "id"]) == ["C02", "L1"]
    last = answers["visits_last"]
    assert last[["household_id", "helper_id"]].values.tolist() == [["H15", "C02"]]  # the phone call does not count
    assert str(last["last_visit"].iloc[0])[:10] == "2026-06-02"
    days = answers["attendance_days"]
    assert days[["cadre_id", "village_id", "kind"]].values.tolist() == [["CF", "V1", "present"]]
    # CX is inactive; C04 (until 30 June) and C05 (V3 until 29 June) overlap June
    assert sorted(set(answers["attendance"]["id"])) == ["C04", "C05", "C06", "C07", "C08", "CF"]
    # H03 and H12 ended with C02 (U1); H06, H12 and H13 have inactive CX (U1): only those in ids
    left = answers["former_helpers"]
    assert sorted(zip(left["household_id"], left["helper_id"])) == [("H03", "C02"), ("H06", "CX"), ("H12", "C02"),
                                                                   ("H12", "CX")]
