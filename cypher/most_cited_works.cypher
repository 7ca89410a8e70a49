// name: most_cited_works
// description: Works by the citations the graph holds, stub papers (works only cited) included: the most cited references of a bibliometric study.
// param: limit (integer, default 20)
// dialect: shared
MATCH (p:Paper)
WITH p, COUNT { MATCH (:Paper)-[:CITES]->(p) } AS citations
WHERE citations > 0
RETURN p.id AS id, coalesce(p.title, '') AS title, p.year AS year, p.venue AS venue, p.volume AS volume,
       p.pages AS pages, citations
ORDER BY citations DESC, id
LIMIT $limit
