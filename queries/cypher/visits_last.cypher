// The last counted visit of each helper to each household on $as_of (pairnet visits).
// Params: $as_of (date), $visit_kinds (list of strings).
// A counted visit: a Visit row (the visits sheet) of a kind in $visit_kinds, on or before $as_of. One scan of
// the event table, grouped: the households and pairs are joined to it by their ids (a join by property inside
// the query would compare every household with every visit).
MATCH (v:Visit)
WHERE v.date <= $as_of AND v.kind IN $visit_kinds
RETURN v.household_id AS household_id, v.helper_id AS helper_id, max(v.date) AS last_visit
ORDER BY household_id, helper_id
