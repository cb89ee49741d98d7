"""The monthly bulletin as files: one XLSX (a sheet per section) and one offline HTML page, Chinese by default."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from pairnet.graph.core import atomic
from pairnet.graph.core.messages import frame_zh, text
from pairnet.graph.core.pii import mask_data, mask_frame
from pairnet.graph.core.result import Result, is_na
from pairnet.graph.core.writers import write_result
from pairnet.queries.bulletin import Bulletin
from pairnet.visualizations.page import asset_template

CHANGE_COLUMNS = ["load_id", "at", "kind", "frame", "op", "key", "before", "after"]


def sections(b: Bulletin, lang: str = "zh", show_pii: bool = False) -> dict[str, tuple[str, pd.DataFrame]]:
    """The bulletin's sections in order: id -> (title in ``lang``, table). PII is masked unless ``show_pii``."""
    gaps = b.gaps[["town_id", "village_id", "kind", "id", "label", "reason"]]
    out = {
        "units": (text("bulletin_units", lang), b.units),
        "towns": (text("bulletin_towns", lang), b.towns),
        "best": (text("bulletin_best", lang), b.best),
        "worst": (text("bulletin_worst", lang), b.worst),
        "changes": (text("bulletin_changes", lang), _changes_table(b, show_pii)),
        "gaps": (text("bulletin_gaps", lang), gaps),
    }
    return {k: (title, df if show_pii else mask_frame(df)) for k, (title, df) in out.items()}


@atomic.together()  # the XLSX and the page land together or not at all
def write_bulletin(b: Bulletin, out_dir: str | Path, *, lang: str = "zh", show_pii: bool = False) -> list[Path]:
    """Write ``通报-YYYY-MM.xlsx`` (``bulletin-YYYY-MM.xlsx`` in English) and the same ``.html`` into ``out_dir``."""
    out = Path(out_dir)
    atomic.make_dirs(out)
    stem = f"{'通报' if lang == 'zh' else 'bulletin'}-{b.month}"
    parts = sections(b, lang, show_pii)
    title = text("bulletin_title", lang, month=b.month)
    note = text("bulletin_as_of", lang, as_of=b.as_of.isoformat(), month=b.month)
    intro = pd.DataFrame({"what": [title, note, text("bulletin_rule", lang)]})
    tables = {(text("bulletin_title", lang, month=b.month)[:31] if lang == "zh" else "bulletin"): intro}
    tables.update({t: df for t, df in parts.values()})
    xlsx = out / f"{stem}.xlsx"
    write_result(Result({}, tables), fmt="xlsx", out=str(xlsx), lang=lang, show_pii=show_pii)
    html = out / f"{stem}.html"
    page = asset_template("bulletin.html").render(
        lang="zh-CN" if lang == "zh" else "en", title=title, as_of_note=note, rule=text("bulletin_rule", lang),
        none=text("bulletin_none", lang) if b.changes is not None else text("bulletin_no_history", lang),
        sections=[_section(k, t, df, lang) for k, (t, df) in parts.items()])
    atomic.write_text(html, page)
    return [xlsx, html]


def _changes_table(b: Bulletin, show_pii: bool) -> pd.DataFrame:
    if b.changes is None or b.changes.empty:
        return pd.DataFrame(columns=CHANGE_COLUMNS)
    df = b.changes[CHANGE_COLUMNS].copy()
    for c in ("before", "after"):
        df[c] = [None if not isinstance(d, dict) else json.dumps(d if show_pii else mask_data(d), ensure_ascii=False,
                                                                   sort_keys=True) for d in df[c]]
    return df


def _section(key: str, title: str, df: pd.DataFrame, lang: str) -> dict[str, Any]:
    shown = frame_zh(df) if lang == "zh" else df
    rows = [[{"text": "" if is_na(v) else str(v), "num": isinstance(v, (int, float)) and not isinstance(v, bool)}
             for v in r] for r in shown.astype(object).itertuples(index=False)]
    return {"id": key, "title": title, "headers": [str(c) for c in shown.columns], "rows": rows}
