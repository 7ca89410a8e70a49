// name: community_summary
// description: The largest communities (from `graphkit analyze`) with their size and most central member.
// param: limit (integer, default 10)
// dialect: shared
MATCH (a:Author)
WHERE a.community IS NOT NULL
WITH a.community AS community, count(*) AS size, max(a.pagerank) AS top_pagerank
MATCH (c:Author)
WHERE c.community = community AND c.pagerank = top_pagerank
// Members tied on PageRank (e.g. both authors of a two-person community): the first name wins.
WITH community, size, top_pagerank, min(c.name) AS central_member
RETURN community, size, central_member, top_pagerank AS pagerank
ORDER BY size DESC, community
LIMIT $limit
