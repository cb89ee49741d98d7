"""A ledger sheet's rows below its header: footers cut, merged and continued cells filled, helpers one per entry.

Everything here runs on whole columns (pandas on Arrow); only the rare rows that need it (a cell naming
several helpers, a merged range) are handled one by one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pairnet.graph.core import schema
from pairnet.loaders import read
from pairnet.loaders.ledger import columns as C
from pairnet.loaders.ledger import keys as K
from pairnet.loaders.ledger.grid import Grid, number_mask, text_columns
from pairnet.loaders.ledger.header import Header

HOUSEHOLD_FIELDS = [f.name for f in C.FIELDS if f.block in (C.HOUSEHOLD, "person")] + ["person_name", "households"]
HELPER_FIELDS = [f.name for f in C.FIELDS if f.block == C.HELPER]
# Cells that must be text: an ID number or a code typed into a number cell has already been changed by Excel.
NUMBER_CHECKED = ("id_number", "household_id", "helper_id", "helper_phone", "village_id", "town_id", "unit_id")
# Rows that sum up (dropped) and the notes under a table (they and everything below end the data).
TOTAL = re.compile(r"^(?:合计|小计|总计|共计|累计|全县合计|全镇合计|本页小计)")
FOOTER = re.compile(r"^(?:填表人|制表人|填报人|审核人|审核|负责人|单位负责人|分管领导|主要领导|统计人|经办人|联系人[::]|"
                    r"注[::\d.、]|注$|说明[::]|备注[::]|填表说明|制表日期|填报日期|填表日期)")
# A helper cell that says there is none.
NO_HELPER = frozenset(C.norm(x) for x in ("待定", "无", "/", "—", "——", "-", "--", "－", "\\", "暂无", "未定", "空",
                                          "无帮扶人", "待安排", "未安排", "暂未确定", "未确定", "待确定", "没有",
                                          "无帮扶责任人", "x", "×", "0", "n/a", "na", "none", "null"))
# Several names in one cell: 张丽、周建国 / 张丽,周建国 / one per line.
SEPARATORS = re.compile(r"\s*[、,，;；\n]+\s*")
_SEPARATED = r"[、,，;；\n]"
# Names separated by blanks only (张丽 周建国): each part two characters or more, so that a name spaced out to
# line up (张 丽, 王 小明) stays one name.
_SPACED = re.compile(r"^\s*[\u3400-\u9fff·]{2,}(?:\s+[\u3400-\u9fff·]{2,})+\s*$")
_BLANK_SEP = re.compile(r"\s+")


@dataclass
class SheetRows:
    """One ledger sheet read: ``households`` (one row per ledger row, household fields), ``helpers`` (one row per
    helper written, with ``_hh``, the household row it belongs to), row numbers as the spreadsheet shows them."""

    title: str
    header: Header
    households: pd.DataFrame
    helpers: pd.DataFrame
    written: dict[str, str] = field(default_factory=dict)
    problems: list[tuple[int, str, str | None, str]] = field(default_factory=list)  # row, field, value, message key

    @property
    def roster(self) -> bool:
        return "households" in self.header.fields


def sheet_rows(grid: Grid, header: Header) -> SheetRows:
    """The rows of ``grid`` below ``header`` as households and helpers."""
    block = grid.body(header.start)
    raw = text_columns(block)
    n = len(raw[0]) if raw else 0
    width = len(raw)
    cols = _merged(raw, grid, header.start, n)
    rownum = np.arange(n) + header.start + 1
    keep = _data_rows(cols, header, n)

    def column(i: int) -> pd.Series:
        return read._strings(cols[i]) if i < width else pd.Series(pd.array([None] * n, dtype="string"))

    hh = pd.DataFrame({name: column(i) for name, i in header.fields.items() if name not in ("seq",)})
    hh["_row"] = rownum
    for name in NUMBER_CHECKED:
        if name in header.fields:
            hh["_num_" + name] = number_mask(block, header.fields[name], n)
    blocks = []
    for b, block_fields in enumerate(header.helpers):
        h = pd.DataFrame({name: column(i) for name, i in block_fields.items()})
        if b in header.leader_blocks and "rank" not in h:
            h["rank"] = pd.Series(C.COUNTY_RANK, index=h.index, dtype="string")
        elif C.lacks_rank(block_fields, b, header.leader_blocks):
            h["rank"] = pd.Series(C.DEFAULT_RANK, index=h.index, dtype="string")
        for name in NUMBER_CHECKED:
            if name in block_fields:
                h["_num_" + name] = number_mask(block, block_fields[name], n)
        h["_hh"] = np.arange(n)
        h["_row"] = rownum
        h["_block"] = b
        blocks.append(h)
    hh = hh[keep].reset_index(drop=True)
    kept = np.flatnonzero(keep)
    position = np.full(n, -1)
    position[kept] = np.arange(len(kept))
    helpers = pd.concat([b[keep] for b in blocks], ignore_index=True) if blocks else pd.DataFrame(
        {"_hh": pd.Series([], dtype=int), "_row": pd.Series([], dtype=int), "_block": pd.Series([], dtype=int)})
    helpers["_hh"] = position[helpers["_hh"].to_numpy()]
    written = {name: header.written(i) for name, i in header.fields.items()}
    for block in reversed(header.helpers):
        written.update({name: header.written(i) for name, i in block.items()})
    out = SheetRows(grid.title, header, hh, helpers, written)
    _continue(out)
    out.helpers = _bracketed(_split_names(_helpers_named(out.helpers)))
    return out


def _merged(raw: list[pa.Array], grid: Grid, start: int, n: int) -> list[pa.Array]:
    """Columns with each merged range below the header holding its top-left value (household cells merged
    down over the rows of its helpers)."""
    todo: dict[int, list[tuple[int, int, object]]] = {}
    for r0, c0, r1, c1 in grid.merges:
        if r1 < start or r1 == r0 and c1 == c0:
            continue
        a, b = max(r0, start) - start, min(r1 - start, n - 1)
        if r0 < start or a > b:
            continue
        for c in range(c0, min(c1, len(raw) - 1) + 1):
            value = raw[c0][a].as_py()
            todo.setdefault(c, []).append((a, b, value))
    if not todo:
        return raw
    out = list(raw)
    for c, ranges in todo.items():
        cells = np.array(raw[c].to_pylist(), dtype=object)
        for a, b, value in ranges:
            cells[a:b + 1] = value
        out[c] = pa.array(cells.tolist(), pa.string())
    return out


def _lead(cols: list[pa.Array], n: int) -> pd.Series:
    """Per row, its first non-blank cell among the first three columns (where 合计 and 填表人 are written)."""
    lead = pc.coalesce(*cols[:3]) if cols else pa.nulls(n, pa.string())
    return read._strings(lead).str.replace(K.BLANKS, "", regex=True)


def _ends(cols: list[pa.Array], n: int) -> tuple[np.ndarray, np.ndarray]:
    """Per row, whether it is a 合计 / 小计 row and whether it is a 填表人 / 注 row. Only rows whose first cell is
    not a number (a 序号) are matched: the others cannot be either."""
    first = pc.coalesce(*cols[:3]) if cols else pa.nulls(n, pa.string())
    words = np.flatnonzero(pc.invert(pc.fill_null(pc.utf8_is_digit(first), True)).to_numpy(zero_copy_only=False))
    total, footer = np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
    if len(words):
        lead = _lead([c.take(pa.array(words)) for c in cols[:3]], len(words))
        total[words] = lead.str.contains(TOTAL, na=False).to_numpy(dtype=bool)
        footer[words] = lead.str.contains(FOOTER, na=False).to_numpy(dtype=bool)
    return total, footer


def _data_rows(cols: list[pa.Array], header: Header, n: int) -> np.ndarray:
    """Rows that hold a household or a helper: not blank (a 序号 alone is blank), not a 合计 / 小计 row, and above
    the first 填表人 / 注 row."""
    used = [i for name, i in header.fields.items() if name not in ("seq", "note")]
    used += [i for block in header.helpers for i in block.values()]
    filled = np.zeros(n, dtype=bool)
    for i in used:
        if i < len(cols):
            filled |= cols[i].is_valid().to_numpy(zero_copy_only=False)
    total, footer = _ends(cols, n)
    end = np.flatnonzero(footer)
    keep = filled & ~total
    if len(end):
        keep[end[0]:] = False
    return keep


def _continue(rows: SheetRows) -> None:
    """A row that names no household but names a helper continues the household above it (cells merged down
    and exported blank): its helpers are that household's."""
    hh, helpers = rows.households, rows.helpers
    identity = [c for c in C.IDENTITY + ("person_name",) if c in hh]
    if not identity or hh.empty:
        return
    named = np.logical_or.reduce([hh[c].notna().to_numpy(dtype=bool) for c in identity])
    has_helper = np.zeros(len(hh), dtype=bool)
    if not helpers.empty:
        present = [c for c in HELPER_FIELDS if c in helpers]
        any_helper = helpers[present].notna().any(axis=1).to_numpy() if present else np.zeros(len(helpers), bool)
        has_helper[helpers["_hh"].to_numpy()[any_helper]] = True
    cont = ~named & has_helper
    if not cont.any():
        return
    start = pd.Series(np.where(cont, np.nan, np.arange(len(hh)))).ffill()
    orphan = cont & start.isna().to_numpy()
    for i in np.flatnonzero(orphan):
        rows.problems.append((int(hh["_row"].iloc[i]), identity[0], None, "no_household"))
    src = start.fillna(-1).to_numpy(dtype=int)
    # the continued row's helpers belong to the household it continues; the row itself names no household
    mine = np.where(cont & ~orphan, src, np.arange(len(hh)))
    if not helpers.empty:
        helpers["_hh"] = mine[helpers["_hh"].to_numpy()]
    kept = np.flatnonzero(~cont)
    position = np.full(len(hh), -1)
    position[kept] = np.arange(len(kept))
    if not helpers.empty:
        helpers["_hh"] = position[helpers["_hh"].to_numpy()]
        rows.helpers = helpers[helpers["_hh"] >= 0].reset_index(drop=True)
    rows.households = hh.iloc[kept].reset_index(drop=True)


