// name: most_cited_papers
// description: Papers ranked by the citations the graph holds (then by the count a source reports).
// param: category (string, default "" = any)
// param: limit (integer, default 20)
// dialect: shared
MATCH (p:Paper)
WHERE p.title IS NOT NULL
  AND ($category = '' OR EXISTS { MATCH (p)-[:IN_CATEGORY]->(c:Category) WHERE c.code = $category })
RETURN p.id AS id, p.title AS title, p.year AS year, COUNT { MATCH (:Paper)-[:CITES]->(p) } AS citations,
       p.citation_count AS reported_citations
ORDER BY citations DESC, coalesce(p.citation_count, -1) DESC, title
LIMIT $limit
