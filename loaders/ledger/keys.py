"""Stable keys for what a ledger names without codes: spellings folded, then a short keyed hash (never an ID in clear).

The same household or helper gets the same key next month whatever the row order, because a key depends only
on the folded name (and, for a household, its ID number or village), never on a row's position.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

_SALT = b"pairnet-ledger-keys-1"  # fixed: changing it changes every synthesised key
_DOTS = re.compile(r"[·•・‧∙⋅.．]")
# literal characters, not \u escapes: Arrow's regular expressions (RE2) then run them without Python
BLANKS = "[\t\n\r\f\v \u3000\u00a0\ufeff\u200b]+"
COUNTY_PREFIX = re.compile(r"^(?:中共)?([\u4e00-\u9fff]{2,3}[县市区旗])")
_COUNTY_XIAN = "^[一-鿿]{2,3}县"  # 清溪县财政局: a county's name, dropped wherever it is learnt


def fold(s: pd.Series) -> pd.Series:
    """Names as compared: NFKC (full-width letters, digits and brackets half-width), no blanks inside, one
    middle dot, lower case.

    >>> list(fold(pd.Series(["张 丽", "张丽", "阿依古丽•买买提", "县医院（城关）"], dtype="string")))
    ['张丽', '张丽', '阿依古丽·买买提', '县医院(城关)']
    """
    return distinct(s, _fold)


def _fold(s: pd.Series) -> pd.Series:
    s = s.astype("string").str.normalize("NFKC").str.replace(BLANKS, "", regex=True)
    s = s.str.replace(_DOTS, "·", regex=True).str.replace("【", "(").str.replace("】", ")")
    return s.str.lower()


def distinct(s: pd.Series, f) -> pd.Series:  # noqa: ANN001 - a function of a text Series
    """``f`` applied to each distinct value of ``s`` once, spread back (ledgers repeat towns, units, names)."""
    codes, uniques = factorize(s)
    done = pa.array(f(text_series(uniques)).astype("string"), pa.string(), from_pandas=True)
    return spread(done, codes, s.index)


def _data(s: pd.Series) -> pa.ChunkedArray | None:
    """The Arrow data behind a text column, when it is Arrow-backed (read only)."""
    arr = s.array
    return arr._pa_array if isinstance(arr, pd.arrays.ArrowStringArray) else None  # noqa: SLF001


def arrow_text(s: pd.Series) -> pa.Array:
    """A text column as one Arrow string array (no copy when it is Arrow-backed already)."""
    data = _data(s)
    if data is None:
        data = pa.array(s.astype("string").array, from_pandas=True)
    data = data.combine_chunks() if isinstance(data, pa.ChunkedArray) else data
    return data if data.type == pa.string() else data.cast(pa.string())


# Codes of the columns factorized lately, by the Arrow data behind them: Arrow data never changes, and a fold
# asks for the codes of one key column many times (its repeats, its spellings, its first values). The entry
# holds the data itself, so that its id cannot be taken by another array while the entry lives.
_CODES: dict[int, tuple[pa.ChunkedArray, np.ndarray, pa.Array]] = {}
_KEPT = 24


def factorize(s: pd.Series) -> tuple[np.ndarray, pa.Array]:
    """``pd.factorize`` of a text column done by Arrow: per row the code of its value (-1 when blank; read only)
    and the distinct values in order of first appearance, as an Arrow array."""
    data = _data(s)
    hit = _CODES.get(id(data)) if data is not None else None
    if hit is not None and hit[0] is data:
        return hit[1], hit[2]
    enc = pc.dictionary_encode(arrow_text(s))
    codes = enc.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
    codes.flags.writeable = False
    if data is not None:
        if len(_CODES) >= _KEPT:
            del _CODES[next(iter(_CODES))]
        _CODES[id(data)] = (data, codes, enc.dictionary)
    return codes, enc.dictionary


def forget() -> None:
    """Let go of the codes kept for the columns factorized lately."""
    _CODES.clear()


def repeated(s: pd.Series) -> np.ndarray:
    """``s.duplicated(keep=False)`` for text: whether each row's value is on another row too (blank counts as a
    value, as in pandas)."""
    codes, _ = factorize(s)
    counts = np.bincount(codes + 1)
    return counts[codes + 1] > 1


def duplicated(*cols: pd.Series) -> np.ndarray:
    """``DataFrame(cols).duplicated()`` for text columns: whether each row's values were on an earlier row."""
    codes = [factorize(c)[0] for c in cols]
    return pd.DataFrame(dict(enumerate(codes))).duplicated().to_numpy() if codes else np.zeros(0, bool)


