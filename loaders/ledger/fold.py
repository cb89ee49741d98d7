"""Fold a ledger's rows into the network's entities: one household, helper, unit, village, town per identity.

Rules (the README's "flat ledgers" section says the same):
- a household is its 户编号 when given, else its ID number (hashed), else its village and head's name (and
  its 组 when two heads of that name live in one village);
- a helper is its 帮扶责任人编号 when given, else its name and unit (and its phone when two people of that name
  work in one unit); spellings are folded (blanks inside, full/half-width, the county's name before a unit);
- a helper of a county rank is a leader, any other a cadre;
- the same entity written on several rows must agree; a disagreement is a fault naming both rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa

from pairnet.graph.core import schema
from pairnet.graph.core.messages import ledger_both, ledger_text
from pairnet.loaders.ledger import columns as C
from pairnet.loaders.ledger import keys as K
from pairnet.loaders.ledger.problems import Problems, masked
from pairnet.loaders.ledger.rows import SEPARATORS, SheetRows, says_none
from pairnet.loaders.convert import convert

LEADER_RANK = "county"
_HEAD = {"户主", "本人", "户主本人"}
_PERIOD = re.compile(r"^(?P<a>.+?)\s*(?:至|到|—+|–|~|～|－|-{1,2})\s*(?P<b>\d{4}.*|至今|今|现在|目前|now)?$")
_OPEN_END = {"至今", "今", "现在", "目前", "now", ""}
MAX_MERGED_SHOWN = 30
_MADE = ("towns", "villages", "households", "units", "leaders", "cadres", "pairings")  # the sheets a ledger makes


@dataclass
class Folded:
    """The normalised sheets a ledger makes (English columns, canonical text values), row origins, and what
    a clerk should see: counts and the spellings merged."""

    frames: dict[str, pd.DataFrame]
    origins: dict[str, pd.DataFrame]  # per sheet, per row (``_sheet``, ``_row``): where the ledger writes it
    households: int = 0
    helpers: int = 0
    units: int = 0
    merged: list[str] = field(default_factory=list)
    headers: dict[str, dict[str, str]] = field(default_factory=dict)  # of normalised sheets beside the ledger


def _origin(df: pd.DataFrame) -> pd.DataFrame:
    """Where each row was written: its ledger sheet and spreadsheet row (for the faults of the final check)."""
    return pd.DataFrame({"_sheet": df["_sheet"].to_numpy(), "_row": df["_row"].to_numpy()})


def _col(df: pd.DataFrame, name: str) -> pd.Series:
    return df[name] if name in df else pd.Series(pd.NA, index=df.index, dtype="string")


def fold_ledger(parts: list[SheetRows], towns: dict[str, str | None], titles: list[str], summaries: set[str],
                problems: Problems) -> Folded:
    """The entities of the ledger sheets in ``parts`` (``towns`` gives a sheet's town when no column does;
    rows of ``summaries`` must repeat rows of the other sheets and are then left out)."""
    if not parts:
        return Folded({s: pd.DataFrame({c: pd.Series([], dtype="string") for c in schema.SHEET[s].column_names})
                       for s in _MADE}, {s: _origin(pd.DataFrame({"_sheet": [], "_row": []})) for s in _MADE})
    try:
        return _fold(parts, towns, titles, summaries, problems)
    finally:
        K.forget()


def _fold(parts: list[SheetRows], towns: dict[str, str | None], titles: list[str], summaries: set[str],
          problems: Problems) -> Folded:
    written = {p.title: p.written for p in parts}
    hh, helpers = _stack(parts, towns)
    _persons(hh, problems, written)
    _required(parts, hh, towns, problems, written)
    hh = _household_values(hh, problems, written)
    hh["_hkey"], hh["_vkey"], hh["_tkey"] = _household_keys(hh)
    hh = _summaries(hh, summaries, problems)
    refs = hh["_ref"].to_numpy(dtype=bool)
    if refs.any():
        _resolve_refs(hh, problems, written)
    if len(helpers):  # helpers of households kept, and a roster's helpers with none
        helpers = helpers[helpers["_hh"].isin(np.flatnonzero(hh["_keep"].to_numpy())) | (helpers["_hh"] == -1)]
    helpers = _helper_values(helpers, problems, written)
    county_names = K.counties(titles)
    merged: list[str] = []
    helpers = _helper_keys(helpers, county_names, problems, written, merged)
    frames, origins = {}, {}
    real = hh[hh["_keep"] & ~hh["_ref"]]
    _places(real, frames, origins, merged, problems)
    _households(real, frames, origins, problems, written)
    _helpers(helpers, frames, origins, problems, written, merged)
    _pairings(helpers, hh, frames, origins, problems)
    return Folded(frames, origins, len(frames["households"]),
                  len(frames["leaders"]) + len(frames["cadres"]), len(frames["units"]), merged)


# --- rows from every sheet ------------------------------------------------------------------------------
def _stack(parts: list[SheetRows], towns: dict[str, str | None]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """All sheets' household rows in one frame (roster rows become one reference per household named) and all
    helper entries, ``_hh`` pointing into it."""
    hhs, hps = [], []
    offset = 0
    for p in parts:
        h = p.households.copy()
        hp = p.helpers.copy()
        h["_sheet"] = p.title
        hp["_sheet"] = p.title
        if "town" not in h and "town_id" not in h:
            h["town"] = pd.Series(towns.get(p.title), index=h.index, dtype="string")
        if p.roster:
            h, hp = _roster_refs(h, hp)
        else:
            h["_ref"] = False
        at = hp["_hh"].to_numpy()
        hp["_hh"] = np.where(at >= 0, at + offset, -1)  # -1: a roster's helper with no household yet
        offset += len(h)
        hhs.append(h)
        hps.append(hp)
    hh = pd.concat(hhs, ignore_index=True) if hhs else pd.DataFrame()
    for c in hh.columns:
        if not c.startswith("_"):
            hh[c] = hh[c].astype("string")
    hh["_ref"] = hh["_ref"].astype(bool)
    hh["_keep"] = True
    helpers = pd.concat(hps, ignore_index=True) if hps else pd.DataFrame(columns=["_hh", "_row", "_sheet"])
    for c in helpers.columns:
        if not c.startswith("_"):
            helpers[c] = helpers[c].astype("string")
    return hh, helpers


def _roster_refs(h: pd.DataFrame, hp: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A roster row (one helper, the households in one cell) as one reference row per household named; a helper
    whose cell names none (blank, 待定) is still a helper, with no household (``_hh`` -1)."""
    names = h["households"].str.split(SEPARATORS.pattern, regex=True)
    src = np.arange(len(h))
    h = h.assign(_src=src, _names=names).explode("_names")
    h = h[h["_names"].notna()]
    h["head_name"] = h["_names"].astype("string").str.replace(r"[((].*?[))]", "", regex=True).str.strip()
    none = says_none(K.text_series(h["head_name"]))
    h = h[(h["head_name"].fillna("") != "").to_numpy(dtype=bool) & ~none]  # 待定, 无: none yet
    h = h.drop(columns=["_names", "households"]).reset_index(drop=True)
    h["_ref"] = True
    link = pd.DataFrame({"_hh_new": np.arange(len(h)), "_src": h["_src"].to_numpy()})
    alone = hp[~hp["_hh"].isin(np.intersect1d(src, h["_src"].to_numpy()))].assign(_hh=-1)
    hp = hp.merge(link, left_on="_hh", right_on="_src").drop(columns=["_hh", "_src"]).rename(
        columns={"_hh_new": "_hh"})
    return h.drop(columns=["_src"]), pd.concat([hp, alone[hp.columns]], ignore_index=True)


