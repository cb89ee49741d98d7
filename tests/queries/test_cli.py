"""The analysis commands end to end: formats, exit codes, --fail-on-gaps, bad input, and no PII leaks."""

from __future__ import annotations

import json

import pytest
from pairnet.graph.embedded import EmbeddedStore
from cli_runner import invoke

from .conftest import AS_OF, hand_network


@pytest.fixture
def db(tmp_path) -> str:
    path = tmp_path / "hand.db"
    with EmbeddedStore(path) as store:
        store.write(hand_network())
    return str(path)


def _run(*args: str):
    return invoke(*args)


def test_gaps_json_and_fail_on_gaps(db: str) -> None:
    r = _run("gaps", "--db", db, "--as-of", AS_OF.isoformat(), "--format", "json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["as_of"] == "2026-06-30" and data["summary"]["household_without_helper"] == 8
    assert {"kind", "id", "label", "village_id", "town_id", "reason"} <= set(data["gaps"][0])
    assert _run("gaps", "--db", db, "--as-of", "2026-06-30", "--fail-on-gaps").exit_code == 1
    nx = _run("gaps", "--db", db, "--as-of", "2026-06-30", "--engine", "networkx", "--format", "json")
    assert json.loads(nx.output) == data


def test_fail_on_gaps_exits_0_when_there_are_none(tmp_path) -> None:
    from pairnet.loaders.generate import generate
    from pairnet.loaders.profiles import Defects

    clean = generate("ziyang", scale=0.02, seed=1, defects=Defects(*([0.0] * 9)))
    assert not any(clean.truth["gaps"].values())  # the oracle: nothing planted, nothing to find
    path = tmp_path / "clean.db"
    with EmbeddedStore(path) as store:
        store.write(clean.network)
    r = _run("gaps", "--db", str(path), "--as-of", clean.truth["as_of"], "--fail-on-gaps", "--format", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["gaps"] == []


def test_gaps_table_is_grouped_by_town_and_village(db: str) -> None:
    r = _run("gaps", "--db", db, "--as-of", "2026-06-30")
    assert r.exit_code == 0, r.output
    lines = [ln for ln in r.output.splitlines() if ln.startswith(("T1", "T2"))]
    assert len(lines) == 16  # every gap of the hand network, one row each
    # (town, village) keys, a town's own gap (no village) first: sorted means grouped for field follow-up
    keys = [(ln.split()[0], ln.split()[1] if ln.split()[1].startswith("V") else "") for ln in lines]
    assert keys == sorted(keys) and keys[0][0] == "T1" and keys[-1][0] == "T2"
    assert ("T2", "") in keys


def test_balance_and_chain_and_propose(db: str, tmp_path) -> None:
    r = _run("balance", "--db", db, "--as-of", "2026-06-30", "--format", "json")
    helpers = {h["id"]: h for h in json.loads(r.output)["helpers"]}
    assert helpers["C02"] == {"id": "C02", "label": "Cad Two", "rank": "staff", "unit_id": "U1", "load": 4,
                              "quota": 3, "status": "over"}
    policy = tmp_path / "p.toml"
    policy.write_text("[quota]\nstaff = 4\n")
    r = _run("balance", "--db", db, "--as-of", "2026-06-30", "--policy", str(policy), "--format", "json")
    assert {h["id"]: h["status"] for h in json.loads(r.output)["helpers"]}["C02"] == "at"
    r = _run("chain", "H13", "--db", db, "--as-of", "2026-06-30")
    assert r.exit_code == 0 and "NO ACTIVE HELPER" in r.output
    r = _run("propose", "--db", db, "--as-of", "2026-06-30", "--format", "json")
    assert len(json.loads(r.output)["proposals"]) == 8


@pytest.mark.parametrize("args, fragment", [
    (["gaps", "--as-of", "2026-13-01"], "YYYY-MM-DD"),
    (["balance", "--policy", "/nonexistent/p.toml"], "policy file"),
    (["chain", "H99"], "no household"),
])
def test_bad_input_exits_2(db: str, args: list[str], fragment: str) -> None:
    r = _run(*args, "--db", db)
    assert r.exit_code == 2 and fragment in r.output and "Traceback" not in r.output


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_no_id_or_phone_number_in_any_output(db: str, fmt: str) -> None:
    net = hand_network()
    secrets = list(net.nodes["Household"]["id_number"]) + list(net.nodes["Leader"]["phone"].dropna()) + \
        list(net.nodes["Cadre"]["phone"].dropna())
    for cmd in (["gaps"], ["balance"], ["chain", "H15"], ["chain", "H03"], ["propose"]):
        r = _run(*cmd, "--db", db, "--as-of", "2026-06-30", "--format", fmt)
        assert r.exit_code == 0, r.output
        assert not [s for s in secrets if s in r.output], cmd
