"""Days: the as-of day of an analysis, given as a date or as text the way clerks write it."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from pairnet.graph.core.errors import DateError
from pairnet.graph.core.messages import Text

_DAY = re.compile(r"(?P<y>\d{4})\s*(?:[-/.]\s*(?P<m>\d{1,2})\s*[-/.]\s*(?P<d>\d{1,2})"
                  r"|年\s*(?P<m2>\d{1,2})\s*月\s*(?P<d2>\d{1,2})\s*[日号]?|(?P<m3>\d{2})(?P<d3>\d{2}))")


def parse_day(text: str) -> dt.date | None:
    """A day written ``2026-06-30``, ``2026/6/30``, ``2026-6-30``, ``2026.6.30``, ``20260630`` or ``2026年6月30日``
    (full-width digits too), or None when ``text`` is none of these or no such day exists.

    >>> parse_day("2026/6/30"), parse_day("2026年6月30日"), parse_day("２０２６-６-３０"), parse_day("2026-02-30")
    (datetime.date(2026, 6, 30), datetime.date(2026, 6, 30), datetime.date(2026, 6, 30), None)
    """
    hit = _DAY.fullmatch(unicodedata.normalize("NFKC", str(text)).strip())
    if hit is None:
        return None
    g = hit.groupdict()
    month, day = (g["m"] or g["m2"] or g["m3"]), (g["d"] or g["d2"] or g["d3"])
    try:
        return dt.date(int(g["y"]), int(month), int(day))
    except ValueError:
        return None


def check_as_of(as_of: dt.date | str) -> dt.date:
    """``as_of`` as a date (text as ``parse_day`` reads it); a bad day is the user's fault."""
    if isinstance(as_of, dt.datetime):
        return as_of.date()
    if isinstance(as_of, dt.date):
        return as_of
    day = parse_day(str(as_of))
    if day is None:
        raise DateError(Text("date.bad", value=str(as_of)))
    return day
