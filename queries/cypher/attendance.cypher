// Active cadres stationed in a village at some time in a month, with their attendance days there (pairnet
// attendance). Params: $month_start, $month_end (dates).
// A stationing overlaps the month when since is blank or <= $month_end and until is blank or >= $month_start.
// Days count only inside the stationing and the month (first_day..last_day): Attendance rows of the attendance
// sheet naming the cadre and the village, of a kind: present (在村), leave (请假, approved), away (离村 without
// approval); one row per cadre, village and day (a fault otherwise).
// Keys and the window go into a WITH first: LadybugDB's OPTIONAL MATCH ... WHERE must compare with plain values.
MATCH (c:Cadre)-[s:STATIONED_IN]->(g:Village)
WHERE coalesce(c.active, true)
  AND (s.since IS NULL OR s.since <= $month_end) AND (s.until IS NULL OR s.until >= $month_start)
WITH c, g, s, c.cadre_id AS cid, g.village_id AS vid,
     CASE WHEN s.since IS NULL OR s.since < $month_start THEN $month_start ELSE s.since END AS first_day,
     CASE WHEN s.until IS NULL OR s.until > $month_end THEN $month_end ELSE s.until END AS last_day
OPTIONAL MATCH (a:Attendance)
WHERE a.cadre_id = cid AND a.village_id = vid AND a.date >= first_day AND a.date <= last_day
RETURN cid AS id, c.name AS label, c.unit_id AS unit_id, vid AS village_id, g.town_id AS town_id,
       s.role AS role, s.since AS since, s.until AS until,
       sum(CASE WHEN a.kind = 'present' THEN 1 ELSE 0 END) AS present,
       sum(CASE WHEN a.kind = 'leave' THEN 1 ELSE 0 END) AS leave,
       sum(CASE WHEN a.kind = 'away' THEN 1 ELSE 0 END) AS away
ORDER BY id, village_id
