"""Names the generator draws: Chinese personal and place names, mobile phone numbers and zero-padded codes."""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
import pyarrow as pa

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
            "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国文玉珍红梅志斌海云飞德福兴春生宝林成贵金荣富清祥安永"
PLACE = "龙凤山河坪坝沟湾岭溪田塘石桥庄营寨园林新和安平兴民丰乐青松柏竹茶桃李柳水口岩垭洞坡梁红星光明花台"
PHONE_PREFIXES = np.array([130, 131, 132, 133, 135, 136, 137, 138, 139, 150, 151, 152, 155, 157, 158, 159,
                           176, 177, 180, 181, 183, 187, 188, 189, 198, 199], dtype=np.int64)


@functools.cache
def _name_pool() -> Any:
    """Every surname + given name (+ optional second given character) as one Arrow array, indexed by ``names``."""
    s, g = np.array(list(SURNAMES)), np.array(list(GIVEN))
    g2 = np.append(g, "")
    return pa.array(np.strings.add(np.strings.add(s[:, None, None], g[None, :, None]), g2[None, None, :]).ravel())


def person_names(rng: np.random.Generator, n: int) -> Any:
    """``n`` Chinese personal names (an Arrow array): a surname, common ones more often, and one or two characters."""
    ns, ng = len(SURNAMES), len(GIVEN)
    sw = 1.0 / np.arange(1, ns + 1) ** 0.7
    si = rng.choice(ns, n, p=sw / sw.sum())
    g1 = rng.integers(0, ng, n)
    g2 = np.where(rng.random(n) < 0.7, rng.integers(0, ng, n), ng)
    return _name_pool().take((si * ng + g1) * (ng + 1) + g2)


def place_names(rng: np.random.Generator, n: int, suffix: np.ndarray | str) -> np.ndarray:
    """``n`` two-character place names followed by ``suffix`` (镇, 乡, 村)."""
    c = np.array(list(PLACE))
    return np.strings.add(np.strings.add(c[rng.integers(0, len(c), n)], c[rng.integers(0, len(c), n)]), suffix)


def phones(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` 11-digit mobile numbers with real carrier prefixes."""
    nums = PHONE_PREFIXES[rng.integers(0, len(PHONE_PREFIXES), n)] * 10**8 + rng.integers(0, 10**8, n)
    return nums.astype("U11")


def codes(prefix: str, n: int, width: int | None = None) -> np.ndarray:
    """``prefix`` followed by 1..n zero-padded (at least four digits unless ``width`` says otherwise).

    >>> codes("U", 2).tolist()
    ['U0001', 'U0002']
    """
    w = width or max(4, len(str(n)))
    if n == 0:
        return np.array([], dtype=f"U{len(prefix) + w}")
    return np.strings.add(prefix, np.strings.zfill(np.arange(1, n + 1).astype("U"), w))
