"""Stable keys for what a ledger names without codes: spellings folded, then a short keyed hash (never an ID in clear).

The same household or helper gets the same key next month whatever the row order, because a key depends only
on the folded name (and, for a household, its ID number or village), never on a row's position.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np
import pandas as pd

_SALT = b"pairnet-ledger-keys-1"  # fixed: changing it changes every synthesised key
_DOTS = re.compile(r"[·•・‧∙⋅.．]")
_BLANKS = r"[\s\u3000\u00a0\ufeff\u200b]+"
COUNTY_PREFIX = re.compile(r"^(?:中共)?([\u4e00-\u9fff]{2,3}[县市区旗])")


def fold(s: pd.Series) -> pd.Series:
    """Names as compared: NFKC (full-width letters, digits and brackets half-width), no blanks inside, one
    middle dot, lower case.

    >>> list(fold(pd.Series(["张 丽", "张丽", "阿依古丽•买买提", "县医院（城关）"], dtype="string")))
    ['张丽', '张丽', '阿依古丽·买买提', '县医院(城关)']
    """
    s = s.astype("string").str.normalize("NFKC").str.replace(_BLANKS, "", regex=True)
    s = s.str.replace(_DOTS, "·", regex=True).str.replace("【", "(").str.replace("】", ")")
    return s.str.lower()


def counties(unit_names: pd.Series, titles: list[str]) -> list[str]:
    """County names a ledger's units are prefixed with (清溪县财政局): named in a title, or by two units."""
    found = {t for t in titles if t}
    prefixes = fold(pd.Series(unit_names.dropna().unique(), dtype="string")).str.extract(COUNTY_PREFIX)[0]
    counts = prefixes.value_counts()
    found |= set(counts[counts >= 2].index)
    return sorted(found, key=len, reverse=True)


def unit_fold(names: pd.Series, county_names: list[str]) -> pd.Series:
    """A unit's name as compared: folded, without 中共 and without the county's name (清溪县财政局, 县财政局 and
    财政局 are one unit); a bare leading 县 goes too.

    >>> list(unit_fold(pd.Series(["清溪县财政局", "县 财政局", "财政局", "中共清溪县委组织部"]), ["清溪县"]))
    ['财政局', '财政局', '财政局', '委组织部']
    """
    s = fold(names).str.replace(r"^中共", "", regex=True)
    for county in county_names:
        s = s.str.replace("^" + re.escape(county), "", regex=True)
    return s.str.replace(r"^县", "", regex=True)


def phone_digits(s: pd.Series) -> pd.Series:
    """A phone as compared: NFKC digits only, without +86."""
    d = s.astype("string").str.normalize("NFKC").str.replace(r"\D", "", regex=True)
    return d.str.replace(r"^86(?=1\d{10}$)", "", regex=True).mask(lambda x: x == "")


def digest(prefix: str, parts: pd.Series) -> pd.Series:
    """``prefix`` and 16 hex digits of a keyed BLAKE2b of each value: each distinct value hashed once.

    >>> digest("H", pd.Series(["a", "a", None])).tolist()[0] == digest("H", pd.Series(["a"])).iloc[0]
    True
    """
    codes, uniques = pd.factorize(parts)
    hashed = [prefix + hashlib.blake2b(str(v).encode("utf-8"), digest_size=8, key=_SALT).hexdigest()
              for v in uniques]
    table = pd.array([*hashed, pd.NA], dtype="string")
    return pd.Series(table.take(np.where(codes < 0, len(hashed), codes)), index=parts.index, dtype="string")


def joined(*parts: pd.Series) -> pd.Series:
    """Parts joined with ``|`` (a blank part is empty), one text per row."""
    out = parts[0].astype("string").fillna("")
    for p in parts[1:]:
        out = out + "|" + p.astype("string").fillna("")
    return out


def display(keys: pd.Series, spellings: pd.Series, longest: bool = False) -> pd.Series:
    """Per key, the spelling written most often (ties: the shortest, so no stray blanks; then the first in sort
    order), or with ``longest`` the longest (a unit's full name): a name that does not depend on the row order."""
    df = pd.DataFrame({"k": keys.to_numpy(), "s": spellings.to_numpy()}).dropna()
    if df.empty:
        return pd.Series(dtype="string")
    counts = df.groupby(["k", "s"], sort=False).size().rename("n").reset_index()
    counts["len"] = counts["s"].str.len()
    order = ["k", "len", "n", "s"] if longest else ["k", "n", "len", "s"]
    counts = counts.sort_values(order, ascending=[True, not longest, False, True] if longest else
                                [True, False, True, True])
    first = counts.drop_duplicates("k")
    return pd.Series(first["s"].to_numpy(), index=first["k"].to_numpy(), dtype="string")
