// Where each active helper belongs on $as_of, for pairnet propose: the villages its unit packages, the villages
// it is stationed in, the villages a leader packages, and the towns a leader liaises with.
// Params: $as_of (date). Columns: helper_id, tie, via, village_id (blank for a town tie), town_id.
MATCH (c:Cadre)-[:WORKS_IN]->(u:Unit)-[k:PACKAGES]->(v:Village)
WHERE coalesce(c.active, true)
  AND (k.since IS NULL OR k.since <= $as_of) AND (k.until IS NULL OR k.until >= $as_of)
OPTIONAL MATCH (v)-[:IN_TOWN]->(t:Town)
RETURN c.cadre_id AS helper_id, 'unit_packages' AS tie, u.unit_id AS via, v.village_id AS village_id, t.town_id AS town_id
UNION ALL
MATCH (c:Cadre)-[s:STATIONED_IN]->(v:Village)
WHERE coalesce(c.active, true)
  AND (s.since IS NULL OR s.since <= $as_of) AND (s.until IS NULL OR s.until >= $as_of)
OPTIONAL MATCH (v)-[:IN_TOWN]->(t:Town)
RETURN c.cadre_id AS helper_id, 'stationed' AS tie, s.role AS via, v.village_id AS village_id, t.town_id AS town_id
UNION ALL
MATCH (l:Leader)-[k:PACKAGES]->(v:Village)
WHERE (k.since IS NULL OR k.since <= $as_of) AND (k.until IS NULL OR k.until >= $as_of)
OPTIONAL MATCH (v)-[:IN_TOWN]->(t:Town)
RETURN l.leader_id AS helper_id, 'leader_packages' AS tie, l.leader_id AS via, v.village_id AS village_id,
       t.town_id AS town_id
UNION ALL
MATCH (l:Leader)-[:LIAISES]->(t:Town)
RETURN l.leader_id AS helper_id, 'liaises' AS tie, l.leader_id AS via, CASE WHEN false THEN t.town_id END AS village_id,
       t.town_id AS town_id
