"""Faults found in a workbook (sheet, spreadsheet row, row key, column, value, what is wrong) and WorkbookError."""

from __future__ import annotations

from dataclasses import dataclass

from pairnet.graph.core.errors import PairnetError
from pairnet.graph.core.messages import fault_words

MAX_SHOWN = 50


@dataclass(frozen=True)
class Fault:
    """One thing wrong in a workbook, told so a clerk can find it.

    ``row`` is the row number the spreadsheet shows (header row = 1 when it is the first row); ``key`` is
    the row's own key; ``value`` is already masked when it is an ID or phone number. ``title`` and ``header``
    are the sheet and column names as the user wrote them, when they differ from the English names.

    >>> str(Fault("households", 9, "H008", "village_id", "V99", "is not in villages"))
    "households row 9 (H008), village_id: 'V99' is not in villages"
    >>> str(Fault("pairings", None, None, None, None, "required sheet is missing"))
    'pairings: required sheet is missing'
    """

    sheet: str
    row: int | None
    key: str | None
    column: str | None
    value: str | None
    message: str
    title: str | None = None
    header: str | None = None
    lang: str = "en"  # a ledger's faults are told in the file's language

    def __str__(self) -> str:
        if self.lang != "en":
            return self._localised()
        where = self.sheet + (f" [{self.title}]" if self.title and self.title != self.sheet else "")
        where += (f" row {self.row}" if self.row is not None else "") + (f" ({self.key})" if self.key else "")
        value = f"{self.value!r} " if self.value is not None else ""
        if self.column is None:
            return f"{where}: {value}{self.message}"
        column = self.column + (f" [{self.header}]" if self.header and self.header != self.column else "")
        return f"{where}, {column}: {value}{self.message}"

    def _localised(self) -> str:
        w = fault_words(self.lang)
        where = self.sheet + (w["row"].format(row=self.row) if self.row is not None else "")
        value = f"“{self.value}”" if self.value is not None else ""
        column = f"{w['sep']}{self.column}" if self.column else ""
        return f"{where}{column}{w['colon']}{value}{self.message}"


class WorkbookError(PairnetError):
    """A workbook with faults: nothing was written. ``faults`` holds every one; the message shows the first 50."""

    def __init__(self, faults: list[Fault], source: str = "workbook") -> None:
        self.faults = list(faults)
        self.source = source
        super().__init__(self._message())

    def _message(self) -> str:
        n = len(self.faults)
        lang = self.faults[0].lang if self.faults and all(f.lang == self.faults[0].lang for f in self.faults) else "en"
        if lang != "en":
            w = fault_words(lang)
            head = w["head"].format(source=self.source, n=n)
        else:
            head = f"{self.source}: {n} fault{'s' if n != 1 else ''}, nothing was loaded"
        lines = [f"  {f}" for f in self.faults[:MAX_SHOWN]]
        if n > MAX_SHOWN:
            lines.append(fault_words(lang)["more"].format(more=n - MAX_SHOWN, n=n) if lang != "en"
                         else f"  ... and {n - MAX_SHOWN} more ({n} faults in all)")
        return "\n".join([head, *lines])