def text_series(values: pa.Array) -> pd.Series:
    """An Arrow string array as a pandas text column (no copy)."""
    return pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array([values], pa.string())))


def spread(values: pa.Array, codes: np.ndarray, index: pd.Index) -> pd.Series:
    """``values[codes]`` (a code below 0 is blank) as a text Series, without a Python step per row."""
    taken = pc.take(values, pa.array(codes, mask=codes < 0)) if len(codes) else pa.array([], pa.string())
    return pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array([taken], pa.string())), index=index)


def counties(titles: list[str]) -> list[str]:
    """County names a ledger's titles give (清溪县2025年结对帮扶台账, 填报单位：紫阳市乡村振兴局)."""
    return sorted({t for t in titles if t}, key=len, reverse=True)


def unit_fold(names: pd.Series, county_names: list[str]) -> pd.Series:
    """A unit's name as compared: folded, without 中共 and without the county's name (清溪县财政局, 县财政局 and
    财政局 are one unit); a bare leading 县 goes too. A county's name ending in 县 goes always (so that the key
    does not depend on which spellings a month's ledger holds); one ending in 市, 区 or 旗 only when a title
    names that county, since 市人民医院 (the city's) and 县人民医院 (the county's) are two units.

    >>> list(unit_fold(pd.Series(["清溪县财政局", "县 财政局", "财政局", "中共清溪县委组织部"]), ["清溪县"]))
    ['财政局', '财政局', '财政局', '委组织部']
    """
    def strip(s: pd.Series) -> pd.Series:
        s = _fold(s).str.replace(r"^中共", "", regex=True)
        for county in county_names:
            s = s.str.replace("^" + re.escape(county), "", regex=True)
        s = s.str.replace(_COUNTY_XIAN, "", regex=True)
        return s.str.replace(r"^县", "", regex=True)

    return distinct(names, strip)


def phone_digits(s: pd.Series) -> pd.Series:
    """A phone as compared: NFKC digits only, without +86."""
    def digits(s: pd.Series) -> pd.Series:
        d = s.str.normalize("NFKC").str.replace(r"[^0-9]", "", regex=True)
        d = d.where(~d.str.fullmatch(r"861[0-9]{10}").fillna(False), d.str.slice(2))
        return d.mask(d == "")

    return distinct(s, digits)


def digest(prefix: str, parts: pd.Series) -> pd.Series:
    """``prefix`` and 16 hex digits of a keyed BLAKE2b of each value: each distinct value hashed once.

    >>> digest("H", pd.Series(["a", "a", None])).tolist()[0] == digest("H", pd.Series(["a"])).iloc[0]
    True
    """
    codes, uniques = factorize(parts)
    keyed = hashlib.blake2b(digest_size=8, key=_SALT).copy  # the salt is taken in once, then copied per value
    digests = []
    for v in uniques.to_pylist():
        h = keyed()
        h.update(v.encode("utf-8"))
        digests.append(h.digest())
    return spread(_hex(prefix, digests), codes, parts.index)


_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)


