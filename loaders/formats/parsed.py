"""The sheets of the last workbook read, as calamine parsed them, kept for the next read of the same file.

Recognising a file (a flat ledger or a normalised workbook, its merged ranges) opens its sheets before they
are read, and calamine's parse is most of the reading: each sheet is parsed once.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

_PARSED: dict[tuple[str, int, int], dict[str, tuple[Any, list[Any]]]] = {}


def forget() -> None:
    """Let go of the parsed sheets kept for the next read of the same file."""
    _PARSED.clear()


def sheet(path: Path, wb: Any, name: str, before: Callable[[], list[Any]] | None = None) -> tuple[Any, list[Any]]:
    """Sheet ``name`` of the workbook ``wb`` opened from ``path``, parsed once while the file is unchanged, with
    what ``before`` gave (run before the first parse: a check of the sheet's size, the cells it cannot read)."""
    st = path.stat()
    key = (str(path.resolve()), st.st_mtime_ns, st.st_size)
    if key not in _PARSED:
        _PARSED.clear()
        _PARSED[key] = {}
    sheets = _PARSED[key]
    if name not in sheets:
        extra = before() if before is not None else []
        sheets[name] = (wb.get_sheet_by_name(name), extra)
    return sheets[name]
