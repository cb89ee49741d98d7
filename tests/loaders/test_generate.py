"""Generator: document counts, scaling, determinism, valid ID numbers, adjacency, edge days, truth cross-checked."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections import defaultdict
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pairnet.graph.core import schema
from pairnet.graph.core.errors import PairnetError
from pairnet.loaders.generate import PROFILES, generate, id_numbers, write_generated
from pairnet.loaders.profiles import Defects

# Figures the source documents give (DOMAIN.md): at scale 1 the generator must reproduce them exactly.
DOCUMENT = {
    "ziyang": {"towns": 17, "poor_villages": 133, "units": 111, "cadres": 3080, "households": 31083,
               "first_secretaries": 132},
    "xuanen": {"towns": 9, "villages": 279, "poor_villages": 70, "households": 27605, "units": 82, "cadres": 2781,
               "first_secretaries": 277},
    "rongshui": {"households": 28000, "first_secretaries": 379},
    "wanyuan": {"poor_villages": 170, "leaders": 31, "cadres": 12000, "units": 123, "work_teams": 170,
                "first_secretaries": 785},
    "liupanshui": {"towns": 44, "committees": 72, "committee_villages": 304},
}


def measured(net) -> dict[str, int]:
    """The document's figures as found in a network."""
    n, r = net.nodes, net.rels
    st = r["STATIONED_IN"]
    return {
        "towns": len(n["Town"]), "villages": len(n["Village"]), "poor_villages": int(n["Village"]["poor"].sum()),
        "households": len(n["Household"]), "units": len(n["Unit"]), "cadres": len(n["Cadre"]),
        "leaders": len(n["Leader"]), "first_secretaries": int((st["role"] == "first_secretary").sum()),
        "work_teams": st.loc[st["role"] == "team_leader", "target"].nunique(),
        "committees": len(n["JointCommittee"]), "committee_villages": len(r["MEMBER_OF"]),
    }


@pytest.fixture(scope="module")
def ziyang():
    return generate("ziyang", scale=1.0, seed=0)


@pytest.fixture(scope="module")
def small():
    return generate("ziyang", scale=0.15, seed=3)


@pytest.mark.parametrize("profile", sorted(DOCUMENT))
def test_document_counts_are_exact_at_scale_1(profile: str) -> None:
    gen = generate(profile, scale=1.0, seed=5)
    got = measured(gen.network)
    assert {k: got[k] for k in DOCUMENT[profile]} == DOCUMENT[profile]
    assert gen.truth["counts"] == gen.network.counts()
    towns = gen.network.nodes["Town"]
    deep = int(gen.network.nodes["Village"]["deep_poverty"].sum())
    assert got["leaders"] >= max(len(towns), deep)  # a leader per town and per deep-poverty village


def test_scale_multiplies_counts() -> None:
    p = PROFILES["xuanen"]
    got = measured(generate("xuanen", scale=0.1, seed=1).network)
    for key in ("towns", "villages", "poor_villages", "households", "units", "cadres"):
        assert got[key] == max(1, round(getattr(p, key) * 0.1)), key
    tiny = measured(generate("ziyang", scale=0.001, seed=1).network)
    assert tiny["towns"] == 1 and tiny["villages"] >= 1 and tiny["households"] == 31


def test_unknown_profile_and_bad_scale_are_user_errors() -> None:
    with pytest.raises(PairnetError, match="ziyang"):
        generate("atlantis")
    with pytest.raises(PairnetError):
        generate("ziyang", scale=0)
    with pytest.raises(PairnetError):
        generate("ziyang", scale=0.01, as_of="2025-02-30")


def _digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("fmt,lang", [("csv", "en"), ("xlsx", "zh")])
def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path, fmt: str, lang: str) -> None:
    for name, seed in (("a", 7), ("b", 7), ("c", 8)):
        write_generated(generate("liupanshui", scale=0.05, seed=seed), tmp_path / name, fmt, lang)
    a, b, c = (_digest(tmp_path / n) for n in "abc")
    assert a == b
    assert len(a) == (len(schema.SHEETS) if fmt == "csv" else 1) + 1  # the workbook and truth.json
    assert a != c
    changed = [k for k in a if a[k] != c[k]]
    assert any(k.endswith(("households.csv", ".xlsx")) for k in changed)


