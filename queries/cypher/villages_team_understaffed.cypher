// Poor villages with fewer than $min_team active cadres stationed on $as_of, any role
// (pairnet gaps: village_team_understaffed; reason = the team size found).
// Params: $as_of (date), $min_team (int).
MATCH (v:Village)
WHERE v.poor = true
OPTIONAL MATCH (c:Cadre)-[s:STATIONED_IN]->(v)
WHERE coalesce(c.active, true)
  AND (s.since IS NULL OR s.since <= $as_of) AND (s.until IS NULL OR s.until >= $as_of)
WITH v, count(DISTINCT c.cadre_id) AS team
WHERE team < $min_team
OPTIONAL MATCH (v)-[:IN_TOWN]->(t:Town)
RETURN v.village_id AS id, v.name AS label, v.village_id AS village_id, t.town_id AS town_id, team AS reason
ORDER BY id
