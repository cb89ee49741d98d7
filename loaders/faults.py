"""Faults found in a workbook (sheet, spreadsheet row, row key, column, value, what is wrong) and WorkbookError."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from pairnet.graph.core import schema
from pairnet.graph.core.errors import PairnetError
from pairnet.graph.core.messages import Text, loader_text
from pairnet.graph.core.pii import mask_text

MAX_SHOWN = 50
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def language(*texts: object) -> str:
    """``zh`` when any of ``texts`` holds Chinese characters, else ``en``: messages follow the file's language."""
    return "zh" if any(_CJK.search(str(t)) for t in texts if t) else "en"


def masked(text: str | None) -> str | None:
    """``text`` with every ID- or phone-shaped value masked, also when written with full-width digits or spaces."""
    if not text:
        return text
    out = mask_text(text)
    folded = unicodedata.normalize("NFKC", text)
    squeezed = re.sub(r"(?<=\d)[\s\-]+(?=[\dXx])", "", folded)
    if mask_text(squeezed) != squeezed:
        return mask_text(squeezed)
    return out


@dataclass(frozen=True)
class Fault:
    """One thing wrong in a workbook, told so a clerk can find it.

    ``row`` is the row number the spreadsheet shows (header row = 1 when it is the first row); ``key`` is
    the row's own key; ``value`` is masked when it is an ID or phone number, and so is anything shaped like
    one in the key or the message. ``title`` and ``header`` are the sheet and column names as the user wrote
    them, when they differ from the English names; ``zh`` is the message in Chinese.

    >>> str(Fault("households", 9, "H008", "village_id", "V99", "is not in villages"))
    "households row 9 (H008), village_id: 'V99' is not in villages"
    >>> str(Fault("pairings", None, None, None, None, "required sheet is missing"))
    'pairings: required sheet is missing'
    >>> Fault("households", 3, "61092419800101123X", "members", "13900000001", "x").value
    '139****0001'
    """

    sheet: str
    row: int | None
    key: str | None
    column: str | None
    value: str | None
    message: str
    title: str | None = None
    header: str | None = None
    zh: str | None = None

    def __post_init__(self) -> None:
        for name in ("key", "value", "message", "zh", "title", "header"):  # a header can be a shifted value
            object.__setattr__(self, name, masked(getattr(self, name)))

    @classmethod
    def of(cls, sheet: str, row: int | None, key: str | None, column: str | None, value: str | None, text: Text,
           title: str | None = None, header: str | None = None) -> Fault:
        """A fault whose message is ``text`` (both languages)."""
        return cls(sheet, row, key, column, value, text.en, title, header, text.zh)

    def __str__(self) -> str:
        return self.text("en")

    def text(self, lang: str = "en") -> str:
        """The fault as one line in ``lang`` (``en`` or ``zh``)."""
        value = f"{self.value!r} " if self.value is not None else ""
        if lang == "zh":
            where = self.title or (schema.SHEET_ZH.get(self.sheet) or (self.sheet,))[0]
            where += (f" 第 {self.row} 行" if self.row is not None else "") + (f"（{self.key}）" if self.key else "")
            message = self.zh or self.message
            if self.column is None:
                return f"{where}：{value}{message}"
            return f"{where}，{self.header or _column_zh(self.sheet, self.column)}：{value}{message}"
        where = self.sheet + (f" [{self.title}]" if self.title and self.title != self.sheet else "")
        where += (f" row {self.row}" if self.row is not None else "") + (f" ({self.key})" if self.key else "")
        if self.column is None:
            return f"{where}: {value}{self.message}"
        column = self.column + (f" [{self.header}]" if self.header and self.header != self.column else "")
        return f"{where}, {column}: {value}{self.message}"


def _column_zh(sheet: str, column: str) -> str:
    spec = schema.SHEET.get(sheet)
    for p in spec.columns if spec else ():
        if p.name == column and p.zh:
            return p.zh[0]
    return column


class WorkbookError(PairnetError):
    """A workbook with faults: nothing was written. ``faults`` holds every one; the message shows the first 50,
    in the workbook's language (``lang``)."""

    def __init__(self, faults: list[Fault], source: str = "workbook", lang: str = "en") -> None:
        self.faults = list(faults)
        self.source = source
        self.lang = lang
        super().__init__(self._message())

    def _message(self) -> str:
        return self.render(self.lang)

    def render(self, lang: str) -> str:
        """Every fault (the first 50) under one line saying how many and that nothing was loaded, in ``lang``."""
        n = len(self.faults)
        head = loader_text("faults_head", source=self.source, n=n, s="s" if n != 1 else "").get(lang)
        lines = [f"  {f.text(lang)}" for f in self.faults[:MAX_SHOWN]]
        if n > MAX_SHOWN:
            lines.append("  " + loader_text("faults_more", more=n - MAX_SHOWN, n=n).get(lang))
        return "\n".join([head, *lines])


class FileRefused(PairnetError):
    """A file pairnet cannot read at all (missing, of a foreign kind, damaged, too big): nothing was written."""

    def __init__(self, text: Text, lang: str = "en") -> None:
        self.text = text
        self.lang = lang
        super().__init__(text.get(lang))

    def render(self, lang: str) -> str:
        """The refusal in ``lang``."""
        return self.text.get(lang)
