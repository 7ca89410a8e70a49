"""Rows for the stores, generated from the graph and the one schema.

Node rows are dictionaries keyed by the schema's property names; relationship rows carry the
endpoint keys as ``src`` and ``dst`` plus the relationship's properties.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pyarrow as pa

from graphkit.resolve.graph import KnowledgeGraph
from graphkit.resolve.tables import GraphTables
from graphkit.store.schema import OWNED_METRICS, SCHEMA

__all__ = ["ARROW_TYPES", "node_batches", "node_rows", "rel_batches", "rel_rows"]

ARROW_TYPES = {
    "STRING": pa.string(),
    "INT64": pa.int64(),
    "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(),
    "DATE": pa.date32(),
    "STRING[]": pa.list_(pa.string()),
}
"""The Arrow type of each store property type."""

Row = dict[str, Any]


def node_rows(graph: KnowledgeGraph, label: str) -> Iterator[Row]:
    """Rows for one node label, properties in schema order.

    Examples
    --------
    >>> from graphkit.resolve.graph import Category
    >>> g = KnowledgeGraph(categories={"cs.LG": Category("cs.LG", "Machine Learning", "cs", "Computer Science")})
    >>> next(node_rows(g, "Category"))["group_name"]
    'Computer Science'
    """
    node_type = SCHEMA.node(label)
    names = [p.name for p in node_type.all_properties]
    sources: dict[str, dict[str, Any]] = {
        "Paper": graph.papers,
        "Author": graph.authors,
        "Institution": graph.institutions,
        "Category": graph.categories,
        "Keyword": graph.keywords,
    }
    # Snapshot labels hold what `analyze --as-of` writes into a store; an in-memory graph has none.
    source = sources.get(label, {})
    renames = {"group_name": "group"}
    metrics = {
        "Author": graph.author_metrics, "Paper": graph.paper_metrics, "Category": graph.category_metrics
    }.get(label, {})  # fmt: skip
    metric_names = set(OWNED_METRICS.get(label, ()))
    for key, node in source.items():
        measured = metrics.get(key, {})
        yield {
            name: measured.get(name) if name in metric_names else getattr(node, renames.get(name, name))
            for name in names
        }


def rel_rows(graph: KnowledgeGraph, type_: str) -> Iterator[Row]:
    """Rows for one relationship type: ``src``, ``dst`` and the schema's properties."""
    if type_ == "AUTHORED":
        for (author, paper), position in graph.authored.items():
            yield {"src": author, "dst": paper, "position": position}
    elif type_ == "CITES":
        for citing, cited in sorted(graph.cites):
            yield {"src": citing, "dst": cited}
    elif type_ == "IN_CATEGORY":
        for (paper, code), primary in graph.in_category.items():
            yield {"src": paper, "dst": code, "is_primary": primary}
    elif type_ == "AFFILIATED_WITH":
        for author, institution, year in sorted(graph.affiliated_with, key=lambda t: (t[0], t[1], t[2] or 0)):
            yield {"src": author, "dst": institution, "year": year}
    elif type_ == "FROM_INSTITUTION":
        for paper, institution in sorted(graph.from_institution):
            yield {"src": paper, "dst": institution}
    elif type_ == "COAUTHORED_WITH":
        for (a, b), pair in graph.coauthored_with.items():
            yield {
                "src": a,
                "dst": b,
                "papers": pair.papers,
                "first_year": pair.first_year,
                "last_year": pair.last_year,
            }
    elif type_ in {"COCITED_WITH", "COUPLED_WITH"}:
        pairs = graph.cocited_with if type_ == "COCITED_WITH" else graph.coupled_with
        for (a, b), weight in sorted(pairs.items()):
            yield {"src": a, "dst": b, "weight": weight}
    elif type_ == "HAS_KEYWORD":
        for paper, keyword, kind in sorted(graph.has_keyword):
            yield {"src": paper, "dst": keyword, "kind": kind}
    elif type_ in {"AUTHOR_SNAPSHOT", "PAPER_SNAPSHOT"}:
        return  # only `analyze --as-of` writes snapshots, into a store
    else:
        raise KeyError(f"no relationship type {type_!r} in the schema")


def node_batches(tables: GraphTables, label: str) -> Iterator[pa.RecordBatch]:
    """A node table of ``tables`` in the store's columns, batch by batch: the schema's order, metrics empty.

    Examples
    --------
    >>> from graphkit.resolve.graph import Paper
    >>> tables = GraphTables.from_graph(KnowledgeGraph(papers={"p": Paper("p", "T")}))
    >>> batch = next(node_batches(tables, "Paper"))
    >>> batch.column_names[:2], batch.column("graph_citations").null_count
    (['id', 'title'], 1)
    """
    properties = SCHEMA.node(label).all_properties
    names = [p.name for p in properties]
    if label not in tables.nodes:  # the labels only `analyze` writes (snapshots)
        return
    for batch in tables.batches(label):
        columns = [
            batch.column(p.name).cast(ARROW_TYPES[p.type])
            if p.name in batch.schema.names
            else pa.nulls(batch.num_rows, ARROW_TYPES[p.type])
            for p in properties
        ]
        yield pa.RecordBatch.from_arrays(columns, names=names)


def rel_batches(tables: GraphTables, type_: str) -> Iterator[pa.RecordBatch]:
    """A relationship table of ``tables`` as COPY takes it: ``from``, ``to``, then the schema's properties.

    The relationship types a build does not write (those ``analyze`` owns) yield nothing.
    """
    rel = SCHEMA.rel(type_)
    if type_ not in tables.rels:
        return
    names = ["from", "to", *(p.name for p in rel.properties)]
    types = [pa.string(), pa.string(), *(ARROW_TYPES[p.type] for p in rel.properties)]
    for batch in tables.batches(type_):
        columns = [batch.column("src"), batch.column("dst"), *(batch.column(p.name) for p in rel.properties)]
        yield pa.RecordBatch.from_arrays([c.cast(t) for c, t in zip(columns, types, strict=True)], names=names)
