// The cadres who left the households in $ids on $as_of (pairnet propose: turnover), with their units.
// Params: $ids (list of household ids), $as_of (date).
// Left: the pairing ended before $as_of (until < $as_of), or it is current but the cadre is inactive (retired,
// 调离). Leaders belong to no unit and never count here.
MATCH (c:Cadre)-[p:HELPS]->(h:Household), (c)-[:WORKS_IN]->(u:Unit)
WHERE h.household_id IN $ids
  AND (p.until < $as_of
       OR (c.active = false AND (p.since IS NULL OR p.since <= $as_of) AND (p.until IS NULL OR p.until >= $as_of)))
RETURN h.household_id AS household_id, c.cadre_id AS helper_id, u.unit_id AS unit_id
ORDER BY household_id, helper_id
