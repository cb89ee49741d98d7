"""Small inline SVG charts for the report: helper load by rank against quota, coverage by town."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

import pandas as pd

FONT = 'font-family="system-ui, sans-serif"'
OVER, AT, UNDER = "#e03131", "#2f9e44", "#74c0fc"


def _text(x: float, y: float, s: str, *, size: int = 12, anchor: str = "start", fill: str = "#343a40",
          weight: str = "normal") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" fill="{fill}" '
            f'font-weight="{weight}" {FONT}>{escape(s)}</text>')


def load_histograms(loads: pd.DataFrame, quota: Mapping[str, int], ranks: Sequence[str]) -> str:
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
        parts = [_text(ox + left, 16, f"{rank} rank: {len(sub)} helpers, quota {q}",
                       size=13, weight="600")]
        base = top + (h - top - bottom)
        for load, n in counts.items():
            bh = (h - top - bottom) * n / peak
            x = ox + left + load * bw
            color = OVER if load > q else AT if load == q else UNDER
            parts.append(f'<rect x="{x + 1:.1f}" y="{base - bh:.1f}" width="{max(bw - 2, 1):.1f}" height="{bh:.1f}" '
                         f'fill="{color}"><title>{escape(f"{n} helpers carry {load}")}</title></rect>')
            if hi <= 15 or load % 5 == 0:
                parts.append(_text(x + bw / 2, base + 14, str(load), size=10, anchor="middle"))
        qx = ox + left + (q + 0.5) * bw
        parts.append(f'<line x1="{qx:.1f}" y1="{top - 4}" x2="{qx:.1f}" y2="{base}" stroke="#212529" '
                     f'stroke-dasharray="4,3"/>')
        parts.append(_text(qx + 3, top + 6, "quota", size=10))
        parts.append(_text(ox + left - 4, base, "0", size=10, anchor="end"))
        parts.append(_text(ox + left - 4, top + 4, str(peak), size=10, anchor="end"))
        parts.append(_text(ox + left + (w - left) / 2, h - 2, "households carried", size=10, anchor="middle"))
        panels.append("".join(parts))
    total_w = len(ranks) * (w + 16)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{total_w}" height="{h}" viewBox="0 0 {total_w} {h}" '
            f'role="img" aria-label="helper load by rank">{"".join(panels)}</svg>')


def coverage_bars(rows: pd.DataFrame) -> str:
    """Horizontal bars per town: share of households in need that have a helper (``name``, ``in_need``,
    ``without_helper``), worst first."""
    rows = rows.assign(share=1 - rows["without_helper"] / rows["in_need"].where(rows["in_need"] > 0))
    rows = rows.sort_values(["share", "name"], na_position="last")
    bar_h, left, width = 20, 190, 420
    h = bar_h * len(rows) + 30
    parts = []
    for i, r in enumerate(rows.itertuples(index=False)):
        y = 10 + i * bar_h
        name = str(r.name) if len(str(r.name)) <= 22 else str(r.name)[:21] + "…"
        parts.append(_text(left - 8, y + 14, name, anchor="end"))
        parts.append(f'<rect x="{left}" y="{y + 3}" width="{width}" height="{bar_h - 6}" fill="#f1f3f5"/>')
        if pd.notna(r.share):
            color = AT if r.share >= 1 else "#f59f00" if r.share >= 0.9 else OVER
            parts.append(f'<rect x="{left}" y="{y + 3}" width="{width * r.share:.1f}" height="{bar_h - 6}" '
                         f'fill="{color}"><title>{escape(f"{r.name}: {r.in_need - r.without_helper} of {r.in_need}")}'
                         f'</title></rect>')
            label = f"{r.share:.1%} of {int(r.in_need):,}"
        else:
            label = "nobody in need"
        parts.append(_text(left + width + 6, y + 14, label, size=11))
    total_w = left + width + 110
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{total_w}" height="{h}" viewBox="0 0 {total_w} {h}" '
            f'role="img" aria-label="coverage by town">{"".join(parts)}</svg>')
