"""Validate raw workbook sheets, collecting every fault before anything is written, and build the PairingNetwork."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pairnet.graph.core import schema
from pairnet.graph.network import PairingNetwork
from pairnet.loaders.faults import Fault, WorkbookError
from pairnet.loaders.idnumber import check_characters
from pairnet.loaders.read import RawSheet, normalise_name
from pairnet.graph.core.pii import mask_value

# A reference the schema keeps as a plain property rather than a relationship.
EXTRA_REFERENCES = {("committees", "lead_village_id"): "Village"}
DATE_RANGE = (1900, 2100)  # beyond it a date is a typo (and some stores cannot hold it)


@dataclass
class _Sheet:
    """A sheet being checked: its schema, raw text, typed values and the row key shown in messages."""

    spec: schema.Sheet
    raw: RawSheet
    typed: pd.DataFrame
    key_columns: list[str]  # present columns that make the row's own key, as a clerk would search for it
    complete: bool  # every required column is present

    def fault(self, i: int, column: str | None, value: object, message: str) -> Fault:
        """A fault on frame row ``i`` (masked value, spreadsheet row number, row key)."""
        value = _blank_as_none(value)
        shown = None if value is None else str(mask_value(column, value) if column else value)
        parts = [_blank_as_none(self.raw.frame[c].iloc[i]) for c in self.key_columns]
        key = " / ".join("" if v is None else str(v) for v in parts) if any(v is not None for v in parts) else None
        return Fault(self.spec.name, self.raw.rows[i], key, column, shown, message,
                     self.raw.title, self.raw.headers.get(column) if column else None)


def _blank_as_none(value: object) -> object:
    return None if value is None or value is pd.NA else value


def validate(sheets: dict[str, RawSheet], faults: list[Fault] | None = None, *,
             existing: PairingNetwork | None = None, source: str = "workbook") -> PairingNetwork:
    """The typed network the sheets describe, or ``WorkbookError`` listing every fault found.

    Checks required sheets and columns, required cells, values (enums in English or Chinese, booleans,
    numbers and ranges, dates, ID numbers, phone numbers), duplicate keys and pairs, helper ids unique across
    leaders and cadres, and that every reference resolves. With ``existing`` (an append), required sheets may
    be absent and references may also resolve to nodes already in the store.
    """
    found: list[Fault] = list(faults or [])
    checked: dict[str, _Sheet] = {}
    for spec in schema.SHEETS:
        raw = sheets.get(spec.name)
        if raw is None:
            if spec.required and existing is None:
                found.append(Fault(spec.name, None, None, None, None, "required sheet is missing"))
            continue
        sheet, sheet_faults = _check_sheet(spec, raw)
        checked[spec.name] = sheet
        found.extend(sheet_faults)
    keys = _node_keys(checked, existing)
    found.extend(_helper_overlap(checked, existing))
    found.extend(_references(checked, keys))
    if found:
        raise WorkbookError(_ordered(found), source)
    return _network(checked, keys)


# --- one sheet ------------------------------------------------------------------------------------------
def _check_sheet(spec: schema.Sheet, raw: RawSheet) -> tuple[_Sheet, list[Fault]]:
    frame = raw.frame
    faults: list[Fault] = []
    missing = [c.name for c in spec.columns if c.required and c.name not in frame.columns]
    for c in missing:
        aliases = " / ".join(spec.columns[spec.column_names.index(c)].zh)
        faults.append(Fault(spec.name, None, None, c, None,
                            f"required column is missing (header {c!r}{' or ' + aliases if aliases else ''})",
                            raw.title))
    if spec.node:
        key_cols = [schema.NODE[spec.node].key]
    elif spec.event:
        key_cols = list(schema.EVENT[spec.name].key)
    else:
        key_cols = spec.column_names[:2]
    frame = frame.reset_index(drop=True)
    typed = pd.DataFrame(index=frame.index)
    sheet = _Sheet(spec, raw, typed, [c for c in key_cols if c in frame.columns], not missing)
    for prop in spec.columns:
        if prop.name not in frame.columns:
            continue
        col = frame[prop.name]
        values, errors = convert(prop, col)
        typed[prop.name] = values
        if prop.required:
            errors = errors.where(col.notna(), "is required")
        for i in np.flatnonzero(errors.notna().to_numpy()):
            faults.append(sheet.fault(i, prop.name, col.iloc[i], errors.iloc[i]))
    faults.extend(_row_rules(sheet, frame))
    faults.extend(_duplicates(sheet, frame, key_cols))
    return sheet, faults


def convert(prop: schema.Prop, col: pd.Series) -> tuple[pd.Series, pd.Series]:
    """``col`` (text) as the prop's values, and per cell the fault message (None when fine or blank)."""
    if not prop.enum and prop.type == "string" and prop.pii is None:
        return col, _no_faults(col)  # text kept as given
    if prop.pii and _is_ascii(col):
        # ID and phone numbers hardly repeat, so they are checked on the Arrow text itself: on ASCII text its
        # regular expressions match as Python's do (Python's \d and \s also take full-width digits and blanks)
        return _convert(prop, col)
    codes, distinct = pd.factorize(col)
    if 2 * len(distinct) > len(col):
        return _convert(prop, _objects(col))
    # Most columns repeat a few values (statuses, years, days) over millions of rows: each distinct value is
    # converted once, then spread back. A blank cell (code -1) takes an extra last slot: no value, no fault.
    values, errors = _convert(prop, _objects(pd.Series(distinct)))
    spread = np.where(codes < 0, len(distinct), codes)
    return tuple(pd.Series(np.append(_objects(s).to_numpy(), None)[spread], index=col.index, dtype=object)
                 for s in (values, errors))


