// Towns no county leader liaises with (pairnet gaps: town_without_leader). No parameters are needed.
MATCH (t:Town)
WHERE NOT EXISTS { MATCH (l:Leader)-[:LIAISES]->(t) }
RETURN t.town_id AS id, t.name AS label, NULL AS village_id, t.town_id AS town_id, NULL AS reason
ORDER BY id