def _check_char(body: str) -> str:
    total = sum(int(d) * w for d, w in zip(body, [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]))
    return "10X98765432"[total % 11]


def test_id_numbers_are_valid(small) -> None:
    hh = small.network.nodes["Household"]
    vil = small.network.nodes["Village"].set_index("village_id")
    as_of = dt.date.fromisoformat(small.truth["as_of"])
    ids = hh["id_number"].tolist()
    assert len(set(ids)) == len(ids)
    for idn, village in zip(ids, hh["village_id"]):
        assert len(idn) == 18 and idn[:17].isdigit()
        assert idn[17] == _check_char(idn[:17])
        assert idn[:6] == vil.loc[village, "town_id"][:6]  # the county's area code
        born = dt.date(int(idn[6:10]), int(idn[10:12]), int(idn[12:14]))
        assert 18 <= (as_of - born).days / 365.25 <= 90
    # the published example of the standard
    assert id_numbers(pd.Series(["110105"]).astype(int).to_numpy(),
                      pd.to_datetime(["1949-12-31"]).to_numpy().astype("datetime64[D]"),
                      pd.Series([2]).to_numpy())[0] == "11010519491231002X"


def _segments_cross(p1, p2, p3, p4) -> bool:
    def orient(a, b, c):
        v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
        return 0 if abs(v) < 1e-15 else (1 if v > 0 else -1)

    if {tuple(p1), tuple(p2)} & {tuple(p3), tuple(p4)}:
        return False  # sharing an end is not a crossing
    return orient(p1, p2, p3) * orient(p1, p2, p4) < 0 and orient(p3, p4, p1) * orient(p3, p4, p2) < 0


def test_adjacency_planar_connected_within_towns_with_some_cross_town_edges(ziyang) -> None:
    net = ziyang.network
    vil = net.nodes["Village"].set_index("village_id")
    adj = net.rels["ADJACENT_TO"]
    pairs = list(zip(adj["source"], adj["target"]))
    assert all(a < b for a, b in pairs) and len(set(pairs)) == len(pairs)
    g = nx.Graph(pairs)
    g.add_nodes_from(vil.index)
    assert nx.check_planarity(g)[0]
    for town, members in vil.groupby("town_id").groups.items():
        assert nx.is_connected(g.subgraph(members)), town
    cross = sum(vil.loc[a, "town_id"] != vil.loc[b, "town_id"] for a, b in pairs)
    assert 0 < cross < 0.25 * len(pairs)
    xy = {v: (vil.loc[v, "x"] * math.cos(math.radians(32.5)), vil.loc[v, "y"]) for v in vil.index}
    crossings = sum(_segments_cross(xy[a], xy[b], xy[c], xy[d])
                    for i, (a, b) in enumerate(pairs) for c, d in pairs[i + 1:])
    assert crossings <= 0.01 * len(pairs)


def test_villages_industries_ratings_and_places(ziyang) -> None:
    vil = ziyang.network.nodes["Village"]
    assert not (vil["deep_poverty"] & ~vil["poor"]).any()
    poor = vil[vil["poor"]]["branch_rating"].value_counts(normalize=True)
    assert 0.25 < poor.get("strong", 0) < 0.55 and 0.35 < poor.get("good", 0) < 0.65
    assert (vil[~vil["poor"]]["branch_rating"] == "weak").any()
    assert vil["x"].between(107.5, 109.5).all() and vil["y"].between(31.5, 33.5).all()
    top = vil.groupby("town_id")["industry"].agg(lambda s: s.value_counts(normalize=True).iloc[0])
    assert top.mean() > 0.45  # one leading industry per town


def test_committees_are_contiguous_and_led_by_strong_or_good_branches() -> None:
    net = generate("liupanshui", scale=1.0, seed=2).network
    adj = nx.Graph(list(zip(net.rels["ADJACENT_TO"]["source"], net.rels["ADJACENT_TO"]["target"])))
    rating = net.nodes["Village"].set_index("village_id")["branch_rating"]
    members = net.rels["MEMBER_OF"].groupby("target")["source"].apply(list)
    assert net.rels["MEMBER_OF"]["source"].is_unique
    for c in net.nodes["JointCommittee"].itertuples():
        vs = members[c.committee_id]
        assert 3 <= len(vs) <= 8 and nx.is_connected(adj.subgraph(vs))
        assert c.lead_village_id in vs and rating[c.lead_village_id] in ("strong", "good")


