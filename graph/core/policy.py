"""The pairing policy (quotas by rank, after-exit continuity, team size) and reading it from a TOML file."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from pairnet.graph.core.messages import Text
from pairnet.graph.core.textfile import read_text
from pairnet.graph.core import schema
from pairnet.graph.core.errors import PolicyError

RANKS: tuple[str, ...] = tuple(schema.VALUES["rank"])
LEADER_RANK = "county"  # leaders count as county-rank helpers
NO_TRANSITION = dt.date(1900, 1, 1)  # continuity_until unset, as a Cypher parameter
# the largest value each whole-number key takes
POLICY_MAX: Mapping[str, int] = MappingProxyType({"quota": 1000, "continuity_years": 100, "min_team": 1000,
                                                  "visit_every_days": 3660, "stationed_days_per_month": 31})
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
    visit_every_days: int = 15  # 每半月走访1次 (003)
    visit_kinds: tuple[str, ...] = ("home",)  # the visit kinds that count (入户走访)
    stationed_days_per_month: int = 20  # practice: days a stationed cadre is expected in the village
    leave_excuses: bool = False  # approved leave counts towards the days (it does not, unless the policy says so)

    def __post_init__(self) -> None:
        until = self.continuity_until
        if until is not None and not isinstance(until, dt.date) or isinstance(until, dt.datetime):
            try:
                until = dt.date.fromisoformat(str(until)[:10] if isinstance(until, dt.datetime) else str(until))
            except ValueError:
                raise PolicyError(Text("policy.until", got=repr(until))) from None
            object.__setattr__(self, "continuity_until", until)
        unknown = set(self.quota) - set(RANKS)
        if unknown:
            raise PolicyError(Text("policy.unknown_ranks", ranks=", ".join(repr(r) for r in sorted(unknown)),
                                   known=_choices("rank", RANKS)))
        for name, value in [*(("quota." + k, v) for k, v in self.quota.items()),
                            ("continuity_years", self.continuity_years), ("min_team", self.min_team),
                            ("visit_every_days", self.visit_every_days),
                            ("stationed_days_per_month", self.stationed_days_per_month)]:
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise PolicyError(Text("policy.whole", name=name, value=value))
            top = POLICY_MAX[name.split(".")[0]]
            if value > top:  # in the rule's own sense (99999999999999999999 years reached the store as a bad cast)
                raise PolicyError(Text("policy.too_big", name=name, value=value, max=top))
        kinds = self.visit_kinds
        if isinstance(kinds, str) or not isinstance(kinds, (list, tuple)) or not kinds or \
                any(k not in schema.VALUES["visit_kind"] for k in kinds):
            raise PolicyError(Text("policy.kinds", kinds=_choices("visit_kind", schema.VALUES["visit_kind"]),
                                   got=repr(kinds)))
        object.__setattr__(self, "visit_kinds", tuple(kinds))
        if not isinstance(self.leave_excuses, bool):
            raise PolicyError(Text("policy.leave", got=repr(self.leave_excuses)))
        object.__setattr__(self, "quota", MappingProxyType({**DEFAULT_QUOTA, **self.quota}))

    def quota_for(self, rank: str) -> int:
        """Households a helper of ``rank`` should carry."""
        return self.quota[rank]

    def supervision_params(self) -> dict[str, Any]:
        """The visit rule as Cypher parameters: ``visit_kinds`` (a list) and ``visit_every_days``."""
        return {"visit_kinds": list(self.visit_kinds), "visit_every_days": self.visit_every_days}

    def params(self) -> dict[str, object]:
        """The policy as Cypher parameters: ``quota_county`` ..., ``continuity_years``, ``min_team`` and
        ``continuity_until`` (a date; unset is 1900-01-01, before any as-of day, so it never applies)."""
        return {**{f"quota_{r}": q for r, q in self.quota.items()},
                "continuity_years": self.continuity_years, "min_team": self.min_team,
                "continuity_until": self.continuity_until or NO_TRANSITION}


def load_policy(path: str | Path | None) -> Policy:
    """The policy in a TOML file, or the default policy when ``path`` is None.

    Keys: ``continuity_years``, ``min_team``, ``continuity_until`` (a date), ``visit_every_days``,
    ``visit_kinds`` (a list), ``stationed_days_per_month``, ``leave_excuses`` and a ``[quota]`` table by rank
    (any subset). Unknown keys, unknown ranks and values that are not whole numbers >= 0 raise
    ``PolicyError``. Example file::

        continuity_years = 1
        continuity_until = 2025-12-31
        [quota]
        section = 5
    """
    if path is None:
        return Policy()
    text = read_text(path, "policy.file")  # UTF-8 with or without a BOM, or GBK, as Windows Notepad saves it
    try:
        raw: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        at = re.search(r"\(at line (\d+), column (\d+)\)", str(e))
        why = Text("policy.toml_at", why=str(e).split(" (at ")[0], line=at[1], col=at[2]) if at else str(e)
        raise PolicyError(Text("policy.toml", path=str(path), why=why)) from e
    except RecursionError:  # arrays nested thousands deep
        raise PolicyError(Text("policy.toml", path=str(path), why=Text("file.too_deep"))) from None
    known = {"quota", "continuity_years", "min_team", "continuity_until", "visit_every_days", "visit_kinds",
             "stationed_days_per_month", "leave_excuses"}
    unknown = set(raw) - known
    if unknown:
        raise PolicyError(Text("policy.unknown_keys", path=str(path), keys=", ".join(sorted(unknown)),
                                known=", ".join(sorted(known))))
    if "quota" in raw and not isinstance(raw["quota"], dict):
        raise PolicyError(Text("policy.quota_table", path=str(path)))
    return Policy(**raw)


def _choices(column: str, values: Any) -> Text:
    """The words a policy file takes, quoted as they must be typed, with their Chinese names in Chinese."""
    names = schema.VALUES.get(column, {})
    return Text(", ".join(repr(v) for v in values),
                "、".join(f"{v!r}（{names[v][0]}）" if names.get(v) else repr(v) for v in values))
