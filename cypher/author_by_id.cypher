// name: author_by_id
// description: One author's id, name and name variants, by id (how names given as ids are checked).
// param: author_id (string) — the author's id
// dialect: shared
MATCH (a:Author {id: $author_id})
RETURN a.id AS id, a.name AS name, a.name_variants AS variants