def _persons(hh: pd.DataFrame, problems: Problems, written: dict[str, dict[str, str]]) -> None:
    """Person rows (national exports: 户编号, 姓名, 与户主关系) folded to their household: the head's name and ID
    number, and the number of persons when no 家庭人口 column says it."""
    if "relation" not in hh:
        return
    person = hh["relation"].notna().to_numpy()
    if not person.any():
        return
    head = K.fold(hh["relation"]).isin(_HEAD).fillna(False).to_numpy(dtype=bool)
    name = _col(hh, "person_name")
    hh["head_name"] = _col(hh, "head_name").where(~person, name.where(head))
    hh["id_number"] = _col(hh, "id_number").where(~person | head)
    hid = _col(hh, "household_id")
    counts = hid[person].value_counts()
    if "members" not in hh:
        hh["members"] = pd.Series(pd.NA, index=hh.index, dtype="string")
    count = hid.map(counts).astype("Int64").astype("string")
    hh["members"] = hh["members"].where(~person | hh["members"].notna(), count)
    heads = hid[person & head]
    twice = heads[heads.duplicated()]
    for i in twice.index:
        problems.add(hh.at[i, "_sheet"], int(hh.at[i, "_row"]), written[hh.at[i, "_sheet"]].get("relation"),
                     "relation", hh.at[i, "relation"], "two_heads", household=hid[i])
    headless = set(hid[person].dropna()) - set(heads.dropna())
    if headless:
        first = hh[person & hid.isin(headless).to_numpy()].drop_duplicates("household_id")
        for i in first.index:
            problems.add(hh.at[i, "_sheet"], int(hh.at[i, "_row"]), written[hh.at[i, "_sheet"]].get("relation"),
                         "relation", None, "no_head", household=hid[i])


