"""Print every Neo4j-dialect statement graphkit can send, as JSON, for tools/lint_cypher.mjs.

Covers the query library (each placeholder rendered with every allowed value that changes the
text's shape: every metric, and one hop bound), the Neo4j schema (constraints and indexes) and every
loader statement, with all properties from the rows and with all of them null.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import pyarrow as pa

from graphkit.analysis import trends
from graphkit.analysis.gds import PROCEDURES, analyze_in_neo4j, recommend_in_neo4j, recommend_statements
from graphkit.api.graph import metrics_statement
from graphkit.query.library import METRICS, load_queries, metric_written_statement, render
from graphkit.store.loader import neo4j_schema_statements, node_statement, rel_statement
from graphkit.store.metrics import MetricTables, metric_statements
from graphkit.store.schema import METRIC_RELS, OWNED_METRICS, SCHEMA, SNAPSHOT_OF
from graphkit.store.snapshots import SnapshotTables, clear_snapshots_statements, snapshot_statements


def statements() -> list[dict[str, Any]]:
    """Each statement with the place it comes from, e.g. ``cypher/top_authors (metric=h_index)``."""
    found = []
    for query in load_queries().values():
        shaped = "metric" in query.placeholders
        for metric in METRICS if shaped else ["pagerank"]:
            source = f"cypher/{query.name} (metric={metric})" if shaped else f"cypher/{query.name}"
            found.append({"source": source, "statement": render(query, "neo4j", {"metric": metric})})
    # The Python API's and the command line's own reads: is a metric there yet, every metric as node attributes.
    for metric in METRICS:
        found.append({"source": f"metric_written ({metric})", "statement": metric_written_statement(metric)})
    for label in ("Author", "Paper"):
        found.append({"source": f"api to_networkx ({label} metrics)", "statement": metrics_statement(label)})
    for number, statement in enumerate(neo4j_schema_statements()):
        found.append({"source": f"schema #{number}", "statement": statement})
    for node in SCHEMA.nodes:
        every = frozenset(p.name for p in node.properties)
        for nulls in (frozenset(), every):
            found.append(
                {"source": f"loader {node.label} (nulls={len(nulls)})", "statement": node_statement(node, nulls)}
            )
    for rel in SCHEMA.rels:
        every = frozenset(p.name for p in rel.properties)
        for nulls in (frozenset(), every):
            found.append({"source": f"loader {rel.type} (nulls={len(nulls)})", "statement": rel_statement(rel, nulls)})
    # What `analyze` runs against Neo4j: every metric column cleared and set, the similarity edges replaced.
    tables = MetricTables(
        authors=pa.table({"id": ["a"], **{name: [1] for name in OWNED_METRICS["Author"]}}),
        papers=pa.table({"id": ["p"], **{name: [1] for name in OWNED_METRICS["Paper"]}}),
        relationships={name: pa.table({"src": ["p"], "dst": ["q"], "weight": [1]}) for name in METRIC_RELS},
        categories=pa.table({"code": ["c"], **{name: [1] for name in OWNED_METRICS["Category"]}}),
    )
    seen: set[str] = set()
    for statement, _, target, _ in metric_statements(tables):
        if statement not in seen:
            seen.add(statement)
            found.append({"source": f"analyze write-back {target}", "statement": statement})
    # What `analyze --as-of` runs: a day's snapshot replaced (every snapshot metric), and a build's clearing.
    snapshot = SnapshotTables(
        dt.date(2001, 12, 31),
        {"authors": 1, "modularity": 0.5, "metrics": ["pagerank"]},
        {
            label: pa.table({"id": ["x"], **{name: [1] for name in names}})
            for label, (_, _, names) in SNAPSHOT_OF.items()
        },
    )
    for statement, _, target, _ in snapshot_statements(snapshot):
        if statement not in seen:
            seen.add(statement)
            found.append({"source": f"analyze --as-of {target}", "statement": statement})
    for statement in clear_snapshots_statements():
        found.append({"source": "build clears snapshots", "statement": statement})
    # The timeline's and the burst listing's reads.
    for name in ("_PAPERS", "_CITATIONS", "_LAST_DAY", "_SNAPSHOTS", "_NAME"):
        found.append({"source": f"trends.{name}", "statement": getattr(trends, name)})
    for subjects in trends.BURST_SUBJECTS:
        found.append({"source": f"bursts --of {subjects}", "statement": trends.burst_query(subjects)})
    found.extend(gds_statements())
    return found


def gds_statements() -> list[dict[str, Any]]:
    """What ``analyze --neo4j --gds`` and ``recommend --neo4j`` send, linted with the GDS procedures listed."""
    # Run as a script (`python tools/cypher_statements.py`) as well as imported by the tests.
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tools.gds_signatures import RecordingSession, linter_schema

    session = RecordingSession()
    for method in ("louvain", "leiden"):
        analyze_in_neo4j(session, community_method=method)
    recommend_in_neo4j(session, "a", method="adamic_adar")
    sent = {statement: None for statement, _ in session.statements()}
    sent.update(dict.fromkeys(recommend_statements().values()))
    schema = linter_schema(list(PROCEDURES))
    return [{"source": f"gds #{number}", "statement": statement, "schema": schema}
            for number, statement in enumerate(sent)]  # fmt: skip


if __name__ == "__main__":
    print(json.dumps(statements()))