# --- the truth, recomputed the slow and obvious way --------------------------------------------------------
def _rows(df: pd.DataFrame) -> list[dict]:
    return [{k: (None if pd.isna(v) else v) for k, v in r.items()} for r in df.to_dict("records")]


def slow_truth(net, as_of: dt.date) -> dict:
    """The default policy (DESIGN.md, issue 4) applied row by row."""
    quota = {"county": 5, "section": 4, "staff": 3, "village": 3}
    day = pd.Timestamp(as_of)

    def live(r):
        return (r["since"] is None or r["since"] <= day) and (r["until"] is None or r["until"] >= day)

    cadre = {r["cadre_id"]: r for r in _rows(net.nodes["Cadre"])}
    helper_active = {r["leader_id"]: True for r in _rows(net.nodes["Leader"])}
    # a blank ``active`` cell counts as active (the analyses' rule; cadre CB of the hand-built analysis fixture)
    helper_active.update({c: r["active"] is None or bool(r["active"]) for c, r in cadre.items()})
    in_need = set()
    for r in _rows(net.nodes["Household"]):
        if r["status"] in ("poor", "monitored") or (r["status"] == "exited" and as_of.year <= r["exit_year"] + 2):
            in_need.add(r["household_id"])
    pairings = defaultdict(list)
    for r in _rows(net.rels["HELPS"]):
        pairings[r["target"]].append(r)
    gaps_hh = {}
    for h in in_need:
        ps = pairings[h]
        if any(live(p) and helper_active[p["source"]] for p in ps):
            continue
        if any(live(p) for p in ps):
            gaps_hh[h] = "only_inactive_helpers"
        elif any(p["until"] is not None and p["until"] < day for p in ps):
            gaps_hh[h] = "pairings_ended"
        else:
            gaps_hh[h] = "never_paired"
    load = defaultdict(int)
    for ps in pairings.values():
        for p in ps:
            if live(p) and helper_active[p["source"]] and p["target"] in in_need:
                load[p["source"]] += 1
    helpers = {}
    for h in helper_active:
        if not helper_active[h]:
            continue
        q = quota[cadre[h]["rank"]] if h in cadre else 5
        n = load[h]
        helpers[h] = {"load": n, "quota": q, "status": "over" if n > q else ("at" if n == q else "under")}

    villages = _rows(net.nodes["Village"])
    unit, leader, fs, team = set(), set(), set(), defaultdict(int)
    for p in _rows(net.rels["PACKAGES"]):
        if live(p):
            (unit if p["source_label"] == "Unit" else leader).add(p["target"])
    for s in _rows(net.rels["STATIONED_IN"]):
        if live(s) and helper_active[s["source"]]:
            team[s["target"]] += 1
            if s["role"] == "first_secretary":
                fs.add(s["target"])
    poor = [v["village_id"] for v in villages if v["poor"]]
    deep = [v["village_id"] for v in villages if v["deep_poverty"]]
    liaised = {r["target"] for r in _rows(net.rels["LIAISES"])}
    return {
        "gaps": {
            "household_without_helper": dict(sorted(gaps_hh.items())),
            "village_without_unit": sorted(v for v in poor if v not in unit),
            "village_without_first_secretary": sorted(v for v in poor if v not in fs),
            "village_team_understaffed": sorted(v for v in poor if team[v] < 3),
            "deep_village_without_leader": sorted(v for v in deep if v not in leader),
            "town_without_leader": sorted(t for t in net.nodes["Town"]["town_id"] if t not in liaised),
        },
        "helpers": dict(sorted(helpers.items())),
    }


@pytest.mark.parametrize("profile,scale,seed", [("ziyang", 0.15, 3), ("wanyuan", 0.1, 1), ("liupanshui", 0.1, 4),
                                                ("rongshui", 0.05, 9)])
def test_truth_equals_slow_recomputation(profile: str, scale: float, seed: int) -> None:
    gen = generate(profile, scale=scale, seed=seed)
    expected = slow_truth(gen.network, dt.date.fromisoformat(gen.truth["as_of"]))
    assert gen.truth["gaps"] == expected["gaps"]
    assert gen.truth["helpers"] == expected["helpers"]
    assert list(gen.truth["helpers"]) == sorted(gen.truth["helpers"])