def _required(parts: list[SheetRows], hh: pd.DataFrame, towns: dict[str, str | None], problems: Problems,
              written: dict[str, dict[str, str]]) -> None:
    """Columns a ledger cannot do without: who the household is, its village and town, its status."""
    for p in parts:
        f = p.header
        missing = []
        if not (f.has("head_name") or f.has("household_id") or f.has("households") or f.has("person_name")):
            missing.append("head_name")
        if not p.roster:
            if not (f.has("village") or f.has("village_id")):
                missing.append("village")
            if not (f.has("status")):
                missing.append("status")
        if not (f.has("town") or f.has("town_id")) and not towns.get(p.title) and not p.roster:
            problems.add(p.title, None, None, None, None, "no_town", sheet=p.title)
        for name in missing:
            problems.add(p.title, None, None, None, None, "missing_column", column=_aliases(name))


def _aliases(name: str, n: int = 4) -> str:
    f = C.FIELD[name]
    return " / ".join(f.alone[:n])


# --- households -----------------------------------------------------------------------------------------
_HH_PROPS = {"id_number": "id_number", "members": "members", "status": "status", "exit_year": "exit_year"}
_CODES = {"household_id": schema.NODE["Household"].prop("household_id"),
          "village_id": schema.NODE["Village"].prop("village_id"), "town_id": schema.NODE["Town"].prop("town_id"),
          "helper_id": schema.NODE["Cadre"].prop("cadre_id"), "unit_id": schema.NODE["Unit"].prop("unit_id")}


_SAMPLE = 4096  # rows looked at first: a column whose first rows never repeat (ID numbers) is not factorized


def _convert(prop: schema.Prop, col: pd.Series, numbers: np.ndarray | None) -> tuple[pd.Series, pd.Series]:
    """``convert``, each value given as the text the sheets made from the ledger hold (a date as its ISO day),
    with per cell the fault. Each distinct value is converted once when values repeat (dates, ranks, a helper's
    phone on each of their rows) and no cell was a number cell, and spread back."""
    col = col.reset_index(drop=True)
    if numbers is not None and numbers.any():
        values, errors = convert(prop, col, numbers)
        return _as_text(prop, values), errors
    head = col.iloc[:_SAMPLE]
    codes, uniques = K.factorize(col) if len(head) < _SAMPLE or len(K.factorize(head)[1]) < len(head) else (None, col)
    if codes is None or 2 * len(uniques) > len(col):  # mostly distinct (ID numbers): converted as they are
        values, errors = convert(prop, col, None)
        return _as_text(prop, values), errors
    values, errors = convert(prop, K.text_series(uniques), None)
    text = K.spread(K.arrow_text(_as_text(prop, values)), codes, pd.RangeIndex(len(col)))
    faults = np.asarray(errors, dtype=object)
    if not pd.notna(faults).any():
        return text, pd.Series(np.full(len(col), None, dtype=object))
    spread = np.where(codes < 0, len(uniques), codes)
    return text, pd.Series(np.append(faults, None)[spread], dtype=object)


def _as_text(prop: schema.Prop, values: pd.Series) -> pd.Series:
    """Converted values as text: a date as its day (2019-03-01), anything else as pandas writes it."""
    if prop.type == "date":
        return _dates(values)
    if values.dtype == pd.StringDtype("pyarrow"):  # text already (codes, ID numbers)
        return values.reset_index(drop=True)
    return pd.Series(np.asarray(values, dtype=object)).astype("string")


def _numbers(df: pd.DataFrame, name: str) -> np.ndarray | None:
    """Where the cells of ``name`` were number cells in the file (None when the format has none)."""
    flag = "_num_" + name
    return df[flag].fillna(False).to_numpy(dtype=bool) if flag in df else None


def _codes(df: pd.DataFrame, problems: Problems, written: dict[str, dict[str, str]]) -> None:
    """Codes the file gives (户编号, 村代码, 帮扶责任人编号, ...) checked as codes: NFKC, no lost leading zeros."""
    for name, prop in _CODES.items():
        if name not in df:
            continue
        values, errors = _convert(prop, df[name], _numbers(df, name))
        values.index = errors.index = df.index
        problems.converted(df, name, errors, written)
        df[name] = pd.Series(values.where(errors.isna(), None), index=df.index).astype("string")


def _household_values(hh: pd.DataFrame, problems: Problems, written: dict[str, dict[str, str]]) -> pd.DataFrame:
    """Household cells checked against the schema (ID numbers, numbers, statuses): typed copies beside them."""
    _codes(hh, problems, written)
    node = schema.NODE["Household"]
    for name, prop in _HH_PROPS.items():
        if name not in hh:
            hh["_" + name] = pd.Series(pd.NA, index=hh.index, dtype="string")
            continue
        values, errors = _convert(node.prop(prop), hh[name], _numbers(hh, name))
        values.index = hh.index
        errors.index = hh.index
        problems.converted(hh, name, errors, written)
        hh["_" + name] = values.where(errors.isna(), None)
    return hh