def says_none(values: pd.Series) -> np.ndarray:
    """Which of ``values`` (text) say "no one" (待定, 无, /, — ...), blanks inside ignored; blanks are not."""
    folded = values.str.replace(K.BLANKS, "", regex=True).str.lower()
    return folded.isin(NO_HELPER).fillna(False).to_numpy(dtype=bool)


def _helpers_named(helpers: pd.DataFrame) -> pd.DataFrame:
    """Helper entries that name someone: blank, 待定, 无, / and — say there is no helper."""
    if "helper" not in helpers and "helper_id" not in helpers:
        return helpers.iloc[0:0]
    name = helpers["helper"] if "helper" in helpers else pd.Series(pd.NA, index=helpers.index, dtype="string")
    codes, names = K.factorize(name)  # each distinct name looked at once
    none = np.append(says_none(K.text_series(names)), False)[codes]
    if "helper" in helpers:
        helpers = helpers.assign(helper=name.mask(none))
    code = helpers["helper_id"].notna() if "helper_id" in helpers else False
    return helpers[(helpers["helper"].notna() | code) if "helper" in helpers else code].reset_index(drop=True)


def _split_names(helpers: pd.DataFrame) -> pd.DataFrame:
    """One entry per helper when a cell names several (张丽、周建国): the other helper cells are split alike
    when they hold as many parts, else shared."""
    if "helper" not in helpers or helpers.empty:
        return helpers
    separated = helpers["helper"].str.contains(_SEPARATED, regex=True, na=False).to_numpy(dtype=bool)
    spaced = ~separated & helpers["helper"].str.match(_SPACED, na=False).to_numpy(dtype=bool)
    several = separated | spaced
    if not several.any():
        return helpers
    out = []
    for (_, rec), blanks in zip(helpers[several].iterrows(), spaced[several]):
        split = _BLANK_SEP if blanks else SEPARATORS
        names = [x for x in split.split(str(rec["helper"]).strip()) if x and C.norm(x) not in NO_HELPER]
        parts = {c: _parts(rec[c], c) for c in helpers.columns if c in HELPER_FIELDS and c != "helper"}
        for c, values in parts.items():  # 张丽 周建国 beside 科员 副科级: the other cells split by blanks too
            if blanks and len(values) != len(names) and rec[c] is not pd.NA and rec[c] is not None:
                values = [x for x in _BLANK_SEP.split(str(rec[c]).strip()) if x]
                parts[c] = values
        for k, name in enumerate(names):
            row = rec.copy()
            row["helper"] = name
            for c, values in parts.items():
                if len(values) == len(names):
                    row[c] = values[k]
            out.append(row)
    extra = pd.DataFrame(out, columns=helpers.columns)
    for c in helpers.columns:
        extra[c] = extra[c].astype(helpers[c].dtype)
    return pd.concat([helpers[~several], extra], ignore_index=True)


