// Households in need on $as_of with their last counted visit (pairnet visits).
// Params: $as_of (date), $as_of_year (int), $continuity_years (int), $visit_kinds (list of strings).
// In need: poor or monitored, or exited with $as_of_year <= exit_year + $continuity_years.
// A counted visit (a Visit row of the visits sheet): of a kind in $visit_kinds, on or before $as_of, by anyone
// (a visit is a fact about the household). The household's key is taken into a WITH first: LadybugDB's
// OPTIONAL MATCH ... WHERE must compare with a plain value, not a property of an earlier pattern.
MATCH (h:Household)
WHERE (h.status = 'poor' OR h.status = 'monitored'
       OR (h.status = 'exited' AND h.exit_year + $continuity_years >= $as_of_year))
WITH h, h.household_id AS hid
OPTIONAL MATCH (v:Visit)
WHERE v.household_id = hid AND v.date <= $as_of AND v.kind IN $visit_kinds
WITH h, hid, max(v.date) AS last_visit
OPTIONAL MATCH (g:Village) WHERE g.village_id = h.village_id
OPTIONAL MATCH (t:Town) WHERE t.town_id = g.town_id
RETURN hid AS id, h.head_name AS label, h.village_id AS village_id, g.town_id AS town_id,
       t.name AS town_label, last_visit
ORDER BY id
