// How many households need a helper on $as_of (pairnet balance: capacity).
// Params: $as_of (date), $as_of_year (int), $continuity_years (int), $continuity_until (date).
MATCH (h:Household)
WHERE h.status = 'poor' OR h.status = 'monitored'
   OR (h.status = 'exited' AND (h.exit_year + $continuity_years >= $as_of_year OR $as_of <= $continuity_until))
RETURN count(h) AS households
