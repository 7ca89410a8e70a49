// name: all_collaborator_paths
// description: Every shortest chain of coauthors between two authors.
// param: a (string) — id of the first author
// param: b (string) — id of the second author
// param: limit (integer, default 100)
// placeholder: max_hops (integer 1..15, default 6)
// dialect: Neo4j (`allShortestPaths`); LadybugDB variant in all_collaborator_paths.ladybug.cypher
MATCH (x:Author {id: $a}), (y:Author {id: $b})
MATCH p = allShortestPaths((x)-[:COAUTHORED_WITH*1..{max_hops}]-(y))
RETURN [n IN nodes(p) | n.id] AS ids, [n IN nodes(p) | n.name] AS names, length(p) AS hops
LIMIT $limit
