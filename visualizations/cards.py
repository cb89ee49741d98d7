"""Household cards (明白卡): one printable A4 page per household in need, with its helpers and their work phones."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pairnet.graph.core.dates import check_as_of
from pairnet.graph.core.errors import UnknownHousehold, UnknownPlace
from pairnet.graph.core.messages import map_text, value_text
from pairnet.graph.core.pii import mask_value
from pairnet.graph.core.policy import LEADER_RANK, Policy
from pairnet.graph.core.result import Result
from pairnet.graph.core.rules import current_rels, need_mask
from pairnet.graph.network import PairingNetwork, Scope
from pairnet.graph.store import Store
from pairnet.visualizations.page import asset_template, write_html
from pairnet.visualizations.pairing import active_pairings
from pairnet.queries.engine import in_memory, pull_network

TRAFFIC = {"red": "#e03131", "yellow": "#fcc419", "green": "#40c057"}


@dataclass
class Card:
    """What one card shows (every text as it is; the template escapes it)."""

    household_id: str
    head_name: str
    members: str
    status: str
    village: str
    town: str
    cause: str
    id_number: str  # masked
    helpers: list[dict[str, str]] = field(default_factory=list)  # name, unit, rank, phone, since
    packaging: list[str] = field(default_factory=list)
    secretaries: list[str] = field(default_factory=list)
    colour: str | None = None  # 三色: red, yellow, green


@dataclass
class CardPage:
    """The rendered cards: the HTML, its title and the number of cards."""

    html: str
    title: str
    cards: int
    lang: str = "en"

    def write(self, path: str | Path) -> Path:
        """Write the cards to ``path`` (folders created) and return the path."""
        return write_html(path, self.html)

    def written(self, path: str | Path) -> Result:
        """Write the cards and say so, as a command result."""
        path = self.write(path)
        return Result(data={"path": str(path), "title": self.title, "cards": self.cards},
                      text=map_text("card_wrote", self.lang, path=path, n=self.cards, what=self.title))


def household_cards(source: Store | PairingNetwork, *, as_of: dt.date | str, village: str | None = None,
                    household: str | None = None, policy: Policy | None = None, lang: str = "zh",
                    colours: Mapping[str, str] | None = None) -> CardPage:
    """The cards of a village (one per household in need on ``as_of``, by id) or of one household.

    Only the village is read from a store (``store.read(Scope(village_id=...))``). Each card names the head of
    household, members, status, village and town, every active helper with unit, rank and work phone (on the
    household's own card by design; the household's ID number stays masked), the units and leaders packaging the
    village, its first secretary and the day; ``colours`` (supervision's 三色) adds the household's colour.
    """
    as_of, policy = check_as_of(as_of), policy or Policy()
    if (village is None) == (household is None):
        raise UnknownPlace(map_text("card_scope", lang))
    vid = village if village is not None else _village_of(source, household, lang)
    part = pull_network(source, Scope(village_id=vid))
    vrow = part.nodes["Village"]
    if vrow.empty:
        raise UnknownPlace(map_text("no_scope", lang, kind=map_text("kind_village", lang), id=vid))
    hh = part.nodes["Household"].sort_values("household_id")
    if household is not None:
        hh = hh[hh["household_id"] == household]
    else:
        hh = hh[need_mask(hh, as_of, policy).to_numpy()]
    cards = village_cards(part, hh, as_of, lang, colours or {})
    v = vrow.iloc[0]
    what = map_text("scope_village", lang, name=v["name"], id=vid) if household is None else \
        f"{cards[0].head_name} ({household})" if cards else household
    title = map_text("card_title", lang, what=what, day=as_of.isoformat())
    words = {k: map_text(f"card_{k}", lang) for k in ("heading", "head", "members", "status", "village", "cause",
                                                       "id_number", "colour", "helpers", "name", "unit", "rank",
                                                       "phone", "since", "no_helper", "packaging", "secretary",
                                                       "none")}
    html = asset_template("cards.html").render(
        title=title, lang=lang, cards=cards, words=words, as_of=map_text("card_as_of", lang, day=as_of.isoformat()),
        count=map_text("card_count", lang, n=len(cards)), traffic=TRAFFIC,
        colour_names={c: map_text(f"colour_{c}", lang) for c in TRAFFIC})
    return CardPage(html, title, len(cards), lang)


def village_cards(part: PairingNetwork, households: pd.DataFrame, as_of: dt.date, lang: str,
                  colours: Mapping[str, str]) -> list[Card]:
    """A card per row of ``households``, from ``part`` (a village's scope: its helpers, units and leaders)."""
    units = dict(zip(part.nodes["Unit"]["unit_id"], part.nodes["Unit"]["name"]))
    towns = dict(zip(part.nodes["Town"]["town_id"], part.nodes["Town"]["name"]))
    villages = part.nodes["Village"].set_index("village_id")
    cadres = part.nodes["Cadre"].set_index("cadre_id")
    leaders = part.nodes["Leader"].set_index("leader_id")
    helps = current_rels(part, "HELPS", as_of).set_index(["source_label", "source", "target"])["since"]
    pairs = active_pairings(part, as_of)
    pkg = current_rels(part, "PACKAGES", as_of)
    packaging = [str(units.get(s) or s) for s, lab in zip(pkg["source"], pkg["source_label"]) if lab == "Unit"]
    packaging += [_leader_text(leaders, s, lang) for s, lab in zip(pkg["source"], pkg["source_label"]) if lab == "Leader"]
    st = current_rels(part, "STATIONED_IN", as_of)
    st = st[st["role"] == "first_secretary"]
    secretaries = []
    for cid in st["source"]:
        if cid in cadres.index and cadres.loc[cid, "active"] is not False:
            c = cadres.loc[cid]
            secretaries.append(" · ".join(x for x in (_text(c["name"]), _text(units.get(c["unit_id"])),
                                                      _text(c["phone"])) if x))
    out = []
    for h in households.itertuples(index=False):
        helpers = []
        for lab, src in pairs.loc[pairs["target"] == h.household_id, ["source_label", "source"]].itertuples(index=False):
            since = helps.get((lab, src, h.household_id))
            since = "" if since is None or pd.isna(since) else since.date().isoformat()
            if lab == "Leader" and src in leaders.index:
                ld = leaders.loc[src]
                helpers.append({"name": _text(ld["name"]), "unit": map_text("tip_county_leader", lang),
                                "rank": _text(ld["title"]) or value_text("rank", LEADER_RANK, lang),
                                "phone": _text(ld["phone"]), "since": since})
            elif src in cadres.index:
                c = cadres.loc[src]
                helpers.append({"name": _text(c["name"]), "unit": _text(units.get(c["unit_id"]) or c["unit_id"]),
                                "rank": _text(value_text("rank", c["rank"], lang)), "phone": _text(c["phone"]),
                                "since": since})
        v = villages.loc[h.village_id] if h.village_id in villages.index else None
        out.append(Card(
            household_id=h.household_id, head_name=_text(h.head_name), members=_text(h.members),
            status=_text(value_text("status", h.status, lang)),
            village=_text(v["name"]) if v is not None else h.village_id,
            town=_text(towns.get(v["town_id"])) if v is not None else "", cause=_text(h.poverty_cause),
            id_number=_text(mask_value("id_number", h.id_number)), helpers=sorted(helpers, key=lambda x: x["name"]),
            packaging=packaging, secretaries=secretaries, colour=colours.get(h.household_id)))
    return out


def _text(value: object) -> str:
    """A cell as card text: blanks empty, numbers without a trailing ``.0``."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _leader_text(leaders: pd.DataFrame, lid: str, lang: str) -> str:
    if lid not in leaders.index:
        return map_text("leader_of", lang, id=lid)
    ld = leaders.loc[lid]
    return " ".join(x for x in (_text(ld["name"]), _text(ld["title"])) if x)


def _village_of(source: Store | PairingNetwork, household: str, lang: str) -> str:
    """The village of a household, asked of the store with the id as a parameter."""
    if in_memory(source):
        hh = source.nodes["Household"]
        found = hh.loc[hh["household_id"] == household, "village_id"]
    else:
        found = source.query("MATCH (h:Household)-[:LIVES_IN]->(v:Village) WHERE h.household_id = $id "
                             "RETURN v.village_id AS village_id", {"id": household})["village_id"]
    if found.empty or pd.isna(found.iloc[0]):
        raise UnknownHousehold(map_text("card_no_household", lang, id=household))
    return str(found.iloc[0])