def _objects(s: pd.Series) -> pd.Series:
    """``s`` as Python objects, None where missing (NA, NaN or NaT): the checks below run Python's own string
    methods and regular expressions on them."""
    out = s.to_numpy(dtype=object, copy=True)
    out[s.isna().to_numpy()] = None
    return pd.Series(out, index=s.index, dtype=object)


def _is_ascii(col: pd.Series) -> bool:
    return pc.all(pc.string_is_ascii(_arrow(col)), min_count=0).as_py() is not False


def _no_faults(col: pd.Series) -> pd.Series:
    return pd.Series([None] * len(col), index=col.index, dtype=object)


def _convert(prop: schema.Prop, col: pd.Series) -> tuple[pd.Series, pd.Series]:
    errors = _no_faults(col)
    given = col.notna()
    if prop.enum:
        vocab = schema.VALUES[prop.enum]
        lookup = {normalise_name(a): k for k, aliases in vocab.items() for a in (k, *aliases)}
        values = col.map({v: lookup.get(normalise_name(v)) for v in col.dropna().unique()})
        shown = ", ".join(vocab) + " (" + ", ".join(a[0] for a in vocab.values()) + ")"
        return values, errors.mask(given & values.isna(), f"is not a known {prop.enum.replace('_', ' ')}: use {shown}")
    if prop.type == "bool":
        lookup = {v: b for b, vs in schema.BOOL_VALUES.items() for v in vs}
        values = col.map({v: lookup.get(v.lower()) for v in col.dropna().unique()})
        return values, errors.mask(given & values.isna(), "is not yes or no (true/false, 1/0, 是/否)")
    if prop.type == "int":
        text = col.where(col.str.fullmatch(r"[+-]?\d+(\.0*)?", na=False))
        values = text.map(lambda v: int(v.split(".")[0]) if isinstance(v, str) else None)
        errors = errors.mask(given & text.isna(), "is not a whole number")
        return values, _range(prop, values, errors)
    if prop.type == "float":
        values = pd.to_numeric(col, errors="coerce")
        errors = errors.mask(given & values.isna(), "is not a number")
        return values.astype(object).where(values.notna(), None), _range(prop, values, errors)
    if prop.type == "date":
        return parse_dates(col)
    if prop.pii == "id_number":
        values = col.str.upper().where(given, None)
        return values, id_number_faults(values)
    if prop.pii == "phone":
        # \x0b and \x1c-\x1f are whitespace to Python's \s but not to Arrow's (RE2): named so both drop them
        values = col.str.replace(r"[\s\x0b\x1c-\x1f\-()]", "", regex=True).str.replace(r"^\+86", "", regex=True)
        values = values.where(given, None)
        ok = values.str.fullmatch(r"\d{11}", na=False)
        return values, errors.mask(given & ~ok, "is not an 11-digit phone number")
    return col, errors