def _hex(prefix: str, digests: list[bytes]) -> pa.Array:
    """``prefix`` and the hex digits of each 8-byte digest, as one Arrow array written at once."""
    n, head = len(digests), prefix.encode("utf-8")
    width = len(head) + 16
    chars = np.empty((n, width), dtype=np.uint8)
    chars[:, :len(head)] = np.frombuffer(head, dtype=np.uint8)
    raw = np.frombuffer(b"".join(digests), dtype=np.uint8).reshape(n, 8)
    chars[:, len(head)::2] = _HEX[raw >> 4]
    chars[:, len(head) + 1::2] = _HEX[raw & 15]
    offsets = np.arange(n + 1, dtype=np.int32) * width
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets.tobytes()), pa.py_buffer(chars.tobytes()))


def isin(s: pd.Series, values: pd.Series) -> np.ndarray:
    """Per row of the text column ``s``, whether its value is one of ``values`` (a blank never is)."""
    found = pc.is_in(arrow_text(s), value_set=arrow_text(values.dropna()))
    return found.fill_null(False).to_numpy(zero_copy_only=False)


def lookup(s: pd.Series, table: pd.Series) -> pd.Series:
    """``s.map(table)`` for text: each value's entry in ``table`` (text indexed by distinct text), else blank."""
    at = pc.index_in(arrow_text(s), value_set=arrow_text(pd.Series(table.index)))
    codes = at.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
    return spread(arrow_text(table.reset_index(drop=True)), codes, s.index)


def joined(*parts: pd.Series) -> pd.Series:
    """Parts joined with ``|`` (a blank part is empty), one text per row."""
    out = parts[0].astype("string").fillna("")
    for p in parts[1:]:
        out = out + "|" + p.astype("string").fillna("")
    return out


def distinct_pairs(a: pd.Series, b: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray, pd.Index, pd.Index]:
    """Each distinct (a, b) pair with both set: the codes of its a and b, the first row it is on, and the
    distinct values of a and b the codes point into. Integer codes, so millions of rows sort fast."""
    ca, ua = factorize(a)
    cb, ub = factorize(b)
    valid = np.flatnonzero((ca >= 0) & (cb >= 0))
    width = len(ub) + 1
    pair = ca[valid] * width + cb[valid]
    uniq, first = np.unique(pair, return_index=True)
    return uniq // width, uniq % width, valid[first], _index(ua), _index(ub)


def _index(values: pa.Array) -> pd.Index:
    return pd.Index(pd.arrays.ArrowStringArray(pa.chunked_array([values], pa.string())), dtype="string")


def display(keys: pd.Series, spellings: pd.Series, longest: bool = False) -> pd.Series:
    """Per key, the spelling written most often (ties: the shortest, so no stray blanks; then the first in sort
    order), or with ``longest`` the longest (a unit's full name): a name that does not depend on the row order.

    >>> display(pd.Series(["u", "u", "u", "v"]), pd.Series(["财政局", "县财政局", "财政局", "x"]), longest=True).to_dict()
    {'u': '县财政局', 'v': 'x'}
    """
    ca, ua = factorize(keys)
    cs, us = factorize(spellings)
    valid = (ca >= 0) & (cs >= 0)
    if not valid.any():
        return pd.Series(dtype="string")
    width = len(us) + 1
    uniq, counts = np.unique(ca[valid] * width + cs[valid], return_counts=True)
    k, sp = uniq // width, uniq % width
    spelt = text_series(us)
    lengths = pc.utf8_length(us).to_numpy(zero_copy_only=False)[sp]
    rank = np.empty(len(us), dtype=np.int64)  # code point order, as Python sorts text (UTF-8 bytes sort alike)
    rank[pc.array_sort_indices(us).to_numpy(zero_copy_only=False)] = np.arange(len(us))
    if longest:
        order = np.lexsort((rank[sp], -counts, -lengths, k))
    else:
        order = np.lexsort((rank[sp], lengths, -counts, k))
    k, sp = k[order], sp[order]
    first = np.flatnonzero(np.r_[True, k[1:] != k[:-1]])
    return pd.Series(spelt.array.take(sp[first]), index=pd.Index(text_series(ua).array.take(k[first])),
                     dtype="string")
