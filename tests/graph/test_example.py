"""graph/example.py holds what its docstring promises: one of every gap, an overloaded helper, a committee, visits."""

from __future__ import annotations

from pairnet.graph.example import AS_OF, example_network
from pairnet.queries.balance import helper_load
from pairnet.queries.committees import check_committees
from pairnet.queries.colours import household_colours
from pairnet.queries.engine import records
from pairnet.queries.gaps import gaps
from pairnet.queries.visits import visits


def test_the_example_has_the_gaps_its_docstring_lists() -> None:
    net = example_network()
    found = {(r["kind"], r["id"]): r["reason"] for r in records(gaps(net, as_of=AS_OF))}
    assert found == {
        ("household_without_helper", "H08"): "only_inactive_helpers",
        ("household_without_helper", "H09"): "pairings_ended",
        ("household_without_helper", "H10"): "never_paired",
        ("village_without_unit", "V2"): None, ("village_without_first_secretary", "V2"): None,
        ("village_team_understaffed", "V2"): "team 0 of 3", ("village_team_understaffed", "V1"): "team 2 of 3",
        ("village_without_first_secretary", "V4"): None, ("village_team_understaffed", "V4"): "team 0 of 3",
        ("town_without_leader", "T2"): None,
    }
    load = helper_load(net, as_of=AS_OF).set_index("id")
    assert load.loc["C2", ["load", "quota", "status"]].tolist() == [4, 3, "over"]
    assert "C4" not in load.index  # inactive
    assert check_committees(net)["violations"] == [] and check_committees(net)["metrics"]["committees"] == 1
    assert example_network() is not example_network() and example_network().equals(net)


def test_the_example_visits_count_as_its_docstring_says() -> None:
    net = example_network()
    state = dict(zip(*[visits(net, as_of=AS_OF).households[c] for c in ("id", "state")]))
    # H01 home-visited 10 days before; H02's last home visit is 60 days old; H03 had only a phone call
    assert state == {"H01": "ok", "H02": "overdue", "H03": "never", "H04": "never", "H05": "never", "H07": "never",
                     "H08": "no_helper", "H09": "no_helper", "H10": "no_helper"}
    colour = dict(zip(*[household_colours(net, as_of=AS_OF)[c] for c in ("id", "colour")]))
    assert colour["H01"] == "green" and colour["H02"] == "yellow" and colour["H10"] == "red"
    assert len(net.events["attendance"]) == 6 and set(net.events["attendance"]["cadre_id"]) == {"C3"}
