// name: author_by_id
// description: One author's id, name, name variants and number of papers, by id (how names given as ids
//   are checked).
// param: author_id (string) — the author's id
// internal: a step of name look-up (hidden from `graphkit query --list`)
// dialect: shared
MATCH (a:Author {id: $author_id})
OPTIONAL MATCH (a)-[:AUTHORED]->(p:Paper)
WITH a, count(p) AS papers
RETURN a.id AS id, a.name AS name, a.name_variants AS variants, papers
