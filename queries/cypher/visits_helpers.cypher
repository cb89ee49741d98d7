// Each active helper's current households in need on $as_of (pairnet visits: helpers, units).
// Params: $as_of, $as_of_year, $continuity_years, $continuity_until.
// Current pairing: since blank or <= $as_of, until blank or >= $as_of. Active: a Leader always (no `active`
// property, so coalesce gives true); a Cadre unless active = false. A cadre's unit through WORKS_IN (leaders have
// none). The helper's own visits come from visits_last (joined by helper and household id).
MATCH (x)-[p:HELPS]->(h:Household)
WHERE coalesce(x.active, true)
  AND (p.since IS NULL OR p.since <= $as_of) AND (p.until IS NULL OR p.until >= $as_of)
  AND (h.status = 'poor' OR h.status = 'monitored'
       OR (h.status = 'exited' AND (h.exit_year + $continuity_years >= $as_of_year OR $as_of <= $continuity_until)))
OPTIONAL MATCH (x)-[:WORKS_IN]->(u:Unit)
RETURN coalesce(x.cadre_id, x.leader_id) AS helper_id, x.name AS helper_label, u.unit_id AS unit_id,
       u.name AS unit_label, h.household_id AS household_id
ORDER BY helper_id, household_id
