"""What a committee plan or check looks like: each committee's record, and the plan's metrics."""

from __future__ import annotations

from collections import Counter

import numpy as np

from pairnet.queries.committees.county import County


def committee_record(c: County, cid: str, name: str | None, members: list[int], lead_id: str | None) -> dict:
    """A committee in the JSON shape of a plan: its villages, lead, towns, size, households, majority industry."""
    inds = Counter(c.industry[v] for v in members if c.industry[v] is not None)
    return {
        "committee_id": cid,
        "name": name,
        "villages": sorted(c.ids[v] for v in members),
        "lead_village_id": lead_id,
        "town_ids": sorted({c.town[v] for v in members if c.town[v] is not None}),
        "size": len(members),
        "households": int(sum(c.households[v] for v in members)),
        "industry": min(inds, key=lambda k: (-inds[k], k)) if inds else None,
    }


def metrics(c: County, committees: list[dict], violations: list[dict], considered: int) -> dict:
    """Adjacency source, villages placed, committee sizes, industry purity and household balance, violations."""
    idx = c.index
    placed = {v for com in committees for v in com["villages"]}
    matches = 0
    for com in committees:
        inds = Counter(c.industry[idx[v]] for v in com["villages"] if v in idx and c.industry[idx[v]] is not None)
        matches += max(inds.values(), default=0)
    sizes = np.array([com["size"] for com in committees], float)
    hh = np.array([com["households"] for com in committees], float)
    n_placed = sum(com["size"] for com in committees)
    return {
        "adjacency_source": c.adjacency.source,
        "isolated": len(c.adjacency.isolated),
        "unlocated": len(c.adjacency.missing),  # no coordinates (coords) or no polygon (polygons)
        "villages": considered,
        "placed": len(placed),
        "share_placed": round(len(placed) / considered, 4) if considered else 0.0,
        "committees": len(committees),
        "industry_purity": round(matches / n_placed, 4) if n_placed else 0.0,
        "size_min": int(sizes.min()) if len(sizes) else 0,
        "size_max": int(sizes.max()) if len(sizes) else 0,
        "size_mean": round(float(sizes.mean()), 3) if len(sizes) else 0.0,
        "size_std": round(float(sizes.std()), 3) if len(sizes) else 0.0,
        "households_mean": round(float(hh.mean()), 1) if len(hh) else 0.0,
        "households_cv": round(float(hh.std() / hh.mean()), 4) if len(hh) and hh.mean() else 0.0,
        "violations": len(violations),
    }


