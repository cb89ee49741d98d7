"""Cell conversion: one column of text cells to the typed values its property declares, and per cell the fault.

Codes, ID numbers and phone numbers are NFKC-folded first (full-width digits and letters, ideographic and inner
spaces); vocabularies are matched in any of their declared spellings; descriptive categories are kept as written;
numbers are bounded to their column's sense; an ID number that went through a number cell is refused.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pairnet.graph.core import schema
from pairnet.graph.core.messages import Text, loader_text
from pairnet.loaders.idnumber import check_characters

DATE_RANGE = (1900, 2100)  # beyond it a date is a typo (and some stores cannot hold it)
_UNITS = r"(?:人|口|户|年|岁|名|个|位|人口)"  # a number written with its unit: 4人, 2019年
_MAX_DIGITS = 15
# a date as clerks write it: year, then month (and day) after - / . 年 月, or 8 digits; a time after it is dropped
_DATE = (r"^(?P<y>[0-9]{4})(?:[-/.年](?P<m>[0-9]{1,2})(?:月|[-/.月](?P<d>[0-9]{1,2})[日号]?)?"
         r"|(?P<m2>[0-9]{2})(?P<d2>[0-9]{2}))(?:[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)?$")  # a whole number longer than this is out of every column's sense (and of int64's reach)


def fold(text: str) -> str:
    """A spelling as vocabularies are matched: NFKC, no blanks, lower case, no brackets (``科员（级）`` = ``科员级``).

    >>> fold("  县处级（正职） "), fold("ＴＲＵＥ")
    ('县处级正职', 'true')
    """
    import unicodedata

    s = unicodedata.normalize("NFKC", str(text))
    return "".join(ch for ch in s if not ch.isspace() and ch not in "()[]【】").lower()


def _arrow(col: pd.Series) -> pa.Array:
    """A text column as one Arrow string array (no copy when it is already Arrow-backed)."""
    arr = pa.array(col, pa.string(), from_pandas=True)
    return arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr


def _series(arr: pa.Array, like: pd.Series) -> pd.Series:
    return pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array([arr], pa.string())), index=like.index)


def normalised(col: pd.Series) -> pd.Series:
    """Codes, ID and phone numbers as compared: NFKC-folded (full-width ``Ｈ００１`` = ``H001``), no blanks at all."""
    arr = _arrow(col)
    changed = False
    if not pc.all(pc.string_is_ascii(arr), min_count=0).as_py():
        arr, changed = pc.utf8_normalize(arr, "NFKC"), True
    if pc.any(pc.match_substring_regex(arr, r"\s"), min_count=0).as_py():
        arr, changed = pc.replace_substring_regex(arr, r"\s+", ""), True
    if not changed:  # the reader has trimmed every cell already: nothing to fold
        return col
    return _series(pc.if_else(pc.equal(pc.utf8_length(arr), 0), pa.scalar(None, pa.string()), arr), col)


def _other_digits(col: pd.Series) -> pd.Series:
    """Per cell, whether it holds a digit that is not 0-9 (Arabic-Indic ``٣``, Devanagari ...)."""
    arr = _arrow(col)
    if pc.all(pc.string_is_ascii(arr), min_count=0).as_py() is not False:
        return pd.Series(False, index=col.index)
    stripped = pc.replace_substring_regex(arr, "[0-9]", "")
    return pd.Series(pc.fill_null(pc.match_substring_regex(stripped, r"\p{Nd}"), False)
                     .to_numpy(zero_copy_only=False), index=col.index)


def _other_digit_text(value: object) -> Text:
    chars = "".join(sorted({ch for ch in str(value) if ch.isdigit() and not ch.isascii()}))[:5]
    return loader_text("other_digits", chars=chars)


def _no_faults(col: pd.Series) -> pd.Series:
    return pd.Series([None] * len(col), index=col.index, dtype=object)


def _objects(s: pd.Series) -> pd.Series:
    """``s`` as Python objects, None where missing (NA, NaN or NaT)."""
    out = s.to_numpy(dtype=object, copy=True)
    out[s.isna().to_numpy()] = None
    return pd.Series(out, index=s.index, dtype=object)


def convert(prop: schema.Prop, col: pd.Series, numbers: np.ndarray | None = None) -> tuple[pd.Series, pd.Series]:
    """``col`` (text) as the prop's values, and per cell the fault (a ``Text``; None when fine or blank).

    ``numbers`` marks the cells that were number cells in the file (an .xlsx or .xls).
    """
    values, errors = convert_column(prop, col, numbers)
    return values, _no_faults(values) if errors is None else errors


def convert_column(prop: schema.Prop, col: pd.Series,
                   numbers: np.ndarray | None = None) -> tuple[pd.Series, pd.Series | None]:
    """``convert``, with None for the faults when no cell can have one (text kept as written)."""
    typed = numbers is not None and bool(numbers.any())
    if prop.pii or prop.is_code:
        col = normalised(col)
    if not prop.enum and prop.type == "string" and prop.pii is None and not (prop.is_code and typed):
        return col, None  # text kept as given; a code as folded
    if prop.pii or (typed and (prop.is_code or prop.type == "date")):  # number cells looked at one by one
        return _convert(prop, col, numbers)
    codes, distinct = pd.factorize(col)
    if 2 * len(distinct) > len(col):
        return _convert(prop, col, numbers)
    # Most columns repeat a few values (statuses, years, sizes) over millions of rows: each distinct value is
    # converted once, then spread back. A blank cell (code -1) takes an extra last slot: no value, no fault.
    values, errors = _convert(prop, pd.Series(distinct, dtype=col.dtype), None)
    spread = np.where(codes < 0, len(distinct), codes)
    return tuple(pd.Series(np.append(_objects(s).to_numpy(), None)[spread], index=col.index, dtype=object)
                 for s in (values, errors))


def _convert(prop: schema.Prop, col: pd.Series, numbers: np.ndarray | None) -> tuple[pd.Series, pd.Series]:
    errors = _no_faults(col)
    given = col.notna()
    if prop.enum:
        return _vocabulary(prop, col, errors)
    if prop.type == "bool":
        words = {**{v: b for b, vs in schema.BOOL_VALUES.items() for v in vs},
                 **({fold(v): b for b, vs in schema.BOOL_SPELLINGS[prop.spellings].items() for v in vs}
                    if prop.spellings else {})}
        values = col.map({v: words.get(fold(v)) for v in col.dropna().unique()})
        return values, errors.mask(given & values.isna(), loader_text("not_bool"))
    if prop.type == "int":
        return _whole_numbers(prop, col, errors)
    if prop.type == "float":
        return _numbers(prop, col, errors)
    if prop.type == "date":
        return parse_dates(col, numbers)
    if prop.pii == "id_number":
        return _id_numbers(col, numbers)
    if prop.pii == "phone":
        values = col.str.replace(r"[\-()]", "", regex=True).str.replace(r"^\+?86(?=\d{11}$)", "", regex=True)
        ok = values.str.fullmatch(r"[0-9]{11}", na=False)
        errors = errors.mask(given & ~ok, loader_text("not_phone"))
        return values.where(given, None), _mark_other_digits(col, errors)
    if prop.is_code:
        return col, _lost_zeros(col, numbers, errors)
    return col, errors


def _mark_other_digits(col: pd.Series, errors: pd.Series) -> pd.Series:
    other = _other_digits(col)
    for i in np.flatnonzero(other.to_numpy()):
        errors.iloc[i] = _other_digit_text(col.iloc[i])
    return errors


def _vocabulary(prop: schema.Prop, col: pd.Series, errors: pd.Series) -> tuple[pd.Series, pd.Series]:
    vocab = schema.VALUES[prop.enum or ""]
    lookup = {fold(a): k for k, aliases in vocab.items() for a in (k, *aliases)}
    distinct = col.dropna().unique()
    values = col.map({v: lookup.get(fold(v)) for v in distinct})
    if prop.descriptive:  # kept as written when no spelling matches: it never refuses a county
        return values.where(values.notna(), col), errors
    what = prop.enum.replace("_", " ") if prop.enum else ""
    what_zh = {"rank": "职级", "status": "户状态", "branch_rating": "党组织评定", "role": "驻村职责"}.get(prop.enum or "", what)
    shown = ", ".join(vocab)
    shown_zh = "、".join(a[0] for a in vocab.values())
    return values, errors.mask(col.notna() & values.isna(), loader_text(
        "not_in_vocab", what=what, what_zh=what_zh, shown=f"{shown} ({', '.join(a[0] for a in vocab.values())})",
        shown_zh=shown_zh))


def _whole_numbers(prop: schema.Prop, col: pd.Series, errors: pd.Series) -> tuple[pd.Series, pd.Series]:
    given = col.notna()
    text = normalised(col)
    digits = text.str.extract(rf"^([+-]?[0-9]+)(?:\.0*)?{_UNITS}?$", expand=False)
    short = digits.notna() & (digits.str.len() <= _MAX_DIGITS)
    values = pd.Series(pd.to_numeric(digits.where(short), errors="coerce"), index=col.index)
    values = values.astype(object).where(values.notna(), None)
    errors = _mark_other_digits(text, errors.mask(given & digits.isna(), loader_text("not_whole")))
    long = digits.notna() & ~short
    return values, _range(prop, values, errors, long)


def _numbers(prop: schema.Prop, col: pd.Series, errors: pd.Series) -> tuple[pd.Series, pd.Series]:
    given = col.notna()
    text = normalised(col)
    plain = text.str.fullmatch(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?", na=False)
    values = pd.Series(pd.to_numeric(text.where(plain), errors="coerce"), index=col.index).astype(float)
    finite = np.isfinite(values.to_numpy(dtype=float, na_value=np.nan))
    named = text.str.fullmatch(r"[+-]?(?:inf|infinity|nan)", case=False, na=False)
    errors = errors.mask(given & ~plain & ~named, loader_text("not_number"))
    errors = errors.mask(given & (named | (plain & ~finite)), loader_text("not_finite"))
    out = values.astype(object).where(pd.Series(finite, index=col.index) & errors.isna(), None)
    return out, _range(prop, out, errors, pd.Series(False, index=col.index))


def _range(prop: schema.Prop, values: pd.Series, errors: pd.Series, too_long: pd.Series) -> pd.Series:
    """Faults for numbers outside the prop's bounds (``too_long``: digits beyond any bound, never converted)."""
    if prop.min is None and prop.max is None:
        return errors
    v = pd.to_numeric(values, errors="coerce")
    low = (v < prop.min) if prop.min is not None else pd.Series(False, index=v.index)
    high = (v > prop.max) if prop.max is not None else pd.Series(False, index=v.index)
    low = low.fillna(False).astype(bool)
    high = high.fillna(False).astype(bool) | too_long.astype(bool)
    if prop.min is not None:
        errors = errors.mask(errors.isna() & low, loader_text("at_least", min=prop.min))
    if prop.max is not None:
        errors = errors.mask(errors.isna() & high, loader_text("at_most", max=prop.max))
    elif prop.min is not None:  # a number too long to convert is still a number the column cannot hold
        errors = errors.mask(errors.isna() & too_long.astype(bool), loader_text("at_least", min=prop.min))
    return errors


