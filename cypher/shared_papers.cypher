// name: shared_papers
// description: The papers two authors wrote together (the evidence behind one hop of a path).
// param: a (string) — id of one author
// param: b (string) — id of the other
// dialect: shared
MATCH (x:Author {id: $a})-[:AUTHORED]->(p:Paper)<-[:AUTHORED]-(y:Author {id: $b})
RETURN p.id AS id, p.title AS title, p.year AS year
ORDER BY year DESC, title
