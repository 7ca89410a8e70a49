// name: category_crosslisting
// description: Pairs of arXiv categories ranked by the papers listed in both.
// param: limit (integer, default 20)
// dialect: shared
MATCH (c:Category)<-[:IN_CATEGORY]-(p:Paper)-[:IN_CATEGORY]->(d:Category)
WHERE c.code < d.code
RETURN c.code AS category, d.code AS cross_listed_with, count(DISTINCT p) AS papers
ORDER BY papers DESC, category, cross_listed_with
LIMIT $limit
