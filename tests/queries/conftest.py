"""Hand-built pairing network for the analyses: every rule and edge day, with the answers worked out by hand."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from pairnet.graph.network import PairingNetwork

AS_OF = dt.date(2026, 6, 30)
DAY = dt.timedelta(days=1)


def _rows(cols: str, *rows: tuple) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=cols.split())


def hand_network() -> PairingNetwork:
    """Two towns, five villages, twenty households, twelve helpers; see EXPECTED_* for what each row tests."""
    towns = _rows("town_id name", ("T1", "North"), ("T2", "South"))
    villages = _rows(
        "village_id name town_id poor deep_poverty",
        ("V1", "Ash", "T1", True, True),     # everything in order; team of exactly 3
        ("V2", "Birch", "T1", True, False),  # unit ended yesterday; first secretary inactive; 1 active member
        ("V3", "Cedar", "T2", True, True),   # unit from tomorrow; leader until today; secretary ended; team 2
        ("V4", "Dune", "T2", False, False),  # not poor: nothing required
        ("V5", "Elm", "T2", False, True),    # deep but not poor: needs only a leader, has none
    )
    hh = [
        ("H01", "Ann", "V1", "poor", None), ("H02", "Bo", "V1", "poor", None), ("H03", "Cy", "V1", "poor", None),
        ("H04", "Di", "V1", "poor", None), ("H05", "Ed", "V1", "poor", None), ("H06", "Fu", "V1", "monitored", None),
        ("H07", "Gu", "V1", "exited", 2024), ("H08", "He", "V1", "exited", 2023), ("H09", "Io", "V1", "exited", 2023),
        ("H10", "Jo", "V1", "poor", None), ("H11", "Ka", "V1", "poor", None), ("H12", "Li", "V1", "poor", None),
        ("H13", "Mo", "V1", "poor", None), ("H14", "Nu", "V1", "exited", None), ("H15", "Ou", "V2", "monitored", None),
        ("H16", "Pa", "V2", "poor", None), ("H17", "Qi", "V3", "poor", None), ("H18", "Ru", "V3", "poor", None),
        ("H19", "Su", "V3", "poor", None), ("H20", "Ti", "V4", "exited", 2025),
    ]
    households = pd.DataFrame(hh, columns=["household_id", "head_name", "village_id", "status", "exit_year"])
    households["id_number"] = [f"61092419800101{i:03d}X" for i in range(len(hh))]
    units = _rows("unit_id name", ("U1", "Water bureau"), ("U2", "County bank"))
    leaders = _rows("leader_id name phone", ("L1", "Lead One", "13900000001"), ("L2", "Lead Two", "13900000002"))
    cadres = _rows(
        "cadre_id name unit_id rank active phone",
        ("C02", "Cad Two", "U1", "staff", True, "13900000012"),   # over quota (4 of 3)
        ("C03", "Cad Three", "U1", "section", True, None),        # only a future and an ended pairing: 0
        ("C04", "Cad Four", "U2", "staff", True, None),           # at quota (3 of 3); stationed until today
        ("CB", "Cad Blank", "U2", "village", None, None),         # active blank = active
        ("CX", "Cad Inactive", "U1", "section", False, None),     # inactive: not listed, helps nobody
        ("CF", "Cad First", "U1", "section", True, None),         # first secretary of V1
        ("C05", "Cad Five", "U2", "staff", True, None),
        ("C06", "Cad Six", "U2", "staff", True, None),
        ("C07", "Cad Seven", "U2", "staff", True, None),
        ("C08", "Cad Eight", "U2", "staff", True, None),
    )
    a, y, t = AS_OF, AS_OF - DAY, AS_OF + DAY
    helps = _rows(
        "source source_label target since until",
        ("C02", "Cadre", "H01", None, None),
        ("C02", "Cadre", "H02", None, a),        # until == as_of: active
        ("C02", "Cadre", "H03", None, y),        # until == as_of - 1: ended -> pairings_ended
        ("C03", "Cadre", "H04", t, None),        # since > as_of: not yet -> never_paired
        ("CX", "Cadre", "H06", None, None),      # inactive helper only -> only_inactive_helpers
        ("C02", "Cadre", "H09", None, None),     # exited 2023 (+3): not in need, not in load
        ("L1", "Leader", "H10", None, None),     # leader: always active
        ("CB", "Cadre", "H11", None, None),      # blank active: active
        ("CX", "Cadre", "H12", None, y),         # both ended -> pairings_ended
        ("C02", "Cadre", "H12", dt.date(2020, 1, 1), dt.date(2021, 1, 1)),
        ("CX", "Cadre", "H13", None, None),      # current but inactive, plus an ended one -> only_inactive_helpers
        ("C03", "Cadre", "H13", None, y),
        ("C02", "Cadre", "H15", None, None),     # two active helpers: counts for both
        ("L1", "Leader", "H15", None, None),
        ("C02", "Cadre", "H16", a, None),        # since == as_of: active
        ("C04", "Cadre", "H17", None, None),
        ("C04", "Cadre", "H18", None, None),
        ("C04", "Cadre", "H19", None, None),
    )
    packages = _rows(
        "source source_label target since until",
        ("U1", "Unit", "V1", None, None), ("L1", "Leader", "V1", None, None),
        ("U1", "Unit", "V2", None, y),
        ("U2", "Unit", "V3", t, None), ("L2", "Leader", "V3", None, a),
    )
    liaises = _rows("source target", ("L1", "T1"))
    stationed = _rows(
        "source target role since until",
        ("CF", "V1", "first_secretary", None, None), ("C05", "V1", "team_member", None, None),
        ("C06", "V1", "team_leader", None, None),
        ("CX", "V2", "first_secretary", None, None), ("C04", "V2", "team_member", None, a),
        ("C05", "V3", "first_secretary", None, y), ("C07", "V3", "team_leader", None, None),
        ("C08", "V3", "team_member", None, None),
    )
    lives_in = households[["household_id", "village_id"]].set_axis(["source", "target"], axis=1)
    in_town = villages[["village_id", "town_id"]].set_axis(["source", "target"], axis=1)
    works_in = cadres[["cadre_id", "unit_id"]].set_axis(["source", "target"], axis=1)
    return PairingNetwork(
        nodes={"Town": towns, "Village": villages, "Household": households, "Unit": units, "Leader": leaders,
               "Cadre": cadres},
        rels={"HELPS": helps, "PACKAGES": packages, "LIAISES": liaises, "STATIONED_IN": stationed,
              "LIVES_IN": lives_in, "IN_TOWN": in_town, "WORKS_IN": works_in},
    )


EXPECTED_HOUSEHOLDS = {"H03": "pairings_ended", "H04": "never_paired", "H05": "never_paired",
                       "H06": "only_inactive_helpers", "H07": "never_paired", "H12": "pairings_ended",
                       "H13": "only_inactive_helpers", "H20": "never_paired"}
EXPECTED_VILLAGES = {
    "village_without_unit": ["V2", "V3"],
    "village_without_first_secretary": ["V2", "V3"],
    "village_team_understaffed": ["V2", "V3"],
    "deep_village_without_leader": ["V5"],
    "town_without_leader": ["T2"],
}
# helper -> (rank, unit, load, quota, status); CX (inactive) is absent.
EXPECTED_LOAD = {
    "L1": ("county", None, 2, 5, "under"), "L2": ("county", None, 0, 5, "under"),
    "C02": ("staff", "U1", 4, 3, "over"), "C03": ("section", "U1", 0, 4, "under"),
    "C04": ("staff", "U2", 3, 3, "at"), "CB": ("village", "U2", 1, 3, "under"),
    "CF": ("section", "U1", 0, 4, "under"), "C05": ("staff", "U2", 0, 3, "under"),
    "C06": ("staff", "U2", 0, 3, "under"), "C07": ("staff", "U2", 0, 3, "under"),
    "C08": ("staff", "U2", 0, 3, "under"),
}


@pytest.fixture
def hand() -> PairingNetwork:
    return hand_network()
