"""Days: the as-of day of an analysis, given as a date or as text."""

from __future__ import annotations

import datetime as dt

from pairnet.graph.core.errors import PairnetError


def check_as_of(as_of: dt.date | str) -> dt.date:
    """``as_of`` as a date (ISO text accepted); a bad day is the user's fault."""
    if isinstance(as_of, dt.datetime):
        return as_of.date()
    if isinstance(as_of, dt.date):
        return as_of
    try:
        return dt.date.fromisoformat(str(as_of))
    except ValueError as e:
        raise PairnetError(f"as-of day {as_of!r} is not a date YYYY-MM-DD") from e
