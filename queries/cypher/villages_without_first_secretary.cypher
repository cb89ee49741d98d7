// Poor villages with no active first secretary stationed on $as_of (pairnet gaps: village_without_first_secretary).
// Params: $as_of (date). Stationing is current when since is blank or <= $as_of and until is blank or >= $as_of;
// the cadre must be active (active blank counts as active).
MATCH (v:Village)
WHERE v.poor = true
  AND NOT EXISTS {
    MATCH (c:Cadre)-[s:STATIONED_IN]->(v)
    WHERE s.role = 'first_secretary' AND coalesce(c.active, true)
      AND (s.since IS NULL OR s.since <= $as_of) AND (s.until IS NULL OR s.until >= $as_of)
  }
OPTIONAL MATCH (v)-[:IN_TOWN]->(t:Town)
RETURN v.village_id AS id, v.name AS label, v.village_id AS village_id, t.town_id AS town_id, NULL AS reason
ORDER BY id
