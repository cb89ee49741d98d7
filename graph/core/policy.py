"""The pairing policy (quotas by rank, after-exit continuity, team size) and reading it from a TOML file."""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from pairnet.graph.core import schema
from pairnet.graph.core.errors import PairnetError

RANKS: tuple[str, ...] = tuple(schema.VALUES["rank"])
LEADER_RANK = "county"  # leaders count as county-rank helpers
NO_TRANSITION = dt.date(1900, 1, 1)  # continuity_until unset, as a Cypher parameter
DEFAULT_QUOTA: Mapping[str, int] = MappingProxyType({"county": 5, "section": 4, "staff": 3, "village": 3})


@dataclass(frozen=True)
class Policy:
    """Quota of households per helper rank ("543" plus 包保3户), the after-exit continuity window and team size.

    >>> Policy().quota_for("section")
    4
    >>> Policy(quota={"county": 6}).quota_for("staff")
    3
    """

    quota: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_QUOTA))
    continuity_years: int = 2
    min_team: int = 3
    # the transition period (过渡期, "摘帽不摘帮扶"): every exited household stays in need up to this day
    continuity_until: dt.date | None = None

    def __post_init__(self) -> None:
        until = self.continuity_until
        if until is not None and not isinstance(until, dt.date) or isinstance(until, dt.datetime):
            try:
                until = dt.date.fromisoformat(str(until)[:10] if isinstance(until, dt.datetime) else str(until))
            except ValueError:
                raise PairnetError(f"policy: continuity_until must be a date YYYY-MM-DD, got {until!r}") from None
            object.__setattr__(self, "continuity_until", until)
        unknown = set(self.quota) - set(RANKS)
        if unknown:
            raise PairnetError(f"policy: unknown rank(s) in quota: {', '.join(sorted(unknown))} "
                               f"(known: {', '.join(RANKS)})")
        for name, value in [*(("quota." + k, v) for k, v in self.quota.items()),
                            ("continuity_years", self.continuity_years), ("min_team", self.min_team)]:
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise PairnetError(f"policy: {name} must be a whole number >= 0, got {value!r}")
        object.__setattr__(self, "quota", MappingProxyType({**DEFAULT_QUOTA, **self.quota}))

    def quota_for(self, rank: str) -> int:
        """Households a helper of ``rank`` should carry."""
        return self.quota[rank]

    def params(self) -> dict[str, object]:
        """The policy as Cypher parameters: ``quota_county`` ..., ``continuity_years``, ``min_team`` and
        ``continuity_until`` (a date; unset is 1900-01-01, before any as-of day, so it never applies)."""
        return {**{f"quota_{r}": q for r, q in self.quota.items()},
                "continuity_years": self.continuity_years, "min_team": self.min_team,
                "continuity_until": self.continuity_until or NO_TRANSITION}


def load_policy(path: str | Path | None) -> Policy:
    """The policy in a TOML file, or the default policy when ``path`` is None.

    Keys: ``continuity_years``, ``min_team``, ``continuity_until`` (a date) and a ``[quota]`` table by rank
    (any subset). Unknown keys, unknown ranks and values that are not whole numbers >= 0 raise
    ``PairnetError``. Example file::

        continuity_years = 1
        continuity_until = 2025-12-31
        [quota]
        section = 5
    """
    if path is None:
        return Policy()
    try:
        with open(path, "rb") as f:
            raw: dict[str, Any] = tomllib.load(f)
    except OSError as e:
        raise PairnetError(f"policy file {path}: {e.strerror or e}") from e
    except tomllib.TOMLDecodeError as e:
        raise PairnetError(f"policy file {path} is not valid TOML: {e}") from e
    known = {"quota", "continuity_years", "min_team", "continuity_until"}
    unknown = set(raw) - known
    if unknown:
        raise PairnetError(f"policy file {path}: unknown key(s) {', '.join(sorted(unknown))} "
                           f"(known: {', '.join(sorted(known))})")
    if "quota" in raw and not isinstance(raw["quota"], dict):
        raise PairnetError(f"policy file {path}: quota must be a table, e.g. [quota] section = 4")
    return Policy(**raw)
