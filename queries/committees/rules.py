"""The hard rules of a joint committee: size bounds, contiguity, a strong or good lead, weak villages partnered,
one town (optional), one committee per village; and why a village could not be placed."""

from __future__ import annotations

from collections import defaultdict

from pairnet.graph.core.messages import Text
from pairnet.graph.core.errors import CommitteeError
from pairnet.queries.committees.county import County


def check_bounds(min_size: int, max_size: int) -> None:
    """Refuse size bounds no committee can meet (``1 <= min <= max``)."""
    if min_size < 1 or max_size < min_size:
        raise CommitteeError(Text("sizes.bad", lo=min_size, hi=max_size))


def lead_of(c: County, members: list[int]) -> int | None:
    """The lead village of a committee: strong before good, then most households, then smallest id."""
    leaders = [v for v in members if c.lead[v]]
    if not leaders:
        return None
    return min(leaders, key=lambda v: (c.rating[v] != "strong", -c.households[v], c.ids[v]))


def violations(c: County, committees: list[dict], lo: int, hi: int, within_town: bool) -> list[dict]:
    """Every hard-rule breach in ``committees`` (records as made by ``metrics.committee_record``)."""
    idx = c.index
    out = []

    def add(cid: str, rule: str, detail: str, village: str | None = None) -> None:
        out.append({"committee_id": cid, "rule": rule, "village_id": village, "detail": detail})

    where: dict[str, list[str]] = defaultdict(list)
    for com in committees:
        cid, vs = com["committee_id"], com["villages"]
        for v in vs:
            where[v].append(cid)
        members = [idx[v] for v in vs if v in idx]
        if not lo <= len(vs) <= hi:
            add(cid, "size_out_of_bounds", f"{len(vs)} villages, allowed {lo}..{hi}")
        if members and not c.connected(set(members)):
            parts = len(c.components(members))
            add(cid, "not_contiguous", f"villages fall into {parts} separate groups in the adjacency graph")
        lead = com["lead_village_id"]
        if lead is None:
            add(cid, "lead_missing", "no lead village")
        elif lead not in vs:
            add(cid, "lead_not_member", f"lead village {lead} is not a member", lead)
        elif lead in idx and not c.lead[idx[lead]]:
            add(cid, "lead_not_strong", f"lead village {lead} is rated {c.rating[idx[lead]] or 'unrated'}", lead)
        if not any(c.lead[i] for i in members):
            for i in members:
                if c.rating[i] == "weak":
                    add(cid, "weak_without_partner",
                        f"weak village {c.ids[i]} has no strong or good village in its committee", c.ids[i])
        if within_town and len(com["town_ids"]) > 1:
            add(cid, "crosses_towns", f"villages of {len(com['town_ids'])} towns: {', '.join(com['town_ids'])}")
    for v, cids in sorted(where.items()):
        if len(cids) > 1:
            out.append({"committee_id": cids[0], "rule": "village_in_two_committees", "village_id": v,
                        "detail": f"village {v} is in {', '.join(sorted(cids))}"})
    return out


def unplaced_reason(v: int, comp: list[int], c: County, lo: int, hi: int, within_town: bool, town_size: int) -> str:
    """Why village ``v`` of component ``comp`` is in no committee, the first reason that applies."""
    adj = c.adjacency
    if c.ids[v] in adj.missing:
        return "no_coordinates" if adj.source == "coords" else "no_polygon"
    if len(comp) == 1 and not c.nbrs[v]:
        return "isolated"
    if within_town and town_size < lo:
        return "town_too_small"
    if len(comp) < lo:
        return "component_too_small"
    if not any(c.lead[u] for u in comp):
        return "no_strong_or_good_village"
    # a strong/good village within reach of a committee of at most hi villages?
    seen, frontier = {v}, [v]
    for _ in range(hi - 1):
        frontier = [w for u in frontier for w in c.nbrs[u] if w not in seen and not seen.add(w)]
    if not any(c.lead[u] for u in seen):
        return "no_strong_or_good_village_reachable"
    return "no_room_within_bounds"


