// Deep-poverty villages with no county leader packaging them on $as_of (pairnet gaps: deep_village_without_leader).
// Params: $as_of (date).
MATCH (v:Village)
WHERE v.deep_poverty = true
  AND NOT EXISTS {
    MATCH (l:Leader)-[k:PACKAGES]->(v)
    WHERE (k.since IS NULL OR k.since <= $as_of) AND (k.until IS NULL OR k.until >= $as_of)
  }
OPTIONAL MATCH (v)-[:IN_TOWN]->(t:Town)
RETURN v.village_id AS id, v.name AS label, v.village_id AS village_id, t.town_id AS town_id, NULL AS reason
ORDER BY id
