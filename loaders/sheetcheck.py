"""The checks of one sheet: required columns and cells, each cell converted, rules across a row, repeated keys."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pairnet.graph.core import schema
from pairnet.graph.core.messages import Text, loader_text
from pairnet.graph.core.pii import holds_pii, mask_value
from pairnet.loaders.convert import convert_column
from pairnet.loaders.faults import Fault
from pairnet.loaders.read import RawSheet


@dataclass
class CheckedSheet:
    """A sheet being checked: its schema, raw text, typed values and the row key shown in messages."""

    spec: schema.Sheet
    raw: RawSheet
    typed: pd.DataFrame
    key_columns: list[str]  # present columns that make the row's own key, as a clerk would search for it
    complete: bool  # every required column is present

    def fault(self, i: int, column: str | None, value: object, message: Text) -> Fault:
        """A fault on frame row ``i`` (masked value, spreadsheet row number, row key)."""
        value = blank_as_none(value)
        shown = None if value is None else str(mask_value(column, value) if column else value)
        parts = [blank_as_none(self.raw.frame[c].iloc[i]) for c in self.key_columns]
        key = " / ".join("" if v is None else str(v) for v in parts) if any(v is not None for v in parts) else None
        return Fault.of(self.spec.name, self.raw.rows[i], key, column, shown, message,
                        self.raw.title, self.raw.headers.get(column) if column else None)


def blank_as_none(value: object) -> object:
    return None if value is None or value is pd.NA else value


def check_sheet(spec: schema.Sheet, raw: RawSheet) -> tuple[CheckedSheet, list[Fault]]:
    """The sheet's typed values and every fault of the sheet on its own."""
    frame = raw.frame
    faults: list[Fault] = []
    missing = [c.name for c in spec.columns if c.required and c.name not in frame.columns]
    for c in missing:
        aliases = " / ".join(spec.columns[spec.column_names.index(c)].zh)
        names = repr(c) + (" or " + aliases if aliases else "")
        faults.append(Fault.of(spec.name, None, None, c, None, loader_text("required_column", names=names),
                               raw.title))
    key_cols = ([schema.NODE[spec.node].key] if spec.node else list(schema.EVENT[spec.name].key) if spec.event
                else spec.column_names[:2])  # an event (visit, attendance day) is one per its key columns
    frame = frame.reset_index(drop=True)
    typed = pd.DataFrame(index=frame.index)
    sheet = CheckedSheet(spec, raw, typed, [c for c in key_cols if c in frame.columns], not missing)
    for prop in spec.columns:
        if prop.name not in frame.columns:
            continue
        col = frame[prop.name]
        values, errors = convert_column(prop, col, raw.numbers.get(prop.name))
        typed[prop.name] = values
        blank = col.isna().to_numpy() if prop.required else None
        if blank is not None and blank.any():
            errors = pd.Series([None] * len(col), index=col.index, dtype=object) if errors is None else errors
            errors = errors.where(~blank, loader_text("required_cell"))
        if errors is None:
            continue
        for i in np.flatnonzero(errors.notna().to_numpy()):
            faults.append(sheet.fault(i, prop.name, col.iloc[i], errors.iloc[i]))
    faults.extend(_row_rules(sheet, frame))
    faults.extend(_duplicates(sheet, frame, key_cols))
    faults.extend(_pii_in_text(sheet, frame))
    return sheet, faults


def _pii_in_text(sheet: CheckedSheet, frame: pd.DataFrame) -> list[Fault]:
    """Free-text cells (names, titles, causes, notes) holding an ID or mobile number: only the ``id_number`` and
    ``phone`` columns are sealed before a store sees them, so a number typed elsewhere would be stored in clear,
    where an ad-hoc query reads every digit of it (``substring(h.head_name, 6, 8)``)."""
    out = []
    for prop in sheet.spec.columns:
        if (prop.name not in sheet.typed or prop.type != "string" or prop.pii or prop.enum or prop.is_code):
            continue
        for i in np.flatnonzero(holds_pii(sheet.typed[prop.name]).to_numpy()):
            out.append(sheet.fault(i, prop.name, frame[prop.name].iloc[i], loader_text("pii_in_text")))
    return out


def _row_rules(sheet: CheckedSheet, frame: pd.DataFrame) -> list[Fault]:
    """Rules across columns of one row: exit year only when exited; until not before since; no self-adjacency."""
    t = sheet.typed
    out = []
    if "exit_year" in t and "status" in t:
        bad = t["exit_year"].notna() & t["status"].notna() & (t["status"] != "exited")
        zh = schema.VALUE_ZH["status"]
        for i in np.flatnonzero(bad.to_numpy()):
            status = t["status"].iloc[i]
            out.append(sheet.fault(i, "exit_year", frame["exit_year"].iloc[i],
                                   loader_text("exit_not_exited", status=status, status_zh=zh.get(status, status))))
    if "since" in t and "until" in t:
        both = t["since"].notna() & t["until"].notna()
        bad = both & pd.Series([b is not None and a is not None and b < a for a, b in zip(t["since"], t["until"])],
                               index=t.index, dtype=bool)
        for i in np.flatnonzero(bad.to_numpy()):
            out.append(sheet.fault(i, "until", frame["until"].iloc[i],
                                   loader_text("until_before_since", since=frame["since"].iloc[i])))
    if sheet.spec.rel == "ADJACENT_TO" and sheet.complete:
        a, b = sheet.spec.column_names[:2]
        bad = (t[a] == t[b]).fillna(False)  # a blank cell equals nothing
        for i in np.flatnonzero(bad.to_numpy()):
            out.append(sheet.fault(i, b, frame[b].iloc[i], loader_text("same_village", other=a)))
    return out


def _duplicates(sheet: CheckedSheet, frame: pd.DataFrame, key_cols: list[str]) -> list[Fault]:
    """Rows repeating a key (node sheets) or a pair (relationship sheets); adjacency pairs may repeat either way.

    Keys are compared as typed (``Ｈ００１`` and ``H001`` are one key)."""
    if not sheet.complete or sheet.spec.rel == "ADJACENT_TO" or frame.empty:
        return []
    ident = sheet.typed[key_cols]
    usable = ident.notna().all(axis=1)
    dup = ident.duplicated(keep="first") & usable
    if not dup.any():
        return []
    first = {}
    for i in np.flatnonzero((ident.duplicated(keep=False) & usable).to_numpy()):
        first.setdefault(tuple(ident.iloc[i]), sheet.raw.rows[i])
    out = []
    for i in np.flatnonzero(dup.to_numpy()):
        k = tuple(ident.iloc[i])
        if sheet.spec.node:
            out.append(sheet.fault(i, key_cols[0], frame[key_cols[0]].iloc[i],
                                   loader_text("key_twice", row=first[k])))
        else:
            out.append(sheet.fault(i, None, None, loader_text("pair_twice", row=first[k])))
    return out
