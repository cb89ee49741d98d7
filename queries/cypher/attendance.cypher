// Active cadres stationed in a village at some time in a month (pairnet attendance), with unit and town.
// Params: $month_start, $month_end (dates).
// A stationing overlaps the month when since is blank or <= $month_end and until is blank or >= $month_start.
// Their days come from attendance_days (one scan of the month's Attendance rows), counted inside the stationing.
MATCH (c:Cadre)-[s:STATIONED_IN]->(g:Village)
WHERE coalesce(c.active, true)
  AND (s.since IS NULL OR s.since <= $month_end) AND (s.until IS NULL OR s.until >= $month_start)
OPTIONAL MATCH (c)-[:WORKS_IN]->(u:Unit)
OPTIONAL MATCH (g)-[:IN_TOWN]->(t:Town)
RETURN c.cadre_id AS id, c.name AS label, u.unit_id AS unit_id, g.village_id AS village_id, t.town_id AS town_id,
       s.role AS role, s.since AS since, s.until AS until
ORDER BY id, village_id
