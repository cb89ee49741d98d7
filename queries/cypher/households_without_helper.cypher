// Households in need with no active helper on $as_of, and why (pairnet gaps: household_without_helper).
// Params: $as_of (date), $as_of_year (int), $continuity_years (int).
// In need: poor or monitored, or exited with $as_of_year <= exit_year + $continuity_years.
// A pairing is current when since is blank or <= $as_of and until is blank or >= $as_of.
// Active helper: a Leader always (it has no `active` property, so coalesce gives true); a Cadre unless
// active = false (blank counts as active).
// Reason: only_inactive_helpers (current pairings, but none with an active helper), pairings_ended (no current
// pairing, one ended before $as_of), never_paired (no pairing, or only ones not begun yet).
// Shape: the anti-join first (NOT EXISTS), then the few households left get their reason.
MATCH (h:Household)
WHERE (h.status = 'poor' OR h.status = 'monitored'
       OR (h.status = 'exited' AND h.exit_year + $continuity_years >= $as_of_year))
  AND NOT EXISTS {
    MATCH (x)-[p:HELPS]->(h)
    WHERE coalesce(x.active, true)
      AND (p.since IS NULL OR p.since <= $as_of) AND (p.until IS NULL OR p.until >= $as_of)
  }
OPTIONAL MATCH (y)-[q:HELPS]->(h)
WITH h, count(q) AS pairings,
     sum(CASE WHEN q.until < $as_of OR q.since > $as_of THEN 1 ELSE 0 END) AS not_now,
     sum(CASE WHEN q.until < $as_of THEN 1 ELSE 0 END) AS ended
OPTIONAL MATCH (h)-[:LIVES_IN]->(v:Village)
OPTIONAL MATCH (v)-[:IN_TOWN]->(t:Town)
RETURN h.household_id AS id, h.head_name AS label, v.village_id AS village_id, t.town_id AS town_id,
       CASE WHEN pairings > not_now THEN 'only_inactive_helpers'
            WHEN ended > 0 THEN 'pairings_ended'
            ELSE 'never_paired' END AS reason
ORDER BY id