def _range(prop: schema.Prop, values: pd.Series, errors: pd.Series) -> pd.Series:
    if prop.min is None:
        return errors
    low = values.map(lambda v: _blank_as_none(v) is not None and v == v and v < prop.min)
    return errors.mask(errors.isna() & low.astype(bool), f"must be at least {prop.min:g}")


def parse_dates(col: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Dates given as ``YYYY-MM-DD``, ``YYYY/MM/DD``, ``YYYY.MM.DD``, ``YYYY年M月D日`` or Excel day numbers.

    Impossible dates (``2021-02-30``) and years outside 1900-2100 are faults.
    """
    errors = pd.Series([None] * len(col), index=col.index, dtype=object)
    text = col.astype("string")
    norm = (text.str.replace(r"[/.年月]", "-", regex=True).str.replace("日", "", regex=False)
            .str.replace(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$", "", regex=True))
    shaped = norm.str.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", na=False)
    parsed = pd.to_datetime(norm.where(shaped), format="%Y-%m-%d", errors="coerce")
    serial = text.str.fullmatch(r"\d{5}(\.0+)?", na=False)
    if serial.any():
        days = pd.to_numeric(text.where(serial), errors="coerce")
        parsed = parsed.where(~serial, pd.Timestamp("1899-12-30") + pd.to_timedelta(days, unit="D"))
    given = col.notna()
    errors = errors.mask(given & ~shaped & ~serial, "is not a date (use YYYY-MM-DD)")
    errors = errors.mask(given & shaped & parsed.isna(), "is not a real date")
    years = parsed.dt.year
    out = given & parsed.notna() & ((years < DATE_RANGE[0]) | (years > DATE_RANGE[1]))
    errors = errors.mask(out.fillna(False), f"is outside {DATE_RANGE[0]}-{DATE_RANGE[1]}")
    return parsed.astype(object).where(parsed.notna() & errors.isna(), None), errors


def id_number_faults(values: pd.Series) -> pd.Series:
    """Per cell, why it is not a resident ID number (None when it is one, or blank).

    18 characters: 17 digits and an ISO 7064 MOD 11-2 check character (0-9 or X); 15-digit legacy numbers pass.

    >>> list(id_number_faults(pd.Series(["11010519491231002X", "110105194912310021", "110105491231002", None])))
    [None, 'has a wrong check character', None, None]
    """
    errors = pd.Series([None] * len(values), index=values.index, dtype=object)
    full = values.str.fullmatch(r"\d{17}[\dX]", na=False)
    legacy = values.str.fullmatch(r"\d{15}", na=False)
    errors = errors.mask(values.notna() & ~full & ~legacy,
                         "is not an ID number (18 characters: 17 digits and a check digit or X; or 15 digits)")
    if full.any():
        chars = _ascii_codes(values[full]).reshape(-1, 18)
        expected = check_characters(chars[:, :17] - ord("0"))
        wrong = pd.Series(expected != chars[:, 17], index=values.index[full])
        errors.loc[wrong.index[wrong.to_numpy()]] = "has a wrong check character"
    return errors


def _ascii_codes(values: pd.Series) -> np.ndarray:
    """The ASCII codes of the text cells one after the other (Arrow joins them without a Python loop)."""
    joined = pc.binary_join(pa.ListArray.from_arrays([0, len(values)], _arrow(values)), "")[0]
    return np.frombuffer(joined.as_py().encode("ascii"), dtype=np.uint8)


def _row_rules(sheet: _Sheet, frame: pd.DataFrame) -> list[Fault]:
    """Rules across columns of one row: exit year only when exited; until not before since; no self-adjacency."""
    t = sheet.typed
    out = []
    if "exit_year" in t and "status" in t:
        bad = t["exit_year"].notna() & t["status"].notna() & (t["status"] != "exited")
        for i in np.flatnonzero(bad.to_numpy()):
            out.append(sheet.fault(i, "exit_year", frame["exit_year"].iloc[i],
                                   f"is set but the household's status is {t['status'].iloc[i]}, not exited"))
    if "since" in t and "until" in t:
        both = t["since"].notna() & t["until"].notna()
        bad = both & pd.Series([b is not None and a is not None and b < a for a, b in zip(t["since"], t["until"])],
                               index=t.index, dtype=bool)
        for i in np.flatnonzero(bad.to_numpy()):
            out.append(sheet.fault(i, "until", frame["until"].iloc[i], f"is before since ({frame['since'].iloc[i]})"))
    if sheet.spec.rel == "ADJACENT_TO" and sheet.complete:
        a, b = sheet.spec.column_names[:2]
        bad = (frame[a] == frame[b]).fillna(False)  # a blank cell equals nothing
        for i in np.flatnonzero(bad.to_numpy()):
            out.append(sheet.fault(i, b, frame[b].iloc[i], "is the same village as " + a))
    return out


def _duplicates(sheet: _Sheet, frame: pd.DataFrame, key_cols: list[str]) -> list[Fault]:
    """Rows repeating a key (node sheets) or a pair (relationship sheets); adjacency pairs may repeat either way."""
    if not sheet.complete or sheet.spec.rel == "ADJACENT_TO" or frame.empty:
        return []
    given = sheet.typed if sheet.spec.event else frame  # an event's day and kind however they were written
    ident = pd.DataFrame({c: given[c] for c in key_cols})
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
        at = f"(first at row {first[k]})"
        if sheet.spec.node:
            out.append(sheet.fault(i, key_cols[0], k[0], f"is given twice {at}"))
        elif sheet.spec.event:
            out.append(sheet.fault(i, None, None, f"the same row is given twice {at}"))
        else:
            out.append(sheet.fault(i, None, None, f"the same pair is given twice {at}"))
    return out


# --- across sheets --------------------------------------------------------------------------------------
def _node_keys(checked: dict[str, _Sheet], existing: PairingNetwork | None) -> dict[str, pa.Array | None]:
    """Keys per label given in the workbook (plus those in the store when appending), as Arrow text arrays:
    membership of millions of cells is then one ``is_in`` call.

    None for a label whose sheet or key column is missing: that fault is reported once, not again for every
    row that names such a node.
    """
    keys: dict[str, pa.Array | None] = {}
    for node in schema.NODES:
        s = checked.get(node.sheet)
        has = s is not None and node.key in s.raw.frame
        given = [_arrow(s.raw.frame[node.key]).drop_null()] if has else []
        if existing is not None:
            given.append(_arrow(existing.nodes[node.label][node.key]).drop_null())
        keys[node.label] = (pa.concat_arrays([pa.array([], pa.string()), *given])
                            if has or existing is not None or not node.required_sheet else None)
    return keys


def _arrow(col: pd.Series) -> pa.Array:
    """A text column as one Arrow string array (no copy when it is already Arrow-backed)."""
    arr = pa.array(col, pa.string(), from_pandas=True)
    return arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr


def _isin(col: pd.Series, known: pa.Array) -> np.ndarray:
    """Per cell, whether it is one of ``known`` (a blank cell is not, unless ``known`` holds a blank)."""
    return pc.is_in(_arrow(col), value_set=known).to_numpy(zero_copy_only=False)


def _helper_overlap(checked: dict[str, _Sheet], existing: PairingNetwork | None) -> list[Fault]:
    """Helper ids must be unique across leaders and cadres (a pairing names its helper by id alone)."""
    cadres, leaders = checked.get(schema.NODE["Cadre"].sheet), checked.get(schema.NODE["Leader"].sheet)
    if cadres is None or "cadre_id" not in cadres.raw.frame:
        return []
    leader_rows: dict[str | None, int | None] = {}
    if existing is not None:
        leader_rows.update({k: None for k in existing.nodes["Leader"]["leader_id"].dropna()})
    if leaders is not None and "leader_id" in leaders.raw.frame:
        # a blank leader_id is a key too: a blank cadre_id matches it (both are also reported as required)
        leader_rows.update(zip(map(_blank_as_none, leaders.raw.frame["leader_id"]), leaders.raw.rows))
    cadre_ids = cadres.raw.frame["cadre_id"]
    out = []
    for i in np.flatnonzero(_isin(cadre_ids, pa.array(list(leader_rows), pa.string()))):
        v = _blank_as_none(cadre_ids.iloc[i])
        where = f"leaders row {leader_rows[v]}" if leader_rows[v] is not None else "the store's leaders"
        out.append(cadres.fault(i, "cadre_id", v, f"is also a leader_id ({where}); helper ids must be unique"))
    return out


def _references(checked: dict[str, _Sheet], keys: dict[str, pa.Array | None]) -> list[Fault]:
    """Every key a row names must be a node of the right label."""
    out = []
    for (sheet_name, column, label) in _reference_columns():
        s = checked.get(sheet_name)
        if s is None or column not in s.raw.frame:
            continue
        labels = label if isinstance(label, tuple) else (label,)
        if any(keys[lab] is None for lab in labels):
            continue
        known = pa.concat_arrays([keys[lab] for lab in labels])
        col = s.raw.frame[column]
        bad = col.notna().to_numpy() & ~_isin(col, known)
        where = " or ".join(schema.NODE[lab].sheet for lab in labels)
        for i in np.flatnonzero(bad):
            out.append(s.fault(i, column, col.iloc[i], f"is not in {where}"))
    return out


def _reference_columns() -> list[tuple[str, str, str | tuple[str, ...]]]:
    """(sheet, column, label or labels) for every column that names a node of another sheet."""
    out: list[tuple[str, str, str | tuple[str, ...]]] = []
    for r in schema.RELS:
        for rs in r.sources:
            if not rs.from_node_sheet:
                out.append((rs.sheet, rs.source.name, rs.source_labels if len(rs.source_labels) > 1 else
                            rs.source_labels[0]))
            out.append((rs.sheet, rs.target.name, rs.target_label))
    out.extend((sheet, col, label) for (sheet, col), label in EXTRA_REFERENCES.items())
    out.extend((e.sheet, col, labels if len(labels) > 1 else labels[0]) for e in schema.EVENTS
               for col, labels in e.references)
    return out


def _ordered(faults: list[Fault]) -> list[Fault]:
    """Faults in schema sheet order, then by row, then by column order within the sheet."""
    order = {s.name: i for i, s in enumerate(schema.SHEETS)}

    def rank(f: Fault) -> tuple[int, int, int]:
        cols = schema.SHEET[f.sheet].column_names if f.sheet in schema.SHEET else []
        return (order.get(f.sheet, len(order)), f.row or 0, cols.index(f.column) if f.column in cols else -1)

    return sorted(faults, key=rank)


# --- the typed network ----------------------------------------------------------------------------------
def _network(checked: dict[str, _Sheet], keys: dict[str, pa.Array | None]) -> PairingNetwork:
    nodes = {n.label: checked[n.sheet].typed for n in schema.NODES if n.sheet in checked}
    rels: dict[str, list[pd.DataFrame]] = {r.type: [] for r in schema.RELS}
    for r in schema.RELS:
        for rs in r.sources:
            s = checked.get(rs.sheet)
            if s is None:
                continue
            df = s.typed
            frame = pd.DataFrame({"source": df[rs.source.name], "target": df[rs.target.name]})
            for p in r.prop_names:
                frame[p] = df[p] if p in df else None
            if rs.from_node_sheet:
                frame = frame[frame["target"].notna()]
            if r.multi_source:
                if len(rs.source_labels) > 1:
                    leaders = keys[schema.HELPER_LABELS[0]]
                    if leaders is None:
                        leaders = pa.array([], pa.string())
                    frame["source_label"] = np.where(_isin(frame["source"], leaders), *schema.HELPER_LABELS)
                else:
                    frame["source_label"] = rs.source_labels[0]
            if r.undirected:
                a, b = frame["source"], frame["target"]
                frame["source"], frame["target"] = np.where(a < b, a, b), np.where(a < b, b, a)
                frame = frame.drop_duplicates(["source", "target"])
            rels[r.type].append(frame)
    events = {e.sheet: checked[e.sheet].typed for e in schema.EVENTS if e.sheet in checked}
    return PairingNetwork(nodes, {t: pd.concat(fs, ignore_index=True) for t, fs in rels.items() if fs}, events)
