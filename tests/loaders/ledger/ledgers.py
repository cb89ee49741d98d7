"""Ledgers as county offices keep them, written by real writers (openpyxl, xlwt, the csv module), and a CLI harness."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pairnet.graph.core import schema
from cli_runner import invoke
from typing import Any

_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def idno(n: int, region: str = "610924", born: str = "19800101") -> str:
    """A valid 18-character resident ID number (ISO 7064 check character), different for each ``n``."""
    body = f"{region}{born}{n % 1000:03d}"
    return body + "10X98765432"[sum(int(a) * w for a, w in zip(body, _W)) % 11]


def phone(n: int) -> str:
    return f"139{n:08d}"


Rows = Sequence[Sequence[Any]]


@dataclass
class Sheet:
    """One sheet: its rows from A1, merged ranges (``"A3:A4"``), hidden column letters, ID columns as text."""

    rows: Rows
    merges: Sequence[str] = ()
    hidden: Sequence[str] = ()


def write_xlsx(path: Path, sheets: dict[str, Sheet | Rows]) -> Path:
    """An .xlsx written by openpyxl, text cells as text (so ID numbers stay text, as a careful clerk keeps them)."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for title, sheet in sheets.items():
        sheet = sheet if isinstance(sheet, Sheet) else Sheet(sheet)
        ws = wb.create_sheet(title)
        for r in sheet.rows:
            ws.append(list(r))
        for m in sheet.merges:
            ws.merge_cells(m)
        for c in sheet.hidden:
            ws.column_dimensions[c].hidden = True
    wb.save(path)
    return path


def write_xls(path: Path, sheets: dict[str, Sheet | Rows]) -> Path:
    """An Excel 97-2003 .xls written by xlwt (merged cells written as xlwt merges)."""
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    for title, sheet in sheets.items():
        sheet = sheet if isinstance(sheet, Sheet) else Sheet(sheet)
        ws = wb.add_sheet(title)
        merged: dict[tuple[int, int], tuple[int, int, int, int]] = {}
        for m in sheet.merges:
            a, b = m.split(":")
            r0, c0, r1, c1 = _cell(a) + _cell(b)
            merged[(r0, c0)] = (r0, r1, c0, c1)
        skip = {(r, c) for r0, r1, c0, c1 in merged.values() for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
        for i, row in enumerate(sheet.rows):
            for j, v in enumerate(row):
                if (i, j) in merged:
                    r0, r1, c0, c1 = merged[(i, j)]
                    ws.write_merge(r0, r1, c0, c1, v)
                elif (i, j) not in skip and v is not None:
                    ws.write(i, j, v)
    wb.save(str(path))
    return path


def _cell(ref: str) -> tuple[int, int]:
    letters = "".join(ch for ch in ref if ch.isalpha())
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch.upper()) - 64
    return int(ref[len(letters):]) - 1, col - 1


def write_csv(path: Path, rows: Rows, encoding: str = "utf-8") -> Path:
    with open(path, "w", encoding=encoding, newline="") as f:
        csv.writer(f).writerows([["" if v is None else v for v in r] for r in rows])
    return path


class Pairnet:
    """``pairnet`` run in-process against one embedded store in a temporary folder."""

    def __init__(self, folder: Path) -> None:
        self.db = str(folder / "pairnet.db")

    def __call__(self, *args: str) -> Any:
        return invoke(*args, "--db", self.db)

    def plain(self, *args: str) -> Any:
        """``pairnet ARGS`` for a command that takes no store (``template``)."""
        return invoke(*args)

    def load(self, path: Path, *flags: str) -> str:
        """Load ``path``: the output (the test fails unless the load succeeded)."""
        r = self("load", str(path), *flags)
        assert r.exit_code == 0, r.output
        return r.stdout

    def refused(self, path: Path, *flags: str) -> str:
        """Load ``path`` expecting a refusal: exit 2, no traceback; the message."""
        r = self("load", str(path), *flags)
        assert r.exit_code == 2, r.output
        assert "Traceback" not in r.output and r.exception is None or isinstance(r.exception, SystemExit), r.output
        return r.output

    def without_helper(self, as_of: str = "2025-06-30") -> list[str]:
        """Heads of the households ``pairnet gaps`` lists as without a helper, sorted."""
        r = self("gaps", "--as-of", as_of, "--format", "json")
        assert r.exit_code == 0, r.output
        return sorted(g["label"] for g in json.loads(r.output)["gaps"] if g["kind"] == "household_without_helper")

    def counts(self) -> dict[str, int]:
        if not Path(self.db).exists():  # nothing was ever written: read commands refuse a missing store (exit 2)
            r = self("info", "--format", "json")
            assert r.exit_code == 2, r.output
            return {n.label: 0 for n in schema.NODES}
        r = self("info", "--format", "json")
        assert r.exit_code == 0, r.output
        return json.loads(r.output)["nodes"]

    def helpers(self) -> int:
        """Distinct helpers, as ``pairnet info`` counts them (leaders and cadres)."""
        c = self.counts()
        return c["Leader"] + c["Cadre"]