def _id_numbers(col: pd.Series, numbers: np.ndarray | None) -> tuple[pd.Series, pd.Series]:
    given = col.notna()
    values = col.str.upper().where(given, None)
    errors = id_number_faults(values)
    errors = _mark_other_digits(col, errors)
    # a number cell, or text Excel wrote from one (6.12499E+17): the digits are already changed
    exponent = values.str.fullmatch(r"[0-9](?:\.[0-9]+)?E\+?[0-9]+", na=False)
    typed = pd.Series(numbers if numbers is not None else False, index=col.index).astype(bool) & given
    refuse = exponent | (typed & values.str.fullmatch(r"[0-9]{16,}", na=False))
    for i in np.flatnonzero(refuse.to_numpy()):
        errors.iloc[i] = loader_text("id_number_cell", shown=values.iloc[i][:6] + "…")
    return values, errors


def _lost_zeros(col: pd.Series, numbers: np.ndarray | None, errors: pd.Series) -> pd.Series:
    """A code in a number cell that is shorter than the column's zero-led text codes has lost its zeros."""
    if numbers is None or not numbers.any():
        return errors
    typed = pd.Series(numbers, index=col.index).astype(bool)
    digits = col.str.fullmatch(r"[0-9]+", na=False)
    led = col[~typed & digits & col.str.startswith("0", na=False)]
    if led.empty:
        return errors
    width = int(led.str.len().mode().iloc[0])
    short = typed & digits & (col.str.len() < width)
    for i in np.flatnonzero(short.to_numpy()):
        errors.iloc[i] = loader_text("lost_zeros", expected=col.iloc[i].zfill(width))
    return errors


