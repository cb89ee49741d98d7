"""Random building blocks shared by the generator's steps: weighted picks, days, the first row of each key."""

from __future__ import annotations

import numpy as np

DAY = np.timedelta64(1, "D")
NAT = np.datetime64("NaT", "D")


def top_weighted(rng: np.random.Generator, weights: np.ndarray, k: int) -> np.ndarray:
    """``k`` indices drawn without replacement, with probability growing with ``weights`` (sorted)."""
    if k >= len(weights):
        return np.arange(len(weights))
    keys = rng.random(len(weights)) ** (1.0 / weights)
    return np.sort(np.argpartition(-keys, k - 1)[:k])


def days_between(rng: np.random.Generator, n: int, start: np.datetime64, end: np.datetime64) -> np.ndarray:
    """``n`` days uniformly in [start, end] (start when the range is empty)."""
    span = max(int((end - start) / DAY), 0)
    return start + rng.integers(0, span + 1, n) * DAY


def first_of_each(key: np.ndarray) -> np.ndarray:
    """Positions of the first occurrence of each distinct value of ``key`` (sort-based: faster than np.unique).

    >>> first_of_each(np.array([5, 3, 5, 3, 1])).tolist()
    [4, 1, 0]
    """
    order = np.argsort(key, kind="stable")
    ks = key[order]
    keep = np.ones(len(ks), bool)
    keep[1:] = ks[1:] != ks[:-1]
    return order[keep]
