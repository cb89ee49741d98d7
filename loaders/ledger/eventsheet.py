"""Find a visits or attendance ledger's header (走访记录, 驻村考勤表) and read its rows as written, long or by day."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from pairnet.loaders.ledger.grid import Grid, number_mask, text_columns

# field -> headers as counties write them (compared folded: NFKC, no blanks, no brackets' content)
VISIT_COLUMNS: dict[str, tuple[str, ...]] = {
    "seq": ("序号",),
    "town": ("乡镇", "乡镇名称", "乡镇街道", "乡(镇)", "所在乡镇"),
    "village": ("村", "行政村", "村名", "所在村", "村社区", "村居", "村名称"),
    "head_name": ("户主姓名", "户主", "农户姓名", "帮扶对象", "帮扶对象姓名", "户主名称"),
    "id_number": ("身份证号码", "身份证号", "证件号码", "户主身份证号码", "公民身份号码"),
    "helper": ("帮扶责任人", "帮扶责任人姓名", "帮扶人", "帮扶人姓名", "帮扶干部", "帮扶干部姓名", "走访人",
               "走访人姓名", "帮扶责任人/姓名", "帮扶人/姓名", "走访人/姓名"),
    "unit": ("工作单位", "帮扶单位", "单位", "帮扶责任人/工作单位", "帮扶人/工作单位", "帮扶责任人/单位",
             "所在单位", "派出单位"),
    "date": ("走访日期", "走访时间", "日期"),
    "kind": ("走访方式", "走访形式", "方式"),
    "note": ("走访内容", "备注", "走访情况", "帮扶内容"),
}
ATTENDANCE_COLUMNS: dict[str, tuple[str, ...]] = {
    "seq": ("序号",),
    "town": VISIT_COLUMNS["town"],
    "village": VISIT_COLUMNS["village"] + ("驻村", "驻村村", "所驻村"),
    "cadre": ("姓名", "驻村干部", "驻村干部姓名", "干部姓名", "驻村干部/姓名"),
    "title": ("职务", "驻村职务", "身份", "驻村干部/职务"),
    "date": ("日期", "考勤日期", "签到日期"),
    "kind": ("考勤情况", "考勤", "出勤情况", "类型", "考勤类型", "在岗情况"),
    "month": ("月份", "年月", "考勤月份"),
    "note": ("备注",),
}
_DAY_COLUMN = re.compile(r"^(\d{1,2})(?:日|号)?$")
_MONTH = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月|(\d{4})[-/.](\d{1,2})(?![\d])")
_END = re.compile(r"^(合计|小计|总计|填表人|填报人|审核人|负责人|注[:：]?|说明)")
_BRACKETED = re.compile(r"[(（][^()（）]*[)）]")
HEAD_SCAN = 15


def fold_header(text: str) -> str:
    """A header as compared: NFKC, no blanks, no ``*``, no bracketed gloss (帮扶责任人(姓名) -> 帮扶责任人)."""
    t = unicodedata.normalize("NFKC", text)
    t = re.sub(r"[\s*]+", "", t)
    parts = [p for p in (_BRACKETED.sub("", p) or p for p in t.split("/")) if p]
    return "/".join(dict.fromkeys(parts))


def _table(columns: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {fold_header(a): name for name, aliases in columns.items() for a in aliases}


_VISIT = _table(VISIT_COLUMNS)
_ATTENDANCE = _table(ATTENDANCE_COLUMNS)


@dataclass
class EventSheet:
    """One sheet read as a visits or attendance ledger: rows of written text keyed by field, with their
    spreadsheet row numbers; ``written`` gives each field's header as the file writes it."""

    title: str
    sheet: str  # visits | attendance
    wide: bool
    written: dict[str, str]
    rows: list[dict[str, str | None]] = field(default_factory=list)  # ``_id_number_cell``: the ID was a number
    month: tuple[int, int] | None = None  # a by-day sheet's month (from its title or a 月份 column)
    title_text: str | None = None


@dataclass
class _Found:
    top: int
    depth: int
    texts: list[str]
    fields: dict[str, int]
    days: dict[int, int]  # day of month -> column


def _filled(grid: Grid) -> list[list[str | None]]:
    rows = [list(r) for r in grid.head]
    width = max((len(r) for r in rows), default=0)
    rows = [r + [None] * (width - len(r)) for r in rows]
    for r0, c0, r1, c1 in grid.merges:
        if r0 < len(rows) and c0 < width:
            for r in range(r0, min(r1, len(rows) - 1) + 1):
                for c in range(c0, min(c1, width - 1) + 1):
                    rows[r][c] = rows[r0][c0]
    return rows


