// name: institution_collaboration
// description: Pairs of institutions ranked by the papers they share.
// param: limit (integer, default 20)
// dialect: shared
MATCH (i:Institution)<-[:FROM_INSTITUTION]-(p:Paper)-[:FROM_INSTITUTION]->(j:Institution)
WHERE i.id < j.id
RETURN i.name AS institution, j.name AS partner, count(DISTINCT p) AS papers
ORDER BY papers DESC, institution, partner
LIMIT $limit
