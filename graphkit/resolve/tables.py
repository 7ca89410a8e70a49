"""The resolved graph as columnar tables: what a build writes, without a Python object per node or edge.

:class:`GraphTables` holds one Arrow table per node label and relationship type, with the columns
of :class:`~graphkit.resolve.graph.KnowledgeGraph`'s node classes (``group`` is ``group_name`` for
categories, as in the store) and ``src`` / ``dst`` endpoint keys on relationships. The bulk
assembly (:mod:`graphkit.resolve.bulk`) produces it; the store copies it in as it is; and
:meth:`GraphTables.to_graph` turns it into the in-memory :class:`KnowledgeGraph` that the Python API
and the analytics use.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from typing import Any, TypeAlias

import pyarrow as pa

from graphkit.resolve.base import MergeDecision
from graphkit.resolve.graph import Author, Category, Coauthorship, Institution, Keyword, KnowledgeGraph, Paper

__all__ = ["NODE_SCHEMAS", "REL_SCHEMAS", "GraphTables", "LazyTable"]

_S, _I, _F, _B, _D, _L = pa.string(), pa.int64(), pa.float64(), pa.bool_(), pa.date32(), pa.list_(pa.string())

# fmt: off
NODE_SCHEMAS: dict[str, pa.Schema] = {
    "Paper": pa.schema(
        [
            ("id", _S), ("title", _S), ("date", _D), ("year", _I), ("date_precision", _S), ("year_inferred", _B),
            ("abstract", _S), ("doi", _S), ("arxiv_id", _S), ("openalex_id", _S), ("s2_id", _S), ("dblp_key", _S),
            ("wos_id", _S), ("scopus_id", _S), ("pmid", _S), ("venue", _S), ("volume", _S), ("pages", _S),
            ("author_count", _I), ("authors_complete", _B), ("citation_count", _I), ("category", _S),
            ("score", _F), ("upvotes", _I), ("has_code", _B), ("sources", _L),
        ]
    ),
    "Author": pa.schema(
        [
            ("id", _S), ("name", _S), ("name_variants", _L), ("orcid", _S), ("openalex_id", _S), ("s2_id", _S),
            ("dblp_id", _S), ("scopus_id", _S), ("profile_h_index", _I), ("profile_citations", _I),
            ("profile_paper_count", _I), ("sources", _L),
        ]
    ),
    "Institution": pa.schema([("id", _S), ("name", _S), ("ror", _S), ("country", _S), ("aliases", _L)]),
    "Category": pa.schema([("code", _S), ("name", _S), ("archive", _S), ("group_name", _S)]),
    "Keyword": pa.schema([("id", _S), ("name", _S), ("aliases", _L)]),
}
# fmt: on
"""Columns of each node table (the key first)."""

REL_SCHEMAS: dict[str, pa.Schema] = {
    "AUTHORED": pa.schema([("src", _S), ("dst", _S), ("position", _I)]),
    "CITES": pa.schema([("src", _S), ("dst", _S)]),
    "IN_CATEGORY": pa.schema([("src", _S), ("dst", _S), ("is_primary", _B)]),
    "AFFILIATED_WITH": pa.schema([("src", _S), ("dst", _S), ("year", _I)]),
    "FROM_INSTITUTION": pa.schema([("src", _S), ("dst", _S)]),
    "COAUTHORED_WITH": pa.schema([("src", _S), ("dst", _S), ("papers", _I), ("first_year", _I), ("last_year", _I)]),
    "HAS_KEYWORD": pa.schema([("src", _S), ("dst", _S), ("kind", _S)]),
}
"""Columns of each relationship table a build writes (``src`` and ``dst`` are endpoint keys)."""

_NODE_CLASSES: dict[str, type] = {
    "Paper": Paper, "Author": Author, "Institution": Institution, "Category": Category, "Keyword": Keyword,
}  # fmt: skip


LazyTable: TypeAlias = pa.Table | Callable[[], Iterator[pa.RecordBatch]]
"""A table in memory, or a function that streams it (a build's tables are read from DuckDB as they are written)."""

BATCH_ROWS = 65_536


def _empty(schema: pa.Schema) -> pa.Table:
    return schema.empty_table()


@dataclass
class GraphTables:
    """A resolved graph as Arrow tables, with the decisions that shaped it.

    Examples
    --------
    >>> from graphkit.resolve.graph import KnowledgeGraph, Paper
    >>> tables = GraphTables.from_graph(KnowledgeGraph(papers={"p": Paper("p", "T")}))
    >>> tables.counts()["Paper"], tables.to_graph().papers["p"].title
    (1, 'T')
    """

    nodes: dict[str, LazyTable] = field(default_factory=lambda: {k: _empty(s) for k, s in NODE_SCHEMAS.items()})
    rels: dict[str, LazyTable] = field(default_factory=lambda: {k: _empty(s) for k, s in REL_SCHEMAS.items()})
    decisions: list[MergeDecision] = field(default_factory=list)
    #: Papers whose authors were too many to pair up into COAUTHORED_WITH edges.
    hyper_authored: int = 0
    #: References by how they found their work (see :class:`~graphkit.resolve.links.CorpusLinks`).
    references: dict[str, int] = field(default_factory=dict)
    #: Rows of each streamed table (those in memory know their own).
    sizes: dict[str, int] = field(default_factory=dict)
    #: An incremental delta only: stored nodes (keys per label) that its node rows replace, besides the papers
    #: and people it re-resolved (stub papers and institutions changed or gone since the last build).
    replaced: dict[str, list[str]] = field(default_factory=dict)
    #: An incremental delta only: relationship rows to delete (those of its relationship tables are created).
    removed: dict[str, pa.Table] = field(default_factory=dict)

    def _source(self, name: str) -> LazyTable:
        return self.nodes[name] if name in self.nodes else self.rels[name]

    def batches(self, name: str) -> Iterator[pa.RecordBatch]:
        """The rows of node label or relationship type ``name``, batch by batch."""
        source = self._source(name)
        if isinstance(source, pa.Table):
            yield from source.to_batches(max_chunksize=BATCH_ROWS)
        else:
            yield from source()

    def table(self, name: str) -> pa.Table:
        """The whole table of node label or relationship type ``name``, in memory."""
        source = self._source(name)
        if isinstance(source, pa.Table):
            return source
        schema = NODE_SCHEMAS[name] if name in NODE_SCHEMAS else REL_SCHEMAS[name]
        return pa.Table.from_batches(list(source()), schema=schema)

    def counts(self) -> dict[str, int]:
        """Rows per node label and relationship type."""
        return {
            name: source.num_rows if isinstance(source, pa.Table) else self.sizes[name]
            for name, source in [*self.nodes.items(), *self.rels.items()]
        }

    def materialized(self) -> GraphTables:
        """The same tables, all in memory (for use after their source is closed)."""
        return GraphTables(
            nodes={name: self.table(name) for name in self.nodes},
            rels={name: self.table(name) for name in self.rels},
            decisions=self.decisions,
            hyper_authored=self.hyper_authored,
            references=self.references,
        )

    @classmethod
    def from_graph(cls, graph: KnowledgeGraph) -> GraphTables:
        """The tables of an in-memory graph (its analysis results are not carried)."""
        nodes = {}
        sources: dict[str, dict[str, Any]] = {
            "Paper": graph.papers, "Author": graph.authors, "Institution": graph.institutions,
            "Category": graph.categories, "Keyword": graph.keywords,
        }  # fmt: skip
        for label, schema in NODE_SCHEMAS.items():
            attributes = ["group" if name == "group_name" else name for name in schema.names]
            attributes[0] = "code" if label == "Category" else "id"
            columns = {
                name: [getattr(node, attribute) for node in sources[label].values()]
                for name, attribute in zip(schema.names, attributes, strict=True)
            }
            nodes[label] = pa.table(columns, schema=schema)
        pairs = graph.coauthored_with
        rels: dict[str, list[tuple[Any, ...]]] = {
            "AUTHORED": [(a, p, position) for (a, p), position in graph.authored.items()],
            "CITES": sorted(graph.cites),
            "IN_CATEGORY": [(p, c, primary) for (p, c), primary in graph.in_category.items()],
            "AFFILIATED_WITH": sorted(graph.affiliated_with, key=lambda t: (t[0], t[1], t[2] or 0)),
            "FROM_INSTITUTION": sorted(graph.from_institution),
            "COAUTHORED_WITH": [(a, b, c.papers, c.first_year, c.last_year) for (a, b), c in pairs.items()],
            "HAS_KEYWORD": sorted(graph.has_keyword),
        }
        return cls(
            nodes=nodes,
            rels={name: _rows_table(rows, REL_SCHEMAS[name]) for name, rows in rels.items()},
            decisions=list(graph.decisions),
            hyper_authored=graph.hyper_authored,
        )

    def to_graph(self) -> KnowledgeGraph:
        """The in-memory graph of these tables."""
        graph = KnowledgeGraph(decisions=list(self.decisions), hyper_authored=self.hyper_authored)
        labelled = (("Paper", graph.papers), ("Author", graph.authors), ("Institution", graph.institutions),
                    ("Keyword", graph.keywords))  # fmt: skip
        for label, target in labelled:
            node_class = _NODE_CLASSES[label]
            names = [f.name for f in fields(node_class)]
            for row in self.table(label).to_pylist():
                target[row["id"]] = node_class(**{name: row[name] for name in names})
        for row in self.table("Category").to_pylist():
            graph.categories[row["code"]] = Category(row["code"], row["name"], row["archive"], row["group_name"])
        for row in self.table("AUTHORED").to_pylist():
            graph.authored[(row["src"], row["dst"])] = row["position"]
        graph.cites = {(r["src"], r["dst"]) for r in self.table("CITES").to_pylist()}
        graph.in_category = {(r["src"], r["dst"]): r["is_primary"] for r in self.table("IN_CATEGORY").to_pylist()}
        graph.affiliated_with = {(r["src"], r["dst"], r["year"]) for r in self.table("AFFILIATED_WITH").to_pylist()}
        graph.from_institution = {(r["src"], r["dst"]) for r in self.table("FROM_INSTITUTION").to_pylist()}
        graph.coauthored_with = {
            (r["src"], r["dst"]): Coauthorship(r["papers"], r["first_year"], r["last_year"])
            for r in self.table("COAUTHORED_WITH").to_pylist()
        }
        graph.has_keyword = {(r["src"], r["dst"], r["kind"]) for r in self.table("HAS_KEYWORD").to_pylist()}
        return graph


def _rows_table(rows: list[tuple[Any, ...]], schema: pa.Schema) -> pa.Table:
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in schema.names]
    return pa.table({name: list(column) for name, column in zip(schema.names, columns, strict=True)}, schema=schema)
