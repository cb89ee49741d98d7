// Each active helper's current households in need on $as_of, with the helper's own last counted visit to each
// (pairnet visits: helpers, units). Params: $as_of, $as_of_year, $continuity_years, $visit_kinds.
// Current pairing: since blank or <= $as_of, until blank or >= $as_of. Active: a Leader always (no `active`
// property, so coalesce gives true); a Cadre unless active = false. Leaders have no unit.
// A helper's visit: a Visit row naming the helper and the household, counted as in visits_households.
MATCH (x)-[p:HELPS]->(h:Household)
WHERE coalesce(x.active, true)
  AND (p.since IS NULL OR p.since <= $as_of) AND (p.until IS NULL OR p.until >= $as_of)
  AND (h.status = 'poor' OR h.status = 'monitored'
       OR (h.status = 'exited' AND h.exit_year + $continuity_years >= $as_of_year))
WITH x, coalesce(x.cadre_id, x.leader_id) AS xid, h.household_id AS hid
OPTIONAL MATCH (v:Visit)
WHERE v.helper_id = xid AND v.household_id = hid AND v.date <= $as_of AND v.kind IN $visit_kinds
WITH x, xid, hid, max(v.date) AS last_visit
OPTIONAL MATCH (u:Unit) WHERE u.unit_id = x.unit_id
RETURN xid AS helper_id, x.name AS helper_label, x.unit_id AS unit_id, u.name AS unit_label,
       hid AS household_id, last_visit
ORDER BY helper_id, household_id