def _household_keys(hh: pd.DataFrame) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Town, village and household keys of every row (codes when the file gives them)."""
    tkey = _col(hh, "town_id").fillna(K.digest("T", K.fold(_col(hh, "town"))))
    vkey = _col(hh, "village_id").fillna(K.digest("V", K.joined(tkey, K.fold(_col(hh, "village")))))
    vkey = vkey.where(_col(hh, "village_id").notna() | _col(hh, "village").notna())  # no village written: none
    hkey = _col(hh, "household_id").copy()
    idn = hh["_id_number"]
    todo = (hkey.isna() & idn.notna()).to_numpy(dtype=bool)
    if todo.any():
        hkey[todo] = K.digest("H", "id|" + idn[todo])
    rest = hkey.isna().to_numpy(dtype=bool) & _col(hh, "head_name").notna().to_numpy(dtype=bool)
    if rest.any():  # no code, no ID number: the village and the head's name (and 组 for namesakes)
        sub = hh[rest]
        base = K.joined(vkey[rest], K.fold(_col(sub, "head_name")))
        group = K.fold(_col(sub, "group"))
        if group.notna().any():
            groups = pd.DataFrame({"b": base, "g": group}).dropna().drop_duplicates()
            several = groups["b"][groups["b"].duplicated()].unique()
            base = base.where(~base.isin(several), K.joined(base, group))
        hkey[rest] = K.digest("H", base)
    return hkey, vkey, tkey


def _summaries(hh: pd.DataFrame, summaries: set[str], problems: Problems) -> pd.DataFrame:
    """Rows of a 汇总 sheet repeat the other sheets: left out, after checking that each one does."""
    if not summaries:
        return hh
    in_summary = hh["_sheet"].isin(summaries).to_numpy()
    elsewhere = set(hh.loc[~in_summary, "_hkey"].dropna())
    extra = hh[in_summary & ~hh["_hkey"].isin(elsewhere).to_numpy() & hh["_hkey"].notna().to_numpy()]
    for i in extra.drop_duplicates("_hkey").index[:20]:
        problems.add(hh.at[i, "_sheet"], int(hh.at[i, "_row"]), None, "head_name", hh.at[i, "head_name"],
                     "summary_extra", sheet=hh.at[i, "_sheet"])
    hh["_keep"] = hh["_keep"] & ~in_summary
    return hh


def _resolve_refs(hh: pd.DataFrame, problems: Problems, written: dict[str, dict[str, str]]) -> None:
    """A roster names households by their head: each name must be one household of the other sheets (within
    the village or town the roster row gives); without other sheets the roster's names are the households."""
    ref = hh["_ref"].to_numpy(dtype=bool)
    real = hh[~ref & hh["_keep"].to_numpy()]
    if real.empty:
        hh["_ref"] = False
        return
    head = K.fold(real["head_name"])
    cand = pd.DataFrame({"head": head.to_numpy(), "hkey": real["_hkey"].to_numpy(),
                         "village": K.fold(_col(real, "village")).to_numpy(),
                         "town": K.fold(_col(real, "town")).to_numpy()}).drop_duplicates("hkey")
    out = hh["_hkey"].copy()
    for i in np.flatnonzero(ref):
        name = K.fold(pd.Series([hh["head_name"].iat[i]])).iat[0]
        m = cand[cand["head"] == name]
        for place in ("village", "town"):
            given = hh[place].iat[i] if place in hh else None
            if len(m) > 1 and given is not None and given is not pd.NA:
                m = m[m[place] == K.fold(pd.Series([given])).iat[0]]
        sheet = hh["_sheet"].iat[i]
        at = written[sheet].get("households")
        if len(m) == 1:
            out.iat[i] = m["hkey"].iat[0]
        elif m.empty:
            problems.add(sheet, int(hh["_row"].iat[i]), at, "households", hh["head_name"].iat[i], "roster_unknown")
            out.iat[i] = pd.NA
        else:
            problems.add(sheet, int(hh["_row"].iat[i]), at, "households", hh["head_name"].iat[i],
                         "roster_ambiguous", n=len(m))
            out.iat[i] = pd.NA
    hh["_hkey"] = out


def _several(df: pd.DataFrame, key: str) -> np.ndarray:
    """Rows whose key is written on more than one row (a ``_many<key>`` column holds it when computed once)."""
    if "_many" + key in df:
        return df["_many" + key].to_numpy(dtype=bool)
    return K.repeated(df[key])


