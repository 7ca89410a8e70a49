// name: citing_authors
// description: Who cites an author: authors of papers citing any of their papers, by citing papers.
// param: author_id (string)
// param: limit (integer, default 20)
// dialect: shared
MATCH (x:Author {id: $author_id})-[:AUTHORED]->(:Paper)<-[:CITES]-(q:Paper)<-[:AUTHORED]-(c:Author)
WHERE c.id <> x.id
RETURN c.id AS id, c.name AS name, count(DISTINCT q) AS citing_papers
ORDER BY citing_papers DESC, name
LIMIT $limit
