"""Generator profiles: the five counties of the source documents, their counts, places and planted-defect rates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from pairnet.graph.core.errors import PairnetError
from pairnet.graph.core.messages import Text
from pairnet.loaders.synthetic.defects import Defects


@dataclass(frozen=True)
class Profile:
    """A county to generate. ``doc`` names the counts the source documents give (exact at scale 1)."""

    name: str
    county: str  # Chinese name
    area_codes: tuple[str, ...]  # 6-digit administrative division codes (ID-number prefixes)
    lon: float
    lat: float
    area_km2: float
    towns: int
    villages: int
    poor_villages: int
    deep_villages: int
    households: int
    units: int
    cadres: int
    leaders: int
    first_secretaries: int | None = None  # first-secretary postings (None: one per poor village plus rotations)
    committees: int = 3
    committee_villages: int = 12
    as_of: dt.date = dt.date(2026, 6, 30)
    doc: tuple[str, ...] = ()
    defects: Defects = field(default_factory=Defects)

    def scaled(self, scale: float) -> Profile:
        """The profile with every count multiplied by ``scale`` (rounded), kept consistent.

        >>> PROFILES["ziyang"].scaled(0.1).towns
        2
        """
        if not scale > 0:
            raise PairnetError(Text("profile.scale", scale=scale))

        def s(n: int, low: int = 1) -> int:
            return max(low, int(round(n * scale)))

        towns = s(self.towns)
        villages = s(self.villages, towns)
        poor = min(villages, s(self.poor_villages))
        deep = min(poor, s(self.deep_villages))
        fs = None if self.first_secretaries is None else s(self.first_secretaries)
        committees = s(self.committees)
        return replace(
            self, towns=towns, villages=villages, poor_villages=poor, deep_villages=deep,
            households=s(self.households), units=s(self.units), cadres=s(self.cadres, 8 * poor),
            leaders=max(s(self.leaders), towns, deep), first_secretaries=fs, committees=committees,
            committee_villages=min(villages, max(3 * committees, s(self.committee_villages))),
        )


# Counts named in ``doc`` come from the documents (see DOMAIN.md); the rest are plausible values for the county.
PROFILES: dict[str, Profile] = {
    p.name: p
    for p in (
        Profile(
            "ziyang", "紫阳县", ("610924",), 108.53, 32.52, 2204, towns=17, villages=178, poor_villages=133,
            deep_villages=30, households=31083, units=111, cadres=3080, leaders=34, first_secretaries=132,
            doc=("towns", "poor_villages", "households", "units", "cadres", "first_secretaries"),
        ),
        Profile(
            "xuanen", "宣恩县", ("422825",), 109.49, 29.99, 2740, towns=9, villages=279, poor_villages=70,
            deep_villages=20, households=27605, units=82, cadres=2781, leaders=28, first_secretaries=277,
            as_of=dt.date(2026, 3, 31),
            doc=("towns", "villages", "poor_villages", "households", "units", "cadres", "first_secretaries"),
        ),
        Profile(
            "rongshui", "融水苗族自治县", ("450225",), 109.26, 25.07, 4638, towns=20, villages=206,
            poor_villages=135, deep_villages=30, households=28000, units=150, cadres=6500, leaders=36,
            first_secretaries=379, as_of=dt.date(2025, 12, 31), doc=("households", "first_secretaries"),
        ),
        Profile(
            # the "XX" city of Dazhou in document 003: 785 first-secretary postings, one work team per poor village
            "wanyuan", "万源市", ("511781",), 108.03, 32.07, 4065, towns=30, villages=400, poor_villages=170,
            deep_villages=25, households=18500, units=123, cadres=12000, leaders=31, first_secretaries=785,
            doc=("poor_villages", "leaders", "cadres", "units", "first_secretaries"),
        ),
        Profile(
            "liupanshui", "六盘水市", ("520201", "520203", "520221", "520281"), 104.83, 26.59, 9914, towns=44,
            villages=380, poor_villages=120, deep_villages=30, households=26000, units=150, cadres=6000, leaders=50,
            committees=72, committee_villages=304, doc=("towns", "committees", "committee_villages"),
        ),
    )
}


def get_profile(name: str) -> Profile:
    """The profile called ``name``, or a PairnetError listing the known ones."""
    try:
        return PROFILES[name]
    except KeyError:
        raise PairnetError(Text("profile.unknown", name=name, profiles=", ".join(PROFILES))) from None
