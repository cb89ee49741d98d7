"""Step 2 of the generator: helping units, county leaders and cadres (names, titles, ranks, phones, who is active)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from pairnet.loaders.synthetic.defects import Defects, planted_count
from pairnet.loaders.synthetic.names import codes, person_names, phones
from pairnet.loaders.synthetic.profiles import Profile
from pairnet.loaders.synthetic.vocab import code, shares, words

RANK_P = shares("rank", {"county": 0.02, "section": 0.20, "staff": 0.58, "village": 0.20})
UNIT_KIND_P = shares("unit_kind", {"department": 0.72, "enterprise": 0.08, "bank": 0.06, "outside": 0.06,
                                   "town": 0.08})
DEPARTMENTS = (
    "发展和改革局", "教育局", "科技局", "工业和信息化局", "公安局", "民政局", "司法局", "财政局", "人力资源和社会保障局",
    "自然资源局", "生态环境局", "住房和城乡建设局", "交通运输局", "水利局", "农业农村局", "商务局", "文化和旅游局",
    "卫生健康局", "退役军人事务局", "应急管理局", "审计局", "市场监督管理局", "统计局", "医疗保障局", "林业局",
    "乡村振兴局", "委办公室", "政府办公室", "委组织部", "委宣传部", "委统战部", "委政法委", "纪委监委", "人大常委会办公室",
    "政协办公室", "总工会", "团委", "妇联", "供销合作社", "融媒体中心", "档案馆", "税务局", "气象局", "人民法院", "人民检察院",
)
ENTERPRISES = ("供电公司", "移动分公司", "城市建设投资公司", "水务公司", "电信分公司", "烟草公司", "交通建设投资公司")
BANKS = ("农业银行支行", "农村信用联社", "邮政储蓄银行支行", "建设银行支行", "工商银行支行", "农商银行")
OUTSIDE = ("东西部协作帮扶单位", "省直帮扶单位", "市直帮扶单位", "中央定点帮扶单位", "对口支援单位")
UNIT_NAMES: dict[str, tuple[str, ...] | None] = {  # a town's unit is named after its town
    "department": DEPARTMENTS, "enterprise": ENTERPRISES, "bank": BANKS, "outside": OUTSIDE, "town": None}
COUNTY_PREFIXED = ("department", "enterprise", "bank")  # named "<county><unit>"
TITLES = ("{k}委书记", "{k}长", "{k}委副书记", "{k}人大常委会主任", "{k}政协主席", "{k}委常委、常务副{k}长",
          "{k}委常委、组织部部长", "{k}委常委、纪委书记", "{k}委常委、宣传部部长", "{k}委常委、政法委书记",
          "{k}委常委、统战部部长", "{k}委常委、办公室主任", "{k}委常委、副{k}长", "副{k}长", "{k}人大常委会副主任",
          "{k}政协副主席")


@dataclass(frozen=True)
class People:
    """Units (index u), leaders (index l) and cadres (index c); arrays by index."""

    unit_ids: np.ndarray
    unit_names: np.ndarray
    unit_kind: np.ndarray  # words of unit_kind
    leader_ids: np.ndarray
    leader_names: Any  # Arrow string array
    leader_titles: np.ndarray
    leader_phones: np.ndarray
    cadre_ids: np.ndarray
    cadre_names: Any
    cadre_phones: np.ndarray
    cadre_unit: np.ndarray  # unit index of each cadre
    cadre_rank: np.ndarray  # code of rank
    cadre_active: np.ndarray  # bool


def draw_people(p: Profile, rng: np.random.Generator, town_names: np.ndarray, defects: Defects
                ) -> tuple[People, dict[str, int]]:
    """Units (mostly county departments), a leader per title, cadres spread over units; some cadres inactive.

    Returns the people and the planted count ``inactive_cadre``.
    """
    k = "市" if p.county.endswith("市") else "县"
    U = p.units
    kinds = words("unit_kind")
    kind = rng.choice(len(kinds), U, p=UNIT_KIND_P)
    kind[: min(U, max(1, int(0.7 * U)))] = code("unit_kind", "department")  # mostly county departments (000)
    kind = rng.permutation(kind)
    names = []
    count: dict[str, int] = {}
    for i, kd in enumerate(kind):
        pool = UNIT_NAMES[kinds[kd]]
        if pool is None:
            base = f"{town_names[i % len(town_names)]}人民政府"
        else:
            base = pool[int(rng.integers(len(pool)))]
            base = (p.county + base) if kinds[kd] in COUNTY_PREFIXED else base
        count[base] = count.get(base, 0) + 1
        names.append(base if count[base] == 1 else f"{base}（{count[base]}）")
    unit_ids, unit_names, unit_kind = codes("U", U), np.array(names), np.array(kinds)[kind]

    L = p.leaders
    leader_ids = codes("L", L)
    leader_names = person_names(rng, L)
    leader_titles = np.array([(TITLES[i] if i < len(TITLES) else TITLES[-3 + i % 3]).format(k=k) for i in range(L)])
    leader_phones = phones(rng, L)

    C = p.cadres
    unit_of = np.concatenate([np.arange(min(U, C)), rng.choice(U, max(0, C - U), p=rng.dirichlet(np.full(U, 2.0)))])
    cadre_unit = rng.permutation(unit_of)
    cadre_rank = rng.choice(len(RANK_P), C, p=RANK_P)
    active = np.ones(C, bool)
    n_inactive = planted_count(defects.inactive_cadre, C)
    active[rng.choice(C, n_inactive, replace=False)] = False
    cadre_ids = codes("C", C)
    cadre_names = person_names(rng, C)
    cadre_phones = phones(rng, C)
    people = People(unit_ids, unit_names, unit_kind, leader_ids, leader_names, leader_titles, leader_phones,
                    cadre_ids, cadre_names, cadre_phones, cadre_unit, cadre_rank, active)
    return people, {"inactive_cadre": n_inactive}
