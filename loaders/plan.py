"""Reading a committee plan back: the JSON, XLSX or CSV folder that ``pairnet committees plan`` wrote."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from pairnet.graph.core.errors import CommitteeError
from pairnet.graph.core.messages import Text
from pairnet.graph.core.textfile import read_text


def read_plan(path: str | os.PathLike[str]) -> dict[str, Any]:
    """A committee plan: ``committees`` with ``committee_id``, ``name``, ``villages`` and ``lead_village_id``
    (``unplaced`` and ``violations`` when the file has them).

    ``.json`` in UTF-8 (with or without a BOM) or GBK; an ``.xlsx``, a folder of CSV files or one
    ``committees.csv`` beside its ``committee_villages.csv``, with English or Chinese sheet and column names
    (the reader of workbooks reads them). Anything else, or a file of another shape, is one line and exit 2.
    """
    p = Path(path)
    if p.suffix.lower() == ".json":
        return _json_plan(p)
    if p.is_dir() or p.suffix.lower() in (".xlsx", ".xlsm", ".csv"):
        return _sheet_plan(p.parent if p.suffix.lower() == ".csv" else p)
    if not p.exists():
        raise CommitteeError(Text("read.missing", path=str(p)))
    raise CommitteeError(Text("plan.kind", path=str(p)))


def _json_plan(p: Path) -> dict[str, Any]:
    text = read_text(p, "plan.file")
    try:
        plan = json.loads(text)
    except json.JSONDecodeError as e:
        raise CommitteeError(Text("plan.json", path=str(p), why=f"line {e.lineno}, column {e.colno}")) from e
    except RecursionError:  # arrays nested thousands deep
        raise CommitteeError(Text("plan.json", path=str(p), why=Text("file.too_deep"))) from None
    if not is_plan(plan):
        raise CommitteeError(Text("plan.shape", path=str(p)))
    return plan


def _sheet_plan(p: Path) -> dict[str, Any]:
    from pairnet.loaders.read import read_sheets

    if not p.exists():
        raise CommitteeError(Text("read.missing", path=str(p)))
    sheets, faults = read_sheets(p)
    if faults:
        from pairnet.loaders.faults import WorkbookError

        raise WorkbookError(faults, str(p))
    if "committees" not in sheets or "committee_villages" not in sheets:
        raise CommitteeError(Text("plan.no_sheet", path=str(p)))
    coms = sheets["committees"].frame
    members: dict[str, list[str]] = {}
    cv = sheets["committee_villages"].frame
    for cid, vid in zip(cv.get("committee_id", []), cv.get("village_id", [])):
        if isinstance(cid, str) and isinstance(vid, str):
            members.setdefault(cid, []).append(vid)
    committees = []
    for row in coms.astype(object).where(coms.notna(), None).to_dict("records"):
        cid = row.get("committee_id")
        if cid is None:
            continue
        committees.append({"committee_id": cid, "name": row.get("name"), "villages": sorted(members.get(cid, [])),
                           "lead_village_id": row.get("lead_village_id")})
    return {"committees": committees, "unplaced": [], "violations": []}


def is_plan(plan: Any) -> bool:
    """Whether ``plan`` has the shape the map reads (ids as text), so a hand-edited file fails as a user error."""
    def text(v: Any, blank: bool = False) -> bool:
        return isinstance(v, str) or (blank and v is None)

    def records(key: str, ok: Any) -> bool:
        rows = plan.get(key, [])
        return isinstance(rows, list) and all(isinstance(r, dict) and ok(r) for r in rows)

    return (isinstance(plan, dict) and isinstance(plan.get("committees"), list)
            and records("committees", lambda c: isinstance(c.get("committee_id"), (str, int))
                        and isinstance(c.get("villages"), list) and all(map(text, c["villages"]))
                        and text(c.get("lead_village_id"), True) and text(c.get("name"), True))
            and records("unplaced", lambda u: text(u.get("village_id")))
            and records("violations", lambda v: True))