def _first(df: pd.DataFrame, key: str, cols: list[str]) -> pd.DataFrame:
    """Per key, the first non-blank value of each column (rows in file order); a key on one row is that row."""
    several = _several(df, key)
    once = df.loc[~several, [key, *cols]].set_index(key)
    if not several.any():
        return once
    return pd.concat([once, df[several].groupby(key, sort=False)[cols].first()])


def _conflicts(df: pd.DataFrame, key: str, compare: pd.Series, shown: str, header_of, problems: Problems,
               what: object, message: str = "conflict") -> None:
    """A fault for each row whose ``compare`` value differs from the first one given for its key (only keys
    written on several rows can disagree: the others are not looked at). A blank disagrees with nothing: a row
    that continues a household or a helper may leave cells blank, and the first value given is the one kept."""
    given = compare.notna().to_numpy(dtype=bool)
    several = np.flatnonzero(_several(df, key) & given)
    if not len(several):
        return
    k, _, rows, _, _ = K.distinct_pairs(df[key].iloc[several].reset_index(drop=True),
                                        compare.iloc[several].reset_index(drop=True))
    keys, first_of, count = np.unique(k, return_index=True, return_counts=True)
    bad = set(keys[count > 1].tolist())
    if not bad:
        return
    firsts = dict(zip(keys.tolist(), rows[first_of].tolist()))
    shown_n = 0
    for code, i in zip(k.tolist(), rows.tolist()):
        if code not in bad or firsts[code] == i or shown_n >= 50:
            continue
        shown_n += 1
        i, j = int(several[i]), int(several[firsts[code]])
        sheet = df["_sheet"].iat[i]
        problems.add(sheet, int(df["_row"].iat[i]), header_of(sheet), shown, df[shown].iat[i], message, what=what,
                     other=masked(shown, df[shown].iat[j]), row=int(df["_row"].iat[j]),
                     sheet=df["_sheet"].iat[j])


def _places(hh: pd.DataFrame, frames: dict, origins: dict, merged: list[str], problems: Problems) -> None:
    """Towns and villages of the households (names as written most often)."""
    towns = pd.DataFrame({"town_id": hh["_tkey"], "name": _col(hh, "town"), "_sheet": hh["_sheet"],
                          "_row": hh["_row"]}).dropna(subset=["town_id"])
    tnames = K.display(towns["town_id"], towns["name"])
    t = towns.drop_duplicates("town_id")
    frames["towns"] = pd.DataFrame({"town_id": t["town_id"].array,
                                    "name": t["town_id"].map(tnames).astype("string").array})
    origins["towns"] = _origin(t)
    v = pd.DataFrame({"village_id": hh["_vkey"], "name": _col(hh, "village"), "town_id": hh["_tkey"],
                      "_sheet": hh["_sheet"], "_row": hh["_row"]}).dropna(subset=["village_id"])
    vnames = K.display(v["village_id"], v["name"])
    _merged_lines(v["village_id"], v["name"], v["_row"], "village", merged, problems.lang)
    first = v.drop_duplicates("village_id")
    frames["villages"] = pd.DataFrame({"village_id": first["village_id"].array,
                                       "name": first["village_id"].map(vnames).astype("string").array,
                                       "town_id": first["town_id"].astype("string").array})
    origins["villages"] = _origin(first)


def _households(hh: pd.DataFrame, frames: dict, origins: dict, problems: Problems,
                written: dict[str, dict[str, str]]) -> None:
    hh = hh[hh["_hkey"].notna()].copy()
    hh["_many_hkey"] = K.repeated(hh["_hkey"])
    text = {n: hh["_" + n].astype("string") for n in ("id_number", "members", "status", "exit_year")}
    multi = hh[hh["_many_hkey"].to_numpy()]  # only a household written on several rows can disagree
    checks = {"head_name": lambda: K.fold(_col(multi, "head_name")), "village": lambda: multi["_vkey"],
              "poverty_cause": lambda: K.fold(_col(multi, "poverty_cause")),
              **{n: (lambda n=n: text[n][multi.index]) for n in text}}
    for name, compare in checks.items():
        shown = name if name in hh else "head_name"
        if multi.empty or name not in hh and name != "village":
            continue
        _conflicts(multi, "_hkey", compare(), shown, lambda s, n=name: written[s].get(n), problems,
                   ledger_both("field_" + name))
    cols = {"head_name": _col(hh, "head_name"), "id_number": text["id_number"], "village_id": hh["_vkey"],
            "members": text["members"], "status": text["status"], "poverty_cause": _col(hh, "poverty_cause"),
            "exit_year": text["exit_year"]}
    df = pd.DataFrame({"household_id": hh["_hkey"], **cols, "_given": _col(hh, "status"), "_sheet": hh["_sheet"],
                       "_row": hh["_row"], "_manyhousehold_id": hh["_many_hkey"]})
    first = _first(df, "household_id", [*cols, "_given", "_sheet", "_row"]).reset_index()
    # a status written but not understood is told as such, not again as missing
    missing = first["_given"].isna() & first["_sheet"].isin([s for s, w in written.items() if "status" in w])
    for i in np.flatnonzero(missing.to_numpy())[:50]:
        s = first["_sheet"].iat[i]
        problems.add(s, int(first["_row"].iat[i]), written[s].get("status"), "status", None, "required")
    # a household's village is required: a row that writes none (and no other row of it does) is told so
    no_village = first["village_id"].isna() & first["_sheet"].isin(
        [s for s, w in written.items() if "village" in w or "village_id" in w])
    for i in np.flatnonzero(no_village.to_numpy())[:50]:
        s = first["_sheet"].iat[i]
        column = "village" if "village" in written[s] else "village_id"
        problems.add(s, int(first["_row"].iat[i]), written[s].get(column), column, None, "required")
    frames["households"] = first[["household_id", *cols]].astype("string")
    origins["households"] = _origin(first)


