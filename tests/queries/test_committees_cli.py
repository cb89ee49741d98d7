"""`pairnet committees plan|check` against real stores, generated counties, and a plan loaded back."""

from __future__ import annotations

import json

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pairnet.loaders.generate import PROFILES, generate
from pairnet.queries.committees import check_committees, plan_committees

from .test_committees import assert_valid, county


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profile=st.sampled_from(sorted(PROFILES)), seed=st.integers(0, 1000), scale=st.sampled_from([0.05, 0.1, 0.2]),
       within_town=st.booleans(), lo=st.integers(2, 4))
def test_plans_for_generated_counties_keep_every_rule(profile, seed, scale, within_town, lo):
    net = generate(profile, scale=scale, seed=seed).network
    plan = plan_committees(net, min_size=lo, max_size=lo + 4, within_town=within_town, seed=seed)
    assert_valid(plan, net, lo, lo + 4, within_town)
    # the plan adopted in place of the county's own committees passes the check
    jc = pd.DataFrame([(c["committee_id"], c["name"], c["lead_village_id"]) for c in plan["committees"]],
                      columns=["committee_id", "name", "lead_village_id"])
    mem = pd.DataFrame([(v, c["committee_id"]) for c in plan["committees"] for v in c["villages"]],
                       columns=["source", "target"])
    net.nodes["JointCommittee"], net.rels["MEMBER_OF"] = jc, mem
    assert check_committees(net, min_size=lo, max_size=lo + 4, within_town=within_town)["violations"] == []


def test_plan_json_csv_load_back_and_check(store, run_cli, tmp_path):
    net = county(40, 4, p_lead=0.6)
    store.write(net)
    res = run_cli("committees", "plan", "--min", "3", "--max", "6", "--seed", "2", "--format", "json")
    assert res.exit_code == 0, res.output
    plan = json.loads(res.output)
    assert plan == json.loads(json.dumps(plan_committees(net, min_size=3, max_size=6, seed=2)))
    assert_valid(plan, net, 3, 6)

    out = tmp_path / "plan" / "committees.csv"
    res = run_cli("committees", "plan", "--min", "3", "--max", "6", "--seed", "2", "--format", "csv", "--out", str(out))
    assert res.exit_code == 0, res.output
    assert (tmp_path / "plan" / "committee_villages.csv").exists()
    res = run_cli("load", "--append", str(tmp_path / "plan"))
    assert res.exit_code == 0, res.output

    res = run_cli("committees", "check", "--min", "3", "--max", "6", "--format", "json")
    assert res.exit_code == 0, res.output
    checked = json.loads(res.output)
    assert checked["violations"] == []
    assert [(c["committee_id"], c["villages"], c["lead_village_id"]) for c in checked["committees"]] == [
        (c["committee_id"], c["villages"], c["lead_village_id"]) for c in plan["committees"]]
    # tighter bounds turn exactly the committees of more than three villages into size faults
    res = run_cli("committees", "check", "--min", "3", "--max", "3", "--format", "json")
    assert res.exit_code == 0, res.output
    violations = json.loads(res.output)["violations"]
    too_big = {c["committee_id"] for c in plan["committees"] if len(c["villages"]) > 3}
    assert too_big, "the plan should hold a committee of more than three villages for this check to bite"
    assert {v["rule"] for v in violations} == {"size_out_of_bounds"}
    assert sorted(v["committee_id"] for v in violations) == sorted(too_big)


def test_table_summary_names_the_adjacency_source_and_isolated(store, run_cli):
    net = county(30, 9)
    net.rels["ADJACENT_TO"] = net.rels["ADJACENT_TO"].iloc[0:0]  # no sheet: coordinates are used
    store.write(net)
    res = run_cli("committees", "plan")
    assert res.exit_code == 0, res.output
    assert "adjacency from coords" in res.output and "isolated villages" in res.output
    res = run_cli("committees", "plan", "--min", "5", "--max", "2")
    assert res.exit_code == 2 and "Traceback" not in res.output and "min" in res.output


def test_xlsx_in_chinese_loads_back(store, run_cli, tmp_path):
    net = county(25, 6, p_lead=0.7)
    store.write(net)
    out = tmp_path / "plan.xlsx"
    res = run_cli("committees", "plan", "--format", "xlsx", "--out", str(out), "--lang", "zh", "--max", "5")
    assert res.exit_code == 0, res.output
    assert set(pd.ExcelFile(out, engine="openpyxl").sheet_names) >= {"联村党委", "联村党委成员村"}  # Chinese sheets
    res = run_cli("load", "--append", str(out))
    assert res.exit_code == 0, res.output
    checked = json.loads(run_cli("committees", "check", "--max", "5", "--format", "json").output)
    plan = plan_committees(net, max_size=5)  # the CLI's plan: default seed and bounds
    assert checked["violations"] == [] and checked["metrics"]["committees"] == len(plan["committees"]) > 0
    assert sorted(c["villages"] for c in checked["committees"]) == sorted(c["villages"] for c in plan["committees"])
