// name: authors_named
// description: Authors whose name or one of whose name variants is exactly this string, with their number of
//   papers (the fast first step of name look-up; other spellings are matched over the whole directory).
// param: name (string)
// internal: a step of name look-up (hidden from `graphkit query --list`)
// dialect: shared
MATCH (a:Author)
WHERE a.name = $name OR $name IN a.name_variants
OPTIONAL MATCH (a)-[:AUTHORED]->(p:Paper)
WITH a, count(p) AS papers
RETURN a.id AS id, a.name AS name, a.name_variants AS variants, papers
ORDER BY name, id
