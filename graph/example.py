"""A small hand-built pairing network for the docstring examples: two towns, six villages, ten households.

Judged on ``AS_OF`` (30 June 2026) under the default policy, it has one of every gap:

- households: H08's only helper C4 is inactive (``only_inactive_helpers``), H09's pairing ended in 2025
  (``pairings_ended``), H10 was never paired (``never_paired``); H06 exited in 2020, past the two years of
  continuity, so it is not in need;
- villages: V2 (poor) has no packaging unit, no first secretary and no work team; V1 (poor) has a first
  secretary but a team of two of the three required; V4 (poor, deep poverty) has its unit and leader but
  no stationed cadre; town T2 has no liaising leader;
- load: C2 (staff, quota 3) helps four households in need: ``over``.

The villages lie on a small grid (x/y in degrees) and the adjacency sheet joins neighbours, so committee
plans and maps have something to work with. V1, V2 and V3 form the committee J1, led by V1.

Events: C1 visited H01 at home on 20 June 2026 (in time), C2 visited H02 at home on 1 May (overdue) and H03
by phone (not counted); the first secretary C3 was in V1 on five days of June 2026 and on leave one.

>>> net = example_network()
>>> net.counts()["nodes"]
{'Town': 2, 'Village': 6, 'Household': 10, 'Unit': 2, 'Leader': 1, 'Cadre': 4, 'JointCommittee': 1}
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from pairnet.graph.network import PairingNetwork

AS_OF = dt.date(2026, 6, 30)


def example_network() -> PairingNetwork:
    """A fresh copy of the example network (callers may change it freely)."""
    na, d = None, pd.Timestamp
    nodes = {
        "Town": pd.DataFrame({"town_id": ["T1", "T2"], "name": ["城关镇", "高桥镇"]}),
        "Village": pd.DataFrame({
            "village_id": ["V1", "V2", "V3", "V4", "V5", "V6"],
            "name": ["东河村", "西沟村", "南坪村", "北山村", "高桥村", "石门村"],
            "town_id": ["T1", "T1", "T1", "T2", "T2", "T2"],
            "poor": [True, True, False, True, False, False],
            "deep_poverty": [False, False, False, True, False, False],
            "branch_rating": ["strong", "weak", "good", "average", "good", "average"],
            "industry": ["茶叶", "茶叶", "魔芋", "魔芋", "养殖", "养殖"],
            "x": [108.50, 108.52, 108.50, 108.52, 108.54, 108.54],
            "y": [32.50, 32.50, 32.52, 32.52, 32.50, 32.52]}),
        "Household": pd.DataFrame({
            "household_id": [f"H{i:02d}" for i in range(1, 11)],
            "head_name": ["张三", "李四", "王五", "赵六", "钱七", "孙八", "周九", "吴十", "郑一", "冯二"],
            "id_number": ["610924198001011239", na, na, na, na, na, na, na, na, na],
            "village_id": ["V1", "V1", "V2", "V2", "V3", "V3", "V4", "V4", "V5", "V6"],
            "members": [4, 3, 5, 2, 1, 3, 4, 2, 6, 3],
            "status": ["poor", "poor", "monitored", "poor", "exited", "exited", "poor", "poor", "monitored", "poor"],
            "poverty_cause": ["因病", na, "缺技术", na, na, na, "因学", na, na, na],
            "exit_year": [na, na, na, na, 2025, 2020, na, na, na, na]}),
        "Unit": pd.DataFrame({"unit_id": ["U1", "U2"], "name": ["县财政局", "县农业局"],
                              "kind": ["department", "department"]}),
        "Leader": pd.DataFrame({"leader_id": ["L1"], "name": ["赵书记"], "title": ["县委书记"],
                                "phone": ["13900000001"]}),
        "Cadre": pd.DataFrame({
            "cadre_id": ["C1", "C2", "C3", "C4"], "name": ["刘干部", "陈干部", "杨干部", "黄干部"],
            "unit_id": ["U1", "U1", "U2", "U2"], "rank": ["section", "staff", "staff", "village"],
            "phone": ["13912345678", na, na, na], "active": [True, True, na, False]}),
        "JointCommittee": pd.DataFrame({"committee_id": ["J1"], "name": ["东河联村党委"],
                                        "lead_village_id": ["V1"]}),
    }
    rels = {
        "HELPS": pd.DataFrame({
            "source": ["C1", "C1", "C2", "C2", "C2", "C2", "L1", "C4", "C3"],
            "target": ["H01", "H02", "H02", "H03", "H04", "H05", "H07", "H08", "H09"],
            "source_label": ["Cadre"] * 6 + ["Leader", "Cadre", "Cadre"],
            "since": [d("2016-03-01"), d("2017-01-01"), d("2018-05-01"), na, na, d("2020-01-01"), na, na,
                      d("2016-01-01")],
            "until": [na, na, na, na, na, na, na, na, d("2025-12-31")]}),
        "PACKAGES": pd.DataFrame({
            "source": ["U1", "U2", "L1"], "target": ["V1", "V4", "V4"], "source_label": ["Unit", "Unit", "Leader"],
            "since": [d("2015-10-01"), na, na], "until": [na, na, na]}),
        "LIAISES": pd.DataFrame({"source": ["L1"], "target": ["T1"]}),
        "STATIONED_IN": pd.DataFrame({
            "source": ["C3", "C1"], "target": ["V1", "V1"], "role": ["first_secretary", "team_member"],
            "since": [d("2021-01-01"), na], "until": [na, na]}),
        "ADJACENT_TO": pd.DataFrame({
            "source": ["V1", "V1", "V2", "V2", "V3", "V4", "V5"],
            "target": ["V2", "V3", "V4", "V5", "V4", "V6", "V6"]}),
        "MEMBER_OF": pd.DataFrame({"source": ["V1", "V2", "V3"], "target": ["J1", "J1", "J1"]}),
    }
    events = {
        "visits": pd.DataFrame({
            "helper_id": ["C1", "C2", "C2"], "household_id": ["H01", "H02", "H03"],
            "date": [d("2026-06-20"), d("2026-05-01"), d("2026-06-25")], "kind": ["home", "home", "phone"],
            "note": [na, na, na]}),
        "attendance": pd.DataFrame({
            "cadre_id": ["C3"] * 6, "village_id": ["V1"] * 6,
            "date": [d(f"2026-06-0{i}") for i in range(1, 7)], "kind": ["present"] * 5 + ["leave"]}),
    }
    return PairingNetwork(nodes, rels, events)
