// How many households need a helper on $as_of (pairnet balance: capacity).
// Params: $as_of_year (int), $continuity_years (int).
MATCH (h:Household)
WHERE h.status = 'poor' OR h.status = 'monitored'
   OR (h.status = 'exited' AND h.exit_year + $continuity_years >= $as_of_year)
RETURN count(h) AS households