def test_analyses_agree_with_the_slow_rule_when_active_cells_are_blank(small) -> None:
    """Blank ``active`` cells (which the generator never writes) are active for the analyses and the slow rule."""
    from pairnet.graph.network import PairingNetwork
    from pairnet.queries.balance import helper_load
    from pairnet.queries.gaps import gaps

    cadres = small.network.nodes["Cadre"].copy()
    blank = cadres.index[::7]  # active and inactive cadres alike
    assert (~cadres.loc[blank, "active"]).any() and cadres.loc[blank, "active"].any()
    cadres.loc[blank, "active"] = pd.NA
    net = PairingNetwork({**small.network.nodes, "Cadre": cadres}, small.network.rels)
    as_of = dt.date.fromisoformat(small.truth["as_of"])
    expected = slow_truth(net, as_of)
    assert expected != slow_truth(small.network, as_of)  # the blanks matter
    found = gaps(net, as_of=as_of, engine="networkx")
    hh = found[found["kind"] == "household_without_helper"]
    assert dict(zip(hh["id"], hh["reason"])) == expected["gaps"]["household_without_helper"]
    for kind, ids in expected["gaps"].items():
        if kind != "household_without_helper":
            assert sorted(found.loc[found["kind"] == kind, "id"]) == ids, kind
    loads = helper_load(net, as_of=as_of, engine="networkx")
    assert {r.id: {"load": int(r.load), "quota": int(r.quota), "status": r.status} for r in loads.itertuples()} \
        == expected["helpers"]


def test_truth_on_another_day_is_recomputed(small) -> None:
    gen = generate("ziyang", scale=0.15, seed=3, as_of="2027-01-15")
    assert gen.truth["as_of"] == "2027-01-15"
    assert gen.truth["gaps"] == slow_truth(gen.network, dt.date(2027, 1, 15))["gaps"]


def test_truth_shape_and_planted_gaps(small) -> None:
    t = small.truth
    assert set(t) == {"profile", "scale", "seed", "as_of", "counts", "gaps", "helpers", "planted"}
    assert (t["profile"], t["scale"], t["seed"], t["as_of"]) == ("ziyang", 0.15, 3, "2026-06-30")
    assert set(t["gaps"]) == {"household_without_helper", "village_without_unit", "village_without_first_secretary",
                              "village_team_understaffed", "deep_village_without_leader", "town_without_leader"}
    for kind, ids in t["gaps"].items():
        assert len(ids) >= 1, kind  # every kind is planted
        if isinstance(ids, list):
            assert ids == sorted(ids)
    reasons = pd.Series(t["gaps"]["household_without_helper"]).value_counts().to_dict()
    assert reasons == {k: v for k, v in t["planted"]["counts"]["household_without_helper"].items() if v}
    statuses = {h["status"] for h in t["helpers"].values()}
    assert statuses == {"over", "at", "under"}
    cadres = small.network.nodes["Cadre"]
    inactive = set(cadres.loc[~cadres["active"], "cadre_id"])
    assert inactive and not inactive & set(t["helpers"])
    assert len(t["helpers"]) == len(cadres) - len(inactive) + len(small.network.nodes["Leader"])


def test_share_in_need_and_quota_mostly_respected(ziyang) -> None:
    hh = ziyang.network.nodes["Household"]
    need = hh["status"].isin(["poor", "monitored"]) | ((hh["status"] == "exited") & (hh["exit_year"] + 2 >= 2026))
    assert 0.15 < need.mean() < 0.6
    assert hh.loc[hh["status"] != "exited", "exit_year"].isna().all()
    assert hh.loc[hh["status"] == "exited", "exit_year"].notna().all()
    assert hh["members"].between(1, 8).all()
    statuses = pd.Series([h["status"] for h in ziyang.truth["helpers"].values()]).value_counts(normalize=True)
    assert statuses["at"] > 0.6 and statuses["over"] < 0.1
    gap_share = len(ziyang.truth["gaps"]["household_without_helper"]) / need.sum()
    assert 0.01 < gap_share < 0.03


