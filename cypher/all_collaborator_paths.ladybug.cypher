// name: all_collaborator_paths
// description: Every shortest chain of coauthors between two authors.
// param: a (string) — id of the first author
// param: b (string) — id of the second author
// param: limit (integer, default 100)
// placeholder: max_hops (integer 1..15, default 6)
// dialect: LadybugDB (`* ALL SHORTEST`); Neo4j variant in all_collaborator_paths.neo4j.cypher
MATCH p = (x:Author)-[:COAUTHORED_WITH* ALL SHORTEST 1..{max_hops}]-(y:Author)
WHERE x.id = $a AND y.id = $b
RETURN properties(nodes(p), 'id') AS ids, properties(nodes(p), 'name') AS names, length(p) AS hops
LIMIT $limit
