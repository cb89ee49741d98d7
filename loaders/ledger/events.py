"""Visits and attendance ledgers whose people are named, resolved against the store's network into event rows."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import os
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pairnet.graph.core import schema
from pairnet.graph.core.dates import parse_day
from pairnet.graph.core.messages import ledger_text
from pairnet.graph.network import PairingNetwork
from pairnet.loaders.faults import WorkbookError
from pairnet.loaders.ledger.eventsheet import EventSheet, event_sheet, excel_day, month_of, read_rows
from pairnet.loaders.ledger.grid import grids, peek
from pairnet.loaders.ledger.problems import Problems
from pairnet.loaders.ledger.recognise import classify

_CJK = re.compile(r"[\u4e00-\u9fff]")
_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv", ".txt")
_MARKS = {"present": ("√", "✓", "✔", "☑", "在", "到", "○"), "leave": ("假", "休"), "away": ("离", "×", "✗", "✘", "缺")}


@dataclass
class EventRead:
    """A visits or attendance ledger read: a network holding only its event rows, and what was recognised."""

    network: PairingNetwork
    lines: list[str] = field(default_factory=list)
    lang: str = "zh"


_DOTS = re.compile(r"[·•・‧∙⋅.．]")
_SPACE = re.compile(r"[\s\u200b]+")


@functools.lru_cache(maxsize=1 << 16)
def _fold(text: str | None) -> str:
    """A name as compared: NFKC, no blanks, lower case, one middle dot (names repeat: each folded once)."""
    return _SPACE.sub("", _DOTS.sub("·", unicodedata.normalize("NFKC", str(text or "")))).lower()


def _id(text: str | None) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text or ""))).upper()


def event_ledger_sheets(path: str | os.PathLike[str]) -> bool:
    """Whether the file at ``path`` holds a visits or attendance ledger with named people (by its headers)."""
    p = Path(path)
    if not p.is_file() or p.suffix.lower() not in _SUFFIXES:
        return False
    try:
        return any(event_sheet(g) is not None for g in peek(p))
    except Exception:  # a file the peek cannot open: the workbook reader will say what is wrong with it
        return False


def read_event_ledger(path: str | os.PathLike[str], existing: PairingNetwork | None) -> EventRead:
    """The visit and attendance rows of the ledger at ``path``, every name resolved in ``existing``.

    Raises ``WorkbookError`` naming sheet, row, column as written and value for every name that resolves to
    nothing or to more than one, every bad date or kind; nothing is returned in part.
    """
    p = Path(path)
    every = grids(p)
    found = [(g, s) for g in every if (s := event_sheet(g)) is not None]
    sheets = [read_rows(g, s) for g, s in found]
    lang = "zh" if any(_CJK.search(t) for s in sheets for t in (s.title, *s.written.values()) if t) else "en"
    problems = Problems(lang)
    rest = classify([g for g in every if all(g is not f for f, _ in found)])
    mixed = [g.title for g, _ in rest.ledgers + rest.summaries] + rest.normalised
    if mixed:  # read alone, the other sheets would be left out without a word
        problems.add(mixed[0], None, None, None, None, "ev_mixed", sheets=ledger_text("list_sep", lang).join(
            s.title for s in sheets))
        raise WorkbookError(problems.faults, p.name, lang)
    if existing is None or existing.nodes["Household"].empty and existing.nodes["Cadre"].empty:
        problems.add(sheets[0].title, None, None, None, None, "ev_store_first", file=p.name)
        raise WorkbookError(problems.faults, p.name, lang)
    names = _Names(existing)
    out: dict[str, list[dict]] = {"visits": [], "attendance": []}
    for s in sheets:
        (_visits if s.sheet == "visits" else _attendance)(s, names, problems, out[s.sheet])
    if problems:
        raise WorkbookError(problems.faults, p.name, lang)
    events = {k: pd.DataFrame(v, columns=[c.name for c in schema.EVENT[k].props]) for k, v in out.items() if v}
    lines = []
    if out["visits"]:
        lines.append(ledger_text("ev_read_visits", lang, source=p.stem, n=len(out["visits"]),
                                 helpers=len({r["helper_id"] for r in out["visits"]}),
                                 households=len({r["household_id"] for r in out["visits"]})))
    if out["attendance"]:
        lines.append(ledger_text("ev_read_attendance", lang, source=p.stem, n=len(out["attendance"]),
                                 cadres=len({r["cadre_id"] for r in out["attendance"]})))
    return EventRead(PairingNetwork(events=events), lines, lang)


class _Names:
    """The store's towns, villages, households, helpers and cadres by folded name."""

    def __init__(self, net: PairingNetwork) -> None:
        n, r = net.nodes, net.rels
        t, v, hh, u, c, lead = (n[k] for k in ("Town", "Village", "Household", "Unit", "Cadre", "Leader"))
        town = dict(zip(_list(t, "town_id"), _list(t, "name")))
        self.town_name = {k: _fold(name) for k, name in town.items()}
        vid, vname, vtown = _list(v, "village_id"), _list(v, "name"), _list(v, "town_id")
        self.village_name = {k: f"{town.get(tw) or ''}{name}" for k, name, tw in zip(vid, vname, vtown)}
        self.villages = _index(zip(map(_fold, vname), vid))
        self.village_town = dict(zip(vid, vtown))
        hid, hvillage = _list(hh, "household_id"), _list(hh, "village_id")
        self.households = _index(zip(zip(hvillage, map(_fold, _list(hh, "head_name"))), hid))
        self.by_id_number = _index((_id(i), k) for i, k in zip(_list(hh, "id_number"), hid) if i)
        self.unit_name = {k: _fold(name) for k, name in zip(_list(u, "unit_id"), _list(u, "name"))}
        cid, cname = _list(c, "cadre_id"), [_fold(x) for x in _list(c, "name")]
        self.helper_unit = dict(zip(cid, _list(c, "unit_id")))
        self.helpers = _index([*zip(cname, cid), *zip(map(_fold, _list(lead, "name")), _list(lead, "leader_id"))])
        self.cadres = _index(zip(cname, cid))
        helps, st = r["HELPS"], r["STATIONED_IN"]
        self.pairs = set(zip(_list(helps, "source"), _list(helps, "target")))
        self.helper_villages: dict[str, set] = defaultdict(set)
        hh_village = dict(zip(hid, hvillage))
        for h, k in self.pairs:
            self.helper_villages[h].add(hh_village.get(k))
        self.stationed = set(zip(_list(st, "source"), _list(st, "target")))

    def unit_fits(self, helper: str, unit: str) -> bool:
        name = self.unit_name.get(self.helper_unit.get(helper), "")
        u = _fold(unit)
        return bool(name) and (u == name or u in name or name in u)


