"""PII masking: ID and phone numbers masked by column, by key in nested data, and by shape in free text."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # loaded by the functions that mask frames: a command without frames stays quick
    import pandas as pd

from pairnet.graph.core import schema
from pairnet.graph.core.result import SEQ as _SEQ
from pairnet.graph.core.result import Frame
from pairnet.graph.core.result import is_na as _is_na


def _keep_ends(value: Any, head: int, tail: int) -> str:
    s = str(value)
    if len(s) <= head + tail:
        return "*" * len(s)
    return s[:head] + "*" * (len(s) - head - tail) + s[-tail:]


def mask_id_number(value: str) -> str:
    """Keep the first 6 (region) and last 4 characters of an ID number.

    >>> mask_id_number("61092419800101123X")
    '610924********123X'
    """
    return _keep_ends(value, 6, 4)


def mask_phone(value: str) -> str:
    """Keep the first 3 and last 4 digits of a phone number.

    >>> mask_phone("13900000001")
    '139****0001'
    """
    return _keep_ends(value, 3, 4)


MASKS = {"id_number": mask_id_number, "phone": mask_phone}
ENDS = {"id_number": (6, 4), "phone": (3, 4)}  # characters kept at the head and the tail, as the masks above


def mask_strings(s: pd.Series, kind: str) -> pd.Series:
    """A text column masked as ``MASKS[kind]`` masks each value, in Arrow (a county's 31,000 ID numbers in
    milliseconds rather than a second); blanks stay blank.

    >>> import pandas as pd
    >>> mask_strings(pd.Series(["61092419800101123X", "123", None], dtype="string"), "id_number").tolist()
    ['610924********123X', '***', <NA>]
    """
    head, tail = ENDS[kind]
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = pa.array(s, type=pa.string(), from_pandas=True)
    n = pc.utf8_length(arr)
    short = pc.less_equal(n, head + tail)
    stars = pc.binary_repeat("*", pc.max_element_wise(pc.subtract(n, head + tail), 0))
    kept = pc.binary_join_element_wise(pc.utf8_slice_codeunits(arr, 0, head), stars,
                                       pc.utf8_slice_codeunits(arr, -tail), "")
    out = pc.if_else(short, pc.binary_repeat("*", n), kept)
    return pd.Series(out.to_pandas(types_mapper=lambda t: pd.StringDtype()), index=s.index, name=s.name)


def pii_kind(column: Any) -> str | None:
    """The PII kind of a column or key: a schema PII name, alone or as the property of a Cypher column
    (``h.id_number``), else None."""
    name = str(column)
    return schema.PII_COLUMNS.get(name) or schema.PII_COLUMNS.get(name.rsplit(".", 1)[-1])


def mask_value(column: str, value: Any) -> Any:
    """``value`` masked if ``column`` is a PII column of the schema (``id_number``, ``phone``), else unchanged;
    a list under a PII column (``collect(c.phone) AS phone``) has each item masked."""
    kind = pii_kind(column)
    if kind is None or value is None or isinstance(value, Mapping):
        return mask_data(value)
    if isinstance(value, _SEQ):
        return [mask_value(column, v) for v in value]
    if _is_na(value) or value == "":
        return value
    return MASKS[kind](value)


def mask_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` with its PII columns masked, and PII keys inside nested cells (a Cypher node or map)."""
    pii = [c for c in df.columns if pii_kind(c)]
    nested = [c for c in df.columns if c not in pii and df[c].dtype == object
              and df[c].map(lambda v: isinstance(v, (Mapping, *_SEQ))).any()]
    if not pii and not nested:
        return df
    import pandas as pd

    out = df.copy()
    for c in pii:
        if isinstance(df[c].dtype, pd.StringDtype):  # plain text cells: all at once
            out[c] = mask_strings(df[c], pii_kind(c))
        else:
            out[c] = df[c].astype(object).map(lambda v, c=c: mask_value(c, v))
    for c in nested:
        out[c] = df[c].map(mask_data)
    return out


def mask_data(obj: Any) -> Any:
    """``obj`` (nested dicts/lists/frames) with every value under a PII key masked."""
    if isinstance(obj, Mapping):
        return {k: mask_value(k, v) for k, v in obj.items()}
    if isinstance(obj, _SEQ):
        return [mask_data(v) for v in obj]
    if isinstance(obj, Frame):
        return mask_frame(obj)
    return obj


# A safety net for pre-rendered text: whole 18/15-character ID numbers and 11-digit mobile numbers.
_ID_RE = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
_PHONE_RE = re.compile(r"(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])")


def mask_text(text: str) -> str:
    """``text`` with anything shaped like an ID number or a mobile number masked."""
    text = _ID_RE.sub(lambda m: mask_id_number(m.group(0)), text)
    return _PHONE_RE.sub(lambda m: mask_phone(m.group(0)), text)


def mask_shapes(obj: Any) -> Any:
    """``obj`` (text, nested dicts/lists, or a frame) with every text shaped like an ID or mobile number masked.

    >>> mask_shapes({"x": ["11010519491231002X", "H0001"]})
    {'x': ['110105********002X', 'H0001']}
    """
    if isinstance(obj, str):
        return mask_text(obj)
    if isinstance(obj, Mapping):
        return {k: mask_shapes(v) for k, v in obj.items()}
    if isinstance(obj, _SEQ):
        return [mask_shapes(v) for v in obj]
    if isinstance(obj, Frame):
        import pandas as pd

        out = obj.copy()
        for c in out.columns:
            if out[c].dtype == object or pd.api.types.is_string_dtype(out[c]):
                out[c] = out[c].map(mask_shapes, na_action="ignore")
        return out
    return obj

