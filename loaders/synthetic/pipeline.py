"""The generator as a pipeline: profile -> places -> people -> households -> ties -> pairings -> committees -> network."""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import numpy as np

from pairnet.graph.core import atomic
from pairnet.graph.core.errors import PairnetError
from pairnet.graph.core.messages import Text
from pairnet.graph.network import PairingNetwork
from pairnet.loaders.synthetic.assemble import assemble
from pairnet.loaders.synthetic.committees import draw_committees
from pairnet.loaders.synthetic.defects import Defects
from pairnet.loaders.synthetic.households import draw_households
from pairnet.loaders.synthetic.pairings import draw_pairings
from pairnet.loaders.synthetic.people import draw_people
from pairnet.loaders.synthetic.places import draw_places
from pairnet.loaders.synthetic.profiles import Profile, get_profile
from pairnet.loaders.synthetic.stationing import draw_stationing
from pairnet.loaders.synthetic.supervision import draw_attendance, draw_visits
from pairnet.loaders.synthetic.ties import draw_ties
from pairnet.loaders.synthetic.truth import truth_of
from pairnet.graph.core.dates import check_as_of
from pairnet.graph.core.policy import Policy

Progress = Callable[[str], None]  # called with the name of each step as it starts
STEPS = ("towns and villages", "units, leaders and cadres", "households", "packaging, liaison and stationing",
         "pairings", "committees", "network", "visits and attendance", "truth", "workbook")


@dataclass
class Generated:
    """A generated network and what correct analyses must find in it (``truth``, the truth.json document)."""

    network: PairingNetwork
    truth: dict


MAX_SCALE = 300  # scale 100 is 3.1 million households (about 5 GB); more would not fit a machine


def generate(profile: str | Profile, scale: float = 1.0, seed: int = 0, as_of: dt.date | str | None = None, *,
             defects: Defects | None = None, progress: Progress | None = None) -> Generated:
    """Generate a county's pairing network from a profile, with planted defects, deterministically.

    ``as_of`` (default: the profile's fixed day) is the day the truth is judged on. Same arguments, same network.
    Every step draws from one random generator in a fixed order; the default policy is the one truth.json is
    judged by, so the defects are planted against it.

    >>> gen = generate("ziyang", scale=0.02, seed=1)
    >>> gen.truth["counts"]["nodes"]["Town"], gen.truth["as_of"]
    (1, '2026-06-30')
    """
    if not isinstance(scale, (int, float)) or not math.isfinite(scale) or not 0 <= scale <= MAX_SCALE:
        raise PairnetError(Text("generate.scale", scale=scale, max=MAX_SCALE))  # 1e9 asked numpy for 1.3 TiB
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise PairnetError(Text("generate.seed", seed=seed))
    base = profile if isinstance(profile, Profile) else get_profile(profile)
    p = base.scaled(scale)
    if defects is not None:
        p = replace(p, defects=defects)
    day = check_as_of(as_of) if as_of is not None else p.as_of
    report = progress or (lambda _s: None)
    rng, policy, d = np.random.default_rng(seed), Policy(), p.defects

    report(STEPS[0])
    places = draw_places(p, rng)
    report(STEPS[1])
    people, planted = draw_people(p, rng, places.town_names, d)
    report(STEPS[2])
    households = draw_households(p, rng, day, places, people, policy)
    report(STEPS[3])
    ties, counts = draw_ties(p, rng, day, places, d)
    stations, station_counts = draw_stationing(p, rng, day, places.poor, people.cadre_active, d)
    report(STEPS[4])
    pairings, pairing_counts = draw_pairings(p, rng, day, people, households, ties, policy, d)
    report(STEPS[5])
    committees = draw_committees(p, rng, places.edges, places.rating)
    report(STEPS[6])
    net = assemble(places, people, households, ties, stations, pairings, committees)
    report(STEPS[7])
    more = np.random.default_rng([seed, 1])  # their own stream: the frames above stay as they were
    visited, visit_states = draw_visits(more, net, day, policy, d)
    attended, attendance_planted = draw_attendance(more, net, day, policy, d)
    net = PairingNetwork(net.nodes, net.rels, {"visits": visited, "attendance": attended})
    report(STEPS[8])
    planted = {**planted, **counts, **station_counts, **pairing_counts, "committees": len(committees.groups)}
    truth = {
        "profile": p.name, "scale": scale, "seed": seed, "as_of": day.isoformat(),
        "counts": net.counts(), **truth_of(net, day), "planted": {
            "rates": asdict(d), "counts": planted,
            "visits": {"as_of": day.isoformat(), "households": visit_states}, "attendance": attendance_planted},
    }
    return Generated(net, truth)


@atomic.together()  # the workbook and truth.json land together or not at all
def write_generated(gen: Generated, out_dir: str | Path, fmt: str = "csv", lang: str = "en",
                    encoding: str = "utf-8") -> Path:
    """Write the workbook (``workbook/`` folder or ``workbook.xlsx``) and ``truth.json`` into ``out_dir``."""
    from pairnet.loaders.write import write_workbook

    out = Path(out_dir)
    atomic.make_dirs(out)
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
