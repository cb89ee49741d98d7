"""Small inline SVG charts for the report: helper load by rank against quota, coverage by town."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from html import escape

import pandas as pd

from pairnet.graph.core.messages import map_text, value_text

FONT = 'font-family="system-ui, sans-serif"'
OVER, AT, UNDER = "#e03131", "#2f9e44", "#74c0fc"


def _text(x: float, y: float, s: str, *, size: int = 12, anchor: str = "start", fill: str = "#343a40",
          weight: str = "normal") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" fill="{fill}" '
            f'font-weight="{weight}" {FONT}>{escape(s)}</text>')


def load_histograms(loads: pd.DataFrame, quota: Mapping[str, int], ranks: Sequence[str], lang: str = "en") -> str:
    """One bar chart per rank: how many helpers carry 0, 1, 2 ... households, quota marked, bars over it red.

    ``loads`` is ``balance.helper_load``'s frame (``rank``, ``load``).
    """
    w, h, top, bottom, left = 280, 170, 34, 30, 40
    panels = []
    for i, rank in enumerate(ranks):
        sub = loads.loc[loads["rank"] == rank, "load"].astype(int)
        q = int(quota[rank])
        hi = max([q + 2, *sub.tolist()])
        counts = sub.value_counts().reindex(range(hi + 1), fill_value=0)
        peak = max(int(counts.max()), 1)
        bw = (w - left - 10) / (hi + 1)
        ox = i * (w + 16)
        parts = [_text(ox + left, 16, map_text("chart_rank", lang, rank=value_text("rank", rank, lang), n=len(sub), q=q),
                       size=13, weight="600")]
        base = top + (h - top - bottom)
        for load, n in counts.items():
            bh = (h - top - bottom) * n / peak
            x = ox + left + load * bw
            color = OVER if load > q else AT if load == q else UNDER
            parts.append(f'<rect x="{x + 1:.1f}" y="{base - bh:.1f}" width="{max(bw - 2, 1):.1f}" height="{bh:.1f}" '
                         f'fill="{color}"><title>{escape(map_text("chart_carry", lang, n=n, load=load))}</title></rect>')
            if hi <= 15 or load % 5 == 0:
                parts.append(_text(x + bw / 2, base + 14, str(load), size=10, anchor="middle"))
        qx = ox + left + (q + 0.5) * bw
        parts.append(f'<line x1="{qx:.1f}" y1="{top - 4}" x2="{qx:.1f}" y2="{base}" stroke="#212529" '
                     f'stroke-dasharray="4,3"/>')
        parts.append(_text(qx + 3, top + 6, map_text("chart_quota", lang), size=10))
        parts.append(_text(ox + left - 4, base, "0", size=10, anchor="end"))
        parts.append(_text(ox + left - 4, top + 4, str(peak), size=10, anchor="end"))
        parts.append(_text(ox + left + (w - left) / 2, h - 2, map_text("chart_axis", lang), size=10, anchor="middle"))
        panels.append("".join(parts))
    total_w = len(ranks) * (w + 16)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{total_w}" height="{h}" viewBox="0 0 {total_w} {h}" '
            f'role="img" aria-label="helper load by rank">{"".join(panels)}</svg>')


def coverage_bars(rows: pd.DataFrame, *, lang: str = "en", color: Callable[[float], str] | None = None) -> str:
    """Horizontal bars per town: households in need without a helper (``name``, ``in_need``, ``without_helper``),
    most first, on a scale from zero to the largest count, so towns of 97 % and 99 % coverage look different; the
    bar's colour is the map's colour for the town's share covered, the share written beside it."""
    rows = rows.assign(share=1 - rows["without_helper"] / rows["in_need"].where(rows["in_need"] > 0))
    rows = rows.sort_values(["without_helper", "name"], ascending=[False, True], na_position="last")
    bar_h, left, width = 20, 190, 360
    peak = max(int(rows["without_helper"].max()) if len(rows) else 0, 1)
    h = bar_h * len(rows) + 30
    parts = []
    for i, r in enumerate(rows.itertuples(index=False)):
        y = 10 + i * bar_h
        name = str(r.name) if len(str(r.name)) <= 22 else str(r.name)[:21] + "…"
        parts.append(_text(left - 8, y + 14, name, anchor="end"))
        parts.append(f'<rect x="{left}" y="{y + 3}" width="{width}" height="{bar_h - 6}" fill="#f1f3f5"/>')
        if pd.notna(r.share):
            fill = color(float(r.share)) if color else (AT if r.share >= 1 else OVER)
            bw = width * int(r.without_helper) / peak
            tip = map_text("chart_town", lang, without=int(r.without_helper), in_need=int(r.in_need), share=r.share)
            parts.append(f'<rect x="{left}" y="{y + 3}" width="{bw:.1f}" height="{bar_h - 6}" fill="{fill}" '
                         f'stroke="#495057" stroke-width="0.5"><title>{escape(f"{r.name}: {tip}")}</title></rect>')
            label = tip
        else:
            label = map_text("chart_nobody", lang)
        parts.append(_text(left + width + 6, y + 14, label, size=11))
    total_w = left + width + 300
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{total_w}" height="{h}" viewBox="0 0 {total_w} {h}" '
            f'role="img" aria-label="coverage by town">{"".join(parts)}</svg>')
