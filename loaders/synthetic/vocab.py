"""The schema's vocabularies as the generator's integer codes: a code is a value's position in the schema's list."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pyarrow as pa

from pairnet.graph.core import schema


def words(vocabulary: str) -> tuple[str, ...]:
    """The canonical values of a schema vocabulary, in the schema's order (``branch_rating``: best first).

    >>> words("status")
    ('poor', 'exited', 'monitored')
    """
    return tuple(schema.VALUES[vocabulary])


def code(vocabulary: str, value: str) -> int:
    """The integer code of ``value`` in ``vocabulary``.

    >>> code("branch_rating", "good")
    1
    """
    return words(vocabulary).index(value)


def shares(vocabulary: str, by_value: Mapping[str, float]) -> tuple[float, ...]:
    """Probabilities by value name, in code order (every value of the vocabulary named exactly once)."""
    if set(by_value) != set(words(vocabulary)):
        raise ValueError(f"shares for {vocabulary} must name {words(vocabulary)}, got {tuple(by_value)}")
    return tuple(by_value[w] for w in words(vocabulary))


def take(vocabulary: str | tuple[str, ...], codes: np.ndarray) -> Any:
    """Words picked by integer codes (from a schema vocabulary, or a tuple of words), as an Arrow string array."""
    table = words(vocabulary) if isinstance(vocabulary, str) else vocabulary
    return pa.array(table, type=pa.string()).take(codes)
