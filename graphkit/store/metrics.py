"""The statements that write analysis results: the metric columns and similarity edges, and nothing else.

Every metric column is first cleared (an author the analysis left out — one who did not yet exist
``as_of`` a day — must not keep an old figure), then set by key in ``UNWIND`` batches; the similarity
edges are deleted and created anew. Each store runs these statements in one transaction
(:meth:`~graphkit.store.base.GraphStore.write_metrics`). Labels and property names come from the schema's
fixed lists; values travel as parameters.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any

from graphkit.resolve.graph import KnowledgeGraph
from graphkit.store.schema import AUTHOR_METRICS, METRIC_RELS, PAPER_METRICS

__all__ = ["metric_statements", "run_metric_statements"]

BATCH_ROWS = 20_000

Statement = tuple[str, dict[str, Any], str, int]
"""A statement, its parameters, what it writes (a label or type) and how many rows it writes."""


def _batches(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def metric_statements(graph: KnowledgeGraph) -> Iterator[Statement]:
    """The statements that replace a store's analysis results with ``graph``'s, in order.

    Examples
    --------
    >>> graph = KnowledgeGraph(author_metrics={"a": {name: 1 for name in AUTHOR_METRICS}})
    >>> [(target, rows) for _, _, target, rows in metric_statements(graph)]
    [('Author', 0), ('Author', 1), ('Paper', 0), ('COCITED_WITH', 0), ('COUPLED_WITH', 0)]
    """
    for label, names, metrics in (
        ("Author", AUTHOR_METRICS, graph.author_metrics),
        ("Paper", PAPER_METRICS, graph.paper_metrics),
    ):
        yield f"MATCH (n:{label}) SET " + ", ".join(f"n.{name} = null" for name in names), {}, label, 0
        statement = f"UNWIND $rows AS row MATCH (n:{label} {{id: row.id}}) SET " + ", ".join(
            f"n.{name} = row.{name}" for name in names
        )
        rows = ({"id": key, **{name: values[name] for name in names}} for key, values in metrics.items())
        for batch in _batches(rows, BATCH_ROWS):
            yield statement, {"rows": batch}, label, len(batch)
    for rel_type, pairs in zip(METRIC_RELS, (graph.cocited_with, graph.coupled_with), strict=True):
        yield f"MATCH (:Paper)-[r:{rel_type}]->(:Paper) DELETE r", {}, rel_type, 0
        statement = (
            "UNWIND $rows AS row MATCH (a:Paper {id: row.src}), (b:Paper {id: row.dst}) "
            f"CREATE (a)-[:{rel_type} {{weight: row.weight}}]->(b)"
        )
        rows = ({"src": a, "dst": b, "weight": weight} for (a, b), weight in sorted(pairs.items()))
        for batch in _batches(rows, BATCH_ROWS):
            yield statement, {"rows": batch}, rel_type, len(batch)


def run_metric_statements(
    run: Callable[[str, dict[str, Any]], object],
    graph: KnowledgeGraph,
    progress: Callable[[str, int], None] | None = None,
) -> dict[str, int]:
    """Run :func:`metric_statements` through ``run(statement, parameters)``; return the rows written per target.

    The caller opens and closes the transaction (each store does that its own way).
    """
    written: dict[str, int] = {}
    for statement, parameters, target, rows in metric_statements(graph):
        run(statement, parameters)
        written[target] = written.get(target, 0) + rows
        if progress is not None and rows:
            progress(f"{target} metrics", rows)
    return written
