// name: collaborator_path
// description: The shortest chain of coauthors between two authors (one of them if several).
// param: a (string) — id of the first author
// param: b (string) — id of the second author
// placeholder: max_hops (integer 1..15, default 6)
// dialect: Neo4j (`shortestPath`, list comprehension); LadybugDB variant in collaborator_path.ladybug.cypher
MATCH (x:Author {id: $a}), (y:Author {id: $b})
MATCH p = shortestPath((x)-[:COAUTHORED_WITH*1..{max_hops}]-(y))
RETURN [n IN nodes(p) | n.id] AS ids, [n IN nodes(p) | n.name] AS names, length(p) AS hops
LIMIT 1
