// name: strongest_bursts
// description: Papers with the strongest bursts of citations (Kleinberg, by year; written by `graphkit analyze`),
//   strongest first, as CiteSpace lists them.
// param: limit (integer, default 25)
// dialect: shared
MATCH (p:Paper)
WHERE p.burst_strength IS NOT NULL
RETURN p.id AS id, p.title AS title, p.year AS year, p.burst_start AS burst_start, p.burst_end AS burst_end,
       p.burst_strength AS strength
ORDER BY strength DESC, id
LIMIT $limit
