// name: author_directory
// description: Every author's id, name and name variants (what forgiving name look-up searches).
// dialect: shared
MATCH (a:Author)
RETURN a.id AS id, a.name AS name, a.name_variants AS variants
