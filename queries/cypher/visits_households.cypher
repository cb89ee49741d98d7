// Households in need on $as_of, with their village and town (pairnet visits).
// Params: $as_of (date), $as_of_year (int), $continuity_years (int), $continuity_until (date).
// In need: poor or monitored, or exited with $as_of_year <= exit_year + $continuity_years or $as_of <= $continuity_until.
// Village and town through LIVES_IN and IN_TOWN. Their visits come from visits_last (joined by household id).
MATCH (h:Household)
WHERE (h.status = 'poor' OR h.status = 'monitored'
       OR (h.status = 'exited' AND (h.exit_year + $continuity_years >= $as_of_year OR $as_of <= $continuity_until)))
OPTIONAL MATCH (h)-[:LIVES_IN]->(g:Village)
OPTIONAL MATCH (g)-[:IN_TOWN]->(t:Town)
RETURN h.household_id AS id, h.head_name AS label, g.village_id AS village_id, t.town_id AS town_id,
       t.name AS town_label
ORDER BY id