# 张丽（县财政局）, 张丽(13912345678), 张丽（科员）: what a name cell carries in brackets, when its own column is blank
_BRACKETED = re.compile(r"^\s*([^（）()]+?)\s*[（(]\s*([^（）()]+?)\s*[)）]\s*$")
_RANKS = {C.norm(v) for spellings in schema.VALUES["rank"].values() for v in spellings}


def _bracketed(helpers: pd.DataFrame) -> pd.DataFrame:
    """A helper's unit, phone or rank written in brackets after the name moves to its own (blank) cell."""
    if "helper" not in helpers or helpers.empty:
        return helpers
    found = helpers["helper"].str.extract(_BRACKETED)
    at = found[0].notna().to_numpy(dtype=bool)
    if not at.any():
        return helpers
    helpers = helpers.copy()
    for i in np.flatnonzero(at):
        name, inside = found.iat[i, 0], found.iat[i, 1]
        digits = re.sub(r"[\s\-]", "", inside)
        target = ("helper_phone" if digits.isdigit() and len(digits) >= 7
                  else "rank" if C.norm(inside) in _RANKS else "unit")
        if target not in helpers:  # made only when a bracket fills it: an absent column stays absent
            helpers[target] = pd.Series(pd.NA, index=helpers.index, dtype="string")
        if pd.isna(helpers[target].iat[i]) or not str(helpers[target].iat[i]).strip():
            helpers.iat[i, helpers.columns.get_loc(target)] = inside
            helpers.iat[i, helpers.columns.get_loc("helper")] = name
    return helpers


def _parts(value: object, column: str) -> list[str]:
    if value is None or value is pd.NA:
        return []
    sep = SEPARATORS if column not in ("since", "until", "period") else re.compile(r"\s*[、,，;；\n]+\s*")
    return [x for x in sep.split(str(value)) if x]
