"""Analysis results as tables, and the statements that write them: metric columns and similarity edges only.

``graphkit analyze`` produces a :class:`MetricTables`: one Arrow table of authors and one of papers, each an
``id`` column and the metric columns that were computed, and the similarity edges it replaced. Writing it
touches nothing else: each named column is first cleared on every node (an author the analysis left out — one
who did not yet exist ``as_of`` a day — must not keep an old figure) and then set by key; each named
relationship type is deleted and created anew. Columns the analysis did not compute (``--metrics``) keep
their stored values. Each store runs the statements in transactions
(:meth:`~graphkit.store.base.GraphStore.write_metrics`: Neo4j in one; the embedded store the columns in one and
each relationship type in one of its own); the embedded store reads each table whole through
``LOAD FROM`` (4× faster than ``UNWIND`` batches on 50k authors) and copies relationships with ``COPY``; other
runners take ``UNWIND`` batches.
Labels and property names come from the schema's fixed lists; values travel as parameters.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.compute as pc

from graphkit.core.errors import StoreError
from graphkit.store.rows import ARROW_TYPES
from graphkit.store.schema import METRIC_RELS, OWNED_METRICS, SCHEMA

if TYPE_CHECKING:
    from graphkit.resolve.graph import KnowledgeGraph

__all__ = [
    "BATCH_ROWS",
    "COPY_ROWS",
    "IncompleteTableError",
    "MetricTables",
    "complete_labels",
    "metric_statements",
    "run_metric_statements",
]

BATCH_ROWS = 20_000
COPY_ROWS = 2_000_000
"""Relationship rows per COPY in the embedded store (what one statement holds)."""

Statement = tuple[str, dict[str, Any], str, int]
"""A statement, its parameters, what it writes (a label or type) and how many rows it writes."""

_LABELS = ("Author", "Paper", "Category")


def _empty(columns: tuple[str, ...], key: str = "id") -> pa.Table:
    return pa.table({key: pa.array([], pa.string()), **{name: pa.array([], pa.float64()) for name in columns}})


def _typed(table: pa.Table, types: dict[str, pa.DataType]) -> pa.Table:
    columns = [table.column(0), *(table.column(name).cast(types[name]) for name in table.column_names[1:])]
    return pa.table(columns, names=table.column_names)


def _edges_empty() -> pa.Table:
    columns = {"src": pa.array([], pa.string()), "dst": pa.array([], pa.string()), "weight": pa.array([], pa.int64())}
    return pa.table(columns)


@dataclass
class MetricTables:
    """What one analysis writes: per label a key column and metric columns, and whole relationship types.

    ``authors`` / ``papers`` (keyed by ``id``) and ``categories`` (keyed by ``code``) hold the columns to replace
    (any of :data:`~graphkit.store.schema.OWNED_METRICS` of their label) and ``relationships`` the types to
    replace (any of :data:`~graphkit.store.schema.METRIC_RELS`), each a table of ``src``, ``dst`` and ``weight``.

    Examples
    --------
    >>> tables = MetricTables(authors=pa.table({"id": ["a"], "pagerank": [0.5]}))
    >>> tables.columns("Author"), tables.columns("Paper")
    (('pagerank',), ())
    >>> MetricTables.cleared().columns("Category")
    ('burst_start', 'burst_end', 'burst_strength')
    """

    authors: pa.Table = field(default_factory=lambda: _empty(()))
    papers: pa.Table = field(default_factory=lambda: _empty(()))
    relationships: dict[str, pa.Table] = field(default_factory=dict)
    categories: pa.Table = field(default_factory=lambda: _empty((), "code"))

    def __post_init__(self) -> None:
        for label in _LABELS:
            names, key = self.table(label).column_names, SCHEMA.node(label).key
            if not names or names[0] != key:
                raise ValueError(f"the {label} metric table's first column must be {key!r}, not {names[:1]}")
            unknown = [name for name in names[1:] if name not in OWNED_METRICS[label]]
            if unknown:
                raise ValueError(f"{', '.join(unknown)}: not {label} metrics ({', '.join(OWNED_METRICS[label])})")
        # Each column in its schema type: a column of nulls only would otherwise reach the store untyped.
        types = {label: {p.name: ARROW_TYPES[p.type] for p in SCHEMA.node(label).properties} for label in _LABELS}
        self.authors, self.papers, self.categories = (_typed(self.table(label), types[label]) for label in _LABELS)
        unknown = [name for name in self.relationships if name not in METRIC_RELS]
        if unknown:
            raise ValueError(f"{', '.join(unknown)}: not analysis relationships ({', '.join(METRIC_RELS)})")

    def table(self, label: str) -> pa.Table:
        """The table of ``label`` (``Author``, ``Paper`` or ``Category``)."""
        return {"Author": self.authors, "Paper": self.papers, "Category": self.categories}[label]

    def columns(self, label: str) -> tuple[str, ...]:
        """The metric columns this analysis replaces on ``label``."""
        return tuple(self.table(label).column_names[1:])

    @classmethod
    def cleared(cls) -> MetricTables:
        """Tables that clear every analysis result (what a build leaves: ``analyze`` again)."""
        return cls(
            authors=_empty(OWNED_METRICS["Author"]),
            papers=_empty(OWNED_METRICS["Paper"]),
            relationships={name: _edges_empty() for name in METRIC_RELS},
            categories=_empty(OWNED_METRICS["Category"], "code"),
        )

    @classmethod
    def from_graph(cls, graph: KnowledgeGraph) -> MetricTables:
        """The results :func:`graphkit.analysis.metrics.analyze` left in ``graph``'s metric dictionaries."""
        tables = {}
        owned = (("Author", graph.author_metrics), ("Paper", graph.paper_metrics), ("Category", graph.category_metrics))
        for label, metrics in owned:
            key = SCHEMA.node(label).key
            names = tuple(name for name in OWNED_METRICS[label] if any(name in values for values in metrics.values()))
            columns: dict[str, list[Any]] = {key: list(metrics), **{name: [] for name in names}}
            for values in metrics.values():
                for name in names:
                    columns[name].append(values.get(name))
            tables[label] = pa.table(columns) if metrics else _empty(names, key)
        relationships = {}
        for name, pairs in zip(METRIC_RELS, (graph.cocited_with, graph.coupled_with), strict=True):
            ordered = sorted(pairs.items())
            relationships[name] = pa.table(
                {
                    "src": pa.array([a for (a, _), _ in ordered], pa.string()),
                    "dst": pa.array([b for (_, b), _ in ordered], pa.string()),
                    "weight": pa.array([w for _, w in ordered], pa.int64()),
                }
            )
        return cls(
            authors=tables["Author"], papers=tables["Paper"], relationships=relationships, categories=tables["Category"]
        )


