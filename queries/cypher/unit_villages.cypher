// Every unit with the villages it packages on $as_of (pairnet bulletin: gaps in the villages a unit packages);
// a unit packaging none has one row with a blank village_id.
// Params: $as_of (date). Current: since blank or <= $as_of, until blank or >= $as_of.
MATCH (u:Unit)
OPTIONAL MATCH (u)-[p:PACKAGES]->(v:Village)
WHERE (p.since IS NULL OR p.since <= $as_of) AND (p.until IS NULL OR p.until >= $as_of)
RETURN u.unit_id AS unit_id, u.name AS unit_label, v.village_id AS village_id
ORDER BY unit_id, village_id
