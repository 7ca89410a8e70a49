// name: author_directory
// description: Every author's id, name, name variants and number of papers (what forgiving name look-up
//   searches, and how it picks among several people who match).
// internal: a step of name look-up (hidden from `graphkit query --list`)
// dialect: shared
MATCH (a:Author)
OPTIONAL MATCH (a)-[:AUTHORED]->(p:Paper)
WITH a, count(p) AS papers
RETURN a.id AS id, a.name AS name, a.name_variants AS variants, papers
