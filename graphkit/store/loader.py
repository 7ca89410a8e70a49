"""Idempotent loading by ``UNWIND $rows`` batches of ``MERGE`` statements, for Neo4j and the embedded store.

The statements are generated from :data:`graphkit.store.schema.SCHEMA` by the same code for both
stores, and both run them: Neo4j for every load, LadybugDB in the tests (its own builds use the far
faster bulk ``COPY`` path). Labels and property names come only from the schema; every value travels
in the ``$rows`` parameter.

Nodes merge on their key and have every schema property set; relationships merge on their
endpoints' keys (and, for ``AFFILIATED_WITH``, the year, since one person may hold the same
affiliation in several years). Loading twice leaves the same graph; a load interrupted half-way
completes correctly when run again, as every batch is a complete, repeatable transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from graphkit.core.errors import StoreError
from graphkit.resolve.graph import KnowledgeGraph
from graphkit.resolve.tables import GraphTables
from graphkit.store.base import Runner
from graphkit.store.rows import node_batches, node_rows, rel_batches, rel_rows
from graphkit.store.schema import SCHEMA, NodeType, RelType

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "LoadSummary",
    "copy_graph",
    "graph_counts",
    "load_graph",
    "load_rows",
    "load_tables",
    "neo4j_schema_statements",
    "node_statement",
    "null_columns",
    "rel_statement",
    "stored_rows",
]

DEFAULT_BATCH_SIZE = 10_000

Row = dict[str, Any]

# Relationship properties that identify one relationship among several between the same two nodes.
_REL_IDENTITY = {"AFFILIATED_WITH": ("year",), "HAS_KEYWORD": ("kind",)}
# Lookup indexes beyond the keys (which the uniqueness constraints index): what queries filter on.
_LOOKUP_INDEXES = {
    "Paper": ("doi", "arxiv_id", "openalex_id", "year"),
    "Author": ("name", "orcid", "openalex_id", "pagerank", "community"),
    "Institution": ("ror", "name"),
    "Keyword": ("name",),
}
_FULLTEXT_INDEXES = {"author_names": ("Author", "name"), "paper_titles": ("Paper", "title")}


def neo4j_schema_statements() -> list[str]:
    """Neo4j uniqueness constraints, lookup indexes and full-text indexes, all ``IF NOT EXISTS``.

    Examples
    --------
    >>> neo4j_schema_statements()[0]
    'CREATE CONSTRAINT paper_id_unique IF NOT EXISTS FOR (n:Paper) REQUIRE n.id IS UNIQUE'
    """
    statements = [
        f"CREATE CONSTRAINT {node.label.lower()}_{node.key}_unique IF NOT EXISTS "
        f"FOR (n:{node.label}) REQUIRE n.{node.key} IS UNIQUE"
        for node in SCHEMA.nodes
    ]
    for label, properties in _LOOKUP_INDEXES.items():
        known = {p.name for p in SCHEMA.node(label).properties}
        for name in properties:
            assert name in known, f"index on unknown property {label}.{name}"
            statements.append(f"CREATE INDEX {label.lower()}_{name} IF NOT EXISTS FOR (n:{label}) ON (n.{name})")
    for index, (label, name) in _FULLTEXT_INDEXES.items():
        statements.append(f"CREATE FULLTEXT INDEX {index} IF NOT EXISTS FOR (n:{label}) ON EACH [n.{name}]")
    return statements


def _value(target: str, name: str, nulls: frozenset[str]) -> str:
    # A property null in every row of a batch is written as the null literal: LadybugDB cannot infer the
    # type of a parameter field that is null throughout, and both dialects read `= null` as "no value".
    return f"{target}.{name} = null" if name in nulls else f"{target}.{name} = row.{name}"


def node_statement(node: NodeType, nulls: frozenset[str] = frozenset(), verb: str = "MERGE") -> str:
    """``UNWIND $rows AS row MERGE`` on the key, then set every other property from the row.

    ``nulls`` names the properties that are null in every row of the batch (set as the null literal).
    ``verb`` ``MATCH`` updates nodes known to exist, ``CREATE`` adds nodes known to be new (both several times
    faster than ``MERGE`` in LadybugDB).

    Examples
    --------
    >>> print(node_statement(SCHEMA.node("Institution"), frozenset({"ror"})))
    UNWIND $rows AS row
    MERGE (n:Institution {id: row.id})
    SET n.name = row.name, n.ror = null, n.country = row.country, n.aliases = row.aliases
    """
    if verb not in ("MERGE", "MATCH", "CREATE"):
        raise ValueError(f"a node statement merges, matches or creates, not {verb!r}")
    assignments = ", ".join(_value("n", p.name, nulls) for p in node.properties)
    return f"UNWIND $rows AS row\n{verb} (n:{node.label} {{{node.key}: row.{node.key}}})\nSET {assignments}"


def rel_statement(rel: RelType, nulls: frozenset[str] = frozenset()) -> str:
    """``UNWIND $rows AS row``, match both endpoints by key, ``MERGE`` the relationship, set its properties.

    Examples
    --------
    >>> print(rel_statement(SCHEMA.rel("AUTHORED")))
    UNWIND $rows AS row
    MATCH (s:Author {id: row.src})
    MATCH (d:Paper {id: row.dst})
    MERGE (s)-[r:AUTHORED]->(d)
    SET r.position = row.position
    """
    source, target = SCHEMA.node(rel.source), SCHEMA.node(rel.target)
    identity = _REL_IDENTITY.get(rel.type, ())
    pattern = ", ".join(f"{name}: row.{name}" for name in identity)
    merged = f"[r:{rel.type} {{{pattern}}}]" if pattern else f"[r:{rel.type}]"
    rest = [p.name for p in rel.properties if p.name not in identity]
    lines = [
        "UNWIND $rows AS row",
        f"MATCH (s:{source.label} {{{source.key}: row.src}})",
        f"MATCH (d:{target.label} {{{target.key}: row.dst}})",
        f"MERGE (s)-{merged}->(d)",
    ]
    if rest:
        lines.append("SET " + ", ".join(_value("r", name, nulls) for name in rest))
    return "\n".join(lines)


def null_columns(batch: list[Row], names: Iterable[str]) -> frozenset[str]:
    """The ``names`` that are null in every row of ``batch`` (a statement sets them as the null literal).

    Examples
    --------
    >>> sorted(null_columns([{"a": 1, "b": None}, {"a": None, "b": None}], ["a", "b"]))
    ['b']
    """
    return frozenset(name for name in names if all(row.get(name) is None for row in batch))


@dataclass
class LoadSummary:
    """What a load wrote: rows sent per label and relationship type, and the batches."""

    rows: dict[str, int] = field(default_factory=dict)
    batches: int = 0
    skipped: dict[str, int] = field(default_factory=dict)

    def line(self) -> str:
        """One line for the command line."""
        written = ", ".join(f"{count:,} {name}" for name, count in self.rows.items() if count)
        skipped = ", ".join(f"{count:,} {name}" for name, count in self.skipped.items() if count)
        return f"{written} in {self.batches:,} batch(es)" + (f"; left out (no key): {skipped}" if skipped else "")


def _batches(rows: Iterable[Row], size: int) -> Iterator[list[Row]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def _rel_row_ok(row: Row, rel: RelType) -> bool:
    # Neo4j refuses to MERGE on a null property; such a row cannot be identified, so it is counted, not sent.
    return all(row.get(name) is not None for name in _REL_IDENTITY.get(rel.type, ()))


def load_rows(
    runner: Runner,
    nodes: Callable[[NodeType], Iterable[Row]],
    rels: Callable[[RelType], Iterable[Row]],
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    schema_statements: Iterable[str] = (),
    progress: Callable[[str, int], None] | None = None,
) -> LoadSummary:
    """Send every node then every relationship row in ``UNWIND`` batches of ``batch_size``.

    Schema statements (constraints, indexes) run first, so that every ``MERGE`` is an index look-up.
    """
    if batch_size < 1:
        raise StoreError(f"batch size must be at least 1, got {batch_size}")
    summary = LoadSummary()
    for statement in schema_statements:
        runner.execute(statement)
    for node in SCHEMA.nodes:
        sent = 0
        for batch in _batches(nodes(node), batch_size):
            runner.execute(
                node_statement(node, null_columns(batch, (p.name for p in node.properties))), {"rows": batch}
            )
            sent += len(batch)
            summary.batches += 1
            if progress:
                progress(node.label, len(batch))
        summary.rows[node.label] = sent
    for rel in SCHEMA.rels:
        sent, left_out = 0, 0
        for batch in _batches(rels(rel), batch_size):
            usable = [row for row in batch if _rel_row_ok(row, rel)]
            left_out += len(batch) - len(usable)
            if usable:
                statement = rel_statement(rel, null_columns(usable, (p.name for p in rel.properties)))
                runner.execute(statement, {"rows": usable})
                summary.batches += 1
            sent += len(usable)
            if progress:
                progress(rel.type, len(batch))
        summary.rows[rel.type] = sent
        if left_out:
            summary.skipped[rel.type] = left_out
    return summary


def load_graph(
    runner: Runner,
    graph: KnowledgeGraph,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    schema_statements: Iterable[str] = (),
    progress: Callable[[str, int], None] | None = None,
) -> LoadSummary:
    """Load an in-memory knowledge graph (with any metrics it holds) by ``UNWIND`` batches.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from graphkit.store.build import build_graph
    >>> from graphkit.store.embedded import EmbeddedStore
    >>> with EmbeddedStore(pathlib.Path(tempfile.mkdtemp()) / "g.lbdb") as store:
    ...     load_graph(store, build_graph(["examples/"])).rows["AUTHORED"]
    222
    """
    return load_rows(
        runner,
        lambda node: node_rows(graph, node.label),
        lambda rel: rel_rows(graph, rel.type),
        batch_size=batch_size,
        schema_statements=schema_statements,
        progress=progress,
    )


def load_tables(
    runner: Runner,
    tables: GraphTables,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    schema_statements: Iterable[str] = (),
    progress: Callable[[str, int], None] | None = None,
) -> LoadSummary:
    """Load resolved tables (what a build produces) by ``UNWIND`` batches, merging into what ``runner`` holds."""
    return load_rows(
        runner,
        lambda node: (row for batch in node_batches(tables, node.label) for row in batch.to_pylist()),
        lambda rel: (
            {"src": row.pop("from"), "dst": row.pop("to"), **row}
            for batch in rel_batches(tables, rel.type)
            for row in batch.to_pylist()
        ),
        batch_size=batch_size,
        schema_statements=schema_statements,
        progress=progress,
    )


def graph_counts(runner: Runner) -> dict[str, int]:
    """Node and relationship counts of a store, by label and type."""
    counts = {}
    for node in SCHEMA.nodes:
        counts[node.label] = runner.execute(f"MATCH (n:{node.label}) RETURN count(n) AS n")[0]["n"]
    for rel in SCHEMA.rels:
        counts[rel.type] = runner.execute(f"MATCH ()-[r:{rel.type}]->() RETURN count(r) AS n")[0]["n"]
    return counts


def copy_graph(
    source: Runner,
    target: Runner,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    schema_statements: Iterable[str] = (),
    progress: Callable[[str, int], None] | None = None,
) -> LoadSummary:
    """Load the whole graph of one store (every property, metrics included) into another, idempotently.

    ``graphkit load --neo4j`` is this call from the embedded store to Neo4j, with Neo4j's constraints and
    indexes as ``schema_statements``; loading twice leaves the same graph.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from graphkit.store.build import build
    >>> from graphkit.store.embedded import EmbeddedStore
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = build(["examples/003_6ccdfc8f9d884491.txt"], folder / "a.lbdb")
    >>> with EmbeddedStore(folder / "a.lbdb", read_only=True) as a, EmbeddedStore(folder / "b.lbdb") as b:
    ...     copy_graph(a, b).rows["Paper"], b.counts()["Paper"]
    (50, 50)
    """
    nodes, rels = stored_rows(source)
    return load_rows(target, nodes, rels, batch_size=batch_size, schema_statements=schema_statements, progress=progress)


def stored_rows(runner: Runner) -> tuple[Callable[[NodeType], list[Row]], Callable[[RelType], list[Row]]]:
    """Row sources reading a store's tables (every schema property, metrics included), for store-to-store loads."""

    def nodes(node: NodeType) -> list[Row]:
        columns = ", ".join(f"n.{p.name} AS {p.name}" for p in node.all_properties)
        return runner.execute(f"MATCH (n:{node.label}) RETURN {columns} ORDER BY n.{node.key}")

    def rels(rel: RelType) -> list[Row]:
        source, target = SCHEMA.node(rel.source), SCHEMA.node(rel.target)
        columns = "".join(f", r.{p.name} AS {p.name}" for p in rel.properties)
        return runner.execute(
            f"MATCH (s:{rel.source})-[r:{rel.type}]->(d:{rel.target}) "
            f"RETURN s.{source.key} AS src, d.{target.key} AS dst{columns} ORDER BY src, dst"
        )

    return nodes, rels
