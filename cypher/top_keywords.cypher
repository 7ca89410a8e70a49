// name: top_keywords
// description: Keywords ranked by the papers that carry them (kind: author, indexed, topic, or "" for any).
// param: kind (string, default "" = any)
// param: limit (integer, default 20)
// dialect: shared
MATCH (p:Paper)-[h:HAS_KEYWORD]->(k:Keyword)
WHERE $kind = '' OR h.kind = $kind
WITH k, count(DISTINCT p) AS papers
RETURN k.id AS id, k.name AS keyword, papers
ORDER BY papers DESC, keyword
LIMIT $limit
