// The responsibility chain of one household (pairnet chain): the household, its helpers, its village's
// packaging units and leaders and stationed cadres, and its town's liaising leaders, one row per link.
// Params: $household_id (string). Dates and activity are returned as stored; pairnet judges them on --as-of.
// A household's village, a village's town and a cadre's unit are edges (LIVES_IN, IN_TOWN, WORKS_IN), the one
// place the stores keep them.
// Blank columns are typed CASE expressions because LadybugDB cannot UNION a bare NULL with a typed column.
MATCH (h:Household {household_id: $household_id})
OPTIONAL MATCH (h)-[:LIVES_IN]->(hv:Village)
RETURN 'household' AS part, h.household_id AS id, h.head_name AS name, h.status AS rank, hv.village_id AS unit_id,
       CASE WHEN false THEN h.status END AS role, h.exit_year AS year,
       CASE WHEN false THEN date('2000-01-01') END AS since, CASE WHEN false THEN date('2000-01-01') END AS until,
       true AS active
UNION ALL
MATCH (l:Leader)-[p:HELPS]->(h:Household {household_id: $household_id})
RETURN 'helper' AS part, l.leader_id AS id, l.name AS name, 'county' AS rank, CASE WHEN false THEN l.name END AS unit_id,
       'leader' AS role, CASE WHEN false THEN h.exit_year END AS year, p.since AS since, p.until AS until, true AS active
UNION ALL
MATCH (c:Cadre)-[p:HELPS]->(h:Household {household_id: $household_id})
OPTIONAL MATCH (c)-[:WORKS_IN]->(u:Unit)
RETURN 'helper' AS part, c.cadre_id AS id, c.name AS name, c.rank AS rank, u.unit_id AS unit_id,
       'cadre' AS role, CASE WHEN false THEN h.exit_year END AS year, p.since AS since, p.until AS until,
       coalesce(c.active, true) AS active
UNION ALL
MATCH (h:Household {household_id: $household_id})-[:LIVES_IN]->(v:Village)
OPTIONAL MATCH (v)-[:IN_TOWN]->(t:Town)
RETURN 'village' AS part, v.village_id AS id, v.name AS name, CASE WHEN v.deep_poverty THEN 'deep_poverty'
       WHEN v.poor THEN 'poor' ELSE 'not_poor' END AS rank, t.town_id AS unit_id, v.branch_rating AS role,
       CASE WHEN false THEN h.exit_year END AS year, CASE WHEN false THEN date('2000-01-01') END AS since,
       CASE WHEN false THEN date('2000-01-01') END AS until, true AS active
UNION ALL
MATCH (h:Household {household_id: $household_id})-[:LIVES_IN]->(v:Village)<-[k:PACKAGES]-(u:Unit)
RETURN 'packaging_unit' AS part, u.unit_id AS id, u.name AS name, u.kind AS rank, u.unit_id AS unit_id,
       CASE WHEN false THEN u.name END AS role, CASE WHEN false THEN h.exit_year END AS year,
       k.since AS since, k.until AS until, true AS active
UNION ALL
MATCH (h:Household {household_id: $household_id})-[:LIVES_IN]->(v:Village)<-[k:PACKAGES]-(l:Leader)
RETURN 'packaging_leader' AS part, l.leader_id AS id, l.name AS name, 'county' AS rank,
       CASE WHEN false THEN l.name END AS unit_id, l.title AS role, CASE WHEN false THEN h.exit_year END AS year,
       k.since AS since, k.until AS until, true AS active
UNION ALL
MATCH (h:Household {household_id: $household_id})-[:LIVES_IN]->(v:Village)<-[s:STATIONED_IN]-(c:Cadre)
OPTIONAL MATCH (c)-[:WORKS_IN]->(u:Unit)
RETURN 'stationed' AS part, c.cadre_id AS id, c.name AS name, c.rank AS rank, u.unit_id AS unit_id,
       s.role AS role, CASE WHEN false THEN h.exit_year END AS year, s.since AS since, s.until AS until,
       coalesce(c.active, true) AS active
UNION ALL
MATCH (h:Household {household_id: $household_id})-[:LIVES_IN]->(v:Village)-[:IN_TOWN]->(t:Town)
RETURN 'town' AS part, t.town_id AS id, t.name AS name, CASE WHEN false THEN t.name END AS rank,
       CASE WHEN false THEN t.name END AS unit_id, CASE WHEN false THEN t.name END AS role,
       CASE WHEN false THEN h.exit_year END AS year, CASE WHEN false THEN date('2000-01-01') END AS since,
       CASE WHEN false THEN date('2000-01-01') END AS until, true AS active
UNION ALL
MATCH (h:Household {household_id: $household_id})-[:LIVES_IN]->(v:Village)-[:IN_TOWN]->(t:Town)<-[:LIAISES]-(l:Leader)
RETURN 'liaison' AS part, l.leader_id AS id, l.name AS name, 'county' AS rank, CASE WHEN false THEN l.name END AS unit_id,
       l.title AS role, CASE WHEN false THEN h.exit_year END AS year, CASE WHEN false THEN date('2000-01-01') END AS since,
       CASE WHEN false THEN date('2000-01-01') END AS until, true AS active
