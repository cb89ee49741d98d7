"""Synthesised keys are stable: the same households, helpers, units and places get the same keys whatever the
row order and however the names are spelt (blanks inside, full- or half-width brackets, a unit's short or full
name); and no key holds an ID number or a phone in clear."""

from __future__ import annotations

import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pairnet.loaders.ledger.reading import read_ledger

sys.path.insert(0, str(Path(__file__).parent))
from ledgers import idno, phone, write_csv  # noqa: E402

HEAD = ["乡镇", "村", "户主姓名", "身份证号码", "户类型", "帮扶责任人", "工作单位", "职级", "联系电话"]
VILLAGES = [("城关镇", "东村"), ("城关镇", "西村"), ("河口乡", "南村")]
HELPERS = [("张丽", "财政局", "科员"), ("周建国", "教育局", "科级"), ("欧阳娜娜", "人民医院(城关院区)", "科员"),
           ("李明", "财政局", "科员"), ("李明", "教育局", "科级")]  # two 李明: different units, different people
UNIT_FORMS = ["清溪县{}", "县{}", "{}", "县 {}"]


def spelt(name: str, how: int) -> str:
    return " ".join(name) if how == 1 else (name[0] + "\u3000" + name[1:] if how == 2 else name)


def unit_spelt(unit: str, how: int) -> str:
    text = UNIT_FORMS[how % len(UNIT_FORMS)].format(unit)
    return text.replace("(", "（").replace(")", "）") if how >= 2 else text


households = st.lists(st.tuples(st.integers(0, len(VILLAGES) - 1), st.booleans(),
                                st.lists(st.integers(0, len(HELPERS) - 1), max_size=2, unique=True)),
                      min_size=1, max_size=10)


def rows_of(hh: list, order: list[int], spelling: list[int]) -> list[list[str | None]]:
    rows = [HEAD]
    for k in order:
        v, with_id, helpers = hh[k]
        town, village = VILLAGES[v]
        base = [town, village, f"户主{k}", idno(k) if with_id else None, "未脱贫"]
        if not helpers:
            rows.append(base + [None] * 4)
        for j, h in enumerate(helpers):
            name, unit, rank = HELPERS[h]
            how = spelling[(k + j) % len(spelling)]
            rows.append(base + [spelt(name, how % 3), unit_spelt(unit, how), rank, phone(h)])
    return rows


def keys(path: Path) -> dict[str, object]:
    net = read_ledger(path).network
    out: dict[str, object] = {label: sorted(df.iloc[:, 0]) for label, df in net.nodes.items()}
    out["HELPS"] = sorted(zip(net.rels["HELPS"]["source"], net.rels["HELPS"]["target"]))
    return out


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(hh=households, data=st.data())
def test_keys_do_not_depend_on_row_order_or_spelling(tmp_path_factory, hh, data) -> None:
    folder = tmp_path_factory.mktemp("keys")
    plain = write_csv(folder / "a.csv", rows_of(hh, list(range(len(hh))), [0]))
    order = data.draw(st.permutations(range(len(hh))))
    spelling = data.draw(st.lists(st.integers(0, 5), min_size=1, max_size=6))
    varied = write_csv(folder / "b.csv", rows_of(hh, order, spelling))
    a, b = keys(plain), keys(varied)
    assert a == b
    assert len(a["Household"]) == len(hh)
    used = {h for _, _, helpers in hh for h in helpers}
    assert len(a["Cadre"]) == len(used)  # the two 李明 stay two
    for label, ks in a.items():
        for k in ks if label != "HELPS" else [x for pair in ks for x in pair]:
            assert not any(idno(i) in k or idno(i)[:12] in k for i in range(len(hh)))
            assert not any(phone(i)[3:] in k for i in range(len(HELPERS)))
