// Load of every active helper on $as_of against the quota of its rank (pairnet balance).
// Params: $as_of (date), $as_of_year (int), $continuity_years (int),
//         $quota_county, $quota_section, $quota_staff, $quota_village (int).
// Load = households in need with a pairing current on $as_of (since blank or <= $as_of, until blank or >= $as_of);
// counting them needs no DISTINCT: a helper and a household are paired by at most one HELPS (schema identity).
// Leaders are county rank, in no unit (the CASE gives a typed blank: LadybugDB cannot UNION a bare NULL with a
// string), and always active; a cadre is active unless active = false.
// A COUNT subquery per helper (rather than OPTIONAL MATCH then count) keeps helpers with no load and is about
// twice as fast on LadybugDB at province scale.
MATCH (l:Leader)
RETURN l.leader_id AS id, l.name AS label, 'county' AS rank, CASE WHEN false THEN l.name END AS unit_id,
       COUNT {
         MATCH (l)-[q:HELPS]->(h:Household)
         WHERE (q.since IS NULL OR q.since <= $as_of) AND (q.until IS NULL OR q.until >= $as_of)
           AND (h.status = 'poor' OR h.status = 'monitored'
                OR (h.status = 'exited' AND h.exit_year + $continuity_years >= $as_of_year))
       } AS load,
       $quota_county AS quota
UNION ALL
MATCH (c:Cadre)
WHERE coalesce(c.active, true)
OPTIONAL MATCH (c)-[:WORKS_IN]->(u:Unit)
RETURN c.cadre_id AS id, c.name AS label, c.rank AS rank, u.unit_id AS unit_id,
       COUNT {
         MATCH (c)-[p:HELPS]->(h:Household)
         WHERE (p.since IS NULL OR p.since <= $as_of) AND (p.until IS NULL OR p.until >= $as_of)
           AND (h.status = 'poor' OR h.status = 'monitored'
                OR (h.status = 'exited' AND h.exit_year + $continuity_years >= $as_of_year))
       } AS load,
       CASE c.rank WHEN 'county' THEN $quota_county WHEN 'section' THEN $quota_section
                   WHEN 'staff' THEN $quota_staff ELSE $quota_village END AS quota
