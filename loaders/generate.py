"""Synthetic pairing networks from a profile: vectorised, deterministic, with planted defects and their truth."""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from scipy.spatial import Delaunay, QhullError, cKDTree
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from pairnet.graph.core import atomic
from pairnet.graph.network import PairingNetwork
from pairnet.loaders.profiles import PROFILES, Defects, Profile, get_profile
from pairnet.loaders.idnumber import check_characters
from pairnet.loaders.truth import REASONS, truth_of
from pairnet.graph.core.dates import check_as_of
from pairnet.graph.core.policy import RANKS as POLICY_RANKS
from pairnet.graph.core.policy import Policy

DEFAULT_POLICY = Policy()

__all__ = ["PROFILES", "STEPS", "Generated", "generate", "generate_workbook", "write_generated", "truth_of"]

Progress = Callable[[str], None]  # called with the name of each step as it starts
STEPS = ("towns and villages", "units, leaders and cadres", "households", "packaging, liaison and stationing",
         "pairings", "committees", "network", "truth", "workbook")

# The default policy (DESIGN.md "Policy"): the truth is computed under it.
# The generator plants defects against the default policy, the one truth.json is judged by.
QUOTA = dict(DEFAULT_POLICY.quota)
CONTINUITY_YEARS = DEFAULT_POLICY.continuity_years

NEED_SHARE = 0.45  # share of households still needing a helper, unless helper capacity is lower
CAPACITY_FILL = 0.9  # households in need per quota place of active helpers, at most
RANKS = POLICY_RANKS
RANK_P = (0.02, 0.20, 0.58, 0.20)
UNIT_KINDS = ("department", "enterprise", "bank", "outside", "town")
UNIT_KIND_P = (0.72, 0.08, 0.06, 0.06, 0.08)

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
            "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国文玉珍红梅志斌海云飞德福兴春生宝林成贵金荣富清祥安永"
PLACE = "龙凤山河坪坝沟湾岭溪田塘石桥庄营寨园林新和安平兴民丰乐青松柏竹茶桃李柳水口岩垭洞坡梁红星光明花台"
INDUSTRIES = ("茶叶", "魔芋", "蚕桑", "畜牧", "中药材", "乡村旅游", "核桃", "食用菌", "柑橘", "生猪养殖")
CAUSES = ("因病", "因残", "因学", "缺技术", "缺劳力", "缺资金", "缺土地", "因灾", "交通条件落后", "自身发展动力不足")
CAUSE_P = (0.28, 0.14, 0.10, 0.16, 0.10, 0.10, 0.04, 0.03, 0.02, 0.03)
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
TITLES = ("{k}委书记", "{k}长", "{k}委副书记", "{k}人大常委会主任", "{k}政协主席", "{k}委常委、常务副{k}长",
          "{k}委常委、组织部部长", "{k}委常委、纪委书记", "{k}委常委、宣传部部长", "{k}委常委、政法委书记",
          "{k}委常委、统战部部长", "{k}委常委、办公室主任", "{k}委常委、副{k}长", "副{k}长", "{k}人大常委会副主任",
          "{k}政协副主席")
PHONE_PREFIXES = np.array([130, 131, 132, 133, 135, 136, 137, 138, 139, 150, 151, 152, 155, 157, 158, 159,
                           176, 177, 180, 181, 183, 187, 188, 189, 198, 199], dtype=np.int64)
DAY = np.timedelta64(1, "D")


@dataclass
class Generated:
    """A generated network and what correct analyses must find in it (``truth``, the truth.json document)."""

    network: PairingNetwork
    truth: dict


def generate(profile: str | Profile, scale: float = 1.0, seed: int = 0, as_of: dt.date | str | None = None, *,
             defects: Defects | None = None, progress: Progress | None = None) -> Generated:
    """Generate a county's pairing network from a profile, with planted defects, deterministically.

    ``as_of`` (default: the profile's fixed day) is the day the truth is judged on. Same arguments, same network.

    >>> gen = generate("ziyang", scale=0.02, seed=1)
    >>> gen.truth["counts"]["nodes"]["Town"], gen.truth["as_of"]
    (1, '2026-06-30')
    """
    base = profile if isinstance(profile, Profile) else get_profile(profile)
    p = base.scaled(scale)
    if defects is not None:
        p = replace(p, defects=defects)
    day = check_as_of(as_of) if as_of is not None else p.as_of
    report = progress or (lambda _s: None)
    net, planted = _Builder(p, np.random.default_rng(seed), day, report).build()
    report("truth")
    truth = {
        "profile": p.name, "scale": scale, "seed": seed, "as_of": day.isoformat(),
        "counts": net.counts(), **truth_of(net, day), "planted": planted,
    }
    return Generated(net, truth)


def write_generated(gen: Generated, out_dir: str | Path, fmt: str = "csv", lang: str = "en",
                    encoding: str = "utf-8") -> Path:
    """Write the workbook (``workbook/`` folder or ``workbook.xlsx``) and ``truth.json`` into ``out_dir``."""
    from pairnet.loaders.write import write_workbook

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / ("workbook.xlsx" if fmt == "xlsx" else "workbook")
    write_workbook(gen.network, path, fmt=fmt, lang=lang, encoding=encoding)
    atomic.write_text(out / "truth.json", json.dumps(gen.truth, ensure_ascii=False, indent=1, sort_keys=False) + "\n")
    return path


def generate_workbook(profile: str, out_dir: str | Path, *, scale: float = 1.0, seed: int = 0,
                      as_of: dt.date | str | None = None, fmt: str = "csv", lang: str = "en", encoding: str = "utf-8",
                      progress: Progress | None = None) -> tuple[Generated, Path]:
    """Generate a profile and write its workbook and truth.json into ``out_dir`` (what ``pairnet generate`` does)."""
    gen = generate(profile, scale, seed, as_of, progress=progress)
    if progress:
        progress("workbook")
    return gen, write_generated(gen, out_dir, fmt, lang, encoding)


