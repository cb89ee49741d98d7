"""PII masking: ID and phone numbers masked by column, by key in nested data, and by shape in free text."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
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
    >>> mask_strings(pd.Series(["13900000001"], index=[7], dtype="string"), "phone").to_dict()
    {7: '139****0001'}
    """
    import pandas as pd
    import pyarrow as pa

    out = mask_array(pa.array(s, type=pa.string(), from_pandas=True), kind)
    # .array: the values by position (a Series would be aligned on its fresh 0..n-1 index, losing a filtered one)
    return pd.Series(out.to_pandas(types_mapper=lambda t: pd.StringDtype()).array, index=s.index, name=s.name)


def mask_array(arr: Any, kind: str) -> Any:
    """An Arrow string array masked as ``MASKS[kind]`` masks each value (see ``mask_strings``)."""
    import pyarrow.compute as pc

    head, tail = ENDS[kind]
    n = pc.utf8_length(arr)
    short = pc.less_equal(n, head + tail)
    stars = pc.binary_repeat("*", pc.max_element_wise(pc.subtract(n, head + tail), 0))
    kept = pc.binary_join_element_wise(pc.utf8_slice_codeunits(arr, 0, head), stars,
                                       pc.utf8_slice_codeunits(arr, -tail), "")
    return pc.if_else(short, pc.binary_repeat("*", n), kept)


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


# --- by shape, in free text: fault messages, log lines, ad-hoc results ----------------------------------
# Any run of 11 or more digits (any script's digits: full-width and Arabic-Indic too), with an ID's check
# character, wherever it sits (inside a word, after '+86', reversed, a digit appended), and the spaced or
# hyphenated forms of a mobile (139 0000 0001) or an ID (610924 19800101 1239) number.
_RUN_RE = re.compile(r"\d{11,}[Xx]?|\d{10,}[Xx]")
_SPACED_RE = re.compile(r"(?<!\d)(?:1[3-9]\d[ \-]\d{4}[ \-]\d{4}|\d{6}[ \-]\d{8}[ \-]\d{3}[\dXx])(?![\dXx])")


def _mask_digits(s: str) -> str:
    """The digits of ``s`` masked but the first 6 (3 when it has fewer than 15) and the last 4; separators stay."""
    n = sum(ch.isdigit() or ch in "Xx" for ch in s)
    head, tail = (6 if n >= 15 else 3), 4
    out, seen = [], 0
    for ch in s:
        if ch.isdigit() or ch in "Xx":
            out.append(ch if seen < head or seen >= n - tail else "*")
            seen += 1
        else:
            out.append(ch)
    return "".join(out)


# The strict shapes, for outputs whose PII columns are already masked by name (a safety net that never touches
# codes: a 12-digit village code or a 16-digit household code is neither an ID nor a mobile number).
_STRICT_ID_RE = re.compile(r"(?<!\d)(\d{17}[\dXx]|\d{15})(?![\dXx])")
_STRICT_PHONE_RE = re.compile(r"(?:(?<=\+86)|(?<!\d))1[3-9]\d{9}(?!\d)")


_HOLDS_RE = re.compile("|".join(f"(?:{r.pattern})" for r in (_SPACED_RE, _STRICT_PHONE_RE))
                       + r"|(?<!\d)(?:\d{17}[\dXx]|\d{15})(?![\dXx])")  # the strict masks' shapes, no groups


def holds_pii(values: pd.Series) -> pd.Series:
    """Which of ``values`` (text) hold what ``mask_text(..., strict=True)`` masks: a whole ID number or mobile
    number, written alone, spaced or inside other text; blanks hold none.

    >>> import pandas as pd
    >>> holds_pii(pd.Series(["王 61092419800101123X", "139 0000 0001", "6109240010010001", None])).tolist()
    [True, True, False, False]
    """
    text = values.astype(object).where(values.notna(), "").astype(str)
    return text.str.contains(_HOLDS_RE).fillna(False).astype(bool)