def parse_dates(col: pd.Series, numbers: np.ndarray | None = None) -> tuple[pd.Series, pd.Series]:
    """Dates given as ``2019-03-15``, ``2019/3/15``, ``2019.3.15``, ``2019年3月15日``, ``20190315``, a month
    alone (``2019年3月``, ``2019.3``, ``2019.03``, ``2019-03``: its first day) or Excel day numbers.

    Impossible dates (``2021-02-30``) and years outside 1900-2100 are faults.
    """
    errors = pd.Series([None] * len(col), index=col.index, dtype=object)
    text = normalised(col.astype("string"))
    parts = pc.extract_regex(_arrow(text), _DATE)
    # a group that takes no part in the match reads "": month and day are whichever of the two forms matched
    month = pc.binary_join_element_wise(parts.field("m"), parts.field("m2"), "")
    day = pc.binary_join_element_wise(parts.field("d"), parts.field("d2"), "")
    day = pc.if_else(pc.equal(day, ""), pa.scalar("1"), day)
    joined = pc.binary_join_element_wise(parts.field("y"), month, day, "-")
    shaped = pd.Series(parts.is_valid().to_numpy(zero_copy_only=False), index=col.index)
    parsed = pd.Series(pd.to_datetime(pd.Series(joined.to_numpy(zero_copy_only=False), index=col.index),
                                      format="%Y-%m-%d", errors="coerce"), index=col.index)
    serial = text.str.fullmatch(r"[0-9]{5}(\.[0-9]+)?", na=False)
    if serial.any():
        days = np.floor(pd.to_numeric(text.where(serial), errors="coerce"))
        parsed = parsed.where(~serial, pd.Timestamp("1899-12-30") + pd.to_timedelta(days, unit="D"))
    given = col.notna()
    errors = errors.mask(given & ~shaped & ~serial, loader_text("not_date"))
    errors = errors.mask(given & shaped & parsed.isna(), loader_text("not_real_date"))
    years = parsed.dt.year
    out = given & parsed.notna() & ((years < DATE_RANGE[0]) | (years > DATE_RANGE[1]))
    errors = errors.mask(out.fillna(False), loader_text("date_outside", low=DATE_RANGE[0], high=DATE_RANGE[1]))
    if numbers is not None:  # 2019.10 typed as a number reads 2019.1: which month was meant cannot be told
        typed = pd.Series(numbers, index=col.index).astype(bool)
        unsure = typed & text.str.fullmatch(r"[0-9]{4}\.1", na=False)
        errors = errors.mask(unsure, loader_text("month_unsure"))
    return parsed.astype(object).where(parsed.notna() & errors.isna(), None), errors