# --- building blocks --------------------------------------------------------------------------------------
def _count(rate: float, n: int, low: int = 1) -> int:
    """How many of ``n`` to plant at ``rate``: at least ``low`` when the rate is positive, leaving one healthy."""
    if rate <= 0 or n <= 1:
        return 0
    return int(min(n - 1, max(low, round(rate * n))))


def _top_weighted(rng: np.random.Generator, weights: np.ndarray, k: int) -> np.ndarray:
    """``k`` indices drawn without replacement, with probability growing with ``weights`` (sorted)."""
    if k >= len(weights):
        return np.arange(len(weights))
    keys = rng.random(len(weights)) ** (1.0 / weights)
    return np.sort(np.argpartition(-keys, k - 1)[:k])


@functools.cache
def _name_pool() -> Any:
    """Every surname + given name (+ optional second given character) as one Arrow array, indexed by ``_names``."""
    s, g = np.array(list(SURNAMES)), np.array(list(GIVEN))
    g2 = np.append(g, "")
    return pa.array(np.strings.add(np.strings.add(s[:, None, None], g[None, :, None]), g2[None, None, :]).ravel())


def _names(rng: np.random.Generator, n: int) -> Any:
    """``n`` Chinese personal names (an Arrow array): a surname, common ones more often, and one or two characters."""
    ns, ng = len(SURNAMES), len(GIVEN)
    sw = 1.0 / np.arange(1, ns + 1) ** 0.7
    si = rng.choice(ns, n, p=sw / sw.sum())
    g1 = rng.integers(0, ng, n)
    g2 = np.where(rng.random(n) < 0.7, rng.integers(0, ng, n), ng)
    return _name_pool().take((si * ng + g1) * (ng + 1) + g2)


def _place_names(rng: np.random.Generator, n: int, suffix: np.ndarray | str) -> np.ndarray:
    c = np.array(list(PLACE))
    return np.strings.add(np.strings.add(c[rng.integers(0, len(c), n)], c[rng.integers(0, len(c), n)]), suffix)


def _phones(rng: np.random.Generator, n: int) -> np.ndarray:
    nums = PHONE_PREFIXES[rng.integers(0, len(PHONE_PREFIXES), n)] * 10**8 + rng.integers(0, 10**8, n)
    return nums.astype("U11")


def _ids(prefix: str, n: int, width: int | None = None) -> np.ndarray:
    w = width or max(4, len(str(n)))
    if n == 0:
        return np.array([], dtype=f"U{len(prefix) + w}")
    return np.strings.add(prefix, np.strings.zfill(np.arange(1, n + 1).astype("U"), w))


