// name: coauthors
// description: An author's coauthors with the number of shared papers and the years they span.
// param: author_id (string) — the author's id (the CLI and Python API resolve names to ids)
// param: limit (integer, default 50)
// dialect: shared by Neo4j and LadybugDB
MATCH (a:Author {id: $author_id})-[c:COAUTHORED_WITH]-(b:Author)
RETURN b.id AS id, b.name AS name, c.papers AS papers, c.first_year AS first_year, c.last_year AS last_year
ORDER BY papers DESC, name
LIMIT $limit