def _read(texts: list[str], table: dict[str, str]) -> tuple[dict[str, int], dict[int, int]]:
    fields: dict[str, int] = {}
    days: dict[int, int] = {}
    for i, t in enumerate(texts):
        if not t:
            continue
        f = fold_header(t)
        name = table.get(f) or table.get(f.split("/")[-1])
        m = _DAY_COLUMN.match(f.split("/")[-1])
        if name is not None and name not in fields:
            fields[name] = i
        elif name is None and m and 1 <= int(m.group(1)) <= 31 and table is _ATTENDANCE:
            days.setdefault(int(m.group(1)), i)
    return fields, days


def _header(grid: Grid, table: dict[str, str]) -> _Found | None:
    rows = _filled(grid)
    for top, cells in enumerate(rows[:HEAD_SCAN]):
        texts = [c or "" for c in cells]
        fields, days = _read(texts, table)
        if len(fields) + bool(days) < 2:
            continue
        depth = 1
        if top + 1 < len(rows):  # a header merged over two rows: 帮扶责任人 over 姓名 / 工作单位, or days below 日期
            below = [c or "" for c in rows[top + 1]]
            joined = [a if not b or b == a else (f"{a}/{b}" if a else b) for a, b in zip(texts, below)]
            f2, d2 = _read(joined, table)
            sub = [(a, b) for a, b in zip(texts, below) if b and b != a]
            if sub and all(fold_header(b) in table or fold_header(f"{a}/{b}") in table
                           or _DAY_COLUMN.match(fold_header(b)) for a, b in sub):
                texts, fields, days, depth = joined, f2, d2, 2
        return _Found(top, depth, texts, fields, days)
    return None


def event_sheet(grid: Grid) -> EventSheet | None:
    """``grid`` as a visits or attendance ledger whose people are named, or None when it is neither (a
    normalised sheet keyed by codes, a household ledger, a note)."""
    visits = _header(grid, _VISIT)
    if visits and ("date" in visits.fields or "kind" in visits.fields) and (
            "head_name" in visits.fields or "id_number" in visits.fields) and "helper" in visits.fields:
        return _sheet(grid, "visits", visits)
    att = _header(grid, _ATTENDANCE)
    if att and "cadre" in att.fields and "village" in att.fields and (
            ("date" in att.fields and "kind" in att.fields) or len(att.days) >= 7) and "head_name" not in att.fields:
        return _sheet(grid, "attendance", att)
    return None


def _title(grid: Grid, top: int) -> str | None:
    for r in grid.head[:top]:
        for c in r:
            if c:
                return c
    return None


def _sheet(grid: Grid, sheet: str, found: _Found) -> EventSheet:
    wide = sheet == "attendance" and "kind" not in found.fields and bool(found.days)
    written = {name: found.texts[i] for name, i in found.fields.items()}
    out = EventSheet(grid.title, sheet, wide, written, title_text=_title(grid, found.top))
    for day, i in found.days.items():
        written[f"day{day}"] = found.texts[i]
    if wide:
        out.month = month_of(out.title_text) or month_of(grid.title)
    return out


def month_of(text: str | None) -> tuple[int, int] | None:
    """The month a title names (2026年6月, 2026-06), or None."""
    m = _MONTH.search(unicodedata.normalize("NFKC", text or ""))
    if not m:
        return None
    y, mo = int(m.group(1) or m.group(3)), int(m.group(2) or m.group(4))
    return (y, mo) if 1 <= mo <= 12 else None


def read_rows(grid: Grid, sheet: EventSheet) -> EventSheet:
    """The data rows of ``sheet`` (below its header, up to a 合计 / 填表人 / 注 row), blank rows left out."""
    found = _header(grid, _VISIT if sheet.sheet == "visits" else _ATTENDANCE)
    assert found is not None
    start = found.top + found.depth
    block = grid.body(start)
    cols = [c.to_pylist() for c in text_columns(block)]
    n = len(cols[0]) if cols else 0
    index = dict(found.fields)
    index.update({f"day{d}": i for d, i in found.days.items()})
    idno = number_mask(block, index["id_number"], n) if index.get("id_number", len(cols)) < len(cols) else None
    for j in range(n):
        row = {name: (cols[i][j] if i < len(cols) else None) for name, i in index.items()}
        values = [cols[i][j] for i in range(len(cols)) if cols[i][j]]
        if not values:
            continue
        first = unicodedata.normalize("NFKC", values[0]).replace(" ", "")
        if _END.match(first):
            break
        row["_row"] = str(start + j + 1)
        if idno is not None and idno[j]:
            row["_id_number_cell"] = "1"
        sheet.rows.append(row)
    return sheet


_EXCEL_EPOCH = dt.date(1899, 12, 30)


def excel_day(text: str) -> dt.date | None:
    """An Excel day serial (46176, 46176.0) as a date, within 1990..2100, else None."""
    try:
        v = float(text)
    except ValueError:
        return None
    if not v.is_integer() or not 32874 <= v <= 73050:
        return None
    return _EXCEL_EPOCH + dt.timedelta(days=int(v))
