"""Resident ID numbers (居民身份证号码): the ISO 7064 MOD 11-2 check character, vectorised."""

from __future__ import annotations

import numpy as np

WEIGHTS = np.array([2 ** (17 - i) % 11 for i in range(17)], dtype=np.int64)  # 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, ...
CHECK = np.frombuffer(b"10X98765432", dtype=np.uint8)  # ASCII of the check character for each sum mod 11


def check_characters(digits: np.ndarray) -> np.ndarray:
    """ASCII codes of the check character for each row of an (n, 17) array of digit values 0-9.

    >>> bytes(check_characters(np.array([[int(c) for c in "11010519491231002"]])))
    b'X'
    """
    return CHECK[(digits.astype(np.int64) @ WEIGHTS) % 11]
