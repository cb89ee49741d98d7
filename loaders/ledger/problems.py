"""Faults in a ledger, told as the clerk sees the file: sheet and column as written, spreadsheet row, masked value."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from pairnet.graph.core.messages import ledger_text, translate_fault
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
    """The faults found so far, in the file's language."""

    lang: str
    faults: list[Fault] = field(default_factory=list)

    def add(self, sheet: str, row: int | None, header: str | None, name: str | None, value: Any, key: str, /,
            **kw: Any) -> None:
        """One fault: ``key`` names the message in the catalogue, ``kw`` fills it in."""
        self.faults.append(Fault(sheet, row, None, header, masked(name or "", value),
                                 ledger_text(key, self.lang, **kw), lang=self.lang))

    def converted(self, frame: pd.DataFrame, name: str, errors: pd.Series, written: dict[str, dict[str, str]]) -> None:
        """Faults for the cells of column ``name`` whose conversion failed (``errors`` holds the English reason)."""
        bad = np.flatnonzero(errors.notna().to_numpy())
        for i in bad:
            sheet = frame["_sheet"].iloc[i]
            self.faults.append(Fault(sheet, int(frame["_row"].iloc[i]), None, written[sheet].get(name, name),
                                     masked(name, frame[name].iloc[i]),
                                     translate_fault(str(errors.iloc[i]), self.lang), lang=self.lang))

    def __bool__(self) -> bool:
        return bool(self.faults)
