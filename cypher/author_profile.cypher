// name: author_profile
// description: One author: ids, metrics, paper and coauthor counts, categories and institutions.
// param: author_id (string)
// dialect: shared
MATCH (a:Author {id: $author_id})
OPTIONAL MATCH (a)-[:AUTHORED]->(p:Paper)
WITH a, count(DISTINCT p) AS paper_count
OPTIONAL MATCH (a)-[:COAUTHORED_WITH]-(b:Author)
WITH a, paper_count, count(DISTINCT b) AS coauthor_count
OPTIONAL MATCH (a)-[:AUTHORED]->(:Paper)-[:IN_CATEGORY]->(c:Category)
WITH a, paper_count, coauthor_count, collect(DISTINCT c.code) AS categories
OPTIONAL MATCH (a)-[:AUTHORED]->(:Paper)-[:FROM_INSTITUTION]->(i:Institution)
RETURN a.id AS id, a.name AS name, a.name_variants AS name_variants, a.orcid AS orcid,
       paper_count, coauthor_count, categories, collect(DISTINCT i.name) AS institutions,
       a.pagerank AS pagerank, a.h_index AS h_index, a.citations AS citations, a.community AS community,
       a.profile_h_index AS reported_h_index