def _list(df: pd.DataFrame, column: str) -> list:
    """A column as Python values, blank = None (read once, not cell by cell from Arrow)."""
    return [None if x is None or x is pd.NA or x != x else x for x in df[column].astype(object).tolist()]


def _index(pairs: Iterable[tuple]) -> dict:
    out: dict = defaultdict(list)
    for k, v in pairs:
        if v not in out[k]:
            out[k].append(v)
    return out


def _cell(s: EventSheet, row: dict, name: str) -> tuple[str | None, str | None]:
    """A cell's value and its column's header as written."""
    return row.get(name), s.written.get(name, name)


def _village(s: EventSheet, row: dict, names: _Names, problems: Problems) -> str | None:
    value, header = _cell(s, row, "village")
    r = int(row["_row"])
    if not value:
        problems.add(s.title, r, header, "village", value, "required")
        return None
    found = names.villages.get(_fold(value), [])
    town = row.get("town")
    if town and len(found) > 1:
        found = [v for v in found if names.town_name.get(names.village_town.get(v)) == _fold(town)] or found
    if len(found) == 1:
        return found[0]
    problems.add(s.title, r, header, "village", value, "ev_village_unknown" if not found else "ev_village_many",
                 n=len(found))
    return None


def _household(s: EventSheet, row: dict, names: _Names, problems: Problems) -> str | None:
    r = int(row["_row"])
    idno, id_header = _cell(s, row, "id_number")
    if idno:
        if row.get("_id_number_cell"):
            problems.add(s.title, r, id_header, "id_number", idno, "ev_id_in_number_cell")
            return None
        found = names.by_id_number.get(_id(idno), [])
        if len(found) == 1:
            return found[0]
        problems.add(s.title, r, id_header, "id_number", idno, "ev_id_unknown" if not found else "ev_id_many",
                     n=len(found))
        return None
    name, header = _cell(s, row, "head_name")
    if not name:
        problems.add(s.title, r, header, "head_name", name, "required")
        return None
    village = _village(s, row, names, problems)
    if village is None:
        return None
    found = names.households.get((village, _fold(name)), [])
    if len(found) == 1:
        return found[0]
    problems.add(s.title, r, header, "head_name", name, "ev_household_unknown" if not found else "ev_household_many",
                 n=len(found), village=names.village_name[village])
    return None


def _helper(s: EventSheet, row: dict, household: str | None, names: _Names, problems: Problems) -> str | None:
    r = int(row["_row"])
    name, header = _cell(s, row, "helper")
    if not name:
        problems.add(s.title, r, header, "helper", name, "required")
        return None
    found = names.helpers.get(_fold(name), [])
    unit = row.get("unit")
    if unit and found:
        found = [h for h in found if names.unit_fits(h, unit)]
        if not found:
            problems.add(s.title, r, s.written.get("unit"), "unit", unit, "ev_helper_not_in_unit", name=name)
            return None
    if len(found) > 1 and household is not None:  # narrowed by the household this row visits, then its village
        paired = [h for h in found if (h, household) in names.pairs]
        found = paired or found
    if len(found) > 1 and row.get("village"):
        village = names.villages.get(_fold(row["village"]), [])
        near = [h for h in found if names.helper_villages[h] & set(village)]
        found = near or found
    if len(found) == 1:
        return found[0]
    problems.add(s.title, r, header, "helper", name, "ev_helper_unknown" if not found else "ev_helper_many",
                 n=len(found))
    return None


