// name: recommended_collaborators
// description: People an author has not written with, ranked by resource allocation over shared
//   coauthors (the sum of 1 / degree of each shared coauthor), with the shared coauthors as evidence.
// param: author_id (string)
// param: limit (integer, default 10)
// dialect: shared
MATCH (a:Author {id: $author_id})-[:COAUTHORED_WITH]-(z:Author)-[:COAUTHORED_WITH]-(c:Author)
WHERE c.id <> a.id AND NOT EXISTS { MATCH (a)-[:COAUTHORED_WITH]-(c) }
WITH c, z, COUNT { MATCH (z)-[:COAUTHORED_WITH]-(:Author) } AS degree
RETURN c.id AS id, c.name AS name, sum(1.0 / degree) AS score, collect(z.name) AS via
ORDER BY score DESC, name
LIMIT $limit
