"""Faults found in a workbook (sheet, spreadsheet row, row key, column, value, what is wrong) and WorkbookError."""

from __future__ import annotations

from dataclasses import dataclass

from pairnet.graph.core.errors import PairnetError
from pairnet.graph.core.messages import header, say, sheet_name, translate_fault

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

    def render(self, lang: str = "en") -> str:
        """The fault in ``lang``; in Chinese the sheet and column as the clerk wrote them (else their Chinese
        names), e.g. ``贫困户 第 9 行（H008），村编码：'V99' 在行政村表中找不到``."""
        if lang == "en":
            return str(self)
        where = say("fault.where", lang, sheet=self.title or sheet_name(self.sheet, lang),
                    row=say("fault.row", lang, row=self.row) if self.row is not None else "",
                    key=say("fault.key", lang, key=self.key) if self.key else "")
        value = f"{self.value!r} " if self.value is not None else ""
        message = translate_fault(self.message, lang)
        if self.column is None:
            return say("fault.line_sheet", lang, where=where, value=value, message=message)
        return say("fault.line", lang, where=where, column=self.header or header(self.column, lang), value=value,
                   message=message)

    def __str__(self) -> str:
        where = self.sheet + (f" [{self.title}]" if self.title and self.title != self.sheet else "")
        where += (f" row {self.row}" if self.row is not None else "") + (f" ({self.key})" if self.key else "")
        value = f"{self.value!r} " if self.value is not None else ""
        if self.column is None:
            return f"{where}: {value}{self.message}"
        column = self.column + (f" [{self.header}]" if self.header and self.header != self.column else "")
        return f"{where}, {column}: {value}{self.message}"


class WorkbookError(PairnetError):
    """A workbook with faults: nothing was written. ``faults`` holds every one; the message shows the first 50."""

    def __init__(self, faults: list[Fault], source: str = "workbook") -> None:
        self.faults = list(faults)
        self.source = source
        super().__init__(self._message())

    def render(self, lang: str = "en") -> str:
        """Every fault (the first 50) under one line saying how many and that nothing was loaded, in ``lang``."""
        if lang == "en":
            return self._message()
        n = len(self.faults)
        lines = [f"  {f.render(lang)}" for f in self.faults[:MAX_SHOWN]]
        if n > MAX_SHOWN:
            lines.append("  " + say("workbook.more", lang, more=n - MAX_SHOWN, n=n))
        return "\n".join([say("workbook.faults", lang, source=self.source, n=n), *lines])

    def _message(self) -> str:
        n = len(self.faults)
        head = f"{self.source}: {n} fault{'s' if n != 1 else ''}, nothing was loaded"
        lines = [f"  {f}" for f in self.faults[:MAX_SHOWN]]
        if n > MAX_SHOWN:
            lines.append(f"  ... and {n - MAX_SHOWN} more ({n} faults in all)")
        return "\n".join([head, *lines])