def _day(s: EventSheet, row: dict, problems: Problems) -> dt.date | None:
    value, header = _cell(s, row, "date")
    r = int(row["_row"])
    if not value:
        problems.add(s.title, r, header, "date", value, "required")
        return None
    day = parse_day(value.split(" ")[0] if re.match(r"^\d{4}-\d{2}-\d{2} ", value) else value) or excel_day(value)
    if day is None:
        problems.add(s.title, r, header, "date", value, "ev_bad_date")
    return day


@functools.cache
def _kinds(vocabulary: str) -> dict[str, str]:
    out = {_fold(m): kind for kind, marks in _MARKS.items() for m in marks} if vocabulary == "attendance_kind" else {}
    for kind, spellings in schema.VALUES[vocabulary].items():
        out.update({_fold(x): kind for x in (kind, *spellings)})
    return out


def _kind(vocabulary: str, value: str | None) -> str | None:
    return _kinds(vocabulary).get(_fold(value))


def _accepted(vocabulary: str, lang: str) -> str:
    words = [sp[0] if lang == "zh" and sp else k for k, sp in schema.VALUES[vocabulary].items()]
    return ledger_text("list_sep", lang).join(words)


def _visits(s: EventSheet, names: _Names, problems: Problems, out: list[dict]) -> None:
    seen: dict[tuple, int] = {}
    for row in s.rows:
        r = int(row["_row"])
        household = _household(s, row, names, problems)
        helper = _helper(s, row, household, names, problems)
        day = _day(s, row, problems)
        value, header = _cell(s, row, "kind")
        kind = _kind("visit_kind", value) if value else ("home" if "kind" not in s.written else None)
        if kind is None:
            problems.add(s.title, r, header, "kind", value, "required" if not value else "ev_bad_kind",
                         accepted=_accepted("visit_kind", problems.lang))
        if None in (household, helper, day, kind):
            continue
        key = (helper, household, day, kind)
        if key in seen:
            problems.add(s.title, r, s.written.get("date"), "date", row.get("date"), "ev_twice", row=seen[key])
            continue
        seen[key] = r
        out.append({"helper_id": helper, "household_id": household, "date": pd.Timestamp(day), "kind": kind,
                    "note": row.get("note")})


def _cadre(s: EventSheet, row: dict, village: str, names: _Names, problems: Problems) -> str | None:
    name, header = _cell(s, row, "cadre")
    r = int(row["_row"])
    if not name:
        problems.add(s.title, r, header, "cadre", name, "required")
        return None
    found = [c for c in names.cadres.get(_fold(name), []) if (c, village) in names.stationed]
    if len(found) == 1:
        return found[0]
    problems.add(s.title, r, header, "cadre", name, "ev_cadre_unknown" if not found else "ev_cadre_many",
                 n=len(found), village=names.village_name[village])
    return None


def _attendance(s: EventSheet, names: _Names, problems: Problems, out: list[dict]) -> None:
    seen: dict[tuple, int] = {}
    accepted = _accepted("attendance_kind", problems.lang)
    for row in s.rows:
        r = int(row["_row"])
        village = _village(s, row, names, problems)
        cadre = _cadre(s, row, village, names, problems) if village is not None else None
        days: list[tuple[dt.date, str]] = []
        if s.wide:
            month = month_of(row.get("month")) or s.month
            if month is None:
                problems.add(s.title, r, s.written.get("month"), "month", row.get("month"), "ev_no_month")
                continue
            last = calendar.monthrange(*month)[1]
            for d in range(1, 32):
                value = row.get(f"day{d}")
                if not value:
                    continue
                kind = _kind("attendance_kind", value)
                if d > last or kind is None:
                    problems.add(s.title, r, s.written.get(f"day{d}"), "kind", value,
                                 "ev_bad_day" if d > last else "ev_bad_mark", accepted=accepted)
                    continue
                days.append((dt.date(*month, d), kind))
        else:
            day = _day(s, row, problems)
            value, header = _cell(s, row, "kind")
            kind = _kind("attendance_kind", value) if value else None
            if kind is None:
                problems.add(s.title, r, header, "kind", value, "required" if not value else "ev_bad_kind",
                             accepted=accepted)
            if day is not None and kind is not None:
                days.append((day, kind))
        if cadre is None or village is None:
            continue
        for day, kind in days:
            key = (cadre, village, day)
            if key in seen:
                problems.add(s.title, r, s.written.get("date"), "date", str(day), "ev_twice", row=seen[key])
                continue
            seen[key] = r
            out.append({"cadre_id": cadre, "village_id": village, "date": pd.Timestamp(day), "kind": kind})
