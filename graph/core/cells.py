"""Spreadsheet formula neutralising: text cells that Excel would run as a formula get a leading quote."""

from __future__ import annotations

from typing import Any

# --- neutralising spreadsheet formulas ------------------------------------------------------------------
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Prefix ``'`` to a text cell that a spreadsheet would run as a formula (``= + - @``, tab, CR).

    >>> neutralise("=HYPERLINK(1)")
    "'=HYPERLINK(1)"
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value

