"""Faults in a ledger, told as the clerk sees the file: sheet and column as written, spreadsheet row, masked value."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from pairnet.graph.core.messages import Text, ledger_text, translate_fault
from pairnet.graph.core.pii import mask_id_number, mask_phone
from pairnet.loaders.faults import Fault

PII_FIELDS = {"id_number": mask_id_number, "helper_phone": mask_phone, "household_phone": mask_phone}


def masked(name: str, value: Any) -> str | None:
    """``value`` as shown in a message: ID and phone numbers masked."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    text = str(value)
    return PII_FIELDS[name](text) if name in PII_FIELDS else text


@dataclass
class Problems:
    """The faults found so far; ``lang`` is the file's language, in which they are shown."""

    lang: str
    faults: list[Fault] = field(default_factory=list)

    def add(self, sheet: str, row: int | None, header: str | None, name: str | None, value: Any, key: str, /,
            **kw: Any) -> None:
        """One fault: ``key`` names the message in the ledger catalogue, ``kw`` fills it in."""
        self.text(sheet, row, header, name, value, Text(ledger_text(key, "en", **kw), ledger_text(key, "zh", **kw)))

    def text(self, sheet: str, row: int | None, header: str | None, name: str | None, value: Any, text: Text) -> None:
        """One fault whose message is ``text`` (both languages)."""
        self.faults.append(Fault(sheet, row, None, header, masked(name or "", value), text.en, None, header, text.zh))

    def converted(self, frame: pd.DataFrame, name: str, errors: pd.Series, written: dict[str, dict[str, str]]) -> None:
        """Faults for the cells of column ``name`` whose conversion failed (``errors`` holds the reason)."""
        for i in np.flatnonzero(errors.notna().to_numpy()):
            sheet = frame["_sheet"].iat[i]
            reason = errors.iat[i]
            text = reason if isinstance(reason, Text) else Text(str(reason), translate_fault(str(reason), "zh"))
            self.text(sheet, int(frame["_row"].iat[i]), written[sheet].get(name, name), name, frame[name].iat[i], text)

    def __bool__(self) -> bool:
        return bool(self.faults)