def test_edge_days_are_present(ziyang) -> None:
    net, t = ziyang.network, ziyang.truth
    as_of = pd.Timestamp(t["as_of"])
    helps = net.rels["HELPS"]
    hh = net.nodes["Household"].set_index("household_id")
    gaps = t["gaps"]["household_without_helper"]
    # an active pairing on its last day is the household's only help, and it counts
    last_day = helps[helps["until"] == as_of]
    live = helps[helps["until"].isna() | (helps["until"] >= as_of)]
    only = [h for h in last_day["target"] if (live["target"] == h).sum() == 1]
    assert only and not set(only) & set(gaps)
    # a pairing that ended the day before leaves the household without a helper
    ended = helps[helps["until"] == as_of - pd.Timedelta(days=1)]
    assert any(gaps.get(h) == "pairings_ended" for h in ended["target"])
    # exited two years before the as-of year: still needs a helper; three years: no longer
    year = as_of.year
    assert (hh["exit_year"] == year - 2).any() and (hh["exit_year"] == year - 3).any()
    last = hh.index[hh["exit_year"] == year - 2]
    assert set(last) & set(live["target"])
    pk, st = net.rels["PACKAGES"], net.rels["STATIONED_IN"]
    assert (pk["until"] == as_of).any() and (pk["until"] == as_of - pd.Timedelta(days=1)).any()
    assert (st["until"] == as_of).any()


def test_pairings_have_one_row_per_helper_and_household_and_sane_dates(ziyang) -> None:
    helps = ziyang.network.rels["HELPS"]
    assert not helps.duplicated(["source_label", "source", "target"]).any()
    assert (helps["since"] <= pd.Timestamp(ziyang.truth["as_of"])).all()
    dated = helps.dropna(subset=["until"])
    assert (dated["since"] <= dated["until"]).all()
    assert set(helps["source_label"]) == {"Leader", "Cadre"}
    st = ziyang.network.rels["STATIONED_IN"]
    assert not st.duplicated(["source", "target"]).any()


def test_defect_rates_are_configurable() -> None:
    clean = generate("ziyang", scale=0.15, seed=3, defects=Defects(*([0.0] * 9)))
    gaps = clean.truth["gaps"]
    assert not gaps["household_without_helper"] and not gaps["village_without_unit"]
    assert not gaps["village_without_first_secretary"] and not gaps["village_team_understaffed"]
    assert not gaps["town_without_leader"] and not gaps["deep_village_without_leader"]
    assert clean.network.nodes["Cadre"]["active"].all()


@settings(max_examples=12, deadline=None)
@given(profile=st.sampled_from(sorted(PROFILES)), scale=st.floats(0.001, 0.04), seed=st.integers(0, 2**31))
def test_truth_holds_for_any_small_county(profile: str, scale: float, seed: int) -> None:
    gen = generate(profile, scale=scale, seed=seed)
    expected = slow_truth(gen.network, dt.date.fromisoformat(gen.truth["as_of"]))
    assert (gen.truth["gaps"], gen.truth["helpers"]) == (expected["gaps"], expected["helpers"])
    assert gen.truth["counts"]["nodes"]["Town"] >= 1
    assert not gen.network.rels["HELPS"].duplicated(["source_label", "source", "target"]).any()


def test_people_units_and_phones(ziyang) -> None:
    n = ziyang.network.nodes
    for phones in (n["Leader"]["phone"], n["Cadre"]["phone"]):
        assert phones.str.fullmatch(r"1[3-9]\d{9}").all()
    assert n["Leader"]["title"].iloc[0] == "县委书记" and n["Leader"]["title"].str.contains("县").all()
    ranks = n["Cadre"]["rank"].value_counts(normalize=True)
    assert set(ranks.index) == {"county", "section", "staff", "village"} and ranks["staff"] > 0.4
    assert (n["Unit"]["kind"] == "department").mean() > 0.6 and n["Unit"]["name"].is_unique
    assert n["Cadre"]["unit_id"].isin(n["Unit"]["unit_id"]).all()
    assert set(n["Unit"]["unit_id"]) == set(n["Cadre"]["unit_id"])  # every unit has cadres
    heads = n["Household"]["head_name"]
    assert heads.str.len().between(2, 3).all() and heads.nunique() > 0.3 * len(heads)