class IncompleteTableError(StoreError):
    """A metric table said to cover every node of its label did not (see :func:`run_metric_statements`)."""


def complete_labels(tables: MetricTables, node_counts: dict[str, int]) -> frozenset[str]:
    """The labels whose metric table has one row per node, by count and distinct keys (``node_counts`` per label).

    Examples
    --------
    >>> complete_labels(MetricTables(authors=pa.table({"id": ["a", "b"], "h_index": [1, 2]})), {"Author": 2})
    frozenset({'Author'})
    """
    found = set()
    for label in _LABELS:
        table = tables.table(label)
        if not tables.columns(label) or table.num_rows != node_counts.get(label, -1):
            continue
        if pc.count_distinct(table.column(0)).as_py() == table.num_rows:
            found.add(label)
    return frozenset(found)


def _set_clause(names: tuple[str, ...], prefix: str) -> str:
    return ", ".join(f"n.{name} = {prefix}{name}" for name in names)


def metric_statements(
    tables: MetricTables, *, bulk: bool = False, complete: frozenset[str] = frozenset()
) -> Iterator[Statement]:
    """The statements that replace a store's analysis results with ``tables``, in order.

    ``bulk``: one ``LOAD FROM $rows`` statement per node table and ``COPY`` for relationships, their rows Arrow
    tables (LadybugDB); otherwise
    ``UNWIND $rows`` over batches of :data:`BATCH_ROWS` dictionaries (Neo4j and any runner). ``complete`` names the
    labels whose table has a row for every node (with ``bulk``): their columns are not cleared first — every node
    is set — and their ``LOAD FROM`` returns the rows it matched (``matched``), for the caller to check.

    Examples
    --------
    >>> tables = MetricTables(authors=pa.table({"id": ["a"], "h_index": [1]}))
    >>> [(target, rows) for _, _, target, rows in metric_statements(tables)]
    [('Author', 0), ('Author', 1)]
    >>> next(metric_statements(tables))[0]
    'MATCH (n:Author) SET n.h_index = null'
    """
    for label in _LABELS:
        names = tables.columns(label)
        if not names:
            continue
        table, key = tables.table(label), SCHEMA.node(label).key
        whole = bulk and label in complete
        if not whole:
            yield f"MATCH (n:{label}) SET " + ", ".join(f"n.{name} = null" for name in names), {}, label, 0
        if bulk:
            if table.num_rows:
                statement = f"LOAD FROM $rows MATCH (n:{label} {{{key}: {key}}}) SET " + _set_clause(names, "")
                if whole:
                    statement += " RETURN count(*) AS matched"
                yield statement, {"rows": table}, label, table.num_rows
            continue
        statement = f"UNWIND $rows AS row MATCH (n:{label} {{{key}: row.{key}}}) SET " + _set_clause(names, "row.")
        for batch in table.to_batches(BATCH_ROWS):
            yield statement, {"rows": batch.to_pylist()}, label, batch.num_rows
    for rel_type, edges in tables.relationships.items():
        if bulk:
            # Dropping the table and creating it anew (inside the transaction: a rollback restores it) takes
            # milliseconds where deleting a million edges took 20 s (LadybugDB 0.22, 100k-paper store); COPY from
            # Arrow is 3x faster than LOAD FROM ... CREATE, and LOAD FROM with both ends in one MATCH plans a join
            # that fills the page cache on 10,000 rows.
            yield f"DROP TABLE {rel_type}", {}, rel_type, 0
            yield SCHEMA.rel(rel_type).ladybug_ddl(), {}, rel_type, 0
            keyed = edges.rename_columns(["from", "to", "weight"])
            for start in range(0, edges.num_rows, COPY_ROWS):
                chunk = keyed.slice(start, COPY_ROWS)
                yield f"COPY {rel_type} FROM $rows", {"rows": chunk}, rel_type, chunk.num_rows
            continue
        yield f"MATCH (:Paper)-[r:{rel_type}]->(:Paper) DELETE r", {}, rel_type, 0
        statement = (
            "UNWIND $rows AS row MATCH (a:Paper {id: row.src}), (b:Paper {id: row.dst}) "
            f"CREATE (a)-[:{rel_type} {{weight: row.weight}}]->(b)"
        )
        for batch in edges.to_batches(BATCH_ROWS):
            yield statement, {"rows": batch.to_pylist()}, rel_type, batch.num_rows


def run_metric_statements(
    run: Callable[[str, dict[str, Any]], object],
    tables: MetricTables,
    progress: Callable[[str, int], None] | None = None,
    *,
    bulk: bool = False,
    complete: frozenset[str] = frozenset(),
) -> dict[str, int]:
    """Run :func:`metric_statements` through ``run(statement, parameters)``; return the rows written per target.

    The caller opens and closes the transaction (each store does that its own way).

    Raises
    ------
    IncompleteTableError
        If a table of a ``complete`` label matched fewer nodes than it has rows (some of its ids are not in the
        store, so some nodes were not set): run again without ``complete``.
    """
    written: dict[str, int] = {}
    for statement, parameters, target, rows in metric_statements(tables, bulk=bulk, complete=complete):
        answer = run(statement, parameters)
        if statement.endswith("AS matched") and isinstance(answer, list) and answer[0]["matched"] != rows:
            raise IncompleteTableError(f"{target}: {answer[0]['matched']:,} of {rows:,} metric rows matched a node")
        written[target] = written.get(target, 0) + rows
        if progress is not None and rows:
            progress(f"{target} metrics", rows)
    return written
