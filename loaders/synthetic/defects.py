"""Planted defects: the rates a profile plants them at, and how many a rate gives."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Defects:
    """Rates of planted defects (shares of the population each applies to; at least one when the rate is > 0)."""

    household_without_helper: float = 0.02  # of households in need; split over the three reasons
    inactive_cadre: float = 0.03  # of cadres (active = false)
    village_without_unit: float = 0.03  # of poor villages
    village_without_first_secretary: float = 0.04  # of poor villages
    village_team_understaffed: float = 0.05  # of poor villages
    deep_village_without_leader: float = 0.08  # of deep-poverty villages
    town_without_leader: float = 0.05  # of towns
    helper_over_quota: float = 0.03  # of active helpers: given one or two households above quota
    helper_under_quota: float = 0.05  # of active helpers: given one or more below quota
    visit_never: float = 0.05  # of households in need with a helper: no counted visit
    visit_overdue: float = 0.10  # of households in need with a helper: last counted visit too long ago
    attendance_short: float = 0.10  # of active cadres stationed in the month: fewer days present than required
    attendance_leave: float = 0.05  # of active cadres stationed in the month: some days of approved leave


def planted_count(rate: float, n: int, low: int = 1) -> int:
    """How many of ``n`` to plant at ``rate``: at least ``low`` when the rate is positive, leaving one healthy.

    >>> planted_count(0.03, 100), planted_count(0.0, 100), planted_count(0.5, 1)
    (3, 0, 0)
    """
    if rate <= 0 or n <= 1:
        return 0
    return int(min(n - 1, max(low, round(rate * n))))
