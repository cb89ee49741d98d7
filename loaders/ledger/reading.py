"""Read a flat ledger (or a workbook mixing one with normalised sheets) into the network, telling what was read."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pairnet.graph.core import schema
from pairnet.graph.core.errors import PairnetError
from pairnet.graph.core.messages import ledger_text, translate_fault
from pairnet.graph.network import PairingNetwork
from pairnet.loaders import read
from pairnet.loaders.faults import Fault, WorkbookError
from pairnet.loaders.formats import parsed
from pairnet.loaders.ledger import columns as C
from pairnet.loaders.ledger import keys as K
from pairnet.loaders.ledger.assemble import LEDGER_TITLE, network, raw_sheets
from pairnet.loaders.ledger.fold import Folded, fold_ledger
from pairnet.loaders.ledger.grid import HEAD_ROWS, grids, peek
from pairnet.loaders.ledger.problems import Problems
from pairnet.loaders.ledger.recognise import Sheets, classify, town_of_sheet
from pairnet.loaders.ledger.rows import sheet_rows
from pairnet.loaders.crosscheck import reference_columns
from pairnet.loaders.validate import validate

_CJK = re.compile(r"[\u4e00-\u9fff]")
LEDGER_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv", ".txt")
# The ledger field a normalised column comes from (to name the column as the ledger writes it).
_FIELD_OF = {"household_id": "head_name", "head_name": "head_name", "id_number": "id_number", "village_id": "village",
             "members": "members", "status": "status", "exit_year": "exit_year", "town_id": "town",
             "helper_id": "helper", "cadre_id": "helper", "leader_id": "helper", "unit_id": "unit", "rank": "rank",
             "phone": "helper_phone", "active": "state", "since": "since", "until": "until", "title": "title",
             "kind": "unit_kind", "poverty_cause": "poverty_cause"}


@dataclass
class LedgerRead:
    """A ledger read: its network and the lines a clerk should see first (what was recognised, merged)."""

    network: PairingNetwork
    lines: list[str] = field(default_factory=list)
    lang: str = "zh"


def is_ledger(path: str | os.PathLike[str], force: bool = False) -> bool:
    """Whether the file at ``path`` holds a flat ledger (by its headers), or ``force`` says to read it as one."""
    p = Path(path)
    if not p.is_file() or p.suffix.lower() not in LEDGER_SUFFIXES:
        return False
    if force:
        return True
    try:
        return classify(peek(p)).is_ledger
    except Exception:  # a file the peek cannot open: the workbook reader will say what is wrong with it
        return False


def read_ledger(path: str | os.PathLike[str], *, existing: PairingNetwork | None = None,
                force: bool = False) -> LedgerRead:
    """The network a flat ledger describes, with any normalised sheets of the same workbook.

    Raises ``WorkbookError`` listing every fault (in the file's language) when anything is wrong, and a
    ``PairnetError`` (never a traceback) for a file pairnet cannot make sense of.
    """
    try:
        return _read_ledger(Path(path), existing, force)
    except PairnetError:
        raise
    except (ValueError, KeyError, IndexError, TypeError, AttributeError) as e:  # a shape not foreseen
        raise PairnetError(ledger_text("unreadable", "zh", file=Path(path).name, error=f"{type(e).__name__}: {e}")
                           ) from e
    finally:
        parsed.forget()  # the sheets kept parsed while the file was recognised and read
        K.forget()


def _read_ledger(p: Path, existing: PairingNetwork | None, force: bool) -> LedgerRead:
    found = classify(grids(p), force=force)
    lang = _language(found)
    problems = Problems(lang)
    for title in found.headerless:
        problems.add(title, None, None, None, None, "no_header", n=HEAD_ROWS)
    parts = []
    for grid, header in found.ledgers + found.summaries:
        rows = sheet_rows(grid, header)
        for name, a, b in header.twice:
            problems.add(grid.title, header.start, header.written(b), None, None, "twice", other=header.written(a))
        for row, name, value, key in rows.problems:
            problems.add(grid.title, row, rows.written.get(name), name, value, key)
        parts.append(rows)
    towns = {g.title: town_of_sheet(g.title, h) for g, h in found.ledgers + found.summaries}
    titles = [h.county for _, h in found.ledgers + found.summaries if h.county]
    folded = fold_ledger(parts, towns, titles, {g.title for g, _ in found.summaries}, problems)
    if not folded.households and not found.normalised and not problems:  # a header and nothing under it: loaded
        for grid, header in found.ledgers:  # as a snapshot, it would empty the store
            problems.add(grid.title, None, None, None, None, "no_rows", row=header.start)
    faults = list(problems.faults)
    if problems:  # the ledger's own faults first: the sheets made from it would only repeat them
        raise WorkbookError(_in_order(faults), p.name, lang)
    if not found.normalised:
        return LedgerRead(_unwritten(network(folded), existing, parts), _lines(p, folded, found, lang), lang)
    sheets = raw_sheets(folded)
    if found.normalised:
        own, own_faults = read.read_sheets(p)
        keep = set(found.normalised)
        _resolve_names(own, folded)
        for name, raw in own.items():
            if raw.title in keep:
                sheets[name] = _combined(sheets.get(name), raw, folded)
        faults += [f for f in own_faults if f.title in keep or f.sheet in keep]
    try:
        net = validate(sheets, faults, existing=existing, source=p.name)
    except WorkbookError as e:
        raise WorkbookError([_told(f, folded, parts) for f in e.faults], p.name, lang) from None
    return LedgerRead(_unwritten(net, existing, parts), _lines(p, folded, found, lang), lang)


# What a ledger may leave out: (label or relationship type, property, the ledger fields any of which give it).
_OPTIONAL = (("Household", "members", ("members", "relation")), ("Household", "exit_year", ("exit_year",)),
             ("Household", "poverty_cause", ("poverty_cause",)), ("Household", "id_number", ("id_number",)),
             ("Cadre", "phone", ("helper_phone",)), ("Leader", "phone", ("helper_phone",)),
             ("Cadre", "active", ("state",)), ("Leader", "title", ("title",)), ("Unit", "kind", ("unit_kind",)),
             ("HELPS", "since", ("since", "period")), ("HELPS", "until", ("until", "period")))


def _unwritten(net: PairingNetwork, existing: PairingNetwork | None, parts: list) -> PairingNetwork:
    """With ``--append`` (``existing``: the store's content), what the ledger has no column for is kept as
    stored: a later list without 家庭人口 or 联系电话 adds and updates, and erases nothing it does not mention."""
    if existing is None:
        return net
    given = {f for part in parts for f in (*part.header.fields, *(k for h in part.header.helpers for k in h))}
    nodes, rels = {}, {}
    for name, prop, fields in _OPTIONAL:
        if given & set(fields):
            continue
        is_node = name in net.nodes
        frames, out = (net.nodes, nodes) if is_node else (net.rels, rels)
        new, old = out.get(name, frames[name]), (existing.nodes if is_node else existing.rels)[name]
        if prop not in new or prop not in old or new.empty or old.empty or new[prop].notna().any():
            continue
        keys = [schema.NODE[name].key] if is_node else ["source", "target"]
        stored = old.drop_duplicates(keys).set_index(keys)[prop]
        at = pd.MultiIndex.from_frame(new[keys].astype("string")) if len(keys) > 1 else \
            pd.Index(new[keys[0]].astype("string"))
        stored.index = pd.MultiIndex.from_frame(stored.index.to_frame().astype("string")) if len(keys) > 1 else \
            stored.index.astype("string")
        new = new.copy()
        new[prop] = pd.Series(stored.reindex(at).array, index=new.index)
        out[name] = new
    return net.replace(nodes=nodes, rels=rels) if nodes or rels else net


def _lines(p: Path, folded: Folded, found: Sheets, lang: str) -> list[str]:
    """What the load says first: what was recognised, the spellings merged, the hidden columns left out, the
    columns not read (a clerk sees a column pairnet does not know, e.g. a misspelt date, rather than losing it)."""
    lines = [_recognised(p, folded, found, lang)]
    lines += folded.merged[:30]
    if len(folded.merged) > 30:
        lines.append(ledger_text("merged_more", lang, n=len(folded.merged) - 30))
    for grid, header in found.ledgers:
        lines += [ledger_text("shadowed", lang, column=header.written(c)) for c in header.shadowed]
        if any(C.lacks_rank(h, k, header.leader_blocks) for k, h in enumerate(header.helpers)):
            lines.append(ledger_text("no_rank", lang, sheet=grid.title, rank=C.DEFAULT_RANK))
        if header.unread:
            shown = [header.written(c) for c in header.unread[:12]]
            if len(header.unread) > 12:
                shown.append(ledger_text("more_columns", lang, n=len(header.unread) - 12))
            lines.append(ledger_text("unread", lang, sheet=grid.title,
                                     columns=ledger_text("list_sep", lang).join(shown)))
    return lines


def _in_order(faults: list[Fault]) -> list[Fault]:
    """Faults sheet by sheet (in the order first seen), a sheet's own faults before its rows, rows in order."""
    sheets = list(dict.fromkeys(f.sheet for f in faults))
    return sorted(faults, key=lambda f: (sheets.index(f.sheet), f.row is not None, f.row or 0))


def _language(found: Sheets) -> str:
    """Chinese when the ledger's headers are (nearly always), else English."""
    texts = [t for _, h in found.ledgers + found.summaries for t in h.texts if t]
    texts += found.headerless + found.skipped + found.written
    return "zh" if any(_CJK.search(t) for t in texts) or not texts else "en"


def _recognised(path: Path, folded: Folded, found: Sheets, lang: str) -> str:
    line = ledger_text("recognised", lang, source=path.stem, households=folded.households, helpers=folded.helpers,
                       units=folded.units)
    skipped = [g.title for g, _ in found.summaries] + found.skipped
    if skipped:
        line += ("; " if lang == "en" else "；") + ledger_text(
            "skipped", lang, sheets=ledger_text("list_sep", lang).join(skipped))
    return line


def _combined(derived: read.RawSheet | None, raw: read.RawSheet, folded: Folded) -> read.RawSheet:
    """A normalised sheet of the workbook beside the rows the ledger gave the same sheet (e.g. both give
    pairings): one sheet, each row remembering where it was written."""
    if derived is None or derived.frame.empty:
        return raw
    n = len(derived.frame)
    folded.headers[raw.title] = raw.headers
    folded.origins[raw.name] = pd.concat([folded.origins[raw.name].iloc[:n], pd.DataFrame(
        {"_sheet": [raw.title] * len(raw.rows), "_row": raw.rows})], ignore_index=True)
    frame = pd.concat([derived.frame, raw.frame], ignore_index=True).astype("string")
    return read.RawSheet(raw.name, LEDGER_TITLE, frame, list(range(len(frame))), {})


def _resolve_names(own: dict[str, read.RawSheet], folded: Folded) -> None:
    """A normalised sheet beside a ledger may name what the ledger holds by name, since the ledger has no
    codes: a cell that is no key but one village's, unit's, helper's or town's name stands for its key."""
    f = folded.frames
    by_label = {
        "Village": (f["villages"]["village_id"], K.fold(f["villages"]["name"])),
        "Town": (f["towns"]["town_id"], K.fold(f["towns"]["name"])),
        "Unit": (f["units"]["unit_id"], K.unit_fold(f["units"]["name"], [])),
        "Cadre": (f["cadres"]["cadre_id"], K.fold(f["cadres"]["name"])),
        "Leader": (f["leaders"]["leader_id"], K.fold(f["leaders"]["name"])),
        "Household": (f["households"]["household_id"], K.fold(f["households"]["head_name"])),
    }
    for sheet, column, label in reference_columns():
        raw = own.get(sheet)
        if raw is None or column not in raw.frame:
            continue
        labels = label if isinstance(label, tuple) else (label,)
        keys = pd.concat([by_label[lab][0] for lab in labels])
        names = pd.concat([by_label[lab][1] for lab in labels])
        unique = names[~names.duplicated(keep=False)]
        lookup = pd.Series(keys.loc[unique.index].to_numpy() if len(unique) else [], index=unique.to_numpy(),
                           dtype="string")
        col = raw.frame[column]
        fold = K.unit_fold(col, []) if labels == ("Unit",) else K.fold(col)
        named = ~col.isin(set(keys.dropna())) & fold.isin(set(lookup.index))
        if named.any():
            raw.frame[column] = col.mask(named, fold.map(lookup))


def _told(f: Fault, folded: Folded, parts: list) -> Fault:
    """A fault of the sheets made from the ledger, told where the ledger writes it."""
    if f.title != LEDGER_TITLE or f.row is None or f.sheet not in folded.origins:
        return f
    origin = folded.origins[f.sheet]
    title, row = origin["_sheet"].iat[f.row], int(origin["_row"].iat[f.row])
    headers = folded.headers.get(title) or next((p.written for p in parts if p.title == title), {})
    column = headers.get(_FIELD_OF.get(f.column or "", f.column or ""), headers.get(f.column or "", f.column)) \
        if f.column else None
    return Fault(title, row, None, column, f.value, f.message, None, column,
                 f.zh or translate_fault(f.message, "zh"))