# --- helpers --------------------------------------------------------------------------------------------
_HELPER_PROPS = {"rank": schema.NODE["Cadre"].prop("rank"), "helper_phone": schema.NODE["Cadre"].prop("phone"),
                 "state": schema.NODE["Cadre"].prop("active"), "since": schema.SINCE, "until": schema.UNTIL,
                 "unit_kind": schema.NODE["Unit"].prop("kind")}


def _helper_values(helpers: pd.DataFrame, problems: Problems, written: dict[str, dict[str, str]]) -> pd.DataFrame:
    """Helper cells checked against the schema; a period cell (2019.03-2021.06) gives since and until."""
    helpers = helpers.reset_index(drop=True)
    _codes(helpers, problems, written)
    if "period" in helpers:
        _periods(helpers, problems, written)
    for name, prop in _HELPER_PROPS.items():
        if name not in helpers:
            helpers["_" + name] = pd.Series(pd.NA, index=helpers.index, dtype="string")
            continue
        values, errors = _convert(prop, helpers[name], _numbers(helpers, name))
        problems.converted(helpers, name, errors, written)
        if name == "until":
            values = _month_ends(helpers[name], values)
        helpers["_" + name] = values.where(errors.isna(), None)
    return helpers


_MONTH_ONLY = r"^\s*\d{4}\s*(?:[-/.]|年)\s*\d{1,2}\s*月?\s*$"


def _month_ends(written: pd.Series, days: pd.Series) -> pd.Series:
    """An end written as a month (2021.06, 2021年6月, the end of 2019.03-2021.06) is that month's last day: the
    helper helped through June. A start written so is its first day (as every month read)."""
    month = written.astype("string").str.normalize("NFKC").str.match(_MONTH_ONLY, na=False).to_numpy(dtype=bool)
    if not month.any():
        return days
    ends = (pd.to_datetime(days[month], errors="coerce") + pd.offsets.MonthEnd(0)).dt.strftime("%Y-%m-%d")
    out = days.copy()
    out[month] = ends.astype("string").where(days[month].notna())
    return out


def _periods(helpers: pd.DataFrame, problems: Problems, written: dict[str, dict[str, str]]) -> None:
    period = helpers["period"]
    parts = period.str.normalize("NFKC").str.strip().str.extract(_PERIOD)
    a, b = parts["a"], parts["b"].fillna("")
    single = period.notna() & a.isna()
    a = a.where(~single, period)
    open_end = b.isin(_OPEN_END)
    for name, text in (("since", a), ("until", b.where(~open_end))):
        cur = _col(helpers, name)
        helpers[name] = cur.where(cur.notna(), text.astype("string"))
        if name not in written:
            pass
    for sheet in helpers["_sheet"].unique():
        w = written[sheet]
        w.setdefault("since", w.get("period", "since"))
        w.setdefault("until", w.get("period", "until"))