def mask_text(text: str, *, strict: bool = False, keep: Collection[str] = ()) -> str:
    """``text`` with anything shaped like an ID number or a mobile number masked, wherever it appears.

    Wide (the default, for ad-hoc results, error lines and fault messages): any run of 11 or more digits, so a
    reversed or extended number is masked too, except the runs in ``keep`` (codes the store holds as keys).
    ``strict``: only whole 18/15-character ID numbers and 11-digit mobiles (outputs whose PII columns are masked
    by name, where codes must stay readable).

    >>> mask_text("row 7 (61092419800101123X): '+8613900000001' and 139 0000 0001, 2016-03-01 2017-07-15")
    "row 7 (610924********123X): '+861******0001' and 139 **** 0001, 2016-03-01 2017-07-15"
    >>> mask_text("610924001001 13900000001", keep={"610924001001"})
    '610924001001 139****0001'
    >>> mask_text("610924001001 6109240010010001 13900000001", strict=True)
    '610924001001 6109240010010001 139****0001'
    """
    text = _SPACED_RE.sub(lambda m: _mask_digits(m.group(0)), text)
    if strict:
        text = _STRICT_ID_RE.sub(lambda m: _mask_digits(m.group(0)), text)
        return _STRICT_PHONE_RE.sub(lambda m: _mask_digits(m.group(0)), text)
    return _RUN_RE.sub(lambda m: m.group(0) if m.group(0) in keep else _mask_digits(m.group(0)), text)


def digit_runs(obj: Any) -> set[str]:
    """The runs that the wide ``mask_text`` would mask inside ``obj`` (text, nested data or a frame's text)."""
    if isinstance(obj, str):
        return set(_RUN_RE.findall(obj))
    if isinstance(obj, Mapping):
        return set().union(*(digit_runs(v) for v in obj.values())) if obj else set()
    if isinstance(obj, _SEQ):
        return set().union(*(digit_runs(v) for v in obj)) if len(obj) else set()
    if isinstance(obj, Frame):
        found: set[str] = set()
        for c in obj.columns:
            if obj[c].dtype == object or str(obj[c].dtype) in ("string", "str"):
                for v in obj[c].dropna().tolist():
                    found |= digit_runs(v)
        return found
    return set()


def has_pii_shape(text: str) -> bool:
    """Whether ``text`` holds anything ``mask_text`` would mask (an ID- or phone-shaped value).

    >>> has_pii_shape("MATCH (h) WHERE h.x = '13900000001' RETURN h"), has_pii_shape("RETURN 2016, 'H0001'")
    (True, False)
    """
    return bool(_RUN_RE.search(text) or _SPACED_RE.search(text))


def mask_shapes(obj: Any, keep: Collection[str] = ()) -> Any:
    """``obj`` (text, nested dicts/lists, or a frame) with every text shaped like an ID or mobile number masked.

    >>> mask_shapes({"x": ["11010519491231002X", "H0001"]})
    {'x': ['110105********002X', 'H0001']}
    >>> mask_shapes({"p": 13912345678, "n": 42})
    {'p': '139****5678', 'n': 42}
    """
    if isinstance(obj, str):
        return mask_text(obj, keep=keep)
    if _big_number(obj):  # a phone or ID echoed as a number (a parameter, a cast): masked as its text
        return mask_text(str(obj), keep=keep)
    if isinstance(obj, Mapping):
        return {k: mask_shapes(v, keep) for k, v in obj.items()}
    if isinstance(obj, _SEQ):
        return [mask_shapes(v, keep) for v in obj]
    if isinstance(obj, Frame):
        import pandas as pd

        out = obj.copy()
        for c in out.columns:
            numeric = pd.api.types.is_numeric_dtype(out[c]) and not pd.api.types.is_bool_dtype(out[c])
            if numeric and (out[c].abs() >= _BIG).fillna(False).any():
                out[c] = out[c].astype(object).map(lambda v: mask_shapes(v, keep), na_action="ignore")
            elif out[c].dtype == object or pd.api.types.is_string_dtype(out[c]):
                out[c] = out[c].map(lambda v: mask_shapes(v, keep), na_action="ignore")
        return out
    return obj


_BIG = 10 ** 10  # 11 digits and more: the shortest run ``mask_text`` masks


def _big_number(v: Any) -> bool:
    """A real number (Python's or numpy's, not a bool) of 11 or more integer digits."""
    import math
    import numbers

    if isinstance(v, bool) or not isinstance(v, numbers.Real):
        return False
    return math.isfinite(float(v)) and abs(float(v)) >= _BIG

