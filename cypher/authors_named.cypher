// name: authors_named
// description: Authors whose name or one of whose name variants is exactly this string (the fast first
//   step of name look-up; case, accent and initial matching follow only when it finds no one).
// param: name (string)
// dialect: shared
MATCH (a:Author)
WHERE a.name = $name OR $name IN a.name_variants
RETURN a.id AS id, a.name AS name, a.name_variants AS variants
ORDER BY name, id
