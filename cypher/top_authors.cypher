// name: top_authors
// description: Authors ranked by a metric, optionally only those with papers in a category, at an
//   institution, or within a span of years. Metrics come from `graphkit analyze`.
// placeholder: metric (one of pagerank, h_index, g_index, citations, coauthors, weighted_degree,
//   betweenness, papers; default pagerank) — a property name, so formatted from that fixed list
// param: category (string, default "" = any) — arXiv code such as cs.LG
// param: institution (string, default "" = any) — institution name or id
// param: year_from (integer, default 0 = any)
// param: year_to (integer, default 9999)
// param: limit (integer, default 20)
// dialect: shared; empty-string and 0 sentinels stand for "any" because LadybugDB cannot type a null parameter
MATCH (a:Author)
WHERE a.{metric} IS NOT NULL
  AND ($category = '' OR EXISTS {
        MATCH (a)-[:AUTHORED]->(:Paper)-[:IN_CATEGORY]->(c:Category) WHERE c.code = $category })
  AND ($institution = '' OR EXISTS {
        MATCH (a)-[:AUTHORED]->(:Paper)-[:FROM_INSTITUTION]->(i:Institution)
        WHERE i.name = $institution OR i.id = $institution })
  AND (($year_from = 0 AND $year_to = 9999) OR EXISTS {
        MATCH (a)-[:AUTHORED]->(p:Paper) WHERE p.year >= $year_from AND p.year <= $year_to })
RETURN a.id AS id, a.name AS name, a.{metric} AS value, a.papers AS papers, a.community AS community
ORDER BY value DESC, name
LIMIT $limit