def id_number_faults(values: pd.Series) -> pd.Series:
    """Per cell, why it is not a resident ID number (None when it is one, or blank).

    18 characters: 17 digits and an ISO 7064 MOD 11-2 check character (0-9 or X); 15-digit legacy numbers pass.

    >>> [str(t) if t else t for t in id_number_faults(pd.Series(["11010519491231002X", "110105194912310021",
    ...                                                            "110105491231002", None]))]
    [None, 'has a wrong check character', None, None]
    """
    errors = pd.Series([None] * len(values), index=values.index, dtype=object)
    full = values.str.fullmatch(r"[0-9]{17}[0-9X]", na=False)
    legacy = values.str.fullmatch(r"[0-9]{15}", na=False)
    errors = errors.mask(values.notna() & ~full & ~legacy, loader_text("not_id"))
    if full.any():
        chars = _ascii_codes(values[full]).reshape(-1, 18)
        expected = check_characters(chars[:, :17] - ord("0"))
        wrong = pd.Series(expected != chars[:, 17], index=values.index[full])
        errors.loc[wrong.index[wrong.to_numpy()]] = loader_text("id_check")
    return errors


def _ascii_codes(values: pd.Series) -> np.ndarray:
    """The ASCII codes of the text cells one after the other (Arrow joins them without a Python loop)."""
    joined = pc.binary_join(pa.ListArray.from_arrays([0, len(values)], _arrow(values)), "")[0]
    return np.frombuffer(joined.as_py().encode("ascii"), dtype=np.uint8)