def _digits(a: np.ndarray, width: int) -> np.ndarray:
    """The decimal digits of non-negative ints ``a`` as an (n, width) uint8 array (via a table of the values' range)."""
    lo = int(a.min(initial=0))
    values = np.arange(lo, int(a.max(initial=0)) + 1, dtype=np.int64)
    pows = 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)
    table = ((values[:, None] // pows) % 10).astype(np.uint8)
    return table[a - lo]


def _id_chars(area: np.ndarray, birth: np.ndarray, seq: np.ndarray) -> np.ndarray:
    """ID numbers as an (n, 18) array of ASCII codes (see ``id_numbers``)."""
    y = birth.astype("datetime64[Y]").astype(np.int64) + 1970
    m = birth.astype("datetime64[M]").astype(np.int64) % 12 + 1
    d = (birth - birth.astype("datetime64[M]")).astype(np.int64) + 1
    body = np.concatenate([_digits(area.astype(np.int64), 6), _digits(y, 4), _digits(m, 2), _digits(d, 2),
                           _digits(seq.astype(np.int64), 3)], axis=1)
    check = check_characters(body)
    return np.ascontiguousarray(np.concatenate([body + np.uint8(ord("0")), check[:, None]], axis=1))


def id_numbers(area: np.ndarray, birth: np.ndarray, seq: np.ndarray) -> np.ndarray:
    """18-character resident ID numbers: area code, birth date, sequence and the ISO 7064 MOD 11-2 check character.

    >>> str(id_numbers(np.array([110105]), np.array(["1949-12-31"], dtype="datetime64[D]"), np.array([2]))[0])
    '11010519491231002X'
    """
    return _id_chars(area, birth, seq).view("S18").ravel().astype("U18")


def _fixed_strings(chars: np.ndarray) -> Any:
    """An (n, width) array of ASCII codes as an Arrow string array, without a Python string per row."""
    n, width = chars.shape
    offsets = np.arange(0, (n + 1) * width, width, dtype=np.int32)
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(chars.tobytes()))


def _farthest_points(pts: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """``k`` well-spread indices of ``pts`` (greedy farthest-point sampling from a random start)."""
    chosen = [int(rng.integers(len(pts)))]
    dist = np.linalg.norm(pts - pts[chosen[0]], axis=1)
    for _ in range(k - 1):
        i = int(np.argmax(dist))
        chosen.append(i)
        dist = np.minimum(dist, np.linalg.norm(pts - pts[i], axis=1))
    return np.array(chosen)


def _delaunay_edges(pts: np.ndarray) -> np.ndarray:
    """Unique (a, b), a < b, edges of the Delaunay triangulation (a path when it is degenerate)."""
    n = len(pts)
    if n < 2:
        return np.empty((0, 2), dtype=np.int64)
    try:
        if n < 3:
            raise QhullError("too few points")
        s = Delaunay(pts).simplices
        e = np.concatenate([s[:, [0, 1]], s[:, [1, 2]], s[:, [0, 2]]])
    except QhullError:
        o = np.argsort(pts[:, 0])
        e = np.stack([o[:-1], o[1:]], axis=1)
    e = np.sort(e, axis=1)
    return np.unique(e, axis=0).astype(np.int64)


def _connect_within(pts: np.ndarray, group: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Add the shortest edges (from each group's own triangulation) that make every group connected."""
    n = len(pts)
    if len(edges):
        g = coo_matrix((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(n, n))
        _, comp = connected_components(g, directed=False)
    else:
        comp = np.arange(n)
    per_group = pd.Series(comp).groupby(group).nunique()
    extra = []
    for t in per_group.index[per_group.to_numpy() > 1]:
        members = np.flatnonzero(group == t)
        cand = members[_delaunay_edges(pts[members])]
        cand = cand[np.argsort(np.linalg.norm(pts[cand[:, 0]] - pts[cand[:, 1]], axis=1), kind="stable")]
        parent = {int(c): int(c) for c in np.unique(comp[members])}

        def root(x: int) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for a, b in cand:
            ra, rb = root(int(comp[a])), root(int(comp[b]))
            if ra != rb:
                parent[ra] = rb
                extra.append((a, b))
    if extra:
        edges = np.unique(np.sort(np.concatenate([edges, np.array(extra, dtype=np.int64)]), axis=1), axis=0)
    return edges


def _dates(rng: np.random.Generator, n: int, start: np.datetime64, end: np.datetime64) -> np.ndarray:
    """``n`` days uniformly in [start, end] (start when the range is empty)."""
    span = max(int((end - start) / DAY), 0)
    return start + rng.integers(0, span + 1, n) * DAY


NAT = np.datetime64("NaT", "D")


class _Builder:
    """One generation run: draws the county step by step from one random generator."""

    def __init__(self, p: Profile, rng: np.random.Generator, as_of: dt.date, progress: Progress) -> None:
        self.p, self.rng, self.progress = p, rng, progress
        self.as_of = as_of
        self.day = np.datetime64(as_of, "D")
        self.d = p.defects
        self.planted: dict[str, Any] = {"rates": asdict(p.defects), "counts": {}}

    def build(self) -> tuple[PairingNetwork, dict]:
        steps = (self.geography, self.people, self.households, self.ties, self.pairings, self.committees)
        for label, step in zip(STEPS, steps):
            self.progress(label)
            step()
        self.progress(STEPS[len(steps)])
        return self.network(), self.planted

    # -- geography ---------------------------------------------------------------------------------------
    def geography(self) -> None:
        p, rng = self.p, self.rng
        V, T = p.villages, p.towns
        radius = np.sqrt(p.area_km2 / np.pi)
        r = radius * np.sqrt(rng.random(V))
        th = 2 * np.pi * rng.random(V)
        pts = np.stack([1.15 * r * np.cos(th), 0.87 * r * np.sin(th)], axis=1)
        seeds = _farthest_points(pts, T, rng)
        seeds = seeds[np.lexsort((pts[seeds, 0], -pts[seeds, 1]))]  # towns numbered north to south
        _, town = cKDTree(pts[seeds]).query(pts)
        order = np.lexsort((pts[:, 0], -pts[:, 1], town))
        self.pts, self.v_town = pts[order], town[order].astype(np.int64)
        self.lon = np.round(p.lon + self.pts[:, 0] / (111.32 * np.cos(np.radians(p.lat))), 6)
        self.lat = np.round(p.lat + self.pts[:, 1] / 110.57, 6)

        codes = np.array(p.area_codes)[np.arange(T) % len(p.area_codes)]
        self.t_code = codes.astype(np.int64)
        self.town_ids = np.strings.add(codes, np.strings.zfill(np.arange(1, T + 1).astype("U"), max(3, len(str(T)))))
        suffix = np.where(rng.random(T) < 0.7, "镇", "乡")
        self.town_names = _place_names(rng, T, suffix)
        seq = np.arange(V) - np.searchsorted(self.v_town, self.v_town)  # position inside its town
        w = max(3, len(str(int(seq.max()) + 1)))
        self.village_ids = np.strings.add(self.town_ids[self.v_town], np.strings.zfill((seq + 1).astype("U"), w))
        self.village_names = _place_names(rng, V, "村")

        remote = 1.0 + np.linalg.norm(self.pts, axis=1) / radius
        self.poor = np.zeros(V, bool)
        self.poor[_top_weighted(rng, remote * 2, p.poor_villages)] = True
        poor_idx = np.flatnonzero(self.poor)
        self.deep = np.zeros(V, bool)
        self.deep[poor_idx[_top_weighted(rng, remote[poor_idx] * 2, p.deep_villages)]] = True
        rating = np.where(self.poor, rng.choice(4, V, p=(0.4, 0.5, 0.1, 0.0)), rng.choice(4, V, p=(0.3, 0.4, 0.2, 0.1)))
        self.rating = rating  # index into strong, good, average, weak

        main = rng.choice(len(INDUSTRIES), T)
        second = (main + rng.integers(1, len(INDUSTRIES), T)) % len(INDUSTRIES)
        u = rng.random(V)
        self.industry = np.where(u < 0.6, main[self.v_town], np.where(
            u < 0.9, second[self.v_town], rng.integers(0, len(INDUSTRIES), V)))

        edges = _delaunay_edges(self.pts)
        if len(edges):
            same = self.v_town[edges[:, 0]] == self.v_town[edges[:, 1]]
            length = np.linalg.norm(self.pts[edges[:, 0]] - self.pts[edges[:, 1]], axis=1)
            short = length <= np.median(length) * 1.2
            keep = same | (short & (rng.random(len(edges)) < 0.2))
            edges = edges[keep]
        self.edges = _connect_within(self.pts, self.v_town, edges)

    # -- units, leaders, cadres ------------------------------------------------------------------------------
    def people(self) -> None:
        p, rng, d = self.p, self.rng, self.d
        county = p.county
        k = "市" if county.endswith("市") else "县"
        U = p.units
        kind = rng.choice(len(UNIT_KINDS), U, p=UNIT_KIND_P)
        kind[: min(U, max(1, int(0.7 * U)))] = 0  # mostly county departments, as the documents say
        kind = rng.permutation(kind)
        names = []
        count: dict[str, int] = {}
        for i, kd in enumerate(kind):
            pool = (DEPARTMENTS, ENTERPRISES, BANKS, OUTSIDE, None)[kd]
            if pool is None:
                base = f"{self.town_names[i % len(self.town_names)]}人民政府"
            else:
                base = pool[int(rng.integers(len(pool)))]
                base = (county + base) if kd in (0, 1, 2) else base
            count[base] = count.get(base, 0) + 1
            names.append(base if count[base] == 1 else f"{base}（{count[base]}）")
        self.unit_ids = _ids("U", U)
        self.unit_names = np.array(names)
        self.unit_kind = np.array(UNIT_KINDS)[kind]

        L = p.leaders
        self.leader_ids = _ids("L", L)
        self.leader_names = _names(rng, L)
        self.leader_titles = np.array([(TITLES[i] if i < len(TITLES) else TITLES[-3 + i % 3]).format(k=k)
                                       for i in range(L)])
        self.leader_phones = _phones(rng, L)

        C = p.cadres
        unit_of = np.concatenate([np.arange(min(U, C)), rng.choice(U, max(0, C - U), p=rng.dirichlet(np.full(U, 2.0)))])
        self.c_unit = rng.permutation(unit_of)
        self.c_rank = rng.choice(4, C, p=RANK_P)
        self.c_active = np.ones(C, bool)
        n_inactive = _count(d.inactive_cadre, C)
        self.c_active[rng.choice(C, n_inactive, replace=False)] = False
        self.cadre_ids = _ids("C", C)
        self.cadre_names = _names(rng, C)
        self.cadre_phones = _phones(rng, C)
        self.planted["counts"]["inactive_cadre"] = n_inactive

    # -- households --------------------------------------------------------------------------------------
    def households(self) -> None:
        p, rng = self.p, self.rng
        H, V = p.households, p.villages
        w = np.where(self.poor, 3.0, 1.0) * rng.lognormal(0, 0.3, V)
        per_village = rng.multinomial(H, w / w.sum())
        self.h_village = np.repeat(np.arange(V), per_village)
        capacity = QUOTA["county"] * p.leaders + sum(
            QUOTA[r] * int(((self.c_rank == i) & self.c_active).sum()) for i, r in enumerate(RANKS))
        n_need = int(round(min(NEED_SHARE * H, CAPACITY_FILL * capacity)))
        need = np.zeros(H, bool)
        need[_top_weighted(rng, np.where(self.poor[self.h_village], 2.0, 1.0), n_need)] = True
        Y = self.as_of.year
        # status codes: 0 poor, 1 exited, 2 monitored
        status = np.ones(H, np.int8)
        exit_year = np.full(H, -1, np.int64)
        ni = np.flatnonzero(need)
        kind = rng.choice(3, len(ni), p=(0.25, 0.30, 0.45))
        status[ni[kind == 0]] = 0
        status[ni[kind == 1]] = 2
        recent = ni[kind == 2]
        exit_year[recent] = Y - rng.choice(3, len(recent), p=(0.25, 0.35, 0.4))  # Y, Y-1, Y-2
        if len(recent):
            exit_year[recent[0]] = Y - CONTINUITY_YEARS  # the last year that still needs a helper
        old = np.flatnonzero(~need)
        first = max(2000, min(2014, Y - CONTINUITY_YEARS - 1))
        exit_year[old] = rng.integers(first, Y - CONTINUITY_YEARS, len(old))
        if len(old):
            exit_year[old[0]] = Y - CONTINUITY_YEARS - 1  # the first year out of the window
        self.need, self.h_status, self.h_exit = need, status, exit_year

        seq = np.arange(H) - np.searchsorted(self.h_village, self.h_village)
        width = max(4, len(str(int(per_village.max()))))
        number = pc.utf8_lpad(pa.array(seq + 1).cast(pa.string()), width, "0")
        self.household_ids = pc.binary_join_element_wise(pa.array(self.village_ids).take(self.h_village), number, "")
        self.h_head = _names(rng, H)
        self.h_members = rng.choice(np.arange(1, 9), H, p=(0.12, 0.2, 0.22, 0.2, 0.13, 0.07, 0.04, 0.02))
        self.h_cause = rng.choice(len(CAUSES), H, p=CAUSE_P)
        area = self.t_code[self.v_town[self.h_village]]
        birth = _dates(rng, H, np.datetime64(f"{Y - 85}-01-01"), np.datetime64(f"{Y - 20}-12-31"))
        male = rng.random(H) < 0.8
        order = np.lexsort((birth, area))
        key_a, key_b = area[order], birth[order]
        new = np.ones(H, bool)
        new[1:] = (key_a[1:] != key_a[:-1]) | (key_b[1:] != key_b[:-1])
        start = np.maximum.accumulate(np.where(new, np.arange(H), 0))
        rank = np.empty(H, np.int64)
        rank[order] = np.arange(H) - start
        seq3 = (2 * rank + np.where(male, 1, 2)) % 1000  # odd for men, even for women; unique per area and day
        self.h_idnum = _fixed_strings(_id_chars(area, birth, seq3))

    # -- packaging, liaison, stationing ------------------------------------------------------------------------
    def ties(self) -> None:
        p, rng, d = self.p, self.rng, self.d
        V, T, U, L = p.villages, p.towns, p.units, p.leaders
        Y = self.as_of.year
        early = (np.datetime64(f"{min(2016, Y - 2)}-01-01"), np.datetime64(f"{min(2020, Y)}-12-31"))
        poor_idx = np.flatnonzero(self.poor)
        counts = self.planted["counts"]

        # leaders liaise with towns; some towns are left without one
        lacking_towns = rng.choice(T, _count(d.town_without_leader, T), replace=False)
        ok_towns = np.setdiff1d(np.arange(T), lacking_towns)
        lp = rng.permutation(L)
        tgt = np.concatenate([ok_towns, rng.choice(ok_towns, max(0, L - len(ok_towns)))])[: L] if len(ok_towns) else []
        self.liaison = (lp[: len(tgt)], np.asarray(tgt, np.int64))
        counts["town_without_leader"] = len(lacking_towns)

        # leaders package deep-poverty villages; some have none or an ended packaging
        deep_idx = np.flatnonzero(self.deep)
        n_lack = _count(d.deep_village_without_leader, len(deep_idx))
        lack = rng.permutation(deep_idx)[:n_lack]
        ended = lack[::2]  # half ended, half never packaged
        packaged = np.setdiff1d(deep_idx, lack[1::2])
        leaders = rng.permutation(L)[: len(packaged)]
        self.leader_pack = (leaders, packaged, *self.package_dates(np.isin(packaged, ended), early))
        counts["deep_village_without_leader"] = n_lack

        # units package poor villages (extra units package other villages); some poor villages lack one
        n_lack = _count(d.village_without_unit, len(poor_idx))
        lack = rng.permutation(poor_idx)[:n_lack]
        no_unit = lack[1::2]
        ended = lack[::2]
        pv = rng.permutation(np.setdiff1d(poor_idx, no_unit))
        up = rng.permutation(U)
        src = up[np.arange(len(pv)) % U] if U else np.empty(0, np.int64)
        tgt = pv
        if U > len(pv):
            others = rng.permutation(np.flatnonzero(~self.poor))[: U - len(pv)]
            src = np.concatenate([src, up[len(pv): len(pv) + len(others)]])
            tgt = np.concatenate([tgt, others])
        since, until = self.package_dates(np.isin(tgt, ended), early)
        # earlier packaging units that were replaced: history that must not count
        hist = rng.permutation(pv)[: int(0.1 * len(pv))]
        if U > 1 and len(hist):
            cur = dict(zip(tgt.tolist(), src.tolist()))
            h_src = np.array([(cur[v] + 1 + int(rng.integers(U - 1))) % U for v in hist])
            h_until = _dates(rng, len(hist), early[0] + 400 * DAY, early[1])
            h_since = h_until - rng.integers(200, 900, len(hist)) * DAY
            src, tgt = np.concatenate([src, h_src]), np.concatenate([tgt, hist])
            since, until = np.concatenate([since, h_since]), np.concatenate([until, h_until])
        self.unit_pack = (src, tgt, since, until)
        self.unit_home = np.full(U, -1, np.int64)
        self.unit_home[src[::-1]] = tgt[::-1]  # first village each unit packages
        free = self.unit_home < 0
        self.unit_home[free] = rng.integers(0, V, int(free.sum()))
        counts["village_without_unit"] = n_lack

        self.stationing(poor_idx)

    def package_dates(self, is_ended: np.ndarray, early: tuple[np.datetime64, np.datetime64]) -> tuple[np.ndarray, ...]:
        """Since and until of packaging ties: the ended ones end before the day (one the day before), the
        others are open, but for one that ends on the day itself (still active)."""
        rng, day = self.rng, self.day
        until = np.full(len(is_ended), NAT)
        until[is_ended] = _dates(rng, int(is_ended.sum()), early[1], day - 2 * DAY)
        if is_ended.any():
            until[np.flatnonzero(is_ended)[0]] = day - DAY
        if (~is_ended).any():
            until[np.flatnonzero(~is_ended)[0]] = day
        since = np.minimum(_dates(rng, len(is_ended), *early), np.where(is_ended, until, day) - DAY)
        return since, until

    def stationing(self, poor_idx: np.ndarray) -> None:
        p, rng, d, day = self.p, self.rng, self.d, self.day
        Y = self.as_of.year
        counts = self.planted["counts"]
        pool = _CadrePool(rng, self.c_active)
        rows: list[tuple[int, int, str, str]] = []  # cadre, village, role, state (active/ended)

        n_fs = _count(d.village_without_first_secretary, len(poor_idx))
        lack = rng.permutation(poor_idx)[:n_fs]
        variant = {int(v): ("ended", "none", "inactive")[i % 3] for i, v in enumerate(lack)}
        if self.c_active.all():
            variant = {v: ("none" if s == "inactive" else s) for v, s in variant.items()}
        n_small = _count(d.village_team_understaffed, len(poor_idx))
        small = set(rng.permutation(poor_idx)[:n_small].tolist())
        fs_rows = []
        for v in poor_idx.tolist():
            s = variant.get(v, "ok")
            if s == "none":
                continue
            c = pool.take(False) if s == "inactive" else pool.take(True)
            fs_rows.append((c, v, "first_secretary", "ended" if s == "ended" else "active"))
        target = p.first_secretaries if p.first_secretaries is not None else len(poor_idx) + len(poor_idx) // 10
        if len(fs_rows) > target:
            fs_rows = fs_rows[:target]
        rest = target - len(fs_rows)
        with_fs = [v for c, v, _, s in fs_rows if s == "active"]
        rotated = rng.permutation(np.array(with_fs, np.int64))[: min(rest, len(poor_idx) // 10)].tolist()
        fs_rows += [(pool.take(None), v, "first_secretary", "ended") for v in rotated]
        rest = target - len(fs_rows)
        nonpoor = rng.permutation(np.flatnonzero(~self.poor))[:rest].tolist()
        fs_rows += [(pool.take(True), v, "first_secretary", "active") for v in nonpoor]
        rest = target - len(fs_rows)
        cycle = rng.permutation(p.villages)
        fs_rows += [(pool.take(None), int(cycle[i % len(cycle)]), "first_secretary", "ended") for i in range(rest)]
        rows += fs_rows

        edge_done = False
        for v in poor_idx.tolist():
            if v in small:
                rows.append((pool.take(True), v, "team_leader", "active"))
                rows.append((pool.take(None), v, "team_member", "ended"))
                if not self.c_active.all():
                    rows.append((pool.take(False), v, "team_member", "active"))
            else:
                rows.append((pool.take(True), v, "team_leader", "active"))
                for _ in range(int(rng.integers(2, 4))):
                    rows.append((pool.take(True), v, "team_member", "edge" if not edge_done else "active"))
                    edge_done = True
        counts["village_without_first_secretary"] = n_fs
        counts["village_team_understaffed"] = n_small
        counts["first_secretary_postings"] = len(fs_rows)

        st = pd.DataFrame(rows, columns=["cadre", "village", "role", "state"]).drop_duplicates(["cadre", "village"])
        n = len(st)
        start = np.datetime64(f"{min(2019, Y - 1)}-01-01")
        since = _dates(rng, n, start, day - 60 * DAY)
        until = np.full(n, NAT)
        ended = (st["state"] == "ended").to_numpy()
        until[ended] = since[ended] + rng.integers(1, 700, int(ended.sum())) * DAY
        until[ended] = np.minimum(until[ended], day - DAY)
        edge = (st["state"] == "edge").to_numpy()
        until[edge] = day
        self.stations = (st["cadre"].to_numpy(np.int64), st["village"].to_numpy(np.int64), st["role"].to_numpy(),
                         since, until)

    # -- pairings ----------------------------------------------------------------------------------------
    def pairings(self) -> None:
        p, rng, d, day = self.p, self.rng, self.d, self.day
        L, C, V = p.leaders, p.cadres, p.villages
        Y = self.as_of.year
        counts = self.planted["counts"]
        # helpers: 0..L-1 leaders, L.. cadres
        quota = np.concatenate([np.full(L, QUOTA["county"]), np.array([QUOTA[r] for r in RANKS])[self.c_rank]])
        active = np.concatenate([np.ones(L, bool), self.c_active])
        lp_l, lp_v = self.leader_pack[0], self.leader_pack[1]
        leader_home = rng.integers(0, V, L).astype(float)
        leader_home[lp_l] = lp_v
        home = np.concatenate([leader_home, self.unit_home[self.c_unit].astype(float)]) + rng.random(L + C) * 3
        act = np.flatnonzero(active)
        inact = np.flatnonzero(~active)

        need = np.flatnonzero(self.need)
        n_gap = 0 if d.household_without_helper <= 0 or len(need) < 2 else int(min(
            len(need) - 1, max(3, round(d.household_without_helper * len(need)))))
        gap = rng.permutation(need)[:n_gap]
        reason = np.arange(n_gap) % 3
        if not len(inact):
            reason[reason == 2] = 0
        in_gap = np.zeros(len(self.need), bool)
        in_gap[gap] = True
        covered = need[~in_gap[need]]
        dual = covered[rng.random(len(covered)) < 0.05]
        demand = np.concatenate([covered, dual])

        slots = quota[act].copy()
        n_over = _count(d.helper_over_quota, len(act))
        n_under = _count(d.helper_under_quota, len(act))
        pick = rng.permutation(len(act))
        over, under = pick[:n_over], pick[n_over: n_over + n_under]
        slots[over] += rng.integers(1, 3, n_over)
        slots[under] -= rng.integers(1, slots[under] + 1)
        missing = len(demand) - int(slots.sum())
        if missing > 0:  # fewer places than households in need: spread the rest as overload
            np.add.at(slots, rng.choice(len(act), missing), 1)
        elif missing < 0:  # spare places: helpers at the tail of a random order are left under quota
            order = rng.permutation(np.setdiff1d(np.arange(len(act)), over))
            cum = np.cumsum(slots[order][::-1])
            cut = int(np.searchsorted(cum, -missing))
            tail = order[::-1][: cut + 1]
            drop = -missing - (int(cum[cut - 1]) if cut else 0)
            slots[tail[:-1]] = 0
            slots[tail[-1]] -= drop
        counts["helper_over_quota"] = n_over
        counts["helper_under_quota"] = n_under

        helper_seq = np.repeat(act, slots)
        helper_seq = helper_seq[np.argsort(home[helper_seq], kind="stable")]
        hh_key = self.h_village[demand] + rng.random(len(demand)) * 3
        hh_seq = demand[np.argsort(hh_key, kind="stable")]
        helper_seq = _untangle(rng, helper_seq, hh_seq)

        since0 = np.datetime64(f"{min(2016, Y - 2)}-01-01")
        parts = []

        def add(h: np.ndarray, hh: np.ndarray, until: np.ndarray) -> None:
            start = _dates(rng, len(h), since0, day - 30 * DAY)
            ends = until.copy()
            fixed = ~np.isnat(ends)
            start[fixed] = np.minimum(start[fixed], ends[fixed] - DAY)
            parts.append((h.astype(np.int64), hh.astype(np.int64), start, ends))

        until = np.full(len(hh_seq), NAT)
        future = rng.random(len(hh_seq)) < 0.1
        until[future] = day + rng.integers(1, 366, int(future.sum())) * DAY
        is_dual = np.zeros(len(self.need), bool)
        is_dual[dual] = True
        single = np.flatnonzero(~is_dual[hh_seq])
        if len(single):
            until[single[0]] = day  # active on its last day
        add(helper_seq, hh_seq, until)

        ended_hh = gap[reason == 1]
        k = rng.integers(1, 3, len(ended_hh))
        eh = np.repeat(ended_hh, k)
        eu = _dates(rng, len(eh), since0 + 365 * DAY, day - 2 * DAY)
        if len(eu):
            eu[0] = day - DAY  # ended the day before
        add(act[rng.integers(0, len(act), len(eh))], eh, eu)

        inactive_hh = gap[reason == 2]
        if len(inact):
            k = rng.integers(1, 3, len(inactive_hh))
            ih = np.repeat(inactive_hh, k)
            add(inact[rng.integers(0, len(inact), len(ih))], ih, np.full(len(ih), NAT))
        counts["household_without_helper"] = {r: int((reason == i).sum()) for i, r in enumerate(REASONS)}

        helpers_all = np.arange(L + C)
        hist = covered[rng.random(len(covered)) < 0.15]  # replaced earlier helpers
        add(helpers_all[rng.integers(0, L + C, len(hist))], hist,
            _dates(rng, len(hist), since0 + 365 * DAY, day - 2 * DAY))
        if len(inact):
            stale = covered[rng.random(len(covered)) < 0.01]  # a retired cadre still on the books
            add(inact[rng.integers(0, len(inact), len(stale))], stale, np.full(len(stale), NAT))
        old = np.flatnonzero(~self.need)
        past = old[rng.random(len(old)) < 0.5]  # help ended after the continuity years
        pu = (self.h_exit[past] + CONTINUITY_YEARS).astype("U4").astype("datetime64[Y]").astype("datetime64[D]")
        pu = pu + 364 * DAY
        add(helpers_all[rng.integers(0, L + C, len(past))], past, np.minimum(pu, day - DAY))
        lingering = old[rng.random(len(old)) < 0.01]  # still paired though no longer in need: not load
        add(act[rng.integers(0, len(act), len(lingering))], lingering, np.full(len(lingering), NAT))

        h = np.concatenate([x[0] for x in parts])
        hh = np.concatenate([x[1] for x in parts])
        since = np.concatenate([x[2] for x in parts])
        until = np.concatenate([x[3] for x in parts])
        first = np.sort(_first_of_each(hh * (L + C) + h))  # one pairing per helper and household: the first drawn
        self.helps = (h[first], hh[first], since[first], until[first])

    # -- committees ----------------------------------------------------------------------------------------
    def committees(self) -> None:
        p, rng = self.p, self.rng
        groups = _contiguous_groups(rng, p.villages, self.edges, p.committees, p.committee_villages)
        leads = []
        for g in groups:
            best = g[np.argmin(self.rating[g])]
            if self.rating[best] > 1:
                self.rating[best] = 1  # a committee is led by a strong or good branch
            leads.append(int(best))
        self.groups, self.leads = groups, leads
        self.planted["counts"]["committees"] = len(groups)

    # -- assemble ------------------------------------------------------------------------------------------
    def network(self) -> PairingNetwork:
        L = self.p.leaders
        hid, vid, tid = self.household_ids, pa.array(self.village_ids), pa.array(self.town_ids)
        helper_ids = pa.array(np.concatenate([self.leader_ids, self.cadre_ids]))
        st_c, st_v, st_role, st_since, st_until = self.stations
        h, hh, since, until = self.helps
        o = np.lexsort((h, hh))
        up_s, up_t, up_since, up_until = self.unit_pack
        lp_l, lp_v, lp_since, lp_until = self.leader_pack
        committee_ids = _ids("J", len(self.groups), 3)
        exit_year = pd.array(self.h_exit, dtype="Int64")
        exit_year[self.h_status != 1] = pd.NA
        member_v = np.concatenate(self.groups) if self.groups else np.empty(0, np.int64)
        member_c = np.repeat(np.arange(len(self.groups)), [len(g) for g in self.groups])
        leads = np.array(self.leads, np.int64)
        nodes = {
            "Town": _frame({"town_id": tid, "name": self.town_names}),
            "Village": _frame({
                "village_id": vid, "name": self.village_names, "town_id": tid.take(self.v_town),
                "poor": self.poor, "deep_poverty": self.deep,
                "branch_rating": _take(("strong", "good", "average", "weak"), self.rating),
                "industry": _take(INDUSTRIES, self.industry), "x": self.lon, "y": self.lat}),
            "Household": _frame({
                "household_id": hid, "head_name": self.h_head, "id_number": self.h_idnum,
                "village_id": vid.take(self.h_village), "members": self.h_members,
                "status": _take(("poor", "exited", "monitored"), self.h_status),
                "poverty_cause": _take(CAUSES, self.h_cause), "exit_year": exit_year}),
            "Unit": _frame({"unit_id": self.unit_ids, "name": self.unit_names, "kind": self.unit_kind}),
            "Leader": _frame({"leader_id": self.leader_ids, "name": self.leader_names, "title": self.leader_titles,
                              "phone": self.leader_phones}),
            "Cadre": _frame({"cadre_id": self.cadre_ids, "name": self.cadre_names,
                             "unit_id": self.unit_ids[self.c_unit],
                             "rank": _take(RANKS, self.c_rank), "phone": self.cadre_phones, "active": self.c_active}),
            "JointCommittee": _frame({
                "committee_id": committee_ids,
                "name": np.array([f"{self.village_names[v][:-1]}联村党委" for v in leads], dtype="U"),
                "lead_village_id": vid.take(leads)}),
        }
        pk = pd.concat([
            _frame({"source": self.unit_ids[up_s], "target": vid.take(up_t), "source_label": "Unit",
                    "since": up_since, "until": up_until}),
            _frame({"source": self.leader_ids[lp_l], "target": vid.take(lp_v), "source_label": "Leader",
                    "since": lp_since, "until": lp_until}),
        ])
        rels = {
            "HELPS": _frame({"source": helper_ids.take(h[o]), "target": hid.take(hh[o]),
                             "source_label": _take(("Cadre", "Leader"), (h[o] < L).astype(np.int8)),
                             "since": since[o], "until": until[o]}),
            "PACKAGES": pk.sort_values(["source_label", "target", "source"], kind="stable"),
            "LIAISES": _frame({"source": self.leader_ids[self.liaison[0]],
                               "target": tid.take(self.liaison[1])}).sort_values(["target", "source"]),
            "STATIONED_IN": _frame({"source": self.cadre_ids[st_c], "target": vid.take(st_v), "role": st_role,
                                    "since": st_since, "until": st_until}),
            "ADJACENT_TO": _frame({"source": vid.take(self.edges[:, 0]), "target": vid.take(self.edges[:, 1])}),
            "MEMBER_OF": _frame({"source": vid.take(member_v), "target": committee_ids[member_c]}),
        }
        return PairingNetwork(nodes, rels)


def _take(vocabulary: tuple[str, ...], codes: np.ndarray) -> Any:
    """Words of a small vocabulary picked by integer codes, as an Arrow string array."""
    return pa.array(vocabulary, type=pa.string()).take(codes)


def _frame(columns: dict[str, Any]) -> pd.DataFrame:
    """A frame whose numpy text columns become pandas string arrays built by pyarrow (much faster at scale)."""
    out = {}
    for c, v in columns.items():
        if isinstance(v, np.ndarray) and v.dtype.kind == "U":
            v = pa.array(v, type=pa.string())
        if isinstance(v, pa.Array):
            v = pd.arrays.ArrowStringArray(v.cast(pa.string()))
        out[c] = v
    return pd.DataFrame(out)


class _CadrePool:
    """Cadres handed out for stationing, each once while any is left (active ones, inactive ones, or any)."""

    def __init__(self, rng: np.random.Generator, active: np.ndarray) -> None:
        order = rng.permutation(len(active))
        self.lists = {True: order[active[order]].tolist(), False: order[~active[order]].tolist(), None: order.tolist()}
        self.pos = {True: 0, False: 0, None: 0}
        self.wrap = {True: 0, False: 0, None: 0}
        self.used: set[int] = set()

    def take(self, active: bool | None) -> int:
        lst = self.lists[active]
        i = self.pos[active]
        while i < len(lst) and lst[i] in self.used:
            i += 1
        self.pos[active] = i + 1
        if i >= len(lst):  # all handed out: hand out again (only tiny counties get here)
            self.wrap[active] += 1
            return lst[self.wrap[active] % len(lst)]
        self.used.add(lst[i])
        return lst[i]


def _first_of_each(key: np.ndarray) -> np.ndarray:
    """Positions of the first occurrence of each distinct value of ``key`` (sort-based: faster than np.unique)."""
    order = np.argsort(key, kind="stable")
    ks = key[order]
    keep = np.ones(len(ks), bool)
    keep[1:] = ks[1:] != ks[:-1]
    return order[keep]


def _untangle(rng: np.random.Generator, helpers: np.ndarray, households: np.ndarray) -> np.ndarray:
    """Swap helpers between rows until no household has the same helper twice (loads stay as they are)."""
    helpers = helpers.copy()
    for _ in range(100):
        key = households.astype(np.int64) * (int(helpers.max(initial=0)) + 1) + helpers
        is_dup = np.ones(len(key), bool)
        is_dup[_first_of_each(key)] = False
        dup = np.flatnonzero(is_dup)
        if not len(dup):
            break
        free = np.flatnonzero(~is_dup)
        other = rng.choice(free, min(len(dup), len(free)), replace=False)
        dup = dup[: len(other)]
        helpers[dup], helpers[other] = helpers[other], helpers[dup].copy()
    return helpers


def _contiguous_groups(rng: np.random.Generator, n: int, edges: np.ndarray, k: int, total: int) -> list[np.ndarray]:
    """``k`` disjoint connected groups of 3..8 villages holding ``total`` villages in all (as near as the map allows).

    Groups grow breadth-first from random seeds over unassigned neighbours; the largest ``k`` are kept and
    trimmed (never cutting a group in two) until they hold ``total`` villages.
    """
    if k <= 0 or n < 3:
        return []
    adj: list[list[int]] = [[] for _ in range(n)]
    for a, b in edges.tolist():
        adj[a].append(b)
        adj[b].append(a)
    best: list[list[int]] = []
    for attempt in range(12):
        lo, hi = 3 + attempt // 4, 6 + attempt // 3
        owner = np.full(n, -1)
        groups: list[list[int]] = []
        for s in rng.permutation(n).tolist():
            if owner[s] >= 0:
                continue
            want = int(rng.integers(lo, min(hi, 8) + 1))
            g, frontier = [s], [s]
            owner[s] = len(groups)
            while frontier and len(g) < want:
                x = frontier.pop(0)
                for y in rng.permutation(adj[x]).tolist():
                    if owner[y] < 0 and len(g) < want:
                        owner[y] = len(groups)
                        g.append(y)
                        frontier.append(y)
            if len(g) >= 3:
                groups.append(g)
            else:
                owner[g] = -2  # too small here; left out
        groups.sort(key=len, reverse=True)
        chosen = groups[:k]
        if sum(map(len, chosen)) > sum(map(len, best)) or not best:
            best = chosen
        if len(chosen) == k and sum(map(len, chosen)) >= total:
            best = chosen
            break
    excess = sum(map(len, best)) - total
    while excess > 0:
        changed = False
        for g in sorted(best, key=len, reverse=True):
            if excess <= 0 or len(g) <= 3:
                continue
            for v in reversed(g):
                rest = [u for u in g if u != v]
                if _connected(rest, adj):
                    g.remove(v)
                    excess -= 1
                    changed = True
                    break
        if not changed:
            break
    return [np.array(sorted(g), np.int64) for g in sorted(best, key=min)]


def _connected(nodes: list[int], adj: list[list[int]]) -> bool:
    inside = set(nodes)
    seen = {nodes[0]}
    stack = [nodes[0]]
    while stack:
        for y in adj[stack.pop()]:
            if y in inside and y not in seen:
                seen.add(y)
                stack.append(y)
    return len(seen) == len(inside)
