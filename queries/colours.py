"""Red / yellow / green (三色) per household in need: no helper, a visit or a helper's load to follow up, or fine."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from pairnet.graph.core.dates import check_as_of
from pairnet.graph.core.policy import Policy
from pairnet.queries.balance import helper_load
from pairnet.queries.engine import Engine, Source
from pairnet.queries.visits import Visits, visits

COLOURS = ("red", "yellow", "green")
REASONS = ("no_helper", "never", "overdue", "over_quota", "ok")  # in the order they decide the colour
COLUMNS = ["id", "label", "village_id", "town_id", "colour", "reason"]


def household_colours(source: Source, *, as_of: dt.date, policy: Policy | None = None, engine: Engine = None,
                      found: Visits | None = None, loads: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every household in need on ``as_of`` with its colour and the reason that decided it.

    Red: no active helper (``no_helper``). Yellow: its last counted visit is overdue or it has none (``overdue``,
    ``never``, see ``visits``), or one of its active helpers carries more than the quota (``over_quota``, see
    ``balance.helper_load``). Green otherwise (``ok``). The first reason in ``REASONS`` order is given. Pass the
    ``visits`` result as ``found`` and the ``helper_load`` frame as ``loads`` when they are at hand (they are not
    computed twice).

    >>> from pairnet.graph.example import AS_OF, example_network
    >>> found = household_colours(example_network(), as_of=AS_OF)
    >>> found[["id", "colour", "reason"]].head(3).values.tolist()
    [['H01', 'green', 'ok'], ['H02', 'yellow', 'overdue'], ['H03', 'yellow', 'never']]
    >>> colour_counts(found, by="town_id")[["town_id", "red", "yellow", "green"]].values.tolist()
    [['T1', 0, 4, 1], ['T2', 3, 1, 0]]
    """
    as_of, policy = check_as_of(as_of), policy or Policy()
    found = found or visits(source, as_of=as_of, policy=policy, engine=engine)
    if loads is None:
        loads = helper_load(source, as_of=as_of, policy=policy, engine=engine)
    over = set(loads.loc[loads["status"] == "over", "id"])
    hh = found.households
    reason = [state if state != "ok" else ("over_quota" if over & set(helpers) else "ok")
              for state, helpers in zip(hh["state"], hh["helper_ids"])]
    colour = ["red" if r == "no_helper" else "green" if r == "ok" else "yellow" for r in reason]
    out = hh[["id", "label", "village_id", "town_id"]].copy()
    out["colour"] = pd.Series(colour, index=hh.index, dtype="string")
    out["reason"] = pd.Series(reason, index=hh.index, dtype="string")
    return out[COLUMNS]


def colour_counts(colours: pd.DataFrame, by: str = "village_id") -> pd.DataFrame:
    """Households of each colour per ``by`` (a village or town id), with the share green: ``by, red, yellow,
    green, households, share_green`` (for the overview map's share per village)."""
    counts = colours.groupby([by, "colour"]).size().unstack(fill_value=0)
    out = counts.reindex(columns=list(COLOURS), fill_value=0).rename_axis(index=by, columns=None).reset_index()
    out["households"] = out[list(COLOURS)].sum(axis=1)
    out["share_green"] = (out["green"] / out["households"]).round(4)
    return out
