// name: keyword_papers
// description: The papers carrying a keyword (its name, case ignored, or its id), newest first.
// param: keyword (string) — a keyword as printed (case ignored) or its id (kw:…)
// param: limit (integer, default 50)
// dialect: shared
MATCH (p:Paper)-[h:HAS_KEYWORD]->(k:Keyword)
WHERE k.id = $keyword OR k.id = 'kw:' + toLower($keyword) OR toLower(k.name) = toLower($keyword)
RETURN p.id AS id, p.title AS title, p.year AS year, collect(DISTINCT h.kind) AS kinds
ORDER BY year DESC, title
LIMIT $limit
