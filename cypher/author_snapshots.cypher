// name: author_snapshots
// description: An author's metrics as they stood on each day `graphkit analyze --as-of` / `--years` kept,
//   oldest first (metrics a snapshot did not compute are null).
// param: author_id (string)
// dialect: shared
MATCH (a:Author {id: $author_id})-[:AUTHOR_SNAPSHOT]->(s:AuthorSnapshot)
RETURN s.as_of AS as_of, s.papers AS papers, s.citations AS citations, s.h_index AS h_index,
       s.pagerank AS pagerank, s.betweenness AS betweenness, s.core_number AS core_number, s.community AS community
ORDER BY as_of