def _helper_keys(helpers: pd.DataFrame, county_names: list[str], problems: Problems,
                 written: dict[str, dict[str, str]], merged: list[str]) -> pd.DataFrame:
    """Unit and helper keys: codes when given, else folded names; a phone separates namesakes in one unit."""
    if helpers.empty:
        for c in ("_ukey", "_pkey"):
            helpers[c] = pd.Series([], dtype="string")
        return helpers
    unit = _col(helpers, "unit")
    ufold = K.unit_fold(unit, county_names)
    helpers["_ukey"] = _col(helpers, "unit_id").fillna(K.digest("U", ufold))
    name = K.fold(_col(helpers, "helper"))
    # a blank unit: the one unit this name is written with elsewhere, if there is exactly one
    known = pd.DataFrame({"n": name, "u": helpers["_ukey"]}).dropna().drop_duplicates()
    only = known[~known["n"].duplicated(keep=False)].set_index("n")["u"]
    helpers["_ukey"] = helpers["_ukey"].fillna(K.lookup(name, only))
    phone = K.phone_digits(_col(helpers, "helper_phone"))
    base = K.joined(helpers["_ukey"], name)
    pairs = pd.DataFrame({"b": base, "p": phone}).dropna().drop_duplicates()
    several = pairs["b"][pairs["b"].duplicated()].unique()
    split = base.isin(several).to_numpy()
    for i in np.flatnonzero(split & phone.isna().to_numpy())[:50]:
        s = helpers["_sheet"].iat[i]
        problems.add(s, int(helpers["_row"].iat[i]), written[s].get("helper"), "helper", helpers["helper"].iat[i],
                     "ambiguous_helper", n=int((pairs["b"] == base.iat[i]).sum()), unit=unit.iat[i] or "")
    key = base.where(~split, K.joined(base, phone))
    helpers["_pkey"] = _col(helpers, "helper_id").fillna(K.digest("P", key.where(name.notna())))
    _merged_lines(helpers["_ukey"], unit, helpers["_row"], "unit", merged, problems.lang, longest=True)
    paren = ("（", "）") if problems.lang == "zh" else (" (", ")")
    who = (_col(helpers, "helper") + paren[0] + unit + paren[1]).fillna(_col(helpers, "helper"))
    names = K.display(helpers["_pkey"], _col(helpers, "helper"))
    units = K.display(helpers["_ukey"], unit, longest=True)
    key_unit = _first_of(helpers["_pkey"], helpers["_ukey"])
    key_unit = K.lookup(key_unit, units)
    into = (names + paren[0] + key_unit.reindex(names.index).astype("string") + paren[1]).fillna(names)
    _merged_lines(helpers["_pkey"], who, helpers["_row"], "helper", merged, problems.lang, into=into)
    return helpers


def _first_of(keys: pd.Series, values: pd.Series) -> pd.Series:
    """Per distinct key, the first value written beside it (rows with a blank value do not count)."""
    codes, uniques = K.factorize(keys)
    given = np.flatnonzero((codes >= 0) & values.notna().to_numpy(dtype=bool))
    found, first = np.unique(codes[given], return_index=True)
    index = pd.Index(K.text_series(uniques.take(pa.array(found))), dtype="string")
    return K.spread(K.arrow_text(values), given[first], index)


def _merged_lines(keys: pd.Series, spellings: pd.Series, rows: pd.Series, what: str, merged: list[str],
                  lang: str, longest: bool = False, into: pd.Series | None = None) -> None:
    """One line per entity written in more than one spelling, naming the spellings and a row of each."""
    keys, spellings = keys.reset_index(drop=True), spellings.astype("string").reset_index(drop=True)
    k, sp, first, uk, us = K.distinct_pairs(keys, spellings)
    codes, count = np.unique(k, return_counts=True)
    several = set(codes[count > 1].tolist())
    if not several:
        return
    pick = np.isin(k, list(several))
    shown = K.display(keys, spellings, longest) if into is None else into
    groups: dict[int, list[tuple[str, int]]] = {}
    for code, s, i in zip(k[pick].tolist(), sp[pick].tolist(), first[pick].tolist()):
        groups.setdefault(code, []).append((us[s], int(rows.iat[i])))
    for code, spelt in groups.items():
        name = shown[uk[code]]
        others = [f"{s} ({ledger_text('row', lang, row=r)})" for s, r in sorted(spelt, key=lambda x: x[1])
                  if s != name]
        merged.append(ledger_text("merged", lang, what=ledger_text("what_" + what, lang),
                                  spellings=ledger_text("list_sep", lang).join(others), into=name))


