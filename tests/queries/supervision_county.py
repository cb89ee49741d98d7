"""A county built by hand for supervision (visits, attendance, the three colours), with its answers worked by hand.

It is the hand-built analysis network of ``conftest.hand_network`` (two towns, five villages, twenty households,
twelve helpers) plus visits, attendance days and a few more stationings. Every row below says what it tests; the
EXPECTED_* dicts were worked out from the rows, not by running the code.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from pairnet.graph.network import PairingNetwork

from .conftest import AS_OF, hand_network

MONTH = "2026-06"  # 30 days; a full month requires 20 days present (stationed_days_per_month)
D = pd.Timestamp


def _rows(cols: str, *rows: tuple) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=cols.split())


def supervision_network() -> PairingNetwork:
    """The hand network with visits and attendance (judged on AS_OF = 2026-06-30, window 15 days: >= 06-15)."""
    net = hand_network()
    visits = _rows(
        "helper_id household_id date kind note",
        ("C02", "H01", D("2026-06-15"), "home", None),        # exactly 15 days before: ok
        ("C02", "H01", D("2026-06-29"), "phone", "电话"),      # a call: does not count
        ("C02", "H02", D("2026-06-14"), "home", None),        # 16 days: overdue
        ("C02", "H03", D("2026-06-20"), "home", None),        # a former helper's visit: still no_helper
        ("L1", "H10", D("2026-07-01"), "home", None),        # after the day: never
        ("CB", "H11", D("2026-06-28"), "phone", None),        # only a call: never
        ("CX", "H12", D("2026-06-29"), "home", "=1+1"),       # inactive former helper: no_helper
        ("L1", "H15", D("2026-06-30"), "home", None),        # on the day: ok (L1 in time, C02 not)
        ("C02", "H16", D("2026-05-01"), "home", None),        # an old one ...
        ("C02", "H16", D("2026-06-25"), "home", None),        # ... and the last one: ok, 5 days
        ("C04", "H17", D("2026-06-20"), "home", None),        # ok, 10 days
        ("C04", "H17", D("2026-06-21"), "other", None),       # other kind: not counted
        ("C04", "H18", D("2026-06-01"), "home", None),        # overdue, 29 days
        ("C02", "H09", D("2026-06-20"), "home", None),        # not in need: not listed
    )
    extra_stations = _rows(
        "source target role since until",
        ("C03", "V4", "team_member", D("2026-06-16"), None),           # began mid-month: 15 days, requires 10
        ("C06", "V2", "team_member", None, D("2026-05-31")),           # ended in May: not listed
        ("C07", "V4", "team_member", D("2026-07-01"), None),           # begins in July: not listed
    )

    def days(cadre: str, village: str, first: str, last: str, kind: str) -> list[tuple]:
        return [(cadre, village, d, kind) for d in pd.date_range(first, last)]

    attendance = pd.DataFrame(
        days("CF", "V1", "2026-06-01", "2026-06-20", "present") + days("CF", "V1", "2026-06-21", "2026-06-22", "leave")
        + [("CF", "V2", D("2026-06-23"), "present")]                    # not stationed there: ignored
        + days("C05", "V1", "2026-06-01", "2026-06-18", "present")
        + days("C05", "V1", "2026-06-19", "2026-06-20", "leave") + [("C05", "V1", D("2026-06-21"), "away")]
        + days("C06", "V1", "2026-06-01", "2026-06-15", "present") + days("C06", "V1", "2026-06-16", "2026-06-18", "away")
        + days("C04", "V2", "2026-06-11", "2026-06-30", "present") + [("C04", "V2", D("2026-05-31"), "present")]
        + days("C05", "V3", "2026-06-10", "2026-06-30", "present")    # the 30th is after the stationing ended
        + days("C08", "V3", "2026-06-01", "2026-06-19", "present")
        + days("C03", "V4", "2026-06-16", "2026-06-25", "present") + [("C03", "V4", D("2026-06-10"), "present")]
        + days("CX", "V2", "2026-06-01", "2026-06-05", "present")     # inactive cadre: not listed
        + [("C06", "V2", D("2026-06-02"), "present")],                 # stationing ended in May: not listed
        columns=["cadre_id", "village_id", "date", "kind"])
    rels = dict(net.rels)
    rels["STATIONED_IN"] = pd.concat([net.rels["STATIONED_IN"], extra_stations], ignore_index=True)
    return PairingNetwork(net.nodes, rels, {"visits": visits, "attendance": attendance})


# household -> (village, helper ids, last counted visit, days since, state)
EXPECTED_HOUSEHOLDS = {
    "H01": ("V1", ["C02"], dt.date(2026, 6, 15), 15, "ok"),
    "H02": ("V1", ["C02"], dt.date(2026, 6, 14), 16, "overdue"),
    "H03": ("V1", [], dt.date(2026, 6, 20), 10, "no_helper"),
    "H04": ("V1", [], None, None, "no_helper"),
    "H05": ("V1", [], None, None, "no_helper"),
    "H06": ("V1", [], None, None, "no_helper"),
    "H07": ("V1", [], None, None, "no_helper"),
    "H10": ("V1", ["L1"], None, None, "never"),
    "H11": ("V1", ["CB"], None, None, "never"),
    "H12": ("V1", [], dt.date(2026, 6, 29), 1, "no_helper"),
    "H13": ("V1", [], None, None, "no_helper"),
    "H15": ("V2", ["C02", "L1"], dt.date(2026, 6, 30), 0, "ok"),
    "H16": ("V2", ["C02"], dt.date(2026, 6, 25), 5, "ok"),
    "H17": ("V3", ["C04"], dt.date(2026, 6, 20), 10, "ok"),
    "H18": ("V3", ["C04"], dt.date(2026, 6, 1), 29, "overdue"),
    "H19": ("V3", ["C04"], None, None, "never"),
    "H20": ("V4", [], None, None, "no_helper"),
}
# helper -> (unit, households in need, in time, share)
EXPECTED_HELPERS = {
    "C02": ("U1", 4, 2, 0.5),       # H01 (06-15) and H16 in time; H02 overdue; H15 visited by L1, not by C02
    "C04": ("U2", 3, 1, 0.3333),    # H17 only
    "CB": ("U2", 1, 0, 0.0),
    "L1": (None, 2, 1, 0.5),        # H15 on the day; H10's visit is after it
}
EXPECTED_UNITS = {"U1": (1, 4, 2, 0.5), "U2": (2, 4, 1, 0.25)}  # unit -> (helpers, households, in time, share)
# town -> (households, no_helper, never, overdue, ok, share ok)
EXPECTED_TOWNS = {"T1": (13, 7, 2, 1, 3, 0.2308), "T2": (4, 1, 1, 1, 1, 0.25)}
# Colours: C02 is over quota (4 of 3), so its ok households are yellow; only H17 (C04, at quota) is green.
EXPECTED_COLOURS = {
    **{h: ("red", "no_helper") for h in ("H03", "H04", "H05", "H06", "H07", "H12", "H13", "H20")},
    "H01": ("yellow", "over_quota"), "H15": ("yellow", "over_quota"), "H16": ("yellow", "over_quota"),
    "H02": ("yellow", "overdue"), "H18": ("yellow", "overdue"),
    "H10": ("yellow", "never"), "H11": ("yellow", "never"), "H19": ("yellow", "never"),
    "H17": ("green", "ok"),
}
# (cadre, village) -> (role, present, leave, away, required, short); inactive CX and ended/future postings absent.
EXPECTED_ATTENDANCE = {
    ("C03", "V4"): ("team_member", 10, 0, 0, 10, False),      # 06-16..06-25; the 10th is before it began
    ("C04", "V2"): ("team_member", 20, 0, 0, 20, False),      # until the 30th (today): whole month; May ignored
    ("C05", "V1"): ("team_member", 18, 2, 1, 20, True),       # leave excuses nothing by default
    ("C05", "V3"): ("first_secretary", 20, 0, 0, 19, False),  # ended the 29th: 29 days, 20 x 29 / 30 = 19.3
    ("C06", "V1"): ("team_leader", 15, 0, 3, 20, True),
    ("C07", "V3"): ("team_leader", 0, 0, 0, 20, True),        # no record at all
    ("C08", "V3"): ("team_member", 19, 0, 0, 20, True),       # one day short
    ("CF", "V1"): ("first_secretary", 20, 2, 0, 20, False),   # the day in V2 does not count
}
EXPECTED_SHORT_IF_LEAVE_EXCUSES = {("C06", "V1"), ("C07", "V3"), ("C08", "V3")}  # C05 in V1: 18 + 2 = 20


def write_county(store, net: PairingNetwork | None = None) -> PairingNetwork:
    """Write the county (its network and its event rows) into ``store``; returns the network written."""
    net = net or supervision_network()
    store.write(net, events=net.events)
    return net
