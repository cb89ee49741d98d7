"""Tell what each sheet of a file is: a flat ledger (household rows, a roster, person rows), a 汇总 repeating the
others, a normalised workbook sheet, or something to skip (说明)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pairnet.graph.core import schema
from pairnet.loaders import read
from pairnet.loaders.ledger import columns as C
from pairnet.loaders.ledger.grid import Grid
from pairnet.loaders.ledger.header import Header, find_header

NOTES = re.compile(r"(说明|目录|封面|字典|代码表|选项|下拉|参数|填报要求|readme|instructions?|notes?)", re.I)
SUMMARY = re.compile(r"(汇总|总表|全县|合计|统计)")
_HOUSEHOLD_ANCHORS = ("head_name", "household_id", "id_number", "person_name")
_TOWN = re.compile(r"([\u4e00-\u9fff]{1,8}?(?:镇|乡|街道|街道办|办事处|苏木|民族乡))")
_GENERIC_TITLE = re.compile(r"(^sheet\d*$|台账|花名册|明细|名单|清单|结对|帮扶|^表\d*$|数据|导出|export)", re.I)


@dataclass
class Sheets:
    """The sheets of a file by what they are (titles as written)."""

    ledgers: list[tuple[Grid, Header]] = field(default_factory=list)
    summaries: list[tuple[Grid, Header]] = field(default_factory=list)
    normalised: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    headerless: list[str] = field(default_factory=list)  # forced as a ledger, but no header row found
    written: list[str] = field(default_factory=list)  # text above a missing header (its language is the file's)

    @property
    def is_ledger(self) -> bool:
        return bool(self.ledgers or self.summaries or self.headerless)


def _ledger_like(header: Header | None, named: bool, force: bool) -> bool:
    if header is None:
        return False
    household = any(header.has(f) for f in _HOUSEHOLD_ANCHORS)
    helper = any("helper" in h for h in header.helpers)
    if not helper and not any(header.has(f) for f in ("head_name", "id_number", "person_name")):
        return False  # codes alone (帮扶人编号, 户编号): a normalised pairings sheet, not a ledger
    if named:  # a sheet named like a workbook sheet (贫困户, 结对帮扶) is a ledger only with both halves
        return household and helper
    roster = header.has("households") and helper
    persons = header.has("relation") and header.has("household_id")
    return (household and (bool(header.helpers) or force)) or roster or persons


def classify(grids: list[Grid], force: bool = False) -> Sheets:
    """Each grid sorted into ledgers, summaries, normalised sheets and skipped ones."""
    out = Sheets()
    for g in grids:
        if not any(any(c for c in r) for r in g.head):
            continue  # an empty sheet is no sheet
        named = read.sheet_for(g.title) is not None
        header = find_header(g)
        if NOTES.search(g.title) and not named:
            out.skipped.append(g.title)
        elif _ledger_like(header, named, force):
            (out.summaries if SUMMARY.search(g.title) else out.ledgers).append((g, header))  # type: ignore[arg-type]
        elif named:
            out.normalised.append(g.title)
        elif force:
            out.headerless.append(g.title)
        else:
            out.skipped.append(g.title)
    if out.ledgers or out.summaries:  # beside a ledger or a roster, a list of households is part of the ledger
        for g in grids:
            listed = g.title in out.skipped and not NOTES.search(g.title)
            households = g.title in out.normalised and read.sheet_for(g.title) == schema.NODE["Household"].sheet
            if listed or households:
                header = find_header(g)
                if header is not None and any(header.has(f) for f in _HOUSEHOLD_ANCHORS):
                    (out.skipped if listed else out.normalised).remove(g.title)
                    (out.summaries if SUMMARY.search(g.title) else out.ledgers).append((g, header))
    if not out.is_ledger and not out.normalised:  # titled as a ledger, but no header found: say that, not that
        for g in grids:  # fourteen workbook sheets are missing
            if g.title in out.skipped and not NOTES.search(g.title) and _titled_ledger(g):
                out.skipped.remove(g.title)
                out.headerless.append(g.title)
                out.written += [c for r in g.head[:5] for c in r if isinstance(c, str)]
    if out.summaries and not out.ledgers:  # a summary alone is the ledger itself
        out.ledgers, out.summaries = out.summaries, []
    if force and not (out.ledgers or out.normalised or out.headerless):
        # an empty file (or only empty and note sheets) forced as a ledger is no ledger: loaded as one, a snapshot
        # of nothing emptied the whole store with exit 0
        out.headerless.extend([g.title for g in grids][:1] or ["?"])
    return out


_LEDGER_TITLE = re.compile(r"(台账|花名册|明细表|结对帮扶|帮扶责任人|帮扶名单)")


def _titled_ledger(grid: Grid) -> bool:
    """Whether one of the first rows of ``grid`` is a ledger's title (清溪县2025年结对帮扶台账)."""
    return any(isinstance(c, str) and _LEDGER_TITLE.search(c) for r in grid.head[:5] for c in r)


def town_of_sheet(title: str, header: Header) -> str | None:
    """The town a sheet is about when no column names it: from its name (城关镇, 1.城关镇台账) or its title row."""
    name = re.sub(r"^[\d\s._、\-()（）]+", "", C.norm(title))
    m = _TOWN.search(name)
    if m:
        return m.group(1)
    if name and not _GENERIC_TITLE.search(name) and 2 <= len(name) <= 8 and not SUMMARY.search(name):
        return name
    if header.title:
        t, before = C.norm(header.title), None
        while t != before:  # 2025年清溪县城关镇..., 清溪县2025年城关镇...: the year and the county in either order
            before = t
            t = re.sub(r"^[\u4e00-\u9fff]{2,4}[县市区旗]", "", re.sub(r"^\d{4}年度?", "", t))
        m = _TOWN.match(t)
        if m:
            return m.group(1)
    return None