def _helpers(helpers: pd.DataFrame, frames: dict, origins: dict, problems: Problems,
             written: dict[str, dict[str, str]], merged: list[str]) -> None:
    """Leaders (a county rank) and cadres, and the units the cadres work in."""
    h = (helpers[helpers["_pkey"].notna()] if len(helpers) else helpers).copy()
    h["_many_pkey"] = K.repeated(h["_pkey"])
    w = lambda n: (lambda s: written[s].get(n))  # noqa: E731 - the header of field n in sheet s
    for name, compare in (("rank", h["_rank"].astype("string")), ("state", h["_state"].astype("string"))):
        if name in h:
            _conflicts(h, "_pkey", compare, name, w(name), problems, ledger_both("field_" + name),
                       "helper_conflict")
    df = pd.DataFrame({"key": h["_pkey"], "name": _col(h, "helper"), "unit_id": h["_ukey"],
                       "unit": _col(h, "unit"), "kind": h["_unit_kind"].astype("string"),
                       "rank": h["_rank"].astype("string"), "title": _col(h, "title"),
                       "phone": h["_helper_phone"].astype("string"), "active": h["_state"].astype("string"),
                       "_given": _col(h, "rank"), "_sheet": h["_sheet"], "_row": h["_row"],
                       "_manykey": h["_many_pkey"]})
    names = K.display(df["key"], df["name"])
    titles = K.display(df["key"], df["title"])
    first = _first(df, "key", ["unit_id", "rank", "phone", "active", "_given", "_sheet", "_row"]).reset_index()
    first["name"] = first["key"].map(names)
    first["title"] = first["key"].map(titles)
    norank = first["_given"].isna()
    for i in np.flatnonzero(norank.to_numpy())[:50]:
        s = first["_sheet"].iat[i]
        if "rank" in written[s]:
            problems.add(s, int(first["_row"].iat[i]), written[s].get("rank"), "rank", None, "required")
    leader = (first["rank"] == LEADER_RANK).fillna(False).to_numpy(dtype=bool)
    cadres = first[~leader]
    for i in np.flatnonzero(cadres["unit_id"].isna().to_numpy())[:50]:
        s = cadres["_sheet"].iat[i]
        problems.add(s, int(cadres["_row"].iat[i]), written[s].get("unit"), "unit", None, "no_unit")
    leaders = first[leader]
    frames["leaders"] = pd.DataFrame({"leader_id": leaders["key"], "name": leaders["name"],
                                      "title": leaders["title"], "phone": leaders["phone"]}).astype("string")
    origins["leaders"] = _origin(leaders)
    frames["cadres"] = pd.DataFrame({"cadre_id": cadres["key"], "name": cadres["name"], "unit_id": cadres["unit_id"],
                                     "rank": cadres["rank"], "phone": cadres["phone"],
                                     "active": cadres["active"]}).astype("string")
    origins["cadres"] = _origin(cadres)
    units = df[K.isin(df["unit_id"], cadres["unit_id"])]
    _conflicts(units, "unit_id", units["kind"], "unit_kind", w("unit_kind"), problems,
               ledger_both("field_unit_kind"), "helper_conflict")
    unames = K.display(units["unit_id"], units["unit"], longest=True)
    u = _first(units, "unit_id", ["kind", "_sheet", "_row"]).reset_index()
    frames["units"] = pd.DataFrame({"unit_id": u["unit_id"], "name": u["unit_id"].map(unames),
                                    "kind": u["kind"]}).astype("string")
    frames["units"]["name"] = frames["units"]["name"].fillna(frames["units"]["unit_id"])
    origins["units"] = _origin(u)


def _pairings(helpers: pd.DataFrame, hh: pd.DataFrame, frames: dict, origins: dict, problems: Problems) -> None:
    """One pairing per helper and household (a pair written twice with other dates is a fault)."""
    if helpers.empty:
        frames["pairings"] = pd.DataFrame(columns=["helper_id", "household_id", "since", "until"], dtype="string")
        origins["pairings"] = pd.DataFrame({"_sheet": pd.Series([], dtype=object), "_row": pd.Series([], dtype=int)})
        return
    at = helpers["_hh"].to_numpy()
    target = hh["_hkey"].astype("string").array.take(np.where(at >= 0, at, -1), allow_fill=True)  # -1: none
    df = pd.DataFrame({"helper_id": helpers["_pkey"].astype("string").array, "household_id": target,
                       "since": helpers["_since"].array, "until": helpers["_until"].array,
                       "_sheet": helpers["_sheet"].to_numpy(), "_row": helpers["_row"].to_numpy()})
    df = df[df["helper_id"].notna() & df["household_id"].notna()]
    df = df[~K.duplicated(df["helper_id"], df["household_id"], df["since"], df["until"])]
    twice = K.duplicated(df["helper_id"], df["household_id"])
    firsts = df[~twice].set_index(["helper_id", "household_id"])["_row"] if twice.any() else None
    for _, rec in df[twice].head(50).iterrows():
        problems.add(rec["_sheet"], int(rec["_row"]), None, None, None, "pair_twice",
                     row=int(firsts[(rec["helper_id"], rec["household_id"])]))
    df = df[~twice]
    frames["pairings"] = df[["helper_id", "household_id", "since", "until"]].astype("string").reset_index(drop=True)
    origins["pairings"] = _origin(df)


def _dates(values: pd.Series) -> pd.Series:
    """Dates as ISO text (blank stays blank), a whole column at once."""
    days = pd.to_datetime(pd.Series(values.to_numpy(), dtype=object), errors="coerce")
    return days.dt.strftime("%Y-%m-%d").astype("string").reset_index(drop=True)


