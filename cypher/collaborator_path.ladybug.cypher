// name: collaborator_path
// description: The shortest chain of coauthors between two authors (one of them if several).
// param: a (string) — id of the first author
// param: b (string) — id of the second author
// placeholder: max_hops (integer 1..15, default 6) — the longest chain searched; formatted into the
//   pattern because variable-length bounds cannot be parameters in either dialect
// dialect: LadybugDB (`* SHORTEST`, `properties(nodes(p), …)`); Neo4j variant in collaborator_path.neo4j.cypher
MATCH p = (x:Author)-[:COAUTHORED_WITH* SHORTEST 1..{max_hops}]-(y:Author)
WHERE x.id = $a AND y.id = $b
RETURN properties(nodes(p), 'id') AS ids, properties(nodes(p), 'name') AS names, length(p) AS hops
LIMIT 1
