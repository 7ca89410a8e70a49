// name: author_timeline
// description: An author's papers per year.
// param: author_id (string)
// dialect: shared
MATCH (a:Author {id: $author_id})-[:AUTHORED]->(p:Paper)
WHERE p.year IS NOT NULL
RETURN p.year AS year, count(DISTINCT p) AS papers
ORDER BY year
