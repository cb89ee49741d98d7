// Poor villages with no unit packaging them on $as_of (pairnet gaps: village_without_unit).
// Params: $as_of (date). Packaging is current when since is blank or <= $as_of and until is blank or >= $as_of.
MATCH (v:Village)
WHERE v.poor = true
  AND NOT EXISTS {
    MATCH (u:Unit)-[k:PACKAGES]->(v)
    WHERE (k.since IS NULL OR k.since <= $as_of) AND (k.until IS NULL OR k.until >= $as_of)
  }
OPTIONAL MATCH (v)-[:IN_TOWN]->(t:Town)
RETURN v.village_id AS id, v.name AS label, v.village_id AS village_id, t.town_id AS town_id, NULL AS reason
ORDER BY id
