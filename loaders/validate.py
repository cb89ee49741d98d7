"""Validate raw workbook sheets, collecting every fault before anything is written, and build the PairingNetwork."""

from __future__ import annotations

from pairnet.graph.core import schema
from pairnet.graph.core.messages import loader_text
from pairnet.graph.network import PairingNetwork
from pairnet.loaders.build import build_network
from pairnet.loaders.convert import DATE_RANGE, convert, id_number_faults, parse_dates  # noqa: F401 (API)
from pairnet.loaders.crosscheck import helper_overlap, node_keys, ordered, references
from pairnet.loaders.faults import Fault, WorkbookError
from pairnet.loaders.read import RawSheet, sheet_language
from pairnet.loaders.sheetcheck import CheckedSheet, check_sheet


def validate(sheets: dict[str, RawSheet], faults: list[Fault] | None = None, *,
             existing: PairingNetwork | None = None, source: str = "workbook") -> PairingNetwork:
    """The typed network the sheets describe, or ``WorkbookError`` listing every fault found.

    Checks required sheets and columns, required cells, values (enums in English or Chinese, booleans,
    numbers and ranges, dates, ID numbers, phone numbers), duplicate keys and pairs, helper ids unique across
    leaders and cadres, and that every reference resolves. With ``existing`` (an append), required sheets may
    be absent and references may also resolve to nodes already in the store. Messages follow the language of
    the sheets' headers.
    """
    found: list[Fault] = list(faults or [])
    checked: dict[str, CheckedSheet] = {}
    reported = {f.sheet for f in found if f.row is None and f.column is None}  # unreadable, or no header
    for spec in schema.SHEETS:
        raw = sheets.get(spec.name)
        if raw is None:
            if spec.required and existing is None and spec.name not in reported:
                found.append(Fault.of(spec.name, None, None, None, None, loader_text("required_sheet")))
            continue
        sheet, sheet_faults = check_sheet(spec, raw)
        checked[spec.name] = sheet
        found.extend(sheet_faults)
    keys = node_keys(checked, existing)
    found.extend(helper_overlap(checked, existing))
    found.extend(references(checked, keys))
    if found:
        raise WorkbookError(ordered(found), source, sheet_language(sheets))
    return build_network(checked, keys)
