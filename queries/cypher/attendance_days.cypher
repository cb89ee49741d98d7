// The attendance days of a month (pairnet attendance): Attendance rows (the attendance sheet) with
// $month_start <= date <= $month_end, one per cadre, village and day; kind present (在村), leave (请假, approved)
// or away (离村 without approval). Params: $month_start, $month_end (dates).
MATCH (a:Attendance)
WHERE a.date >= $month_start AND a.date <= $month_end
RETURN a.cadre_id AS cadre_id, a.village_id AS village_id, a.date AS date, a.kind AS kind
ORDER BY cadre_id, village_id, date
