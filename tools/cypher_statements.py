"""Print every Neo4j-dialect statement graphkit can send, as JSON, for tools/lint_cypher.mjs.

Covers the query library (each placeholder rendered with every allowed value that changes the
text's shape: every metric, and one hop bound).
"""

from __future__ import annotations

import json

from graphkit.queries import METRICS, load_queries, render


def statements() -> list[dict[str, str]]:
    """Each statement with the place it comes from, e.g. ``cypher/top_authors (metric=h_index)``."""
    found = []
    for query in load_queries().values():
        shaped = "metric" in query.placeholders
        for metric in METRICS if shaped else ["pagerank"]:
            source = f"cypher/{query.name} (metric={metric})" if shaped else f"cypher/{query.name}"
            found.append({"source": source, "statement": render(query, "neo4j", {"metric": metric})})
    return found


if __name__ == "__main__":
    print(json.dumps(statements()))
